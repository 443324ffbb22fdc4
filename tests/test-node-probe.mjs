// SPDX-License-Identifier: GPL-3.0-or-later
// The Node.js probe's events, exactly, for a small program of each kind:
// timers, sequential awaits, Promise.all, fetch against a local server,
// fs.promises, a child process, a worker thread, awaited calls that end out
// of order, ok and failed. Each program runs under
// `node --import data/node/overlap-probe.mjs` with $OVERLAP_FEED at a Unix
// socket of this test's, which keeps every line the probe sends; the lanes
// (begun with their name, file and line; ended with their result), the
// flows between them (who awaits whom, a combinator's elements) and the
// threads' lanes are compared with what the program does. Phases and times
// depend on the machine's speed and are checked for order only.
//
//   node tests/test-node-probe.mjs [node]      (TAP; skipped before Node.js 18.18)

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const probe = path.join(here, '..', 'data', 'node', 'overlap-probe.mjs');
const node = process.argv[2] ?? process.execPath;   // the Node.js that runs the programs
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overlap-node-probe-'));
const socketPath = path.join(dir, 'feed.sock');

// Every connection's lines, in the order the connections end.
const received = [];
let waiting = null;
const server = net.createServer((socket) => {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (data) => { text += data; });
  socket.on('end', () => {
    received.push(text);
    waiting?.();
  });
});

function run (source, args = []) {
  const file = path.join(dir, `program-${received.length + 1}.mjs`);
  fs.writeFileSync(file, source);
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--no-warnings', '--import', probe, file, ...args], {
      env: { ...process.env, OVERLAP_FEED: socketPath, OVERLAP_TIME_SCALE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data) => { stderr += data; });
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`${path.basename(file)} exited with ${code}: ${stderr}`));
        return;
      }
      const count = received.length;
      const done = () => {
        waiting = null;
        const lines = received[count - 1].split('\n').filter((line) => line !== '');
        resolve({ file, events: lines.map((line) => JSON.parse(line)) });
      };
      if (received.length >= count && received.length !== 0 && count !== 0)
        done();
      else
        waiting = done;
    });
  });
}

// What the program's events say: its lanes by name (a lane's name is its
// label and, if two share one, its line), and each lane's begin, end and
// the flows, as text to compare.
function summary ({ file, events }) {
  const lanes = new Map();      // "cat id" → its summary
  const threads = new Map();    // tid → its summary
  const flows = new Map();      // "cat id" of a flow → its start
  const lines = [];
  const problems = [];
  let last = -Infinity;
  const at = (args) => (args?.file !== undefined
    ? ` @${args.file === file ? 'program' : args.file}:${args.line}` : '');

  for (const event of events) {
    if (event.ts !== undefined) {
      if (typeof event.ts !== 'number' || !Number.isInteger(event.ts))
        problems.push(`a ts that is not a whole number: ${JSON.stringify(event)}`);
    }
    const key = `${event.cat} ${event.id}`;
    switch (event.ph) {
      case 'b':
        if (lanes.has(key))
          problems.push(`begun twice: ${key}`);
        lanes.set(key, { name: event.name, begin: event.ts, end: null });
        lines.push(`lane ${event.cat} ${event.name}${at(event.args)}`);
        break;
      case 'n': {
        const lane = lanes.get(key);
        if (lane === undefined || lane.end !== null)
          problems.push(`a phase of a lane not open: ${JSON.stringify(event)}`);
        break;
      }
      case 'e': {
        const lane = lanes.get(key);
        if (lane === undefined || lane.end !== null) {
          problems.push(`an end of a lane not open: ${JSON.stringify(event)}`);
          break;
        }
        lane.end = event.ts;
        if (event.ts < lane.begin)
          problems.push(`${lane.name} ends before it begins`);
        const message = event.args?.message !== undefined ? ` (${event.args.message})` : '';
        lines.push(`end ${lane.name}: ${event.args?.result ?? 'ok'}${message}`);
        break;
      }
      case 's':
      case 'f': {
        const lane = lanes.get(`${event.args?.cat} ${event.args?.id}`);
        if (lane === undefined) {
          problems.push(`a flow point on no lane begun before it: ${JSON.stringify(event)}`);
          break;
        }
        if (event.ph === 's') {
          flows.set(key, { from: lane.name, ts: event.ts });
        } else {
          const start = flows.get(key);
          if (start === undefined)
            problems.push(`a flow's end without its start: ${JSON.stringify(event)}`);
          else if (event.ts < start.ts)
            problems.push(`a flow that goes back in time: ${key}`);
          else
            lines.push(`flow ${event.cat}: ${start?.from} → ${lane.name}`);
        }
        break;
      }
      case 'M':
        if (event.name === 'thread_name') {
          threads.set(event.tid, { name: event.args.name, open: false });
          lines.push(`thread ${event.tid} ${event.args.name}`);
        } else if (event.name === 'process_name') {
          lines.push(`process ${event.args.name}`);
        }
        break;
      case 'B': {
        const thread = threads.get(event.tid);
        if (thread === undefined || thread.open)
          problems.push(`a span on a thread not named, or open: ${JSON.stringify(event)}`);
        else
          thread.open = true;
        lines.push(`span ${event.tid} ${event.name}${at(event.args)}`);
        break;
      }
      case 'E': {
        const thread = threads.get(event.tid);
        if (thread === undefined || !thread.open)
          problems.push(`a span's end with none open: ${JSON.stringify(event)}`);
        else
          thread.open = false;
        lines.push(`span end ${event.tid}`);
        break;
      }
      case 'i':
        lines.push(`mark ${event.tid} ${event.name}`);
        break;
      case 'C':
        if (event.name !== 'loop lag')
          lines.push(`counter ${event.name}`);
        break;
      default:
        problems.push(`an event of an unknown kind: ${JSON.stringify(event)}`);
    }
    if (event.ph === 'b' && event.ts < last - 1e6)
      problems.push('time goes back by more than a second');
    if (typeof event.ts === 'number')
      last = Math.max(last, event.ts);
  }
  for (const [key, lane] of lanes)
    if (lane.end === null)
      problems.push(`never ended: ${lane.name} (${key})`);
  for (const [tid, thread] of threads)
    if (thread.open)
      problems.push(`thread ${tid}'s span never ended`);
  return { lines: lines.sort(), problems };
}

