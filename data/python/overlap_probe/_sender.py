# SPDX-License-Identifier: GPL-3.0-or-later
"""The probe's connection to Overlap, which never blocks the program.

Events go into a bounded buffer; a thread of the probe's own turns them
into JSON lines and writes them out, in batches, to a non-blocking socket.
What a slow or deaf listener cannot take is dropped and counted. With no
Overlap listening, the thread tries again every second and the program runs
untouched; when one appears, the probe attaches.
"""

import _thread
import collections
import json
import os
import select
import socket
import threading
import time

APP_ID = "io.github.overlap.Overlap"

RETRY_INTERVAL = 1.0      # s between attempts to find a listener
FLUSH_INTERVAL = 0.02     # s between batches (Overlap applies its queue every 16 ms)
BUFFER_LIMIT = 200_000    # events waiting to be written; past it they are dropped
EXIT_PATIENCE = 0.5       # s without progress after which the exit flush gives up

encode_string = json.encoder.encode_basestring


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

    Producers call push() with a JSON line (str), a tuple (format, id, t0,
    t1) of two events at t0 and t1 in ns, (format, id, t) of one, or
    (function, args…) for the thread to call and write what it returns; on_attach(sender) and on_detach() are called from the
    thread as a listener comes and goes."""

    def __init__(self, process_name, on_attach, on_detach):
        self.pid = os.getpid()
        self.dropped = 0
        self.queue = collections.deque()
        self._process_name = process_name
        self._on_attach = on_attach
        self._on_detach = on_detach
        self._sock = None
        self._pending = b""
        self._wake = threading.Event()
        self._stopping = False
        self._running = False
        self._progress = 0.0

    @property
    def attached(self):
        return self._sock is not None

    def push(self, item):
        queue = self.queue
        if len(queue) < BUFFER_LIMIT:
            queue.append(item)
        else:
            self.dropped += 2 if item.__class__ is tuple and item[0].__class__ is str else 1

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
        self.queue.clear()
        self._pending = b""
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
            self._progress = time.monotonic()
            self._wake.set()
            while self._running and time.monotonic() - self._progress < EXIT_PATIENCE:
                time.sleep(0.005)
        sock, self._sock = self._sock, None
        if sock is not None:
            if self._pending or self.queue:
                self.dropped += len(self.queue) + self._pending.count(b"\n")
                self.queue.clear()
            try:
                sock.close()
            except OSError:
                pass
        return self.dropped

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
                    self._flush()
            if self._sock is not None:
                self._flush()
        except Exception:  # noqa: BLE001 — the probe must never take the program down
            pass
        finally:
            self._running = False

    def _attach(self, sock):
        self._sock = sock
        self._pending = b""
        self.queue.clear()
        self.queue.append(json.dumps({"ph": "M", "name": "process_name", "pid": self.pid,
                                      "tid": 0, "args": {"name": self._process_name}},
                                     separators=(",", ":")) + "\n")
        self._on_attach(self)

    def _detach(self):
        sock, self._sock = self._sock, None
        self._on_detach()
        self.queue.clear()
        self._pending = b""
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    def _flush(self):
        """Encodes what is buffered and writes it, waiting (in this thread
        only) for the listener to take it."""
        queue = self.queue
        while self._sock is not None and (queue or self._pending):
            if not self._pending:
                self._pending = self._encode(queue)
            if not self._write():
                return

    def _encode(self, queue, batch=20000):
        out = []
        add = out.append
        popleft = queue.popleft
        for _ in range(min(len(queue), batch)):
            item = popleft()
            if item.__class__ is str:
                add(item)
            else:
                head = item[0]
                if head.__class__ is not str:
                    add(head(*item[1:]))
                elif len(item) == 4:
                    add(head % (item[1], item[2] // 1000, item[1], item[3] // 1000))
                else:
                    add(head % (item[1], item[2] // 1000))
        return "".join(out).encode()

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
                    select.select([], [sock], [], 0.1)
                    if self._stopping and time.monotonic() - self._progress > EXIT_PATIENCE:
                        self._pending = view.tobytes()
                        return False
                    continue
                view = view[n:]
                self._progress = time.monotonic()
        except OSError:
            self._detach()
            return False
        self._pending = b""
        return True
