// SPDX-License-Identifier: GPL-3.0-or-later
// $OVERLAP_TIME_SCALE: every timer's delay multiplied (0.1: ten times
// faster), as the Python probe's --time-scale does for asyncio.sleep. Only
// when asked for; the program's timers are otherwise left alone.

import { createRequire, syncBuiltinESMExports } from 'node:module';
import util from 'node:util';

const require = createRequire(import.meta.url);

function scaled (original, delayAt, scale) {
  const wrapper = {
    [original.name] (...args) {
      if (typeof args[delayAt] === 'number')
        args[delayAt] *= scale;
      return original.apply(this, args);
    },
  }[original.name];
  Object.defineProperty(wrapper, 'length', { value: original.length });
  return wrapper;
}

// The value of $OVERLAP_TIME_SCALE, or 1; a message when it is not a number above 0.
export function timeScale (env = process.env) {
  const text = env.OVERLAP_TIME_SCALE;
  if (text === undefined || text === '')
    return { scale: 1 };
  const scale = Number(text);
  if (!(scale > 0) || !Number.isFinite(scale))
    return { scale: 1, problem: `OVERLAP_TIME_SCALE wants a number above 0, not ${JSON.stringify(text)}` };
  return { scale };
}

export function scaleTimers (scale) {
  const timers = require('node:timers');
  const promises = require('node:timers/promises');
  const setTimeout = scaled(timers.setTimeout, 1, scale);
  const setInterval = scaled(timers.setInterval, 1, scale);

  promises.setTimeout = scaled(promises.setTimeout, 0, scale);
  promises.setInterval = scaled(promises.setInterval, 0, scale);
  setTimeout[util.promisify.custom] = promises.setTimeout;
  timers.setTimeout = globalThis.setTimeout = setTimeout;
  timers.setInterval = globalThis.setInterval = setInterval;
  syncBuiltinESMExports();
}
