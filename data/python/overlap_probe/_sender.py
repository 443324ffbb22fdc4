# SPDX-License-Identifier: GPL-3.0-or-later
"""The probe's connection to Overlap, which never blocks the program.

Events go into a bounded buffer (see _wire); a thread of the probe's own
turns them into JSON lines and writes them out, in batches, to a
non-blocking socket.
What a slow or deaf listener cannot take is dropped and counted. With no
Overlap listening, the thread tries again every second and the program runs
untouched; when one appears, the probe attaches.
"""

import _thread
import os
import select
import socket
import threading
import time

from . import _wire

APP_ID = "io.github.overlap.Overlap"

RETRY_INTERVAL = 1.0      # s between attempts to find a listener
FLUSH_INTERVAL = 0.02     # s between batches (Overlap applies its queue every 16 ms)
BUFFER_LIMIT = 4 * 200_000   # integers of the events waiting to be written; past it, dropped
EXIT_PATIENCE = 0.5       # s the listener may leave the socket full before the exit flush gives up


def candidates():
    """Where Overlap may listen, in order."""
    feed = os.environ.get("OVERLAP_FEED")
    if feed:
        return [feed]
    runtime = os.environ.get("XDG_RUNTIME_DIR") or os.path.join(
        os.path.expanduser("~"), ".cache")
    return [os.path.join(runtime, "overlap", "feed.sock"),
            os.path.join(runtime, "app", APP_ID, "overlap-feed.sock")]


def connect():
    """Returns a connected socket, or None, and what was tried."""
    tried = []
    for where in candidates():
        tried.append(where)
        sock = None
        try:
            if where.startswith("tcp:"):
                _, host, port, token = where.split(":", 3)
                sock = socket.create_connection((host, int(port)), timeout=5)
                sock.sendall(token.encode() + b"\n")
            else:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.settimeout(5)
                sock.connect(where)
            sock.setblocking(False)
            return sock, tried
        except (OSError, ValueError):
            if sock is not None:
                sock.close()
    return None, tried


class Sender:
    """The buffer and the thread that empties it.

    The program's threads call push(kind, id, t0, t1), or extend events
    with those four, after putting the event's text, if it has any, in texts
    (see _wire); the thread keeps the buffer bounded. on_attach(sender) and
    on_detach() are called as a listener comes and goes."""

    def __init__(self, process_name, on_attach, on_detach):
        self.pid = os.getpid()
        self.dropped = 0
        self.events = []    # kind, id, t0, t1, kind, …: integers, which the garbage collector leaves be
        self.texts = {}
        self._process_name = process_name
        self._on_attach = on_attach
        self._on_detach = on_detach
        self._sock = None
        self._pending = b""
        self._wake = threading.Event()
        self._stopping = False
        self._running = False
        self._blocked_since = None   # monotonic s since the socket is full, None while it takes more

    @property
    def attached(self):
        return self._sock is not None

    def push(self, kind, event_id, t0, t1=0):
        self.events.extend((kind, event_id, t0, t1))

    def _trim(self):
        """Past the limit, the latest phase changes are dropped (and
        counted): tasks still begin and end, and stalls stay, up to twice
        the limit; past that, everything new is dropped."""
        events = self.events
        n = len(events)
        if n <= BUFFER_LIMIT:
            return
        extra = events[BUFFER_LIMIT:n]
        kept = []
        it = iter(extra)
        room = BUFFER_LIMIT   # for beginnings and ends, past the limit
        for kind, event_id, t0, t1 in zip(it, it, it, it):
            if kind in _wire.PHASES or len(kept) >= room:
                if kind == _wire.BEGIN:
                    self.texts.pop(event_id, None)
                elif kind == _wire.END:
                    self.texts.pop(-event_id, None)
                elif kind == _wire.STALL or kind == _wire.WORK:
                    self.texts.pop((kind, event_id), None)
            else:
                kept += (kind, event_id, t0, t1)
        events[BUFFER_LIMIT:n] = kept   # what came since stays, after them
        self.dropped += (len(extra) - len(kept)) // 4

    def _clear(self):
        del self.events[:]
        self.texts.clear()
        self._pending = b""

    def start(self, sock):
        """Starts the thread; @sock is a first connection, or None."""
        if sock is not None:
            self._attach(sock)
        self._running = True
        # _thread, not threading: the program's own view of its threads
        # (threading.enumerate(), active_count(), settrace) is unchanged.
        _thread.start_new_thread(self._main, ())

    def after_fork_in_child(self):
        """A forked child does not share the parent's connection."""
        self._clear()
        self._running = False
        self._stopping = True
        if self._sock is not None:
            try:
                self._sock.close()
            except OSError:
                pass
            self._sock = None
            self._on_detach()

    def stop(self):
        """At exit: writes out what is buffered while the listener reads
        it, then closes. Returns the number of events dropped."""
        self._on_detach()
        if self._running:
            self._stopping = True
            self._wake.set()
            while self._running and not self._listener_deaf():
                time.sleep(0.005)
        sock, self._sock = self._sock, None
        if sock is not None:
            if self._pending or self.events:
                self.dropped += len(self.events) // 4 + self._pending.count(b"\n")
                self._clear()
            try:
                sock.close()
            except OSError:
                pass
        return self.dropped

    def _listener_deaf(self):
        """The socket has been full too long: the listener does not read.
        (A slow probe, a busy machine or valgrind is not a deaf listener.)"""
        since = self._blocked_since
        return since is not None and time.monotonic() - since > EXIT_PATIENCE

    # The thread

    def _main(self):
        try:
            while not self._stopping:
                if self._sock is None:
                    self._wake.wait(RETRY_INTERVAL)
                    if not self._stopping:
                        sock, _ = connect()
                        if sock is not None:
                            self._attach(sock)
                else:
                    self._wake.wait(FLUSH_INTERVAL)
                    self._trim()
                    self._flush()
            if self._sock is not None:
                self._flush()
        except Exception:  # noqa: BLE001 — the probe must never take the program down
            pass
        finally:
            self._running = False

    def _attach(self, sock):
        self._sock = sock
        self._clear()
        self._pending = _wire.process_name(self.pid, self._process_name).encode()
        self._on_attach(self)

    def _detach(self):
        sock, self._sock = self._sock, None
        self._on_detach()
        self._clear()
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    def _flush(self):
        """Encodes what is buffered and writes it, waiting (in this thread
        only) for the listener to take it."""
        events = self.events
        while self._sock is not None and (events or self._pending):
            if not self._pending:
                n = min(len(events), 4 * 20000)
                batch = events[:n]
                del events[:n]   # what was added meanwhile stays
                try:
                    self._pending = _wire.encode(batch, self.texts, self.pid)
                except Exception:  # noqa: BLE001 — a batch lost, not the connection
                    self.dropped += len(batch) // 4
            if not self._write():
                return

    def _write(self):
        """Writes self._pending out; FALSE when the connection is gone or
        the listener stopped reading while the program exits."""
        sock = self._sock
        view = memoryview(self._pending)
        try:
            while view:
                try:
                    n = sock.send(view, socket.MSG_NOSIGNAL)
                except BlockingIOError:
                    if self._blocked_since is None:
                        self._blocked_since = time.monotonic()
                    select.select([], [sock], [], 0.1)
                    self._trim()
                    if self._stopping and self._listener_deaf():
                        self._pending = view.tobytes()
                        return False
                    continue
                view = view[n:]
                self._blocked_since = None
        except OSError:
            self._detach()
            return False
        self._pending = b""
        return True
