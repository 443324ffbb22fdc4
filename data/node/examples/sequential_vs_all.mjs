// SPDX-License-Identifier: GPL-3.0-or-later
// The same tasks awaited one after another (about 3 seconds: 2 + 1), then
// together with Promise.all() (about 2 seconds: the longest). Task B
// finishes first while Task A is still waiting.
import { setTimeout as sleep } from 'node:timers/promises';

async function task(name, delay) {
  console.log(`${name} started`);
  await sleep(delay * 1000);
  console.log(`${name} finished`);
}

async function sequential() {
  await task('Task A', 2);
  await task('Task B', 1);
}

async function concurrent() {
  await Promise.all([
    task('Task A', 2),
    task('Task B', 1),
  ]);
}

async function main() {
  let start = performance.now();
  await sequential();
  console.log(`One after another: ${((performance.now() - start) / 1000).toFixed(1)} seconds`);
  start = performance.now();
  await concurrent();
  console.log(`With Promise.all: ${((performance.now() - start) / 1000).toFixed(1)} seconds`);
}

main();