let failed = 0;
let number = 0;
const cases = [];
const test = (name, body) => cases.push({ name, body });

// @got's lines are @expected's, and perhaps some of @allowed's.
function same (got, expected, allowed = []) {
  const want = [...expected].sort();
  const missing = want.filter((line) => !got.lines.includes(line));
  const extra = got.lines.filter((line) => !want.includes(line) && !allowed.includes(line));
  const problems = [...got.problems];
  if (missing.length !== 0)
    problems.push(`missing:\n    ${missing.join('\n    ')}`);
  if (extra.length !== 0)
    problems.push(`not expected:\n    ${extra.join('\n    ')}`);
  if (problems.length !== 0)
    throw new Error(problems.join('\n  '));
}

test('timers', async () => {
  const got = summary(await run(
    "import { setTimeout as sleep } from 'node:timers/promises';\n" +      // 1
    'async function nap(ms) {\n' +                                          // 2
    '  await sleep(ms);\n' +                                                // 3
    '  await new Promise((resolve) => setTimeout(resolve, ms));\n' +        // 4
    '}\n' +                                                                 // 5
    'async function main() {\n' +                                           // 6
    '  await nap(20);\n' +                                                  // 7
    '}\n' +                                                                 // 8
    'main();\n'));                                                          // 9
  same(got, [
    'process program-1.mjs',
    'lane async main() @program:9',
    'lane async nap(20) @program:7',
    'end main(): ok',
    'end nap(20): ok',
    'flow await: nap(20) → main()',
  ]);
});

test('sequential awaits', async () => {
  same(summary(await run(
    "import { setTimeout as sleep } from 'node:timers/promises';\n" +      // 1
    'async function task(name, ms) { await sleep(ms); return name; }\n' +  // 2
    'async function main() {\n' +                                           // 3
    "  await task('A', 30);\n" +                                            // 4
    "  await task('B', 10);\n" +                                            // 5
    "  await task('C', 20);\n" +                                            // 6
    '}\n' +                                                                 // 7
    'main();\n')), [                                                        // 8
    'process program-2.mjs',
    'lane async main() @program:8',
    "lane async task('A', 30) @program:4",
    "lane async task('B', 10) @program:5",
    "lane async task('C', 20) @program:6",
    'end main(): ok',
    "end task('A', 30): ok",
    "end task('B', 10): ok",
    "end task('C', 20): ok",
    "flow await: task('A', 30) → main()",
    "flow await: task('B', 10) → main()",
    "flow await: task('C', 20) → main()",
  ]);
});

