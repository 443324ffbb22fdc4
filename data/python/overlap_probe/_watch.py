# SPDX-License-Identifier: GPL-3.0-or-later
"""What the probe watches: asyncio's callbacks, from the outside.

While Overlap listens, two methods of asyncio.events.Handle are wrapped,
for every event loop of every thread (asyncio.run, Runner(loop_factory=…),
custom policies alike): __init__ notes when a task's first step is
scheduled (it is queued from then), _run times each callback. A callback
that steps a task is one of its "running" spans; between steps it is
"waiting". After each step the task's chain of coroutines awaited directly
(`await fetch(url)`, not a task) is read through cr_await: each has a bar
of its own, from the step it is first seen in to the step it is gone in.

Nothing is wrapped, replaced or kept alive: tasks and coroutines are held
by weak references only, task factories and Task classes stay as the
program made them, and with no listener asyncio runs untouched.
"""

import asyncio
import asyncio.events
import asyncio.format_helpers
import asyncio.tasks
import builtins
import itertools
import os
import reprlib
import sys
import threading
import time
import types
import weakref

from ._sender import encode_string

SKIP_DIRS = (os.path.dirname(asyncio.__file__) + os.sep, os.path.dirname(os.path.abspath(__file__)) + os.sep)

# Two events at t0 and t1 (a step), or one at t (see Sender.push)
STEP = ('{"ph":"n","cat":"asyncio","id":%d,"ts":%d,"args":{"phase":"running"}}\n'
        '{"ph":"n","cat":"asyncio","id":%d,"ts":%d,"args":{"phase":"waiting"}}\n')
LAST_STEP = ('{"ph":"n","cat":"asyncio","id":%d,"ts":%d,"args":{"phase":"running"}}\n'
             '{"ph":"e","cat":"asyncio","id":%d,"ts":%d,"args":{"result":"ok"}}\n')
RUNNING = '{"ph":"n","cat":"asyncio","id":%d,"ts":%d,"args":{"phase":"running"}}\n'
WAITING = '{"ph":"n","cat":"asyncio","id":%d,"ts":%d,"args":{"phase":"waiting"}}\n'
ENDED = '{"ph":"e","cat":"asyncio","id":%d,"ts":%d,"args":{"result":"ok"}}\n'

LABEL_LIMIT = 24
MESSAGE_LIMIT = 200


class _ArgRepr(reprlib.Repr):
    """Bounded: a huge argument costs what its first few items cost."""

    def __init__(self):
        super().__init__()
        self.maxlevel = 3
        self.maxstring = self.maxother = self.maxlong = 48

    def repr_str(self, x, level):
        return builtins.repr(x[:self.maxstring])

    def repr_bytes(self, x, level):
        return builtins.repr(x[:self.maxstring])

    repr_bytearray = repr_bytes

    def repr_int(self, x, level):
        if x.bit_length() > 128:
            return "<int of %d bits>" % x.bit_length()
        return builtins.repr(x)

    def repr_dict(self, x, level):
        # reprlib sorts the whole dict first; the first items will do
        if not x or level <= 0:
            return "{}" if not x else "{...}"
        pieces = ["%s: %s" % (self.repr1(k, level - 1), self.repr1(v, level - 1))
                  for k, v in itertools.islice(x.items(), self.maxdict)]
        return "{%s%s}" % (", ".join(pieces), ", ..." if len(x) > self.maxdict else "")

    def repr_set(self, x, level):
        if not x:
            return "set()"
        return self._repr_iterable(list(itertools.islice(x, self.maxset + 1)), level,
                                   "{", "}", self.maxset)


_arg_repr = _ArgRepr().repr


def short_repr(value):
    try:
        text = _arg_repr(value)
    except Exception:  # noqa: BLE001 — a broken __repr__ is the program's own business
        text = "<%s>" % type(value).__name__
    return text if len(text) <= LABEL_LIMIT else text[:LABEL_LIMIT - 1] + "…"


def call_label(coro):
    """What the code wrote: task('A', 2), say_hello(), main()."""
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
    frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
    name = getattr(coro, "__name__", None) or type(coro).__name__
    if code is None or frame is None:
        return name + "()"
    names = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
    if not names:
        return name + "()"
    values = frame.f_locals
    return "%s(%s)" % (name, ", ".join(short_repr(values[a]) for a in names
                                       if a in values and a != "self"))


