# SPDX-License-Identifier: GPL-3.0-or-later
"""What the probe watches: asyncio's callbacks, from the outside.

While Overlap listens, for every event loop of every thread (asyncio.run,
Runner(loop_factory=…), custom policies alike), two things are hooked: the
set asyncio registers each new task in (the task is queued from then), and
asyncio.events.Handle._run, which runs every callback. A callback that steps
a task is one of its "running" spans; between steps it is "waiting". After
each step the task's chain of coroutines awaited directly (`await
fetch(url)`, not a task) is read through cr_await: each has a bar of its
own, from the step it is first seen in to the step it is gone in.

Who awaits whom: a step that a future's end wakes (the task's wakeup, its
argument the future) is a resumption; when that future is a task, the
children of a gather, or the end of a TaskGroup (whose children are known
from their done callback), an arrow goes from each one's end to the
resumption. Work that asyncio.to_thread and run_in_executor hand to a
ThreadPoolExecutor is timed where the pool's threads run it
(concurrent.futures.thread._WorkItem.run) and drawn on the thread's lane.

Nothing of the program's is wrapped, replaced or kept alive: tasks and
coroutines are held by weak references only, task factories and Task
classes stay as the program made them, and with no listener asyncio runs
untouched.
"""

import asyncio
import asyncio.events
import asyncio.tasks
import builtins
import concurrent.futures.thread
import functools
import itertools
import os
import reprlib
import sys
import threading
import time
import types
import weakref

from . import _wire

SKIP_DIRS = (os.path.dirname(asyncio.__file__) + os.sep, os.path.dirname(os.path.abspath(__file__)) + os.sep)

STALL = 5 * 1000 * 1000   # ns a callback holds the loop for that is a stall
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
    if type(coro) is types.CoroutineType:
        code, frame, name = coro.cr_code, coro.cr_frame, coro.__name__
    else:
        code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        name = getattr(coro, "__name__", None) or type(coro).__name__
    if code is None or frame is None or not (code.co_argcount or code.co_kwonlyargcount):
        return name + "()"
    names = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
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


def is_step(callback, step_types=None):
    """Whether @callback steps a task; the C Task's step type goes in
    @step_types once seen, for a quicker test."""
    kind = type(callback)
    if kind is types.BuiltinMethodType:
        return callback.__name__ == "task_wakeup"
    if kind is types.MethodType:
        return callback.__func__ in _PY_STEPS
    if kind.__name__ == "TaskStepMethWrapper":
        if step_types is not None:
            step_types.add(kind)
        return True
    return False


class _Task(weakref.ref):
    """A task the probe has seen: a weak reference to it, so that the
    program's garbage stays garbage. id is None until its first step, 0 if
    it is asyncio's own (asyncio.run's shutdown): not shown."""

    __slots__ = ("key", "id", "created", "chain", "label", "ended", "group", "site")


class _Registry(weakref.WeakSet):
    """asyncio's set of all tasks, while the probe watches: each task
    registered is noted. (The set itself is the same object.)"""

    def add(self, item):
        weakref.WeakSet.add(self, item)
        _Registry.note(item)


class Watch:
    """Installs the hooks while attached; see the module's docstring."""

    def __init__(self):
        self._handle_run = asyncio.events.Handle._run
        self._work_run = concurrent.futures.thread._WorkItem.run
        self._hooks = None
        self._skip = {}

    def attach(self, sender):
        self._hooks = hooks = _Hooks(sender, self._skip, self._handle_run)
        _Registry.note = staticmethod(hooks.note)
        registry = asyncio.tasks._all_tasks
        if type(registry) is weakref.WeakSet:
            registry.__class__ = _Registry
        asyncio.events.Handle._run = hooks.handle_run
        concurrent.futures.thread._WorkItem.run = hooks.make_work_run(self._work_run)

    def detach(self):
        hooks, self._hooks = self._hooks, None
        if hooks is None:
            return
        asyncio.events.Handle._run = self._handle_run
        concurrent.futures.thread._WorkItem.run = self._work_run
        registry = asyncio.tasks._all_tasks
        if type(registry) is _Registry:
            registry.__class__ = weakref.WeakSet
        hooks.records.clear()   # their weak references go, and their callbacks with them


