# SPDX-License-Identifier: GPL-3.0-or-later
"""Send a Python program's asyncio tasks to Overlap, live.

    python3 -m overlap_probe [--time-scale X] script.py [args...]

runs script.py unchanged under asyncio instrumentation: every task becomes a
bar in Overlap's window (turn on "Listen for programs", or run
`overlap --listen`), with its queued, running and waiting phases and how it
ended. Standard library only.

The wire format is Chrome Trace Event JSON, one event per line, on a Unix
socket (or a loopback TCP port with a token). Where to connect:
  $OVERLAP_FEED                      a socket path, or tcp:HOST:PORT:TOKEN
  $XDG_RUNTIME_DIR/overlap/feed.sock Overlap installed on the system
  $XDG_RUNTIME_DIR/app/io.github.overlap.Overlap/overlap-feed.sock
                                     Overlap running as a Flatpak
If no Overlap is listening, the program runs anyway (one warning on stderr).
"""

import asyncio
import collections.abc
import dis
import inspect
import itertools
import json
import os
import socket
import sys
import threading
import time

__all__ = ["Probe", "install", "connect"]

APP_ID = "io.github.overlap.Overlap"


def _candidates():
    feed = os.environ.get("OVERLAP_FEED")
    if feed:
        return [feed]
    runtime = os.environ.get("XDG_RUNTIME_DIR") or os.path.join(
        os.path.expanduser("~"), ".cache")
    return [os.path.join(runtime, "overlap", "feed.sock"),
            os.path.join(runtime, "app", APP_ID, "overlap-feed.sock")]


def connect():
    """Returns a connected socket, or (None, what was tried)."""
    tried = []
    for where in _candidates():
        tried.append(where)
        try:
            if where.startswith("tcp:"):
                _, host, port, token = where.split(":", 3)
                sock = socket.create_connection((host, int(port)), timeout=5)
                sock.settimeout(None)
                sock.sendall(token.encode() + b"\n")
            else:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.connect(where)
            return sock, tried
        except (OSError, ValueError):
            continue
    return None, tried


def _now_us():
    return time.monotonic_ns() // 1000


def _short_repr(value, limit=24):
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _call_label(coro):
    """What the code wrote: task('A', 2), say_hello(), main()."""
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
    frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
    name = getattr(coro, "__name__", None) or type(coro).__name__
    if code is None or frame is None:
        return name + "()"
    n = code.co_argcount + code.co_kwonlyargcount
    names = code.co_varnames[:n]
    values = frame.f_locals
    args = [_short_repr(values[a]) for a in names if a in values and a != "self"]
    return "%s(%s)" % (name, ", ".join(args))


class Probe:
    """Writes events to Overlap; thread-safe; silent once Overlap is gone."""

    def __init__(self, sock, process_name):
        self._sock = sock
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.pid = os.getpid()
        self.emit({"ph": "M", "name": "process_name", "pid": self.pid, "tid": 0,
                   "args": {"name": process_name}})

    def next_id(self):
        return next(self._ids)

    def emit(self, event):
        if self._sock is None:
            return
        line = (json.dumps(event, separators=(",", ":"), default=str) + "\n").encode()
        with self._lock:
            try:
                self._sock.sendall(line)
            except OSError:
                self._sock = None

    def close(self):
        with self._lock:
            if self._sock is not None:
                try:
                    self._sock.close()
                except OSError:
                    pass
                self._sock = None

    def task_event(self, ph, task_id, name, ts, args):
        event = {"ph": ph, "cat": "asyncio", "id": task_id, "pid": self.pid,
                 "tid": threading.get_ident(), "ts": ts, "args": args}
        if name is not None:
            event["name"] = name
        self.emit(event)


_task_frames = set()          # ids of the frames of tasks' own coroutines


