#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command on an X server of its own: ./check gives each test program one
# (meson test --wrapper), so that programs run side by side do not share windows,
# the keyboard focus, the clipboard or the primary selection. (GTK 4.8's X11 clipboard
# leaks the requests it makes when another client takes a selection, so a test that
# copies, or selects text, made another test's leak check fail.) Xvfb picks a free
# display itself (-displayfd): no race between programs that start at the same time.
#
#   build-aux/xvfb-wrap.sh COMMAND [ARG…]
set -uo pipefail

dir="$(mktemp -d "${TMPDIR:-/tmp}/overlap-xvfb-XXXXXX")"
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$dir/display" 2>"$dir/log" &
xvfb=$!

for ((i = 0; i < 200; i++)); do
  [[ -s $dir/display ]] && break
  kill -0 "$xvfb" 2>/dev/null || break
  sleep 0.05
done
display="$(head -n 1 "$dir/display" 2>/dev/null)"
if [[ -z $display ]]; then
  echo "xvfb-wrap: Xvfb did not start:" >&2
  cat "$dir/log" >&2
  kill "$xvfb" 2>/dev/null
  rm -rf "$dir"
  exit 1
fi

DISPLAY=":$display" "$@"
status=$?
kill "$xvfb" 2>/dev/null
wait "$xvfb" 2>/dev/null
rm -rf "$dir"
exit $status
