// SPDX-License-Identifier: GPL-3.0-or-later
// Lanes and their events in the feed's wire format (docs/feed.md): a lane
// per task, begun ('b'), moved from phase to phase ('n') and ended ('e');
// counters ('C'). Events are written as bytes into a buffer, no string made
// per event, and leave together every few milliseconds. The lanes begun
// since the last batch lead it, each before the lanes it awaits or gathers,
// so that children show under their parent.

const FLUSH_MS = 10;
const FLUSH_BYTES = 256 * 1024;         // a batch this big leaves at once
const MAX_UNSENT = 8 * 1024 * 1024;     // bytes kept while not connected yet

// Microseconds of CLOCK_MONOTONIC, the clock of Overlap's own runs:
// performance.now() counts from process.hrtime's origin, on that clock.
const base = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
export const now = () => performance.now();
export const micros = (ms) => Math.round(base + ms * 1000);

const ascii = (text) => Buffer.from(text, 'latin1');
const cats = new Map();                 // a lane kind → its bytes
const quoted = new Map();               // a label or detail → its bytes as a JSON string (labels repeat)
const MAX_QUOTED = 10000;

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
  PHASES[phase] = { name: ascii(phase), suffix: ascii(`,"args":{"phase":"${phase}"}}\n`) };
const B = ascii('{"ph":"b","cat":"');
const N = ascii('{"ph":"n","cat":"');
const E = ascii('{"ph":"e","cat":"');
const ID = ascii('","id":');
const TS = ascii(',"ts":');
const NAME = ascii(',"name":');
const BEGIN_ARGS = ascii(',"args":{"phase":"');
const DETAIL = ascii('","detail":');
const QUOTE_END = ascii('"}}\n');
const QUOTE = ascii('"');
const END = ascii('}}\n');
const OK = ascii(',"args":{"result":"ok"}}\n');
const RESULT = ascii(',"args":{"result":"');

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

  raw (bytes) {
    const n = bytes.length;
    this.room(n);
    if (n > 32) {
      this.buffer.set(bytes, this.length);
    } else {
      const buffer = this.buffer;
      for (let i = 0, at = this.length; i < n; i++, at++)
        buffer[at] = bytes[i];
    }
    this.length += n;
  }

  text (string) {
    this.room(string.length * 3);
    this.length += this.buffer.write(string, this.length);
  }

  // A whole number ≥ 0 below 2^53, in decimal.
  int (n) {
    this.room(16);
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10))
      digits++;
    let at = this.length + digits;
    this.length = at;
    do {
      const q = Math.floor(n / 10);
      this.buffer[--at] = 48 + n - q * 10;
      n = q;
    } while (n > 0);
  }

  view () {
    return this.buffer.subarray(0, this.length);
  }
}

let timers = null;
let sink = null;        // (parts, n events) => false when they could not be taken
let fresh = [];         // lanes not announced yet
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
    let bytes = cats.get(cat);
    if (bytes === undefined)
      cats.set(cat, bytes = ascii(cat));
    this.id = nextId++;
    this.cat = bytes;
    this.label = label;
    this.detail = detail;
    this.start = start;
    this.firstPhase = phase;
    this.parent = null;         // the lane that awaits or gathers this one
    this.source = null;         // `,"file":…,"line":…` where the program made it (frames.sourceOf)
    this.fresh = true;
    this.ended = false;
    fresh.push(this);
    if (timer === null)
      schedule();
  }

  key (out, prefix, t) {
    out.raw(prefix);
    out.raw(this.cat);
    out.raw(ID);
    out.int(this.id);
    out.raw(TS);
    out.int(micros(t));
  }

  phase (t, name) {
    if (this.ended || !room())
      return;
    this.key(body, N, t);
    body.raw(PHASES[name].suffix);
    written();
  }

  end (t, result, message) {
    if (this.ended)
      return;
    this.ended = true;
    if (!room())
      return;
    this.key(body, E, t);
    if (result === 'ok' && !message) {
      body.raw(OK);
    } else {
      body.raw(RESULT);
      body.text(message ? `${result}","message":${JSON.stringify(message)}` : `${result}"`);
      body.raw(END);
    }
    written();
  }

  announce () {
    this.fresh = false;
    this.key(head, B, this.start);
    head.raw(NAME);
    head.raw(json(this.label));
    head.raw(BEGIN_ARGS);
    head.raw(PHASES[this.firstPhase].name);
    if (this.detail) {
      head.raw(DETAIL);
      head.raw(json(this.detail));
      if (this.source !== null)
        head.raw(this.source);
      head.raw(END);
    } else if (this.source !== null) {
      head.raw(QUOTE);
      head.raw(this.source);
      head.raw(END);
    } else {
      head.raw(QUOTE_END);
    }
  }
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

// The fresh lanes' beginnings, parents first, depth first, in the order the
// lanes were made (an explicit stack: awaits may nest deep).
function announceFresh () {
  const list = fresh;
  const children = new Map();

  fresh = [];
  for (const lane of list) {
    const parent = lane.parent;
    if (parent !== null && parent.fresh && parent !== lane) {
      const siblings = children.get(parent);
      if (siblings === undefined)
        children.set(parent, [lane]);
      else
        siblings.push(lane);
    }
  }
  for (const first of list) {
    if (!first.fresh || (first.parent !== null && first.parent.fresh && first.parent !== first))
      continue;       // announced, or to be announced under its parent
    const stack = [first];
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
  fresh = [];
  head.length = body.length = 0;
  bodyEvents = 0;
  dropped = droppedSent = 0;
}
