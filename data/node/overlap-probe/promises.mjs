// SPDX-License-Identifier: GPL-3.0-or-later
// Async function calls and Promise combinators as lanes, from V8's promise
// hooks (node:v8 promiseHooks: the hooks async_hooks is built on, without
// its bookkeeping, which alone doubles the cost of a promise-heavy program).
//
// What the hooks say, and how it is read:
// - init(promise, parent): a promise is made. One without a parent (a "root")
//   may be an async function's own promise, or new Promise(), Promise.resolve(),
//   a combinator's result; the roots still pending are kept while the current
//   job runs. One with a parent is a reaction to it: an await (V8's throwaway
//   promise) or then().
// - A reaction made while a root of the same stretch of code is pending (and
//   is not what it reacts to) may be an async function reaching its first
//   await: then, and only then, the stack is read. An awaiting function on top
//   is an await, labelled by the call under it; then() inside
//   Promise.all/allSettled/race/any is the combinator taking an element; a
//   plain then() is neither. One stack per async call, not one per promise.
// - before/after(promise): a reaction job. When its promise is a lane's
//   await, the lane's continuation runs: "running", or "blocking" past 5 ms
//   (a step too short to see is left in the wait around it). The last
//   reaction it makes is its next await ("waiting"); if a promise settling
//   comes last instead, that was its own: it returned or threw.
// - settled(promise): a combinator is over; so is an async function that
//   returned a promise, when its own settles.

import util from 'node:util';
import v8 from 'node:v8';

import { Lane, adoptSince, flow, now } from './lanes.mjs';
import { callText, capture, functionName, grabbed, grabbing, isModuleCode, isUser, site as siteOf, where } from './frames.mjs';

export const STALL_MS = 5;
const STEP_MS = 0.05;           // a step shorter than this is drawn as part of the wait around it
const MAX_ROOTS = 512;
const UNKNOWN = -1;
const COMBINATORS = new Set(['all', 'allSettled', 'race', 'any']);
const REACTIONS = new Set(['then', 'catch', 'finally']);
const then = Promise.prototype.then;
const INSPECT = { depth: 0, customInspect: false, showProxy: true, maxArrayLength: 0,
                  maxStringLength: 200, breakLength: Infinity };

class PromiseLane extends Lane {
  constructor (label, detail, start, phase, promise, kind) {
    super('async', label, detail, start, phase);
    this.promise = promise;     // its own promise, as far as the hooks tell
    this.kind = kind;           // the combinator, or null: an async call
    this.reacted = false;       // something awaits it or reacts to it
    this.returned = false;      // an async call that returned a promise
    this.over = false;
    this.session = session;
  }
}

// The roots made since the current job began and still pending: each with
// when it was made, the probe's own time spent by then, and what the stack
// said of it (0 nothing yet, 1 "not an await" once, a lane: an open
// combinator taking its elements). Inside a lane's continuation the clock is
// not read for each (most are what it awaits next): their time is UNKNOWN,
// and a call among them starts at its first await, what it did before that
// being the continuation's.
const roots = {
  n: 0,
  promises: new Array(MAX_ROOTS),
  times: new Float64Array(MAX_ROOTS),
  spent: new Float64Array(MAX_ROOTS),
  marks: new Array(MAX_ROOTS),
};

// The lane whose continuation runs, and what it did last: the last reaction
// it made (and the lane that awaits, if any), or the last promise it saw settle.
const seg = {
  lane: null, promise: null, start: 0, spent: 0,
  last: null, lastSettled: false, awaited: null,
};

const probe = { own: 0, spent: 0 };     // own > 0: the probe makes promises; spent: ms reading stacks
// A lane is found from its promises through private fields (a class's
// constructor returning the promise puts them on it): as cheap as
// properties, and nothing the program can list or print. The lane awaiting
// is on its awaits (promises only V8 sees, mostly), the lane itself on its
// own promise. Lanes of an earlier connection are left out by their session.
// Both fields come with the first one set, so each access has one field and
// one shape of promise to know (two classes sharing their methods' code
// would make every access see two fields).
class Stamp {
  constructor (object) {
    return object;
  }
}

