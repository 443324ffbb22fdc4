// SPDX-License-Identifier: GPL-3.0-or-later
// "Hello" and "World", each after 1 second, at the same time: about 1
// second in all.
import { setTimeout as sleep } from 'node:timers/promises';

async function sayHello() {
  await sleep(1000);
  console.log('Hello');
}

async function sayWorld() {
  await sleep(1000);
  console.log('World');
}

async function main() {
  await Promise.all([sayHello(), sayWorld()]);
}

main();
