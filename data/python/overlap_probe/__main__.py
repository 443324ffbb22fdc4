# SPDX-License-Identifier: GPL-3.0-or-later
"""python3 -m overlap_probe [--time-scale X] script.py [args...]"""

import os
import runpy
import sys

from . import connect, install

USAGE = """usage: python3 -m overlap_probe [--time-scale X] script.py [args...]

Runs script.py and shows its asyncio tasks live in Overlap (turn on
"Listen for programs" in Overlap's menu, or run `overlap --listen`).

  --time-scale X   multiply every asyncio.sleep() delay by X (0.1: ten times faster)

Overlap is found at $OVERLAP_FEED (a socket path, or tcp:HOST:PORT:TOKEN),
else $XDG_RUNTIME_DIR/overlap/feed.sock, else the Flatpak's
$XDG_RUNTIME_DIR/app/io.github.overlap.Overlap/overlap-feed.sock."""

_HIDDEN = (os.path.dirname(os.path.abspath(__file__)) + os.sep, "<frozen runpy>", runpy.__file__)


def _without_probe(tb):
    """@tb without the entries of the probe's frames and runpy's."""
    head = previous = None
    while tb is not None:
        if not tb.tb_frame.f_code.co_filename.startswith(_HIDDEN):
            if previous is None:
                head = tb
            else:
                previous.tb_next = tb
            previous = tb
        tb = tb.tb_next
    if previous is not None:
        previous.tb_next = None
    return head


def _hide_probe_frames(error, seen=None):
    seen = set() if seen is None else seen
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        error.__traceback__ = _without_probe(error.__traceback__)
        _hide_probe_frames(error.__cause__, seen)
        error = error.__context__


def _print_without_probe(hook):
    """The program's excepthook, given tracebacks as they are without the
    probe: they start at the script, as they do under plain python3."""

    def excepthook(kind, value, tb):
        if value is not None:
            _hide_probe_frames(value)
            tb = value.__traceback__
        hook(kind, value, _without_probe(tb))

    return excepthook


def _parse(argv):
    """Returns (time_scale, argv) or an exit status."""
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
    return time_scale, argv


def main(argv):
    parsed = _parse(argv)
    if isinstance(parsed, int):
        return parsed
    time_scale, argv = parsed
    script = argv[0]
    if not os.path.isfile(script):
        print("overlap_probe: %s: no such file" % script, file=sys.stderr)
        return 2
    sock, tried = connect()
    if sock is None:
        print("overlap_probe: no Overlap is listening (tried %s); running %s, shown once one listens"
              % (", ".join(tried), script), file=sys.stderr)
    install(os.path.basename(script), sock, time_scale)

    # As `python3 script.py` has it: the script's directory first on the
    # path (not the current one), its absolute path as __file__.
    path = os.path.abspath(script)
    sys.argv = list(argv)
    sys.path[0] = os.path.dirname(path)
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as error:
        _hide_probe_frames(error)
        sys.excepthook = _print_without_probe(sys.excepthook)
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
