// SPDX-License-Identifier: GPL-3.0-or-later
// Work outside the event loop, as lanes of its own, from the runtime's
// diagnostics channels: requests made with fetch (undici) or node:http,
// child processes, worker threads. Each is a task with its phases: queued,
// sending, waiting, receiving, then done or failed.

import { ChildProcess } from 'node:child_process';
import dc from 'node:diagnostics_channel';
import module from 'node:module';
import workerThreads from 'node:worker_threads';

import { callText, capture, isUser, site as siteOf } from './frames.mjs';
import { Lane, ThreadLane, now } from './lanes.mjs';

const MAX_LABEL = 60;
const subscribed = [];
// Node.js 20 publishes child processes and worker threads on channels of
// its own; Node.js 18 does not, and there the same handlers are called from
// ChildProcess's spawn() and Worker's constructor, wrapped once, while the
// probe watches.
const CHANNELS = Number(process.versions.node.split('.')[0]) >= 20;
const wrapped = { child: null, worker: null, done: false };

function subscribe (name, handler) {
  const guarded = (message) => {
    try {
      handler(message);
    } catch {
      // never the program's problem
    }
  };
  if (typeof dc.subscribe === 'function')
    dc.subscribe(name, guarded);
  else
    dc.channel(name).subscribe(guarded);
  subscribed.push([name, guarded]);
}

// Where the program asked for it: the first frame of its own on the stack
// (an async stack trace's await frames included), or null.
function programSite () {
  return siteOf(capture(undefined, 16).find(isUser));
}

function short (text) {
  return text.length <= MAX_LABEL ? text : text.slice(0, MAX_LABEL - 1) + '…';
}

function httpResult (lane, status) {
  if (status >= 400)
    lane.end(now(), 'failed', `HTTP ${status}`);
  else
    lane.end(now(), 'ok');
}

function watchFetch () {
  const lanes = new WeakMap();      // undici's request → its lane
  const phase = (name) => ({ request }) => lanes.get(request)?.phase(now(), name);

  subscribe('undici:request:create', ({ request }) => {
    const lane = new Lane('http', short(`${request.method} ${request.path}`), request.origin + request.path,
                          now(), 'queued');
    lane.at = programSite();
    lanes.set(request, lane);
  });
  subscribe('undici:client:sendHeaders', phase('sending'));
  subscribe('undici:request:bodySent', phase('waiting'));
  subscribe('undici:request:headers', ({ request, response }) => {
    const lane = lanes.get(request);
    if (lane !== undefined) {
      lane.status = response.statusCode;
      lane.phase(now(), 'receiving');
    }
  });
  subscribe('undici:request:trailers', ({ request }) => {
    const lane = lanes.get(request);
    if (lane !== undefined)
      httpResult(lane, lane.status ?? 0);
  });
  subscribe('undici:request:error', ({ request, error }) => {
    lanes.get(request)?.end(now(), 'failed', error?.message ?? 'failed');
  });
}

function watchHttp () {
  const lanes = new WeakMap();      // ClientRequest → its lane

  subscribe('http.client.request.start', ({ request }) => {
    const host = request.getHeader?.('host') ?? request.host ?? '';
    const lane = new Lane('http', short(`${request.method} ${request.path}`),
                          `${request.protocol ?? 'http:'}//${host}${request.path}`, now(), 'sending');
    lane.at = programSite();
    lanes.set(request, lane);
    request.once('finish', () => lane.phase(now(), 'waiting'));     // all sent
    request.once('close', () => httpResult(lane, lane.status ?? 0));
  });
  subscribe('http.client.response.finish', ({ request, response }) => {
    const lane = lanes.get(request);
    if (lane !== undefined) {
      lane.status = response.statusCode;
      lane.phase(now(), 'receiving');
      response.once('end', () => httpResult(lane, lane.status));
    }
  });
  subscribe('http.client.request.error', ({ request, error }) => {
    lanes.get(request)?.end(now(), 'failed', error?.message ?? 'failed');
  });
}

function exitResult (lane, code, signal) {
  if (code === 0)
    lane.end(now(), 'ok');
  else
    lane.end(now(), 'failed', signal ? `killed by ${signal}` : `exit status ${code}`);
}

function guard (handler) {
  return (message) => {
    try {
      handler(message);
    } catch {
      // never the program's problem
    }
  };
}

function wrapOnce () {
  if (wrapped.done)
    return;
  wrapped.done = true;
  const spawn = ChildProcess.prototype.spawn;
  ChildProcess.prototype.spawn = function spawn_ (...args) {
    wrapped.child?.({ process: this });
    return spawn.apply(this, args);
  };
  Object.defineProperty(ChildProcess.prototype.spawn, 'name', { value: 'spawn' });
  const Original = workerThreads.Worker;
  workerThreads.Worker = class Worker extends Original {
    constructor (...args) {
      super(...args);
      wrapped.worker?.({ worker: this });
    }
  };
  module.syncBuiltinESMExports();
}

function onChild (handler) {
  if (CHANNELS) {
    subscribe('child_process', handler);
  } else {
    wrapOnce();
    wrapped.child = guard(handler);
  }
}

function onWorker (handler) {
  if (CHANNELS) {
    subscribe('worker_threads', handler);
  } else {
    wrapOnce();
    wrapped.worker = guard(handler);
  }
}

function watchChildren () {
  // Published as the ChildProcess is made, before it is given its command:
  // the lane is named when it has started (before the lane is announced).
  onChild(({ process: child }) => {
    const lane = new Lane('spawn', 'child process', '', now(), 'running');
    lane.at = programSite();
    child.once('spawn', () => {
      const command = (child.spawnargs ?? []).join(' ') || String(child.spawnfile ?? 'child process');
      lane.label = short(command);
      lane.detail = command;
    });
    child.once('exit', (code, signal) => exitResult(lane, code, signal));
  });
}

// A worker thread: a lane of its own, a thread's ("Worker 1", its tid the
// worker's threadId), with one span from the thread's start to its end
// named by the call that made it, and a mark if it failed.
function watchWorkers () {
  onWorker(({ worker }) => {
    const frame = capture(undefined, 12).find(isUser);     // new Worker(…), in the program
    const id = worker.threadId;
    const label = (frame !== undefined && callText(frame)) || `Worker ${id}`;
    const lane = new ThreadLane(id, `Worker ${id}`);
    const at = siteOf(frame);
    worker.once('online', () => lane.begin(now(), label, at));
    worker.once('exit', (code) => {
      const t = now();
      lane.begin(t, label, at);
      if (code !== 0)
        lane.mark(t, `exit status ${code}`);
      lane.end(t);
    });
  });
}

export function startIo () {
  if (subscribed.length !== 0 || wrapped.child !== null)
    return;
  watchFetch();
  watchHttp();
  watchChildren();
  watchWorkers();
}

export function stopIo () {
  for (const [name, handler] of subscribed) {
    if (typeof dc.unsubscribe === 'function')
      dc.unsubscribe(name, handler);
    else
      dc.channel(name).unsubscribe(handler);
  }
  subscribed.length = 0;
  wrapped.child = wrapped.worker = null;
}
