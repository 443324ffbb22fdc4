# SPDX-License-Identifier: GPL-3.0-or-later
"""The probe's events and their JSON lines (docs/feed.md).

The program's threads record an event as four integers, (kind, id, t0, t1)
with times in ns, appended to a list: no object the garbage collector would
have to track is made per event (a tuple per event would be). Text (a
task's label, an error's message) waits in a dictionary by id. The probe's
own thread turns batches into lines, formatted as bytes (cheaper than text,
then encoded).
"""

try:
    from _json import encode_basestring as _string   # without json's decoder (and re)
except ImportError:
    from json.encoder import encode_basestring as _string

# kinds: the line(s) each makes
STEP = 0         # running at t0, waiting at t1
LAST_STEP = 1    # running at t0, done (ok) at t1
RUNNING = 2      # running at t0
WAITING = 3      # waiting at t0
ENDED = 4        # done (ok) at t0
BEGIN = 5        # begins at t0; texts[id] = (label, phase, detail, coro, task, tid, site);
                 # site: (path as a JSON string, line) where the program made it, or None;
                 # a detail None is "task · coro"
END = 6          # ends at t0; texts[-id] = (result, message)
STALL = 7        # the loop was held from t0 to t1 (id: the stall's number);
                 # texts[(STALL, id)] = what held it
AWAITED = 8      # the task @id, awaited, ended at t0: a flow (number t1) leaves it
RESUMED = 9      # the task @id, its waiter, resumed at t0: the flow t1 arrives
WORK = 10        # a thread's work item ran from t0 to t1 (id: its number);
                 # texts[(WORK, id)] = (label, native tid, thread name)
WORK_AWAITED = 11  # the work on thread @id (native tid) ended at t0: a flow (number t1) leaves it
PHASES = (STEP, RUNNING, WAITING)   # what goes first when the buffer is full

_TWO = {
    STEP: (b'{"ph":"n","cat":"asyncio","id":%d,"ts":%d,"args":{"phase":"running"}}\n'
           b'{"ph":"n","cat":"asyncio","id":%d,"ts":%d,"args":{"phase":"waiting"}}\n'),
    LAST_STEP: (b'{"ph":"n","cat":"asyncio","id":%d,"ts":%d,"args":{"phase":"running"}}\n'
                b'{"ph":"e","cat":"asyncio","id":%d,"ts":%d,"args":{"result":"ok"}}\n'),
}
_ONE = {
    RUNNING: b'{"ph":"n","cat":"asyncio","id":%d,"ts":%d,"args":{"phase":"running"}}\n',
    WAITING: b'{"ph":"n","cat":"asyncio","id":%d,"ts":%d,"args":{"phase":"waiting"}}\n',
    ENDED: b'{"ph":"e","cat":"asyncio","id":%d,"ts":%d,"args":{"result":"ok"}}\n',
}


_ONE_FLOW = {
    AWAITED: b'{"ph":"s","cat":"await","id":%d,"ts":%d,"args":{"cat":"asyncio","id":%d}}\n',
    RESUMED: b'{"ph":"f","bp":"e","cat":"await","id":%d,"ts":%d,"args":{"cat":"asyncio","id":%d}}\n',
}

json_string = _string

_NO_BEGIN = ("?", "running", "", "", "", 0, None)
_NO_END = ("failed", "?")


def process_name(pid, name):
    return ('{"ph":"M","name":"process_name","pid":%d,"tid":0,"args":{"name":%s}}\n'
            % (pid, _string(name)))


def _begin(pid, event_id, ts, texts):
    label, phase, detail, coro, task, tid, site = texts.pop(event_id, _NO_BEGIN)
    if detail is None:
        detail = "%s · %s" % (task, coro)
    # where the program created it (or awaits it): args.file and args.line
    where = ',"file":%s,"line":%d' % site if site else ""
    return ('{"ph":"b","cat":"asyncio","id":%d,"pid":%d,"tid":%d,"ts":%d,"name":%s,'
            '"args":{"phase":"%s","task":%s,"coro":%s,"detail":%s%s}}\n'
            % (event_id, pid, tid, ts // 1000, _string(label), phase, _string(task),
               _string(coro), _string(detail), where)).encode("utf-8", "backslashreplace")


def _end(event_id, ts, texts):
    result, message = texts.pop(-event_id, _NO_END)
    return ('{"ph":"e","cat":"asyncio","id":%d,"ts":%d,"args":{"result":"%s","message":%s}}\n'
            % (event_id, ts // 1000, result, _string(message))).encode("utf-8", "backslashreplace")


def _stall(pid, number, t0, t1, texts):
    held_by = texts.pop((STALL, number), "?")
    return ('{"ph":"C","name":"loop lag","pid":%d,"ts":%d,"args":{"value":%.3f,"held by":%s}}\n'
            % (pid, t1 // 1000, (t1 - t0) / 1e6, _string(held_by))).encode("utf-8", "backslashreplace")


def _work(pid, number, t0, t1, texts):
    label, tid, thread = texts.pop((WORK, number), ("?", 0, "thread"))
    return ('{"ph":"M","name":"thread_name","pid":%d,"tid":%d,"args":{"name":%s}}\n'
            '{"ph":"X","cat":"thread","pid":%d,"tid":%d,"ts":%d,"dur":%d,"name":%s}\n'
            % (pid, tid, _string(thread), pid, tid, t0 // 1000, (t1 - t0) // 1000,
               _string(label))).encode("utf-8", "backslashreplace")


def encode(events, texts, pid):
    """The lines of @events (kinds, ids and times, four by four)."""
    out = []
    add = out.append
    two = _TWO.get
    one = _ONE.get
    step = _TWO[STEP]
    it = iter(events)
    for kind, event_id, t0, t1 in zip(it, it, it, it):
        if kind == STEP:   # most of them
            add(step % (event_id, t0 // 1000, event_id, t1 // 1000))
            continue
        text = two(kind)
        if text is not None:
            add(text % (event_id, t0 // 1000, event_id, t1 // 1000))
            continue
        text = one(kind)
        if text is not None:
            add(text % (event_id, t0 // 1000))
        elif kind == BEGIN:
            add(_begin(pid, event_id, t0, texts))
        elif kind == END:
            add(_end(event_id, t0, texts))
        elif kind == STALL:
            add(_stall(pid, event_id, t0, t1, texts))
        elif kind in _ONE_FLOW:
            add(_ONE_FLOW[kind] % (t1, t0 // 1000, event_id))
        elif kind == WORK:
            add(_work(pid, event_id, t0, t1, texts))
        elif kind == WORK_AWAITED:
            add(b'{"ph":"s","cat":"await","id":%d,"pid":%d,"tid":%d,"ts":%d}\n' % (t1, pid, event_id, t0 // 1000))
    return b"".join(out)