class Marks extends Stamp {
  #awaiting;
  #own;

  static awaiting (promise) {
    return #awaiting in promise ? promise.#awaiting : undefined;
  }

  static setAwaiting (promise, lane) {
    if (#awaiting in promise)
      promise.#awaiting = lane;
    else
      new Marks(promise).#awaiting = lane;
  }

  static own (promise) {
    return #own in promise ? promise.#own : undefined;
  }

  static setOwn (promise, lane) {
    if (#own in promise)
      promise.#own = lane;
    else
      new Marks(promise).#own = lane;
  }
}

let session = 0;

function laneOf (promise) {
  const lane = Marks.own(promise);
  return lane !== undefined && lane !== null && lane.session === session ? lane : undefined;
}

let stopHooks = null;

function dropRoot (i) {
  const n = --roots.n;
  for (; i < n; i++) {
    roots.promises[i] = roots.promises[i + 1];
    roots.times[i] = roots.times[i + 1];
    roots.spent[i] = roots.spent[i + 1];
    roots.marks[i] = roots.marks[i + 1];
  }
  roots.promises[n] = roots.marks[n] = undefined;
}

// (What the arrays still hold past n is a few hundred promises at most,
// overwritten soon.)
function clearRoots () {
  roots.n = 0;
}

function rootIndex (promise) {
  for (let i = roots.n - 1; i >= 0; i--)
    if (roots.promises[i] === promise)
      return i;
  return -1;
}

// What the program did from @start (with the probe's own time @spentBefore)
// to @end: held the loop, ran, or too little to draw.
function phaseOver (start, spentBefore, end) {
  const length = end - start - (probe.spent - spentBefore);
  return length >= STALL_MS ? 'blocking' : length >= STEP_MS ? 'running' : null;
}

function describe (reason) {
  try {
    if (reason instanceof Error)
      return `${reason.name}: ${reason.message}`;
    return typeof reason === 'string' ? reason : util.inspect(reason, INSPECT);
  } catch {
    return 'rejected';
  }
}

// Whether @promise was rejected, read without reacting to it (a reaction
// would mark a rejection handled and change what the program does). This
// reads the reason's stack, which decides where Node says an uncaught error
// was thrown: it waits until Node has dealt with the job's rejections (see
// settleLater).
function outcome (promise) {
  probe.own++;
  try {
    const text = util.inspect(promise, INSPECT);
    const at = text.indexOf('<rejected> ');
    if (at < 0)
      return null;
    return text.slice(at + 11).split('\n')[0].replace(/ }$/, '').trim();
  } catch {
    return null;
  } finally {
    probe.own--;
  }
}

// Lanes over, whose promise no one reacted to: how each ended is read after
// the job, in a timer of the loop (or at exit), when Node has reported the
// rejections no one handled.
let timers = null;
let later = [];
let laterTimer = null;

export function settleNow () {
  const list = later;
  later = [];
  if (laterTimer !== null)
    timers.clearTimeout(laterTimer);
  laterTimer = null;
  for (const { lane, promise, t } of list) {
    const message = outcome(promise);
    lane.end(t, message === null ? 'ok' : 'failed', message);
  }
}

function settleLater (lane, promise, t) {
  later.push({ lane, promise, t });
  if (laterTimer === null) {
    laterTimer = timers.setTimeout(settleNow, 0);
    laterTimer.unref();
  }
}

// Lanes whose promise, settled and already handled, got a reaction of the
// probe's to tell how it ended (finish), in the order they got it. Such a
// reaction's job is queued at once, in that order, and jobs run in the order
// queued: each job that runs is the first lane's, so one pair of handlers
// serves all, no closure made for each.
const telling = { lanes: [], first: 0 };

function toldLane () {
  const lane = telling.lanes[telling.first];
  telling.lanes[telling.first++] = undefined;
  if (telling.first === telling.lanes.length)
    telling.lanes.length = telling.first = 0;
  return lane;
}

function toldOk () {
  const lane = toldLane();
  lane?.end(lane.overAt, 'ok');
}

function toldFailed (reason) {
  const lane = toldLane();
  lane?.end(lane.overAt, 'failed', describe(reason));
}

function finish (lane, promise, t) {
  if (lane.over)
    return;
  lane.over = true;
  lane.overAt = t;
  Marks.setOwn(lane.promise, null);
  if (lane.kind === 'allSettled') {
    lane.end(t, 'ok');
  } else if (promise === lane.promise && lane.reacted && Object.getPrototypeOf(promise) === Promise.prototype) {
    // Already handled: one more reaction changes nothing.
    probe.own++;
    try {
      then.call(promise, toldOk, toldFailed);
      telling.lanes.push(lane);
    } finally {
      probe.own--;
    }
  } else {
    settleLater(lane, promise, t);
  }
}

function noteAwait (promise, parentLane) {
  seg.last = promise;
  seg.lastSettled = false;
  seg.awaited = parentLane ?? null;
}

function adopt (parent, childLane) {
  if (childLane !== undefined && childLane.parent === null && childLane !== parent)
    childLane.parent = parent;
}

// A combinator takes @childLane: an arrow from it to the child.
function gather (combinatorLane, childLane) {
  adopt(combinatorLane, childLane);
  if (childLane !== undefined)
    flow('gather', combinatorLane, combinatorLane.start, childLane, combinatorLane.start);
}

function combinator (i, kind, site, childLane) {
  const promise = roots.promises[i];
  const start = roots.times[i] !== UNKNOWN ? roots.times[i] : now();
  const lane = new PromiseLane('Promise.' + kind, site !== undefined ? where(site) : '', start,
                               'waiting', promise, kind);
  lane.at = siteOf(site);
  Marks.setOwn(promise, lane);
  roots.marks[i] = lane;
  gather(lane, childLane);
}

// What the stack says of a call that reached its first await: a lane, for
// the root @promise made at @start, unless it is the runtime's own work.
function activation (promise, start, spentBefore, awaitPromise, t, frames, parentLane) {
  if (start === UNKNOWN) {
    start = t;
    spentBefore = probe.spent;
  }
  const top = frames[0];
  const below = frames[1];
  // (An await frame of an async stack trace, not a caller, only ever comes
  // in a continuation.)
  const userCaller = below !== undefined && isUser(below) && (seg.lane === null || !below.async);

  if (!userCaller && (!isUser(top) || isModuleCode(top)))
    return null;        // the runtime's work for itself, or a module's top-level await
  const phase = phaseOver(start, spentBefore, t);
  const lane = new PromiseLane((userCaller && callText(below)) || functionName(top),
                               where(userCaller ? below : top), start, phase ?? 'waiting', promise, null);
  lane.at = siteOf(userCaller ? below : top);
  Marks.setOwn(promise, lane);
  Marks.setAwaiting(awaitPromise, lane);
  if (phase !== null)
    lane.phase(t, 'waiting');
  adopt(lane, parentLane);
  lane.awaits = parentLane ?? null;
  adoptSince(lane, start);
  return lane;
}

// Whether the stack shows the running continuation's own await (no caller
// of the program's under the awaiting function), not a call it makes.
function ownAwait (frames) {
  const below = frames[1];
  return seg.lane !== null && (below === undefined || below.async || !isUser(below));
}

// `await value`, a value that is no promise: V8 wraps it in a promise whose
// parent is the awaiting function's own, settles that at once, and awaits
// it. A reaction to a root is remembered, with the root, until the next
// hook tells whether it was such a wrapper.
const wrapper = {
  promise: null, settled: false,
  root: null, time: 0, spent: 0,            // the root it reacted to
  lane: null,                               // the lane the stack gave it, taking…
  taken: null, takenTime: 0, takenSpent: 0, // …this other root, if so
};

function remember (promise, i) {
  wrapper.promise = promise;
  wrapper.settled = false;
  wrapper.root = roots.promises[i];
  wrapper.time = roots.times[i];
  wrapper.spent = roots.spent[i];
  wrapper.lane = wrapper.taken = null;
}

// @promise awaits the wrapper: its root was the awaiting function's own.
function awaitedValue (promise, parentLane, t) {
  const lane = wrapper.lane;
  wrapper.promise = null;
  if (lane !== null) {
    // The stack was read at the wrapper and gave the lane a root of a caller:
    // that one goes back, the wrapped one is the lane's.
    Marks.setOwn(lane.promise, null);
    if (wrapper.taken !== null && roots.n < MAX_ROOTS) {
      const i = roots.n++;
      roots.promises[i] = wrapper.taken;
      roots.times[i] = wrapper.takenTime;
      roots.spent[i] = wrapper.takenSpent;
      roots.marks[i] = 0;
    }
    lane.promise = wrapper.root;
    if (wrapper.time !== UNKNOWN)
      lane.start = wrapper.time;
    Marks.setOwn(wrapper.root, lane);
    Marks.setAwaiting(promise, lane);
    return;
  }
  const frames = capture(onInit);
  const top = frames[0];
  if (top === undefined || top.file === null)
    return;             // then() on then()
  if (ownAwait(frames))
    noteAwait(promise, parentLane);
  else
    activation(wrapper.root, wrapper.time, wrapper.spent, promise, t, frames, parentLane);
}

// Where the promise a reaction reacts to was among the roots (-1: not one).
let awaitedAt = -1;

// A reaction made while the innermost pending root is still unexplained.
function placeReaction (promise, parentLane, t) {
  const i = roots.n - 1;
  const mark = roots.marks[i];
  if (mark !== 0 && mark !== 1) {
    gather(mark, parentLane);       // inside Promise.all(…): its elements
    return;
  }
  const frames = grabbed();
  const top = frames[0];
  if (top === undefined)
    return;
  if (top.file === null) {
    const under = frames[1];
    const kind = under !== undefined && under.file === null ? under.name : null;
    if (COMBINATORS.has(kind) && REACTIONS.has(top.name))
      combinator(i, kind, capture(onInit, 3)[2], parentLane);
    else if (mark === 1)
      dropRoot(i);
    else
      roots.marks[i] = 1;
    return;
  }
  if (ownAwait(frames)) {
    dropRoot(i);
    noteAwait(promise, parentLane);     // the root is a promise it made
    return;
  }
  // A call's first await: its promise is the innermost root made before
  // what it awaits (the roots made since are the callee's, still pending:
  // once()'s, spawn()'s, fetch()'s own promises), and those go.
  const k = awaitedAt >= 1 && awaitedAt <= i ? awaitedAt - 1 : i;
  const root = roots.promises[k];
  const start = roots.times[k];
  const spentBefore = roots.spent[k];
  for (let j = k; j < roots.n; j++)
    roots.promises[j] = roots.marks[j] = undefined;
  roots.n = k;
  const lane = activation(root, start, spentBefore, promise, t, frames, parentLane);
  if (promise === wrapper.promise && lane !== null) {
    wrapper.lane = lane;
    wrapper.taken = root;
    wrapper.takenTime = start;
    wrapper.takenSpent = spentBefore;
  }
}

// What @read does with the stack is the probe's time, not the program's, and
// never the program's problem.
function withStack (read, promise, parentLane, t) {
  try {
    read(promise, parentLane, t);
  } catch {
    clearRoots();
  }
  probe.spent += now() - t;
}

function onInit (promise, parent) {
  if (probe.own !== 0)
    return;
  if (parent === undefined) {
    wrapper.promise = null;
    if (roots.n === MAX_ROOTS)
      clearRoots();
    const i = roots.n++;
    roots.promises[i] = promise;
    roots.times[i] = seg.lane !== null ? UNKNOWN : now();
    roots.spent[i] = probe.spent;
    roots.marks[i] = 0;
    return;
  }
  const parentLane = laneOf(parent);
  if (parentLane !== undefined)
    parentLane.reacted = true;
  if (wrapper.promise !== null) {
    if (parent === wrapper.promise && wrapper.settled) {
      withStack(awaitedValue, promise, parentLane, now());
      return;
    }
    wrapper.promise = null;
  }
  if (roots.n !== 0) {
    const i = roots.promises[roots.n - 1] === parent ? roots.n - 1 : rootIndex(parent);
    if (i >= 0) {
      if (roots.marks[i] === 0)
        remember(promise, i);
      dropRoot(i);
    }
    awaitedAt = i;
    if (roots.n !== 0) {
      const t = now();
      const mark = roots.marks[roots.n - 1];
      if (mark === 0 || mark === 1) {
        // The stack, walked here (placeReaction reads it): see grabbing.
        const limit = Error.stackTraceLimit;
        try {
          Error.stackTraceLimit = grabbing.depth;
          Error.captureStackTrace(grabbing.holder, onInit);
          grabbing.ok = true;
        } catch {
          grabbing.ok = false;
        } finally {
          Error.stackTraceLimit = limit;
        }
      }
      withStack(placeReaction, promise, parentLane, t);
      return;
    }
  }
  if (seg.lane !== null)
    noteAwait(promise, parentLane);
}

function onBefore (promise) {
  if (probe.own !== 0)
    return;
  wrapper.promise = null;
  if (roots.n !== 0)
    clearRoots();
  const lane = Marks.awaiting(promise);
  if (lane === undefined || lane === null || lane.session !== session) {
    seg.lane = null;
    return;
  }
  seg.lane = lane;
  seg.promise = promise;
  seg.start = now();
  const awaited = lane.awaits;
  if (awaited !== null) {
    // it awaited a lane's promise, settled by now: an arrow to its resumption
    lane.awaits = null;
    if (awaited.overAt >= 0 && awaited.session === session)
      flow('await', awaited, awaited.overAt, lane, seg.start);
  }
  seg.spent = probe.spent;
  seg.last = seg.awaited = null;
}

function onAfter (promise) {
  const lane = seg.lane;
  if (lane === null || promise !== seg.promise)
    return;
  const t = now();
  seg.lane = seg.promise = null;
  if (lane.over)
    return;
  const phase = phaseOver(seg.start, seg.spent, t);
  if (phase !== null)
    lane.phase(seg.start, phase);
  adoptSince(lane, seg.start);
  if (seg.last === null) {
    lane.returned = true;       // over when its own promise settles
    if (phase !== null)
      lane.phase(t, 'waiting');
  } else if (seg.lastSettled) {
    try {
      finish(lane, seg.last, t);
    } catch {
      lane.end(t, 'ok');
    }
  } else {
    Marks.setAwaiting(seg.last, lane);
    if (phase !== null)
      lane.phase(t, 'waiting');
    lane.awaits = seg.awaited;
    if (seg.awaited !== null)
      adopt(lane, seg.awaited);
  }
  seg.last = seg.awaited = null;
}

function onSettled (promise) {
  if (probe.own !== 0)
    return;
  if (wrapper.promise !== null) {
    if (promise === wrapper.promise && !wrapper.settled)
      wrapper.settled = true;
    else
      wrapper.promise = null;
  }
  if (roots.n !== 0 && roots.promises[roots.n - 1] === promise) {
    roots.n--;
    roots.promises[roots.n] = roots.marks[roots.n] = undefined;
  }
  if (seg.lane !== null && promise !== seg.promise) {
    seg.last = promise;
    seg.lastSettled = true;
  }
  const lane = laneOf(promise);
  if (lane !== undefined && lane !== seg.lane && (lane.kind !== null || lane.returned)) {
    try {
      finish(lane, promise, now());
    } catch {
      lane.end(now(), 'ok');
    }
  }
}

export function startPromises (timers_) {
  timers = timers_;
  if (stopHooks === null)
    stopHooks = v8.promiseHooks.createHook({ init: onInit, before: onBefore, after: onAfter, settled: onSettled });
}

export function stopPromises () {
  if (stopHooks !== null)
    stopHooks();
  stopHooks = null;
  clearRoots();
  later = [];
  if (laterTimer !== null)
    timers.clearTimeout(laterTimer);
  laterTimer = null;
  wrapper.promise = wrapper.root = wrapper.lane = wrapper.taken = null;
  session++;
  seg.lane = seg.promise = seg.last = seg.awaited = null;
}