def short_message(error):
    try:
        text = str(error)
    except Exception:  # noqa: BLE001
        text = "<unprintable>"
    message = "%s: %s" % (type(error).__name__, text) if text else type(error).__name__
    return message if len(message) <= MESSAGE_LIMIT else message[:MESSAGE_LIMIT - 1] + "…"


def _tb_frames(error):
    frames = set()
    tb = getattr(error, "__traceback__", None)
    while tb is not None:
        frames.add(id(tb.tb_frame))
        tb = tb.tb_next
    return frames


# Which callbacks step a task: the C Task's step and wakeup, the Python
# Task's __step and __wakeup (and those of subclasses).
_PY_STEPS = {getattr(asyncio.tasks._PyTask, "_Task__step", None),
             getattr(asyncio.tasks._PyTask, "_Task__wakeup", None)}
_STEP_CHECKS = {
    types.BuiltinMethodType: lambda cb: cb.__name__ == "task_wakeup",
    types.MethodType: lambda cb: cb.__func__ in _PY_STEPS,
}


def _yes(callback):
    return True


def _no(callback):
    return False


def is_step(callback, checks=_STEP_CHECKS):
    kind = type(callback)
    check = checks.get(kind)
    if check is None:
        check = checks[kind] = _yes if kind.__name__ == "TaskStepMethWrapper" else _no
    return check(callback)


class _Task(weakref.ref):
    """A task the probe has seen: a weak reference to it, so that the
    program's garbage stays garbage. id is None until its first step, 0 if
    it is asyncio's own (asyncio.run's shutdown)."""

    __slots__ = ("key", "id", "created", "chain")

    def __init__(self, task, callback):
        super().__init__(task, callback)


class Watch:
    """Wraps Handle while attached; see the module's docstring."""

    def __init__(self):
        self._handle_init = asyncio.events.Handle.__init__
        self._handle_run = asyncio.events.Handle._run
        self._records = None
        self._skip = {}

    def attach(self, sender):
        self._records = records = {}
        hooks = _Hooks(sender, records, self._skip, self._handle_init, self._handle_run)
        asyncio.events.Handle.__init__ = hooks.handle_init
        asyncio.events.Handle._run = hooks.handle_run

    def detach(self):
        if self._records is None:
            return
        asyncio.events.Handle.__init__ = self._handle_init
        asyncio.events.Handle._run = self._handle_run
        self._records.clear()   # their weak references go, and their callbacks with them
        self._records = None


