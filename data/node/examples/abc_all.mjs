// SPDX-License-Identifier: GPL-3.0-or-later
// Three tasks, A, B and C, that take 2, 1 and 3 seconds, run concurrently
// with Promise.all(): all done after about 3 seconds, not 6.
import { setTimeout as sleep } from 'node:timers/promises';

async function task(name, delay) {
  console.log(`Starting task ${name}`);
  await sleep(delay * 1000);
  console.log(`Task ${name} completed`);
}

async function main() {
  await Promise.all([
    task('A', 2),
    task('B', 1),
    task('C', 3),
  ]);
}

main();