class _Hooks:
    """The hooks and what they share. What they use is bound here, not
    looked up in the module at call time (at interpreter exit a module's
    globals may already be gone)."""

    def __init__(self, sender, skip, handle_run):
        self.sender = sender
        self.push = sender.push
        self.add = sender.events.extend
        self.texts = sender.texts
        self.records = {}
        self.skip = skip
        self.paths = {}            # co_filename → the absolute path as a JSON string, or None
        self.ids = itertools.count(1)
        self.origin = None
        self.step_types = set()    # TaskStepMethWrapper, once seen
        self.stalls = itertools.count(1)
        self.flows = itertools.count(1)
        self.works = itertools.count(1)
        self.group_done = {}       # a TaskGroup's parent's key → [its group, [(child id, end)]]
        self.work_done = {}        # id of an asyncio future a thread's work ends → (tid, end, future ref)
        self.woken_early = {}      # id of a future a task resumed by before its work was noted → (waiter, t0, ref)
        self.working = 0           # work items running in threads (roughly: a hint)
        self.handle_run = self._make_run(handle_run)

    def is_internal(self, code):
        """Whether @code is asyncio's or the probe's. By file name: a code
        object's hash is computed anew each time, a string's is kept."""
        filename = code.co_filename
        internal = self.skip.get(filename)
        if internal is None:
            if len(self.skip) > 10000:
                self.skip.clear()
            internal = self.skip[filename] = filename.startswith(SKIP_DIRS)
        return internal

    def note(self, task, now=time.monotonic_ns):
        """A task is created: queued from now, made where the program's
        innermost frame of the moment stands (create_task, gather, …)."""
        key = id(task)
        if key not in self.records:
            record = self.add_record(task, key, now())
            if record is not None:
                record.site = self.call_site(sys._getframe(1))

    def call_site(self, frame, depth=24):
        """(path, line) of the first frame from @frame outwards that is
        neither asyncio's nor the probe's, the path absolute and already a
        JSON string (made once per file); None if there is none (or it is no
        file: <stdin>, <string>)."""
        try:
            is_internal = self.is_internal
            while frame is not None and depth > 0:
                code = frame.f_code
                if not is_internal(code):
                    path = self.paths.get(code.co_filename, False)
                    if path is False:
                        name = code.co_filename
                        path = None if name.startswith("<") else _wire.json_string(os.path.abspath(name))
                        if len(self.paths) > 10000:
                            self.paths.clear()
                        self.paths[name] = path
                    return (path, frame.f_lineno) if path else None
                frame = frame.f_back
                depth -= 1
        except Exception:  # noqa: BLE001 — the probe never breaks the program
            pass
        return None

    def add_record(self, task, key, created):
        try:
            record = _Task(task, self.task_gone)
        except TypeError:
            return None   # not weakly referenceable: not a task of asyncio's
        record.key = key
        record.id = None
        record.created = created
        record.chain = ()
        record.label = ""
        record.ended = None
        record.group = None
        record.site = None
        self.records[key] = record
        return record

    def _make_run(self, original):
        records_get = self.records.get
        skip_get = self.skip.get
        is_internal = self.is_internal
        add = self.sender.events.extend
        now = time.monotonic_ns
        first_step = self.first_step
        stepped = self.stepped
        stalled = self.stalled
        resumed = self.resumed
        step_types = self.step_types
        STEP = _wire.STEP
        Coroutine = types.CoroutineType

        def timed(handle, callback):
            """A callback that is not a task's step: only a stall is noted."""
            t0 = now()
            try:
                original(handle)
            finally:
                t1 = now()
                if t1 - t0 >= STALL:
                    stalled(None, callback, t0, t1)

        def _run(self):
            callback = self._callback
            task = getattr(callback, "__self__", None)
            record = records_get(id(task))
            woken = None
            if record is None or not record.id or type(callback) not in step_types:
                if task is None:
                    return timed(self, callback)
                record = first_step(record, task, callback)
                if record is None:
                    return timed(self, callback)
                woken = self._args   # a wakeup: (the future it awaited,)
            t0 = now()
            if woken:
                resumed(record, woken[0], t0)   # before the step: it moves on
            try:
                original(self)
            finally:
                t1 = now()
                try:
                    awaited = getattr(task.get_coro(), "cr_await", None)
                    if awaited is None or record.chain:   # done, or awaiting coroutines of its own
                        stepped(record, task, t0, t1)
                    else:
                        add((STEP, record.id, t0, t1))
                        if awaited.__class__ is Coroutine:
                            internal = skip_get(awaited.cr_code.co_filename)
                            if internal is None:
                                internal = is_internal(awaited.cr_code)
                            if not internal:
                                stepped(record, task, t0, t1, False)
                    if t1 - t0 >= STALL:
                        stalled(record, callback, t0, t1)
                except Exception:  # noqa: BLE001 — the probe never breaks the program
                    pass

        _run.__wrapped__ = original
        return _run

    def resumed(self, record, future, t0):
        """The task of @record resumes at t0, woken by @future's end: arrows
        from the ends of the tasks it awaited (the task itself, a gather's
        children, a TaskGroup's)."""
        try:
            self.find_awaited(record, future, t0)
        except Exception:  # noqa: BLE001 — the probe never breaks the program
            pass

    def find_awaited(self, record, future, t0):
        # the waiter: the innermost coroutine the task awaits directly, or the task
        waiter = record.chain[-1][1] if record.chain else record.id
        children = getattr(future, "_children", None)   # a gather's
        if children is None:
            child = self.records.get(id(future))
            if child is not None:
                children = (child,)
            elif id(future) in self.work_done:
                # to_thread, run_in_executor: the thread's work ended
                tid, ended, ref = self.work_done.pop(id(future))
                if ref() is future:
                    self.work_arrow(tid, ended, waiter, t0)
                return
            elif self.working > 0 and record.key not in self.group_done:
                # perhaps a thread's work whose thread has not said so yet
                if len(self.woken_early) > 1000:
                    self.woken_early.clear()
                self.woken_early[id(future)] = (waiter, t0, weakref.ref(future))
                return
            else:
                group = self.group_done.get(record.key)
                if group is None or group[0]() is None or future is not group[0]()._on_completed_fut:
                    return
                del self.group_done[record.key]
                for child_id, ended in group[1]:
                    self.arrow(child_id, ended, waiter, t0)
                return
        else:
            children = [self.records.get(id(c)) for c in children]
        for child in children:
            if child is not None and child.id and child.ended is not None:
                self.arrow(child.id, child.ended, waiter, t0)

    def work_arrow(self, tid, ended, waiter_id, t0):
        flow = next(self.flows)
        self.push(_wire.WORK_AWAITED, tid, ended, flow)
        self.push(_wire.RESUMED, waiter_id, t0, flow)

    def arrow(self, child_id, ended, waiter_id, t0):
        flow = next(self.flows)
        self.push(_wire.AWAITED, child_id, ended, flow)
        self.push(_wire.RESUMED, waiter_id, t0, flow)

    def make_work_run(self, original):
        """concurrent.futures.thread._WorkItem.run, timed: a slice of work
        on the lane of the thread that ran it. The item is not held while
        it runs (a failed item's exception, through its traceback's frames,
        would reach it again: a cycle the original breaks by dropping it)."""
        now = time.monotonic_ns
        describe = self.describe_work
        worked = self.worked

        def run(item):
            job = describe(item)
            box = [item]
            del item
            self.working += 1
            t0 = now()
            try:
                original(box.pop())
            finally:
                worked(job, t0, now())
                self.working -= 1

        run.__wrapped__ = original
        return run

    def describe_work(self, item):
        """The label of a work item and a weak reference to its future."""
        try:
            fn, args = item.fn, item.args
            # asyncio.to_thread(func, *args) submits partial(context.run, func, *args)
            if type(fn) is functools.partial and getattr(fn.func, "__name__", "") == "run" and fn.args:
                fn, args = fn.args[0], fn.args[1:]
            name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or type(fn).__name__
            return "%s(%s)" % (name, ", ".join(short_repr(a) for a in args)), weakref.ref(item.future)
        except Exception:  # noqa: BLE001 — the probe never breaks the program
            return None

    def worked(self, job, t0, t1):
        """After a work item ran: its slice on its thread, and the asyncio
        future that run_in_executor chained to it (asyncio.futures.
        _chain_future), where the arrow to its waiter leaves. t1 is taken
        after the item set its result: a waiter quicker than this thread
        has resumed already (woken_early), and the work ended before that."""
        try:
            if job is None:
                return
            future = job[1]()   # gone: it ran, and no one waits for it any more
            if future is not None and future.cancelled():
                return
            waited = early = None
            if future is not None:
                for callback in future._done_callbacks:
                    code = getattr(callback, "__code__", None)
                    if code is not None and "destination" in code.co_freevars:
                        waited = callback.__closure__[code.co_freevars.index("destination")].cell_contents
                        early = self.woken_early.pop(id(waited), None)
                        if early is not None and early[2]() is not waited:
                            early = None
                        break
            if early is not None:
                t1 = max(t0, min(t1, early[1]))
            number = next(self.works)
            tid = threading.get_native_id()
            self.texts[(_wire.WORK, number)] = (job[0], tid, threading.current_thread().name)
            self.push(_wire.WORK, number, t0, t1)
            if waited is None:
                return
            ended = t0 + (t1 - t0) // 1000 * 1000   # the slice's end, in whole µs
            if early is not None:
                self.work_arrow(tid, ended, early[0], early[1])
                return
            if len(self.work_done) > 10000:
                self.work_done.clear()
            self.work_done[id(waited)] = (tid, ended, weakref.ref(waited))
        except Exception:  # noqa: BLE001 — the probe never breaks the program
            pass

    def stalled(self, record, callback, t0, t1):
        """A callback held the loop from t0 to t1: a stall, in the run's
        loop-lag lane, said to be the task's (or the callback's)."""
        try:
            if record is not None:
                held_by = record.label
            else:
                held_by = getattr(callback, "__qualname__", None) or type(callback).__name__
                if getattr(callback, "__self__", None) is not None:
                    held_by = short_repr(callback.__self__) + " · " + held_by
            key = next(self.stalls)
            self.texts[(_wire.STALL, key)] = held_by
            self.add((_wire.STALL, key, t0, t1))
        except Exception:  # noqa: BLE001
            pass

    def first_step(self, record, task, callback):
        """The record of the task @callback steps, when it is not the usual
        case (a task begun, stepped by the C Task's step type): a first step,
        a wakeup, a task in flight when the probe attached. None if
        @callback does not step a task that is shown."""
        if record is None:
            if not is_step(callback, self.step_types):
                return None
            record = self.seen(task)
        elif record.id is None:
            if not is_step(callback, self.step_types):
                return None
            self.begin(record, task)
        elif not is_step(callback, self.step_types):
            return None
        return record if record is not None and record.id else None

    def seen(self, task):
        record = self.add_record(task, id(task), time.monotonic_ns())
        if record is not None:
            self.begin(record, task)
        return record

    def begin(self, record, task):
        """Before a task's first step: its bar, labelled with its arguments.
        Returns its id, 0 if it is not shown."""
        try:
            coro = task.get_coro()
            code = getattr(coro, "cr_code", None)
            if code is not None and self.is_internal(code):
                record.id = 0
                return 0
            record.id = event_id = next(self.ids)
            if self.origin is None:
                self.origin = record.created
            qualname = getattr(coro, "__qualname__", None) or type(coro).__name__
            record.label = call_label(coro)
            callbacks = getattr(task, "_callbacks", None)
            if callbacks:
                for callback, _ in callbacks:   # a TaskGroup's child: its end wakes the group
                    owner = getattr(callback, "__self__", None)
                    if owner is not None and type(owner).__name__ == "TaskGroup":
                        record.group = weakref.ref(owner)
            self.texts[event_id] = (record.label, "queued", None, qualname, task.get_name(),
                                    threading.get_ident(), record.site)
            # queued since it was created, though not before the run's
            # first event (the run's time 0 on Overlap's side)
            created = record.created
            self.add((_wire.BEGIN, event_id, created if created > self.origin else self.origin, 0))
        except Exception:  # noqa: BLE001 — the probe never breaks the program
            record.id = 0
        return record.id

    def stepped(self, record, task, t0, t1, push_step=True):
        """After a step of the task: running from t0, then waiting or done."""
        try:
            if task.done():
                # kept while the task lives: who awaited it may ask when it ended
                record.ended = t1
                self.finish(record, task, t0, t1)
                self.group_done.pop(record.key, None)
                group = record.group() if record.group is not None else None
                parent = getattr(group, "_parent_task", None)
                if parent is not None:
                    entry = self.group_done.get(id(parent))
                    if entry is None:
                        entry = self.group_done[id(parent)] = [record.group, []]
                    entry[1].append((record.id, t1))
                return
            if push_step:
                self.push(_wire.STEP, record.id, t0, t1)
            awaited = task.get_coro().cr_await
            if record.chain or (awaited.__class__ is types.CoroutineType
                                and not self.is_internal(awaited.cr_code)):
                self.follow_chain(record, awaited, t0, t1)
        except Exception:  # noqa: BLE001
            pass

    def end(self, event_id, ts, result, message):
        self.texts[-event_id] = (result, message)
        self.push(_wire.END, event_id, ts)

    def finish(self, record, task, t0, t1):
        if task.cancelled():
            result, message, error = "cancelled", "cancelled", None
        else:
            error = getattr(task, "_exception", None)   # not .exception(): that marks it retrieved
            result, message = ("failed", short_message(error)) if error is not None else ("ok", None)
        if record.chain:
            frames = _tb_frames(error) if error is not None else ()
            for member in record.chain:
                if result == "cancelled" or (result == "failed" and member[2] in frames):
                    self.end(member[1], t0, result, message)
                else:
                    self.push(_wire.ENDED, member[1], t0)
            record.chain = ()
        if message is None:
            self.push(_wire.LAST_STEP, record.id, t0, t1)
        else:
            self.push(_wire.RUNNING, record.id, t0)
            self.end(record.id, t1, result, message)

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
        push = self.push
        for member in old[same:]:
            push(_wire.ENDED, member[1], t0)   # its caller carried on: it returned
        for member in old[:same]:
            push(_wire.STEP, member[1], t0, t1)
        kept = list(old[:same])
        for index in range(same, len(chain)):
            coro = chain[index]
            # where it is awaited: the line its caller stands on
            if index > 0:
                caller = chain[index - 1]
            else:
                task = record()
                caller = task.get_coro() if task is not None else None
            frame = getattr(caller, "cr_frame", None)
            site = self.call_site(frame, 1) if frame is not None else None
            member = (weakref.ref(coro), next(self.ids), id(coro.cr_frame))
            kept.append(member)
            qualname = getattr(coro, "__qualname__", "")
            self.texts[member[1]] = (call_label(coro), "running", "awaited directly, not a task",
                                     qualname, "", threading.get_ident(), site)
            push(_wire.BEGIN, member[1], t0)
            push(_wire.WAITING, member[1], t1)
        record.chain = kept

    def task_gone(self, record):
        """A task destroyed before it finished ("Task was destroyed but it
        is pending!"): its bars end."""
        try:
            self.records.pop(record.key, None)
            self.group_done.pop(record.key, None)
            if record.id and record.ended is None:
                ts = time.monotonic_ns()
                for member in record.chain:
                    self.end(member[1], ts, "cancelled", "destroyed while pending")
                self.end(record.id, ts, "cancelled", "destroyed while pending")
        except Exception:  # noqa: BLE001
            pass
