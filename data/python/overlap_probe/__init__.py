# SPDX-License-Identifier: GPL-3.0-or-later
"""Send a Python program's asyncio tasks to Overlap, live.

    python3 -m overlap_probe [--time-scale X] script.py [args...]

runs script.py unchanged under asyncio instrumentation: every task becomes a
bar in Overlap's window (turn on "Listen for programs", or run
`overlap --listen`), with its queued, running and waiting phases and how it
ended; so does every coroutine a task awaits directly. Standard library only.

The wire format is Chrome Trace Event JSON, one event per line, on a Unix
socket (or a loopback TCP port with a token). Where to connect:
  $OVERLAP_FEED                      a socket path, or tcp:HOST:PORT:TOKEN
  $XDG_RUNTIME_DIR/overlap/feed.sock Overlap installed on the system
  $XDG_RUNTIME_DIR/app/io.github.overlap.Overlap/overlap-feed.sock
                                     Overlap running as a Flatpak
If no Overlap is listening, the program runs untouched (one warning on
stderr), and the probe attaches when one starts listening.

The program behaves as it does without the probe: the probe never blocks it
(events a slow listener cannot take are dropped, and counted on stderr at
exit), keeps no object alive, leaves task factories and Task classes alone
and hides its own frames from the program's tracebacks.
"""

import atexit
import os
import sys

from ._sender import Sender, connect

__all__ = ["Probe", "install", "connect"]


class Probe:
    """This process's probe: its connection to Overlap and what it watches."""

    def __init__(self, process_name):
        self.watch = None     # what watches asyncio, once a listener is there
        self.sender = Sender(process_name, self._attach, self._detach)

    def _attach(self, sender):
        if self.watch is None:
            from ._watch import Watch   # not before: a program nobody watches pays nothing
            self.watch = Watch()
        self.watch.attach(sender)

    def _detach(self):
        if self.watch is not None:
            self.watch.detach()

    @property
    def attached(self):
        return self.sender.attached

    def start(self, sock=None):
        """Attaches now if @sock is a connection to Overlap, else when one appears."""
        self.sender.start(sock)
        os.register_at_fork(after_in_child=self.sender.after_fork_in_child)

    def close(self):
        """Writes out what is left (at exit); says on stderr what was dropped."""
        dropped = self.sender.stop()
        if dropped:
            print("overlap_probe: %d events were dropped: Overlap did not read them in time"
                  % dropped, file=sys.stderr)


_installed = None


def _scale_sleep(time_scale):
    import asyncio

    original_sleep = asyncio.sleep

    async def sleep(delay, result=None):
        return await original_sleep(delay * time_scale, result)

    sleep.__doc__ = original_sleep.__doc__
    sleep.__wrapped__ = original_sleep
    asyncio.sleep = sleep
    asyncio.tasks.sleep = sleep


def install(process_name, sock=None, time_scale=1.0):
    """Watches every event loop of the process from now on, sending to
    Overlap through @sock (from connect()), or to the Overlap that starts
    listening later; scales asyncio.sleep by @time_scale. Returns the probe."""
    global _installed
    if _installed is not None:
        return _installed
    _installed = probe = Probe(process_name)
    if time_scale != 1.0:
        _scale_sleep(time_scale)
    probe.start(sock)
    atexit.register(probe.close)
    return probe