test('Promise.all, and a failure', async () => {
  same(summary(await run(
    "import { setTimeout as sleep } from 'node:timers/promises';\n" +      // 1
    'async function task(name, ms) {\n' +                                   // 2
    '  await sleep(ms);\n' +                                                // 3
    "  if (name === 'C') throw new Error('boom');\n" +                      // 4
    '}\n' +                                                                 // 5
    'async function main() {\n' +                                           // 6
    "  await Promise.all([task('A', 30), task('B', 10)]);\n" +              // 7
    "  await Promise.allSettled([task('C', 10)]);\n" +                      // 8
    '}\n' +                                                                 // 9
    'main();\n')), [                                                        // 10
    'process program-3.mjs',
    'lane async main() @program:10',
    'lane async Promise.all @program:7',
    "lane async task('A', 30) @program:7",
    "lane async task('B', 10) @program:7",
    'lane async Promise.allSettled @program:8',
    "lane async task('C', 10) @program:8",
    'end main(): ok',
    'end Promise.all: ok',
    "end task('A', 30): ok",
    "end task('B', 10): ok",
    'end Promise.allSettled: ok',
    "end task('C', 10): failed (Error: boom)",
    "flow gather: Promise.all → task('A', 30)",
    "flow gather: Promise.all → task('B', 10)",
    "flow gather: Promise.allSettled → task('C', 10)",
    'flow await: Promise.all → main()',
    'flow await: Promise.allSettled → main()',
  ]);
});

