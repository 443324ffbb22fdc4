// SPDX-License-Identifier: GPL-3.0-or-later
// Async does not make CPU work faster. Two 1 s computations on the event
// loop block it: the timers beside them fire late, and the loop-lag lane
// shows the stall. (cpu_worker.mjs moves the computations to threads.)
import { setTimeout as sleep } from 'node:timers/promises';

// Real work, on purpose on the event loop: nothing else can run meanwhile.
function busy(seconds) {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end)
    n++;
  return n;
}

async function compute(label, seconds) {
  await sleep(0);        // start with the others, as asyncio.gather would
  busy(seconds);
  console.log(`${label} done`);
}

async function timer(label, seconds) {
  const start = performance.now();
  await sleep(seconds * 1000);
  console.log(`${label} fired after ${((performance.now() - start) / 1000).toFixed(2)} s`);
}

async function main() {
  await Promise.all([
    compute('compute 1', 1),
    compute('compute 2', 1),
    timer('timer 0.5 s', 0.5),
    timer('timer 1 s', 1),
  ]);
}

main();