class _TracedCoroutine(collections.abc.Coroutine):
    """Wraps a task's coroutine: each step is "running", each suspension
    "waiting"; the end says how it went. The task sees the same values."""

    __slots__ = ("_coro", "_probe", "_id", "_label", "_created", "_task",
                 "_begun", "_done", "_frame_key", "__weakref__")

    def __init__(self, coro, probe):
        self._coro = coro
        self._probe = probe
        self._id = probe.next_id()
        self._label = _call_label(coro)
        self._created = _now_us()
        self._task = None
        self._begun = False
        self._done = False
        # The frame's id, kept: once the coroutine is done its cr_frame is
        # None, and a new coroutine's frame may take the same address.
        frame = getattr(coro, "cr_frame", None)
        self._frame_key = id(frame) if frame is not None else None
        if self._frame_key is not None:
            _task_frames.add(self._frame_key)

    def _forget_frame(self, frames=None):
        if self._frame_key is not None:
            (frames if frames is not None else _task_frames).discard(self._frame_key)
            self._frame_key = None

    def _begin(self):
        self._begun = True
        task_name = self._task.get_name() if self._task is not None else ""
        qualname = getattr(self._coro, "__qualname__", self._label)
        self._probe.task_event("b", self._id, self._label, self._created, {
            "phase": "queued", "task": task_name, "coro": qualname,
            "detail": "%s · %s" % (task_name, qualname) if task_name else qualname})

    def _step(self, method, *args):
        if not self._begun:
            self._begin()
        self._probe.task_event("n", self._id, self._label, _now_us(), {"phase": "running"})
        try:
            result = method(*args)
        except StopIteration:
            self._end("ok", None)
            raise
        except asyncio.CancelledError:
            self._end("cancelled", "cancelled")
            raise
        except BaseException as error:  # noqa: B036 — reported, then re-raised
            self._end("failed", "%s: %s" % (type(error).__name__, error))
            raise
        self._probe.task_event("n", self._id, self._label, _now_us(), {"phase": "waiting"})
        return result

    def _end(self, result, message):
        if self._done:
            return
        self._done = True
        self._forget_frame()
        args = {"result": result}
        if message:
            args["message"] = message
        self._probe.task_event("e", self._id, self._label, _now_us(), args)

    def send(self, value):
        return self._step(self._coro.send, value)

    def throw(self, *args):
        return self._step(self._coro.throw, *args)

    def close(self):
        try:
            return self._coro.close()
        finally:
            if self._begun:
                self._end("cancelled", "closed before it finished")
            self._forget_frame()

    def __del__(self, frames=_task_frames):
        # a task destroyed while pending: its frame goes with it (the set is
        # bound here, as module globals may be gone at interpreter exit)
        self._forget_frame(frames)

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        return self.send(None)

    def __getattr__(self, name):      # cr_frame, cr_code, __name__, …
        return getattr(self._coro, name)

    def __repr__(self):
        return repr(self._coro)


_SKIP_DIRS = (os.path.dirname(asyncio.__file__), os.path.dirname(os.path.abspath(__file__)))
_YIELD = dis.opmap.get("YIELD_VALUE")
_RETURNS = {dis.opmap[name] for name in ("RETURN_VALUE", "RETURN_CONST") if name in dis.opmap}


class _AwaitTracer:
    """Coroutines awaited directly (`await task("A", 2)`, one after another)
    are not tasks: a profile hook shows them as bars too. Their frames run
    on "call" and stop on "return", at a yield (waiting) or for good."""

    def __init__(self, probe):
        self._probe = probe
        self._open = {}               # id(frame) → event id

    def __call__(self, frame, event, arg):
        if event != "call" and event != "return":
            return
        code = frame.f_code
        if not code.co_flags & inspect.CO_COROUTINE or code.co_filename.startswith(_SKIP_DIRS):
            return
        key = id(frame)
        if key in _task_frames:
            return
        probe = self._probe
        if event == "call":
            if key in self._open:
                probe.task_event("n", self._open[key], None, _now_us(), {"phase": "running"})
            else:
                self._open[key] = event_id = probe.next_id()
                values = frame.f_locals
                n = code.co_argcount + code.co_kwonlyargcount
                label = "%s(%s)" % (code.co_name, ", ".join(
                    _short_repr(values[a]) for a in code.co_varnames[:n] if a in values and a != "self"))
                probe.task_event("b", event_id, label, _now_us(), {
                    "phase": "running", "coro": code.co_qualname if hasattr(code, "co_qualname")
                    else code.co_name, "detail": "awaited directly, not a task"})
            return
        event_id = self._open.get(key)
        if event_id is None:
            return
        op = code.co_code[frame.f_lasti] if 0 <= frame.f_lasti < len(code.co_code) else None
        if op == _YIELD:
            probe.task_event("n", event_id, None, _now_us(), {"phase": "waiting"})
            return
        del self._open[key]
        if op in _RETURNS:
            probe.task_event("e", event_id, None, _now_us(), {"result": "ok"})
        else:
            probe.task_event("e", event_id, None, _now_us(), {"result": "failed", "message": "raised an exception"})


def _task_factory(probe):
    def factory(loop, coro, **kwargs):
        code = getattr(coro, "cr_code", None)
        internal = code is not None and code.co_filename.startswith(_SKIP_DIRS)  # asyncio.run's shutdown
        traced = _TracedCoroutine(coro, probe) if asyncio.iscoroutine(coro) and not internal else coro
        task = asyncio.Task(traced, loop=loop, **kwargs)
        if traced is not coro:
            traced._task = task
        return task
    return factory


_installed = None


def install(probe, time_scale=1.0, trace_awaits=True):
    """Instruments every event loop created from now on, and scales
    asyncio.sleep by time_scale. With trace_awaits, coroutines awaited
    directly (not as tasks) show too, through a profile hook."""
    global _installed
    if _installed is not None:
        return
    _installed = probe
    factory = _task_factory(probe)
    original_new_event_loop = asyncio.events.new_event_loop

    def new_event_loop():
        loop = original_new_event_loop()
        loop.set_task_factory(factory)
        return loop

    asyncio.events.new_event_loop = new_event_loop
    asyncio.new_event_loop = new_event_loop

    if trace_awaits:
        tracer = _AwaitTracer(probe)
        sys.setprofile(tracer)
        threading.setprofile(tracer)

    if time_scale != 1.0:
        original_sleep = asyncio.sleep

        async def sleep(delay, result=None):
            return await original_sleep(delay * time_scale, result)

        sleep.__doc__ = original_sleep.__doc__
        asyncio.sleep = sleep
        asyncio.tasks.sleep = sleep
