// SPDX-License-Identifier: GPL-3.0-or-later
// Lanes and their events in the feed's wire format (docs/feed.md): a lane
// per task, begun ('b'), moved from phase to phase ('n') and ended ('e');
// counters ('C'). Events are written into a buffer (each in one native call,
// its pieces joined first; a beginning's tail as bytes kept by call site),
// and leave together every few milliseconds. The lanes begun
// since the last batch lead it, each before the lanes it awaits or gathers,
// so that children show under their parent.

const FLUSH_MS = 10;
const FLUSH_BYTES = 256 * 1024;         // a batch this big leaves at once
const MAX_UNSENT = 8 * 1024 * 1024;     // bytes kept while not connected yet

// Milliseconds since the probe started, and their microseconds of
// CLOCK_MONOTONIC, the clock of Overlap's own runs. Read with
// process.hrtime(), on that clock: performance.now() reads it too, but
// returns each reading as a new heap number (16 bytes an await, for the
// scavenges to take), where hrtime's pair is dropped by the compiler once
// its two numbers are read. (Its own, taken now: the program may replace it.)
const hrtime = process.hrtime;
const originSeconds = hrtime()[0];
const base = originSeconds * 1e6;
export const now = () => {
  const t = hrtime();
  return (t[0] - originSeconds) * 1e3 + t[1] / 1e6;
};
export const micros = (ms) => Math.round(base + ms * 1000);

const ascii = (text) => Buffer.from(text, 'latin1');
const kinds = new Map();                // a category → its Kind
const quoted = new Map();               // a label or detail → its bytes as a JSON string (labels repeat)
const MAX_QUOTED = 10000;
const MAX_BEGINS = 8;                   // beginnings kept by a call site

function json (text) {
  let bytes = quoted.get(text);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(text), 'utf8');
    if (quoted.size >= MAX_QUOTED)
      quoted.clear();
    quoted.set(text, bytes);
  }
  return bytes;
}
const PHASES = {};
for (const phase of ['queued', 'waiting', 'running', 'blocking', 'connect', 'sending', 'receiving'])
  PHASES[phase] = { name: ascii(phase), suffix: `,"args":{"phase":"${phase}"}}\n` };
const NAME = ascii(',"name":');
const BEGIN_ARGS = ascii(',"args":{"phase":"');
const DETAIL = ascii('","detail":');
const FILE = ascii(',"file":');
const LINE = ascii(',"line":');
const QUOTE = ascii('"');
const END = ascii('}}\n');
const OK = ',"args":{"result":"ok"}}\n';
const RESULT = ',"args":{"result":"';

// A category's text (a lane's, or a flow's): each event of it up to its id,
// and a flow point's args naming a lane of it. Categories are the probe's
// own words, plain ASCII.
class Kind {
  constructor (cat) {
    const start = (ph) => `{"ph":"${ph}","cat":"${cat}","id":`;
    this.b = start('b');
    this.n = start('n');
    this.e = start('e');
    this.s = start('s');
    this.f = `{"ph":"f","bp":"e","cat":"${cat}","id":`;
    this.on = `,"args":{"cat":"${cat}","id":`;
  }
}

function kindOf (cat) {
  let kind = kinds.get(cat);
  if (kind === undefined)
    kinds.set(cat, kind = new Kind(cat));
  return kind;
}

// buffer.write(text, at, 'latin1') without the checks of its arguments
// (Buffer's own method for it, there since Node.js 0.x).
const latin1Write = typeof Buffer.prototype.latin1Write === 'function'
  ? Buffer.prototype.latin1Write
  : function (text, at) { return this.write(text, at, 'latin1'); };

// Bytes, growing as needed.
class Bytes {
  constructor (size) {
    this.buffer = Buffer.allocUnsafe(size);
    this.length = 0;
  }

  room (n) {
    if (this.length + n > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + n));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
  }

  // (A native copy: the probe's code runs cold often, a JS loop is slow there.)
  raw (bytes) {
    const n = bytes.length;
    this.room(n);
    this.buffer.set(bytes, this.length);
    this.length += n;
  }

  // ASCII text, in one native call: an event's numbers and fixed pieces
  // joined first (a string is cheaper to make than a call into C++).
  ascii (string) {
    this.room(string.length);
    this.length += latin1Write.call(this.buffer, string, this.length);
  }

  text (string) {
    this.room(string.length * 3);
    this.length += this.buffer.write(string, this.length);
  }

  // A whole number ≥ 0 below 2^53, in decimal.
  int (n) {
    this.room(16);
    this.length += latin1Write.call(this.buffer, String(n), this.length);
  }

  view () {
    return this.buffer.subarray(0, this.length);
  }
}

