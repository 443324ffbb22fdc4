// SPDX-License-Identifier: GPL-3.0-or-later
// Who is running: the call sites of the stack, and the words the program
// used there ("task('A', 2)", read from its source), for labels. Reading a
// call site asks V8 each time, so each is read once, into a frame.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEPTH = 2;                        // frames kept: the awaiting function and its caller
const MAX_SOURCE = 4 * 1024 * 1024;     // bytes: larger files are not read for labels
const MAX_LABEL = 60;
const MAX_CALL = 600;                   // characters of source a call may span

const ownDir = path.dirname(fileURLToPath(import.meta.url)) + path.sep;
const holder = {};
const files = new Map();                // file name → what is known of it (fileOf)

class Frame {
  constructor (site) {
    this.site = site;
    this.file = site.getFileName() || null;     // null: a builtin (then, Promise.all, Array.map)
    this.call = null;                           // what is at its position, once asked (callAt)
    this.known = undefined;                     // its name, once asked
  }

  get name () {
    if (this.known === undefined)
      this.known = this.site.getFunctionName() || null;
    return this.known;
  }

  // An "await" frame of an async stack trace, not a caller.
  get async () {
    return this.site.isAsync();
  }
}

function framesOf (error, sites) {
  const frames = new Array(sites.length);
  for (let i = 0; i < sites.length; i++)
    frames[i] = new Frame(sites[i]);
  return frames;
}

// The stack below a function of the probe, in two steps: that function
// walks it, where it is, with Error.captureStackTrace(grabbing.holder,
// itself) and grabbing.ok = true (V8 walks, and summarises when they are
// optimized, all the frames above the one it leaves out: a function called
// for the walk would be one more, and the compiler does not always inline
// it), and grabbed() reads what it found, later.
export const grabbing = { holder: {}, depth: DEPTH, ok: false };

// The frames of the last walk, once.
export function grabbed () {
  if (!grabbing.ok)
    return [];
  grabbing.ok = false;
  const prepare = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = framesOf;
    const frames = grabbing.holder.stack;
    return Array.isArray(frames) ? frames : [];
  } catch {
    return [];
  } finally {
    Error.prepareStackTrace = prepare;
  }
}

// The stack below @above (which is left out, with all it called), without
// touching what the program set in Error.
export function capture (above, depth = DEPTH) {
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  try {
    Error.stackTraceLimit = depth;
    Error.prepareStackTrace = framesOf;
    Error.captureStackTrace(holder, above);
    const frames = holder.stack;
    return Array.isArray(frames) ? frames : [];
  } catch {
    return [];
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

function localPath (file) {
  if (!file.startsWith('file:'))
    return file;
  try {
    return fileURLToPath(file);
  } catch {
    return file;
  }
}

function fileOf (file) {
  let known = files.get(file);
  if (known === undefined) {
    const local = localPath(file);
    known = {
      local,
      user: !file.startsWith('node:') && !local.startsWith(ownDir),
      name: path.basename(local),
      lines: undefined,                 // its source, read when a label needs it
      calls: new Map(),                 // position → { text: the call there, or null; where: "file:line" }
    };
    files.set(file, known);
  }
  return known;
}

export function isUser (frame) {
  return frame.file !== null && fileOf(frame.file).user;
}

// A module's or script's own code, outside any function.
export function isModuleCode (frame) {
  return frame.file !== null && frame.name === null && frame.site.getEnclosingLineNumber?.() === 1 &&
         frame.site.getEnclosingColumnNumber?.() === 1;
}

function linesOf (known) {
  if (known.lines === undefined) {
    known.lines = null;
    try {
      if (fs.statSync(known.local).size <= MAX_SOURCE)
        known.lines = fs.readFileSync(known.local, 'utf8').split('\n');
    } catch {
      // not a file: eval, a REPL, a data: URL
    }
  }
  return known.lines;
}

// From the start of @text, a callee and its balanced parentheses:
// "task('A', 2)". Strings, template literals and comments are skipped over;
// null if the text is not a call.
function scanCall (text) {
  const callee = /^(new\s+)?[\p{L}\p{N}_$.#]+\s*(\?\.\s*)?\(/u.exec(text);
  if (callee === null)
    return null;
  let depth = 0;
  for (let i = callee[0].length - 1; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0)
        return text.slice(0, i + 1);
    } else if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++)
        if (text[i] === '\\')
          i++;
    } else if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0)
        return null;
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0)
        return null;
      i++;
    }
  }
  return null;
}

// On one line, and short: past MAX_LABEL, the arguments after the first
// become "…" ("new Worker(busyLoop, …)").
function shorten (text) {
  const flat = text.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');
  if (flat.length <= MAX_LABEL)
    return flat;
  const open = flat.indexOf('(');
  let depth = 0;
  for (let i = open + 1; i < flat.length && i < MAX_LABEL; i++) {
    const c = flat[i];
    if (c === '(' || c === '[' || c === '{')
      depth++;
    else if (c === ')' || c === ']' || c === '}')
      depth--;
    else if (c === ',' && depth === 0)
      return flat.slice(0, i) + ', …)';
  }
  return flat.slice(0, MAX_LABEL - 2) + '…)';
}

// What is at @frame's position: where it is, and the call there as the
// program wrote it (or null).
function callAt (frame) {
  if (frame.call !== null)
    return frame.call;
  const known = fileOf(frame.file);
  const site = frame.site;
  const position = typeof site.getPosition === 'function'
    ? site.getPosition() : site.getLineNumber() * 0x100000 + site.getColumnNumber();
  let call = known.calls.get(position);
  if (call !== undefined)
    return (frame.call = call);
  const line = frame.site.getLineNumber();
  const column = frame.site.getColumnNumber();
  const lines = linesOf(known);
  call = { where: `${known.name}:${line}`, text: null, file: known.local, line: line || 0,
           begins: null };     // lanes.mjs: the bytes of beginnings there
  if (lines !== null && line && column && line <= lines.length) {
    let source = lines[line - 1].slice(column - 1);
    for (let i = line; i < lines.length && source.length < MAX_CALL; i++)
      source += '\n' + lines[i];
    const text = scanCall(source.slice(0, MAX_CALL));
    call.text = text !== null ? shorten(text) : null;
  }
  known.calls.set(position, call);
  return (frame.call = call);
}

// The words of the call at @frame, as the program wrote them, or null.
export function callText (frame) {
  return frame.file !== null ? callAt(frame).text : null;
}

// Where @frame is: { where: "file.mjs:12", file: its path, line }, or null
// for a builtin.
export function site (frame) {
  return frame !== undefined && frame.file !== null ? callAt(frame) : null;
}

// "file.mjs:12", or '' for a builtin.
export function where (frame) {
  return frame.file !== null ? callAt(frame).where : '';
}

// A function's name, or where it is when it has none.
export function functionName (frame) {
  const name = frame.name;
  if (name !== null)
    return name + '()';
  const line = frame.site.getEnclosingLineNumber?.() ?? frame.site.getLineNumber();
  return frame.file !== null ? `async function at ${fileOf(frame.file).name}:${line}` : 'async function';
}
