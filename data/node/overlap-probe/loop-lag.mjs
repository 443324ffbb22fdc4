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
let last = -1;          // when the timer last came; -1: not yet (the loop has not turned)
let busy = null;        // the loop's utilization then
let stall = 5;

// Whether the loop was held since the timer last came, as late as it is now.
export function checkLoopLag () {
  const t = now();
  if (last >= 0 && t - last - INTERVAL_MS >= stall) {
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
  // The first turn starts the count: what ran before the loop did (loading
  // the program) is not a stall of the loop.
  last = -1;
  timer = timers.setInterval(checkLoopLag, INTERVAL_MS);
  timer.unref();
}

export function stopLoopLag (timers) {
  if (timer !== null)
    timers.clearInterval(timer);
  timer = null;
  last = -1;
}