let timers = null;
let sink = null;        // (parts, n events) => false when they could not be taken
let fresh = [];         // lanes not announced yet
let spare = [];         // the list announced before, emptied (two lists for ever: the compiled
                        // code that reads them sees no new kind of array after a batch)
const head = new Bytes(64 * 1024);
const body = new Bytes(256 * 1024);
let bodyEvents = 0;
let timer = null;
let nextId = 1;
let dropped = 0;
let droppedSent = 0;

function schedule () {
  if (timer === null && sink !== null) {
    timer = timers.setTimeout(flush, FLUSH_MS);
    timer.unref();
  }
}

// Room for one more event, or a drop counted.
function room () {
  if (sink === null && body.length > MAX_UNSENT) {
    dropped++;
    return false;
  }
  bodyEvents++;
  return true;
}

function written () {
  if (body.length > FLUSH_BYTES)
    flush();
  else
    schedule();
}

export class Lane {
  constructor (cat, label, detail, start, phase) {
    this.id = nextId++;
    this.cat = kindOf(cat);
    this.label = label;
    this.detail = detail;
    this.start = start;
    this.firstPhase = phase;
    this.parent = null;         // the lane that awaits or gathers this one
    this.at = null;             // its call site, { file, line } (frames.mjs's site())
    this.awaits = null;         // the lane whose promise it awaits now
    this.overAt = -0.5;         // when its promise settled (a time: a fraction, so that the field holds
                                // doubles from the start; a whole number would be a small integer,
                                // and the first time set would make V8 rebuild every lane)
    this.fresh = true;
    this.ended = false;
    fresh.push(this);
    if (timer === null)
      schedule();
  }

  phase (t, name) {
    if (this.ended || !room())
      return;
    body.ascii(this.cat.n + this.id + ',"ts":' + micros(t) + PHASES[name].suffix);
    written();
  }

  end (t, result, message) {
    if (this.ended)
      return;
    this.ended = true;
    if (!room())
      return;
    const key = this.cat.e + this.id + ',"ts":' + micros(t);
    if (result === 'ok' && !message) {
      body.ascii(key + OK);
    } else {
      body.ascii(key + RESULT);
      body.text(message ? `${result}","message":${JSON.stringify(message)}` : `${result}"`);
      body.raw(END);
    }
    written();
  }

  announce () {
    this.fresh = false;
    head.ascii(this.cat.b + this.id + ',"ts":' + micros(this.start));
    const at = this.at;
    if (at === null) {
      this.begin(head);
      return;
    }
    // The rest is the same for every lane begun at one call site
    // (the site's, frames.mjs): its bytes are kept there.
    const begins = at.begins ?? (at.begins = []);
    for (let i = 0; i < begins.length; i++) {
      const known = begins[i];
      if (known.label === this.label && known.detail === this.detail && known.phase === this.firstPhase) {
        head.raw(known.bytes);
        return;
      }
    }
    const from = head.length;
    this.begin(head);
    if (begins.length < MAX_BEGINS)
      begins.push({ label: this.label, detail: this.detail, phase: this.firstPhase,
                    bytes: Buffer.from(head.buffer.subarray(from, head.length)) });
  }

  // What follows a beginning's timestamp.
  begin (head) {
    head.raw(NAME);
    head.raw(json(this.label));
    head.raw(BEGIN_ARGS);
    head.raw(PHASES[this.firstPhase].name);
    if (this.detail) {
      head.raw(DETAIL);
      head.raw(json(this.detail));
    } else {
      head.raw(QUOTE);
    }
    if (this.at !== null) {
      head.raw(FILE);
      head.raw(json(this.at.file));
      head.raw(LINE);
      head.int(this.at.line);
    }
    head.raw(END);
  }
}

let nextFlow = 1;
// The end of the last flow start written, from lane `lane` at `t` (a
// combinator starts one to each of its elements, from one place and time).
const lastStart = { lane: null, t: 0, text: '' };

const pointEnd = (t, lane) => ',"ts":' + micros(t) + lane.cat.on + lane.id + '}}\n';

// An arrow (a flow of category @cat: "await", "gather") from lane @from at
// @fromT to lane @to at @toT; each point names the lane it is on by its
// "cat" and "id" in args (docs/feed.md).
export function flow (cat, from, fromT, to, toT) {
  if (from === to || to.ended || !room())
    return;
  bodyEvents++;
  const kind = kindOf(cat);
  const id = nextFlow++;
  if (lastStart.lane !== from || lastStart.t !== fromT) {
    lastStart.lane = from;
    lastStart.t = fromT;
    lastStart.text = pointEnd(fromT, from);
  }
  body.ascii(kind.s + id + lastStart.text + kind.f + id + pointEnd(toT, to));
  written();
}

