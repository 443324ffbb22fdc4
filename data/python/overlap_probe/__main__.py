# SPDX-License-Identifier: GPL-3.0-or-later
"""python3 -m overlap_probe [--time-scale X] script.py [args...]"""

import atexit
import os
import runpy
import sys

from . import Probe, connect, install

USAGE = """usage: python3 -m overlap_probe [--time-scale X] script.py [args...]

Runs script.py and shows its asyncio tasks live in Overlap (turn on
"Listen for programs" in Overlap's menu, or run `overlap --listen`).

  --time-scale X   multiply every asyncio.sleep() delay by X (0.1: ten times faster)

Overlap is found at $OVERLAP_FEED (a socket path, or tcp:HOST:PORT:TOKEN),
else $XDG_RUNTIME_DIR/overlap/feed.sock, else the Flatpak's
$XDG_RUNTIME_DIR/app/io.github.overlap.Overlap/overlap-feed.sock."""


def main(argv):
    time_scale = 1.0
    while argv and argv[0].startswith("-"):
        option = argv.pop(0)
        if option in ("-h", "--help"):
            print(USAGE)
            return 0
        if option == "--time-scale" and argv:
            value = argv.pop(0)
        elif option.startswith("--time-scale="):
            value = option.split("=", 1)[1]
        else:
            print(USAGE, file=sys.stderr)
            return 2
        try:
            time_scale = float(value)
            if not time_scale > 0:
                raise ValueError
        except ValueError:
            print("overlap_probe: --time-scale wants a number above 0, not %r" % value,
                  file=sys.stderr)
            return 2
    if not argv:
        print(USAGE, file=sys.stderr)
        return 2

    script = argv[0]
    if not os.path.isfile(script):
        print("overlap_probe: %s: no such file" % script, file=sys.stderr)
        return 2
    sock, tried = connect()
    if sock is None:
        print("overlap_probe: no Overlap is listening (tried %s); running %s without it"
              % (", ".join(tried), script), file=sys.stderr)
    probe = Probe(sock, os.path.basename(script))
    atexit.register(probe.close)
    install(probe, time_scale)

    sys.argv = list(argv)
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    try:
        runpy.run_path(script, run_name="__main__")
    finally:
        probe.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