test('fetch against a local server', async () => {
  const web = http.createServer((request, response) => {
    response.statusCode = request.url === '/missing' ? 404 : 200;
    response.end('hello');
  });
  await new Promise((resolve) => web.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${web.address().port}`;
  try {
    same(summary(await run(
      'async function get(url) {\n' +                                       // 1
      '  const response = await fetch(url);\n' +                            // 2
      '  return response.text();\n' +                                       // 3
      '}\n' +                                                               // 4
      'async function main(base) {\n' +                                     // 5
      "  await get(base + '/page');\n" +                                    // 6
      "  await get(base + '/missing');\n" +                                 // 7
      '}\n' +                                                               // 8
      'main(process.argv[2]);\n', [url])), [                                // 9
      'process program-4.mjs',
      'lane async main(process.argv[2]) @program:9',
      "lane async get(base + '/page') @program:6",
      "lane async get(base + '/missing') @program:7",
      'lane http GET /page',        // (undici's request has no stack of the program's)
      'lane http GET /missing',
      'end main(process.argv[2]): ok',
      "end get(base + '/page'): ok",
      "end get(base + '/missing'): ok",
      'end GET /page: ok',
      'end GET /missing: failed (HTTP 404)',
      "flow await: get(base + '/missing') → main(process.argv[2])",
    ], [
      // Not yet under Node.js 20: its first fetch() loads undici, whose own
      // pending promises come between the call's and fetch's, and the call's
      // lane is given one of those. (Node.js 18's undici is loaded apart.)
      "flow await: get(base + '/page') → main(process.argv[2])",
    ]);
  } finally {
    web.close();
  }
});

test('fs.promises', async () => {
  same(summary(await run(
    "import { readFile, writeFile } from 'node:fs/promises';\n" +           // 1
    'async function copy(from, to) {\n' +                                   // 2
    "  const text = await readFile(from, 'utf8');\n" +                      // 3
    '  await writeFile(to, text);\n' +                                      // 4
    '}\n' +                                                                 // 5
    'async function main() {\n' +                                           // 6
    "  await copy(process.argv[1], process.argv[1] + '.copy');\n" +         // 7
    '}\n' +                                                                 // 8
    'main();\n')), [                                                        // 9
    'process program-5.mjs',
    'lane async main() @program:9',
    "lane async copy(process.argv[1], process.argv[1] + '.copy') @program:7",
    "lane async readFile(from, 'utf8') @program:3",
    'lane async writeFile(to, text) @program:4',
    'end main(): ok',
    "end copy(process.argv[1], process.argv[1] + '.copy'): ok",
    "end readFile(from, 'utf8'): ok",
    'end writeFile(to, text): ok',
    "flow await: copy(process.argv[1], process.argv[1] + '.copy') → main()",
    "flow await: readFile(from, 'utf8') → copy(process.argv[1], process.argv[1] + '.copy')",
    "flow await: writeFile(to, text) → copy(process.argv[1], process.argv[1] + '.copy')",
  ]);
  fs.rmSync(path.join(dir, 'program-5.mjs.copy'));
});

test('a child process', async () => {
  same(summary(await run(
    "import { spawn } from 'node:child_process';\n" +                       // 1
    "import { once } from 'node:events';\n" +                               // 2
    'async function sh(script) {\n' +                                       // 3
    "  const child = spawn('sh', ['-c', script]);\n" +                      // 4
    "  await once(child, 'exit');\n" +                                      // 5
    '}\n' +                                                                 // 6
    'async function main() {\n' +                                           // 7
    "  await sh('exit 0');\n" +                                             // 8
    "  await sh('exit 3');\n" +                                             // 9
    '}\n' +                                                                 // 10
    'main();\n')), [                                                        // 11
    'process program-6.mjs',
    'lane async main() @program:11',
    "lane async sh('exit 0') @program:8",
    "lane async sh('exit 3') @program:9",
    'lane spawn sh -c exit 0 @program:4',
    'lane spawn sh -c exit 3 @program:4',
    'end main(): ok',
    "end sh('exit 0'): ok",
    "end sh('exit 3'): ok",
    'end sh -c exit 0: ok',
    'end sh -c exit 3: failed (exit status 3)',
    "flow await: sh('exit 0') → main()",
    "flow await: sh('exit 3') → main()",
  ]);
});

test('a worker thread', async () => {
  same(summary(await run(
    "import { once } from 'node:events';\n" +                               // 1
    "import { Worker } from 'node:worker_threads';\n" +                     // 2
    "const busy = 'const end = Date.now() + 50; while (Date.now() < end);';\n" + // 3
    'async function main() {\n' +                                           // 4
    '  const worker = new Worker(busy, { eval: true });\n' +                // 5
    "  await once(worker, 'exit');\n" +                                     // 6
    "  const failing = new Worker('process.exit(2)', { eval: true });\n" +  // 7
    "  await once(failing, 'exit');\n" +                                    // 8
    '}\n' +                                                                 // 9
    'main();\n')), [                                                        // 10
    'process program-7.mjs',
    'lane async main() @program:10',
    'end main(): ok',
    'thread 1 Worker 1',
    'span 1 new Worker(busy, { eval: true }) @program:5',
    'span end 1',
    'thread 2 Worker 2',
    "span 2 new Worker('process.exit(2)', { eval: true }) @program:7",
    'mark 2 exit status 2',
    'span end 2',
  ]);
});

// Calls someone awaits end in another order than they began, some in the
// same turn of the loop, ok and failed mixed: each is told its own end.
test('handled calls ending out of order', async () => {
  same(summary(await run(
    "import { setTimeout as sleep } from 'node:timers/promises';\n" +      // 1
    'async function task(name, ms, fails) {\n' +                           // 2
    '  await sleep(ms);\n' +                                               // 3
    '  if (fails) throw new Error(name);\n' +                              // 4
    '}\n' +                                                                // 5
    'async function main() {\n' +                                          // 6
    '  await Promise.allSettled([\n' +                                     // 7
    "    task('A', 40, true), task('B', 10, false), task('C', 25, true),\n" +
    "    task('D', 10, true), task('E', 0, false), task('F', 25, false),\n" +
    '  ]);\n' +                                                            // 10
    "  await task('G', 0, false).catch(() => {});\n" +                    // 11
    "  await task('H', 0, true).catch(() => {});\n" +                     // 12
    '}\n' +                                                                // 13
    'main();\n')), [                                                       // 14
    'process program-8.mjs',
    'lane async main() @program:14',
    'lane async Promise.allSettled @program:7',
    "lane async task('A', 40, true) @program:8",
    "lane async task('B', 10, false) @program:8",
    "lane async task('C', 25, true) @program:8",
    "lane async task('D', 10, true) @program:9",
    "lane async task('E', 0, false) @program:9",
    "lane async task('F', 25, false) @program:9",
    "lane async task('G', 0, false) @program:11",
    "lane async task('H', 0, true) @program:12",
    'end main(): ok',
    'end Promise.allSettled: ok',
    "end task('A', 40, true): failed (Error: A)",
    "end task('B', 10, false): ok",
    "end task('C', 25, true): failed (Error: C)",
    "end task('D', 10, true): failed (Error: D)",
    "end task('E', 0, false): ok",
    "end task('F', 25, false): ok",
    "end task('G', 0, false): ok",
    "end task('H', 0, true): failed (Error: H)",
    "flow gather: Promise.allSettled → task('A', 40, true)",
    "flow gather: Promise.allSettled → task('B', 10, false)",
    "flow gather: Promise.allSettled → task('C', 25, true)",
    "flow gather: Promise.allSettled → task('D', 10, true)",
    "flow gather: Promise.allSettled → task('E', 0, false)",
    "flow gather: Promise.allSettled → task('F', 25, false)",
    'flow await: Promise.allSettled → main()',
  ]);
});

async function main () {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 18 || (major === 18 && minor < 18)) {
    console.log(`1..0 # SKIP Node.js ${process.version} has no --import (18.18 or later)`);
    return;
  }
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  console.log(`1..${cases.length}`);
  for (const { name, body } of cases) {
    number++;
    try {
      await body();
      console.log(`ok ${number} ${name}`);
    } catch (error) {
      failed++;
      console.log(`not ok ${number} ${name}`);
      for (const line of String(error.stack ?? error).split('\n'))
        console.log(`# ${line}`);
    }
  }
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exitCode = failed === 0 ? 0 : 1;
}

main();
