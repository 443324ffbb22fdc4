// SPDX-License-Identifier: GPL-3.0-or-later
// Where Overlap listens, and the connection to it. Writes never block the
// program: they go straight to the socket, which is non-blocking; what the
// socket cannot take yet waits, up to a limit, and past it the caller drops
// events (a deaf listener costs memory up to that limit, never time).

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const APP_ID = 'io.github.overlap.Overlap';
const MAX_WAITING = 8 * 1024 * 1024;   // bytes the socket has not taken yet
const RETRY_MS = 10;
const LAST_WORDS_MS = 2000;            // at exit, how long Overlap may take the rest…
const DEAF_MS = 200;                   // …as long as it takes some within this
const pause = new Int32Array(new SharedArrayBuffer(4));

// Where to look, in order: $OVERLAP_FEED (a socket path, or
// tcp:HOST:PORT:TOKEN), else Overlap's socket, installed or as a Flatpak.
export function candidates (env = process.env) {
  if (env.OVERLAP_FEED)
    return [env.OVERLAP_FEED];
  const runtime = env.XDG_RUNTIME_DIR || path.join(os.homedir(), '.cache');
  return [path.join(runtime, 'overlap', 'feed.sock'),
          path.join(runtime, 'app', APP_ID, 'overlap-feed.sock')];
}

function parseTcp (where) {
  const [, host, port, ...token] = where.split(':');
  return { host, port: Number(port), token: token.join(':') };
}

// The first candidate that may be listening: a socket file that exists, or a
// TCP address (only a connection can tell).
export function present (list) {
  for (const where of list) {
    if (where.startsWith('tcp:'))
      return where;
    try {
      if (fs.statSync(where, { throwIfNoEntry: false })?.isSocket())
        return where;
    } catch {
      // unreadable: not this one
    }
  }
  return null;
}

export class Connection {
  // @onOpen(), then @onClose() once, when the connection fails or ends.
  constructor (where, timers, onOpen, onClose) {
    this.timers = timers;
    this.onClose = onClose;
    this.fd = -1;
    this.waiting = [];          // Buffers the socket has not taken yet
    this.waitingBytes = 0;
    this.retry = null;
    this.opened = false;
    this.closed = false;
    this.token = null;
    this.onOpen = onOpen;

    const tcp = where.startsWith('tcp:') ? parseTcp(where) : null;
    this.socket = tcp ? net.connect({ host: tcp.host, port: tcp.port }) : net.connect(where);
    this.socket.unref();
    this.socket.on('error', () => this.close());
    this.socket.on('close', () => this.close());
    this.socket.on('end', () => this.close());
    this.token = tcp?.token ?? null;
    this.socket.once('connect', () => this.open());
  }

  open () {
    if (this.opened || this.closed)
      return;
    this.opened = true;
    const fd = this.socket._handle?.fd;
    this.fd = Number.isInteger(fd) && fd >= 0 ? fd : -1;
    this.socket.resume();       // nothing comes, but the end is seen
    if (this.token !== null)
      this.send(this.token + '\n');
    this.onOpen();
  }

  // The program ends before the connection said it was made: a Unix
  // socket's is made at once (only the news of it waits for the loop), so
  // what waits can still go.
  openNow () {
    if (!this.opened && !this.closed && this.token === null && this.socket._handle?.fd >= 0)
      this.open();
  }

  writeSome (buffer) {
    if (this.fd < 0) {
      this.socket.write(Buffer.from(buffer));
      return buffer.length;
    }
    try {
      return fs.writeSync(this.fd, buffer, 0, buffer.length);
    } catch (error) {
      if (error.code === 'EAGAIN' || error.code === 'EWOULDBLOCK')
        return 0;
      this.close();
      return buffer.length;
    }
  }

  drain () {
    this.retry = null;
    while (this.waiting.length !== 0 && !this.closed) {
      const buffer = this.waiting[0];
      const n = this.writeSome(buffer);
      this.waitingBytes -= n;
      if (n < buffer.length) {
        this.waiting[0] = buffer.subarray(n);
        this.retry = this.timers.setTimeout(() => this.drain(), RETRY_MS);
        this.retry.unref();
        return;
      }
      this.waiting.shift();
    }
  }

  // Sends @parts (strings, or bytes the caller may reuse at once); false when
  // they cannot be taken: too much waits already.
  send (parts) {
    if (this.closed)
      return true;
    const backlog = this.fd < 0 ? this.socket.writableLength : this.waitingBytes;
    if (backlog > MAX_WAITING)
      return false;
    for (const part of typeof parts === 'string' ? [parts] : parts) {
      let bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
      if (bytes.length === 0)
        continue;
      if (this.waiting.length === 0 && this.retry === null) {
        const n = this.writeSome(bytes);
        if (n === bytes.length || this.closed)
          continue;
        bytes = bytes.subarray(n);
      }
      this.waiting.push(Buffer.from(bytes));     // a copy: the caller's buffer is reused
      this.waitingBytes += bytes.length;
    }
    if (this.waiting.length !== 0 && this.retry === null)
      this.drain();
    return true;
  }

  // At exit: what waits still goes, for a moment, while Overlap takes it.
  lastWords () {
    const end = performance.now() + LAST_WORDS_MS;
    let progress = performance.now();
    if (this.retry !== null)
      this.timers.clearTimeout(this.retry);
    this.retry = null;
    while (this.waiting.length !== 0 && !this.closed && this.fd >= 0) {
      const before = this.waitingBytes;
      this.drain();
      if (this.retry !== null) {
        this.timers.clearTimeout(this.retry);
        this.retry = null;
      }
      const t = performance.now();
      if (this.waitingBytes < before)
        progress = t;
      if (t > end || t - progress > DEAF_MS)
        break;
      Atomics.wait(pause, 0, 0, 1);
    }
  }

  close () {
    if (this.closed)
      return;
    this.closed = true;
    if (this.retry !== null)
      this.timers.clearTimeout(this.retry);
    this.waiting = [];
    this.socket.destroy();
    this.onClose();
  }
}
