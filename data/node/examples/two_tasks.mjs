// SPDX-License-Identifier: GPL-3.0-or-later
// Two tasks of 2 and 3 seconds run concurrently: the total execution time is
// a little more than 3 seconds, not 5.
import { setTimeout as sleep } from 'node:timers/promises';

// An async function for each task
async function longRunningTask1() {
  await sleep(2000);
  console.log('Task 1 completed');
}

async function longRunningTask2() {
  await sleep(3000);
  console.log('Task 2 completed');
}

// Promise.all() runs both tasks concurrently
async function main() {
  await Promise.all([longRunningTask1(), longRunningTask2()]);
}

const startTime = Date.now();
await main();
console.log(`Total execution time: ${(Date.now() - startTime) / 1000} seconds`);
