// SPDX-License-Identifier: GPL-3.0-or-later
// The CPU pitfall's computations in worker threads: the event loop stays
// free, the timers fire on time, and the two computations run side by side.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';

const busyLoop = `
  const { workerData } = require('node:worker_threads');
  const end = performance.now() + workerData * 1000;
  while (performance.now() < end);
`;

async function compute(label, seconds) {
  const worker = new Worker(busyLoop, { eval: true, workerData: seconds });
  await once(worker, 'exit');
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
