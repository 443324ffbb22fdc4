// SPDX-License-Identifier: GPL-3.0-or-later
// Send a Node.js program's asynchronous work to Overlap, live.
//
//     node --import <datadir>/overlap/node/overlap-probe.mjs script.mjs [args...]
//
// runs script.mjs unchanged. Every async function call that awaits, every
// Promise.all/allSettled/race/any, every HTTP request (fetch or node:http),
// child process becomes a bar in Overlap's window (turn on "Listen for
// programs", or run `overlap --listen`), with its phases, how it ended and
// where the program made it (args.file, args.line); who awaits whom is sent
// as flows; a worker thread is a thread's lane of its own ("Worker 1"); and
// the event loop's stalls fill the run's loop-lag lane (docs/feed.md).
// Node.js 18 or later, standard library only.
//
// Where to connect, as the Python probe:
//   $OVERLAP_FEED                      a socket path, or tcp:HOST:PORT:TOKEN
//   $XDG_RUNTIME_DIR/overlap/feed.sock Overlap installed on the system
//   $XDG_RUNTIME_DIR/app/io.github.overlap.Overlap/overlap-feed.sock
//                                      Overlap running as a Flatpak
// With no Overlap listening the program runs as it would without the probe;
// the probe looks again every second and starts sending when one appears.
// $OVERLAP_TIME_SCALE multiplies every timer's delay (0.1: ten times faster).

import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

import { Connection, candidates, present } from './overlap-probe/feed.mjs';
import * as lanes from './overlap-probe/lanes.mjs';
import { startIo, stopIo } from './overlap-probe/io.mjs';
import { checkLoopLag, startLoopLag, stopLoopLag } from './overlap-probe/loop-lag.mjs';
import { STALL_MS, settleNow, startPromises, stopPromises } from './overlap-probe/promises.mjs';
import { scaleTimers, timeScale } from './overlap-probe/time-scale.mjs';

const POLL_MS = 1000;

// The probe's own timers (the program's may be scaled). What they run is the
// probe's: whatever goes wrong there never reaches the program.
const guarded = (run) => () => {
  try {
    run();
  } catch {
    // nothing to tell: the program must not hear of it
  }
};
const timers = {
  setTimeout: (run, ms) => setTimeout(guarded(run), ms),
  clearTimeout,
  setInterval: (run, ms) => setInterval(guarded(run), ms),
  clearInterval,
};

let connection = null;

// The program is over: the last events go out.
const atExit = guarded(() => {
  connection?.openNow();
  checkLoopLag();       // the program may end in a stall, the timer not come again
  settleNow();
  lanes.flush();
  connection?.lastWords();
});

function untrack () {
  stopPromises();
  stopIo();
  stopLoopLag(timers);
  lanes.reset();
  process.off('exit', atExit);
}

function lookAgain () {
  const poll = timers.setTimeout(() => {
    const where = present(candidates());
    if (where !== null)
      attach(where, false);
    else
      lookAgain();
  }, POLL_MS);
  poll.unref();
}

// Connects to Overlap at @where. When @early, the program is watched from
// now on, before the connection is made, so that its first stretch of code
// is seen; otherwise from when it is.
function attach (where, early) {
  let since = lanes.now();

  if (early) {
    startPromises(timers);
    startIo();
    startLoopLag(timers, STALL_MS);
  }
  process.on('exit', atExit);
  connection = new Connection(where, timers, () => {
    const name = path.basename(process.argv[1] ?? 'node');
    if (!early) {
      since = lanes.now();
      startPromises(timers);
      startIo();
      startLoopLag(timers, STALL_MS);
    }
    // The run's time 0: the first timestamp, before any lane's.
    connection.send(`{"ph":"M","name":"process_name","pid":${process.pid},"tid":0,` +
                    `"args":{"name":${JSON.stringify(name)}}}\n` +
                    `{"ph":"C","name":"loop lag","ts":${lanes.micros(since)},"args":{"value":0}}\n`);
    lanes.connect((parts) => connection.send(parts), timers);
  }, () => {
    connection = null;
    untrack();
    lookAgain();
  });
}

function main () {
  const { scale, problem } = timeScale();
  if (problem !== undefined)
    process.emitWarning(problem, 'OverlapProbeWarning');
  else if (scale !== 1)
    scaleTimers(scale);

  const where = present(candidates());
  if (where !== null)
    attach(where, true);
  else
    lookAgain();
}

if (isMainThread)
  main();