class _Hooks:
    """The wrapped methods and what they share. Everything they use is
    bound here, not looked up in the module at call time (at interpreter
    exit a module's globals may already be gone)."""

    def __init__(self, sender, records, skip, handle_init, handle_run):
        self.sender = sender
        self.records = records
        self.skip = skip
        self.ids = itertools.count(1)
        self.origin = None
        self.handle_init = self._make_init(handle_init)
        self.handle_run = self._make_run(handle_run)

    def is_internal(self, code):
        internal = self.skip.get(code)
        if internal is None:
            if len(self.skip) > 10000:
                self.skip.clear()
            internal = self.skip[code] = code.co_filename.startswith(SKIP_DIRS)
        return internal

    def _make_init(self, original):
        records = self.records
        gone = self.task_gone
        now = time.monotonic_ns
        extract_stack = asyncio.format_helpers.extract_stack
        getframe = sys._getframe

        def __init__(self, callback, args, loop, context=None):
            original(self, callback, args, loop, context)
            if self._source_traceback:   # debug mode: where the caller is, not this
                self._source_traceback = extract_stack(getframe(1))
            task = getattr(callback, "__self__", None)
            if task is not None and id(task) not in records and is_step(callback):
                try:
                    record = _Task(task, gone)
                    record.key = id(task)
                    record.id = None
                    record.created = now()
                    record.chain = ()
                    records[record.key] = record
                except TypeError:
                    pass   # not weakly referenceable: not a task of asyncio's

        __init__.__wrapped__ = original
        return __init__

    def _make_run(self, original):
        records = self.records
        now = time.monotonic_ns
        begin = self.begin
        stepped = self.stepped

        def _run(self):
            callback = self._callback
            record = records.get(id(getattr(callback, "__self__", None)))
            if record is None or not is_step(callback):
                return original(self)
            task = record()
            if record.id is None:
                begin(record, task)
            t0 = now()
            try:
                original(self)
            finally:
                stepped(record, task, t0, now())

        _run.__wrapped__ = original
        return _run

    def begin(self, record, task):
        """Before a task's first step: its bar, labelled with its arguments."""
        try:
            coro = task.get_coro()
            code = getattr(coro, "cr_code", None)
            if code is not None and self.is_internal(code):
                record.id = 0
                return
            record.id = next(self.ids)
            if self.origin is None:
                self.origin = record.created
            label = call_label(coro)
            name = task.get_name()
            qualname = getattr(coro, "__qualname__", label)
            # queued since its first step was scheduled, though not before the
            # run's first event (the run's time 0 on Overlap's side)
            self.sender.push((self.begin_line, record.id, max(record.created, self.origin), label, "queued",
                              "%s · %s" % (name, qualname), qualname, name))
        except Exception:  # noqa: BLE001 — the probe never breaks the program
            record.id = 0

    def begin_line(self, event_id, ts, label, phase, detail, coro, task_name):
        return ('{"ph":"b","cat":"asyncio","id":%d,"pid":%d,"tid":%d,"ts":%d,"name":%s,'
                '"args":{"phase":"%s","task":%s,"coro":%s,"detail":%s}}\n'
                % (event_id, self.sender.pid, threading.get_ident(), ts // 1000,
                   encode_string(label), phase, encode_string(task_name),
                   encode_string(coro), encode_string(detail)))

    def end_line(self, event_id, ts, result, message):
        return ('{"ph":"e","cat":"asyncio","id":%d,"ts":%d,"args":{"result":"%s","message":%s}}\n'
                % (event_id, ts // 1000, result, encode_string(message)))

    def stepped(self, record, task, t0, t1):
        """After a step of the task: running from t0, then waiting or done."""
        try:
            if not record.id:
                if task.done():
                    self.records.pop(record.key, None)
                return
            push = self.sender.push
            if task.done():
                self.records.pop(record.key, None)
                self.finish(record, task, t0, t1)
                return
            push((STEP, record.id, t0, t1))
            coro = task.get_coro()
            awaited = getattr(coro, "cr_await", None)
            if record.chain or (awaited.__class__ is types.CoroutineType
                                and not self.is_internal(awaited.cr_code)):
                self.follow_chain(record, awaited, t0, t1)
        except Exception:  # noqa: BLE001
            pass

    def finish(self, record, task, t0, t1):
        push = self.sender.push
        if task.cancelled():
            result, message, error = "cancelled", "cancelled", None
        else:
            error = getattr(task, "_exception", None)   # not .exception(): that marks it retrieved
            result, message = ("failed", short_message(error)) if error is not None else ("ok", None)
        if record.chain:
            frames = _tb_frames(error) if error is not None else ()
            for member in record.chain:
                if result == "failed" and member[2] in frames:
                    push((self.end_line, member[1], t0, result, message))
                elif result == "cancelled":
                    push((self.end_line, member[1], t0, result, message))
                else:
                    push((ENDED, member[1], t0))
            record.chain = ()
        if message is None:
            push((LAST_STEP, record.id, t0, t1))
        else:
            push((RUNNING, record.id, t0))
            push((self.end_line, record.id, t1, result, message))

    def follow_chain(self, record, awaited, t0, t1):
        """The coroutines the task awaits directly, outermost first: those
        still there ran in this step, those gone ended in it, new ones began."""
        chain = []
        while awaited.__class__ is types.CoroutineType and not self.is_internal(awaited.cr_code):
            chain.append(awaited)
            awaited = awaited.cr_await
        old = record.chain
        same = 0
        while same < len(old) and same < len(chain) and old[same][0]() is chain[same]:
            same += 1
        push = self.sender.push
        for member in old[same:]:
            push((ENDED, member[1], t0))   # its caller carried on: it returned
        for member in old[:same]:
            push((STEP, member[1], t0, t1))
        kept = list(old[:same])
        for coro in chain[same:]:
            member = (weakref.ref(coro), next(self.ids), id(coro.cr_frame))
            kept.append(member)
            qualname = getattr(coro, "__qualname__", "")
            push((self.begin_line, member[1], t0, call_label(coro), "running",
                  "awaited directly, not a task", qualname, ""))
            push((WAITING, member[1], t1))
        record.chain = kept

    def task_gone(self, record):
        """A task destroyed before it finished ("Task was destroyed but it
        is pending!"): its bars end."""
        try:
            self.records.pop(record.key, None)
            if record.id:
                ts = time.monotonic_ns()
                for member in record.chain:
                    self.sender.push((self.end_line, member[1], ts, "cancelled", "destroyed while pending"))
                self.sender.push((self.end_line, record.id, ts, "cancelled", "destroyed while pending"))
        except Exception:  # noqa: BLE001
            pass
