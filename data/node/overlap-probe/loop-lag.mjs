// SPDX-License-Identifier: GPL-3.0-or-later
// The event loop's stalls, as Overlap's own runs record theirs: a sample
// (t, lag) in the "loop lag" counter says the loop could not run from
// t − lag to t. A timer every few milliseconds measures how late it comes;
// when it is late, the loop's own count of busy time (its utilization) says
// how long the loop was held — lateness while the loop sat idle (the
// machine busy elsewhere) is not a stall.

import { counter, now } from './lanes.mjs';

const INTERVAL_MS = 5;

let timer = null;
let last = 0;           // when the timer last came
let busy = null;        // the loop's utilization then
let stall = 5;

// Whether the loop was held since the timer last came, as late as it is now.
// The utilization counts from the loop's first turn: what ran before it
// (loading the program) is no stall of the loop.
export function checkLoopLag () {
  const t = now();
  if (busy !== null && t - last - INTERVAL_MS >= stall) {
    const held = performance.eventLoopUtilization(busy).active;
    if (held >= stall)
      counter('loop lag', t, held);
  }
  last = t;
  busy = performance.eventLoopUtilization();
}

export function startLoopLag (timers, stallMs) {
  if (timer !== null)
    return;
  stall = stallMs;
  last = now();
  busy = performance.eventLoopUtilization();
  timer = timers.setInterval(checkLoopLag, INTERVAL_MS);
  timer.unref();
}

export function stopLoopLag (timers) {
  if (timer !== null)
    timers.clearInterval(timer);
  timer = null;
  busy = null;
}
