// SPDX-License-Identifier: GPL-3.0-or-later
// The Node.js probe's cost (BENCHMARKS.md, figure 9): 20,000 async calls,
// each awaiting setImmediate() 10 times (the JavaScript of Python's
// `await asyncio.sleep(0)`), gathered with Promise.all; run plain, under the
// probe with nothing listening, and under the probe with Overlap listening.
//
//   node bench/probe-bench.mjs [--rounds 5] [--promises 20000] [--awaits 10]
//                              [--overlap _build/app/overlap] [--smoke]
//                              [--probe data/node/overlap-probe.mjs]
//
// Each side is a child process that measures itself, from the first call to
// the last await (CPU: user + system; wall: monotonic); the sides alternate
// within each round, and the report gives medians, min–max and the per-round
// ratios. Overlap runs headless (`--listen`) in a directory of its own and
// is asked at the end how many tasks it received. --probe runs another copy
// of the probe (an older one, to compare in the same minutes).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ownProbe = path.join(here, '..', 'data', 'node', 'overlap-probe.mjs');

async function workload (promises, awaits) {
  async function worker () {
    for (let i = 0; i < awaits; i++)
      await tick();
  }
  const cpu = process.cpuUsage();
  const start = performance.now();
  const calls = [];
  for (let i = 0; i < promises; i++)
    calls.push(worker());
  await Promise.all(calls);
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ wall_ms: performance.now() - start, cpu_ms: (used.user + used.system) / 1000 }));
}

function option (args, name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

function median (values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function side (env, probe, promises, awaits) {
  const args = [...(probe !== null ? ['--import', probe] : []), fileURLToPath(import.meta.url),
                '--workload', String(promises), String(awaits)];
  const result = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`the workload failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

async function startOverlap (exe, dir) {
  const overlap = spawn(exe, ['--headless', '--listen'], {
    env: { ...process.env, XDG_RUNTIME_DIR: dir, GSETTINGS_BACKEND: 'memory', NO_AT_BRIDGE: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  overlap.stdout.on('data', (data) => { output += data; });
  const socket = path.join(dir, 'overlap', 'feed.sock');
  for (let i = 0; i < 100 && !fs.existsSync(socket); i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (!fs.existsSync(socket))
    throw new Error(`${exe} did not listen at ${socket}`);
  const stop = () => new Promise((resolve) => {
    overlap.once('exit', () => resolve(output));
    overlap.kill('SIGINT');
  });
  return { socket, stop };
}

// The "tasks" column of Overlap's table: one row per program received.
function tasksReceived (table) {
  return table.split('\n').filter((line) => /^probe-bench\.mjs\s+\d+\s/.test(line))
    .map((line) => Number(line.trim().split(/\s+/)[1]));
}

function format (values) {
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(values).toFixed(1)} (${sorted[0].toFixed(1)}–${sorted[sorted.length - 1].toFixed(1)})`;
}

async function compare (args) {
  const smoke = args.includes('--smoke');
  const rounds = Number(option(args, '--rounds', smoke ? 1 : 5));
  const promises = Number(option(args, '--promises', smoke ? 200 : 20000));
  const awaits = Number(option(args, '--awaits', 10));
  const exe = option(args, '--overlap', path.join(here, '..', '_build', 'app', 'overlap'));
  const probe = path.resolve(option(args, '--probe', ownProbe));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overlap-probe-bench-'));
  const nothing = { OVERLAP_FEED: path.join(dir, 'nobody', 'feed.sock') };
  const sides = { plain: [], quiet: [], listened: [] };
  let overlap = null;

  fs.chmodSync(dir, 0o700);
  if (fs.existsSync(exe))
    overlap = await startOverlap(exe, dir);
  else
    console.log(`${exe} is missing: no run with Overlap listening`);
  try {
    for (let round = 0; round < rounds; round++) {
      sides.plain.push(side({}, null, promises, awaits));
      sides.quiet.push(side(nothing, probe, promises, awaits));
      if (overlap !== null)
        sides.listened.push(side({ OVERLAP_FEED: overlap.socket }, probe, promises, awaits));
    }
  } finally {
    const table = overlap !== null ? await overlap.stop() : '';
    fs.rmSync(dir, { recursive: true, force: true });
    if (overlap !== null) {
      const received = tasksReceived(table);
      console.log(`Overlap received ${received.join(', ')} tasks (of ${promises + 2} a run)`);
      if (received.length !== rounds || received.some((n) => n !== promises + 2)) {
        console.log('not every task reached Overlap');
        process.exitCode = 1;
      }
    }
  }

  console.log(`${promises} promises × ${awaits} awaits, ${rounds} rounds; ms, median (min–max)`);
  console.log('side                     wall ms                 CPU ms');
  const names = { plain: 'plain', quiet: 'probe, nothing listening', listened: 'probe, Overlap listening' };
  for (const [key, runs] of Object.entries(sides))
    if (runs.length !== 0)
      console.log(`${names[key].padEnd(25)}${format(runs.map((r) => r.wall_ms)).padEnd(24)}${format(runs.map((r) => r.cpu_ms))}`);
  for (const key of ['quiet', 'listened']) {
    if (sides[key].length === 0)
      continue;
    for (const what of ['wall_ms', 'cpu_ms']) {
      const ratios = sides[key].map((run, i) => run[what] / sides.plain[i][what]);
      console.log(`${names[key]} / plain, ${what.replace('_ms', '')}: ${median(ratios).toFixed(2)}× ` +
                  `(${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
    }
  }
}

const args = process.argv.slice(2);
if (args[0] === '--workload')
  await workload(Number(args[1]), Number(args[2]));
else
  await compare(args);