// The lanes begun since @start that belong to no one yet go under @parent:
// what a call or a continuation started while it ran.
export function adoptSince (parent, start) {
  for (let i = fresh.length - 1; i >= 0; i--) {
    const lane = fresh[i];
    if (lane.start < start)
      break;
    if (lane.parent === null && lane !== parent)
      lane.parent = parent;
  }
}

export function counter (name, t, value) {
  if (!room())
    return;
  body.text(`{"ph":"C","name":${JSON.stringify(name)},"ts":${micros(t)},` +
            `"args":{"value":${Math.round(value * 1000) / 1000}}}\n`);
  written();
}

// A thread's lane (docs/feed.md: spans on a lane per tid): its name, then
// one span from @t to its end.
export class ThreadLane {
  constructor (tid, name) {
    this.tid = tid;
    this.open = false;
    line(`{"ph":"M","name":"thread_name","pid":${process.pid},"tid":${tid},"args":{"name":${JSON.stringify(name)}}}\n`);
  }

  begin (t, name, at) {
    if (this.open)
      return;
    this.open = true;
    const where = at !== null ? `,"args":{"file":${JSON.stringify(at.file)},"line":${at.line}}` : '';
    line(`{"ph":"B","pid":${process.pid},"tid":${this.tid},"ts":${micros(t)},"name":${JSON.stringify(name)}${where}}\n`);
  }

  mark (t, name) {
    line(`{"ph":"i","pid":${process.pid},"tid":${this.tid},"ts":${micros(t)},"name":${JSON.stringify(name)},"s":"t"}\n`);
  }

  end (t) {
    if (!this.open)
      return;
    this.open = false;
    line(`{"ph":"E","pid":${process.pid},"tid":${this.tid},"ts":${micros(t)}}\n`);
  }
}

function line (text) {
  if (!room())
    return;
  body.text(text);
  written();
}

// The fresh lanes' beginnings, parents first, depth first, in the order the
// lanes were made (an explicit stack: awaits may nest deep).
function announceFresh () {
  const list = fresh;

  fresh = spare;
  spare = list;
  try {
    return announceList(list);
  } finally {
    list.length = 0;
  }
}

function announceList (list) {
  let children = null;

  for (const lane of list) {
    const parent = lane.parent;
    if (parent !== null && parent.fresh && parent !== lane) {
      children ??= new Map();
      const siblings = children.get(parent);
      if (siblings === undefined)
        children.set(parent, [lane]);
      else
        siblings.push(lane);
    }
  }
  if (children === null) {        // no family among them: in order
    for (const lane of list)
      lane.announce();
    return list.length;
  }
  const stack = [];
  for (const first of list) {
    if (!first.fresh || (first.parent !== null && first.parent.fresh && first.parent !== first))
      continue;       // announced, or to be announced under its parent
    stack.push(first);
    while (stack.length !== 0) {
      const lane = stack.pop();
      if (!lane.fresh)
        continue;
      lane.announce();
      const kids = children.get(lane);
      if (kids !== undefined)
        for (let i = kids.length - 1; i >= 0; i--)
          stack.push(kids[i]);
    }
  }
  for (const lane of list)        // a cycle of parents: none was first
    if (lane.fresh)
      lane.announce();
  return list.length;
}

export function flush () {
  if (timer !== null) {
    timers.clearTimeout(timer);
    timer = null;
  }
  if (sink === null)
    return;
  if (dropped !== droppedSent) {
    droppedSent = dropped;
    counter('events dropped by the probe', now(), dropped);
  }
  const n = (fresh.length !== 0 ? announceFresh() : 0) + bodyEvents;
  if (n !== 0 && !sink([head.view(), body.view()]))
    dropped += n;
  head.length = body.length = 0;
  bodyEvents = 0;
}

// Events go to @write from now on (null: they wait, up to a limit).
export function connect (write, timers_) {
  sink = write;
  timers = timers_;
  if (sink !== null)
    flush();
}

// Forgets every lane and event: the next connection starts afresh.
export function reset () {
  if (timer !== null)
    timers.clearTimeout(timer);
  timer = null;
  sink = null;
  fresh.length = spare.length = 0;
  head.length = body.length = 0;
  bodyEvents = 0;
  dropped = droppedSent = 0;
  lastStart.lane = null;
}
