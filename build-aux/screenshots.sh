#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the AppStream screenshots from the real window: runs the built app under
# Xvfb, drives it with xdotool, captures the screen with ImageMagick and crops
# it to the window.
#
#   build-aux/screenshots.sh [BUILDDIR] [OUTDIR]     (default: _build, data/screenshots)
#
# Needs xvfb-run, dbus-run-session, xdotool and imagemagick. The shots are taken
# in English at the window's default size (1280×820), with default settings.
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="$(cd "${1:-$top/_build}" && pwd)"
outdir="$(mkdir -p "${2:-$top/data/screenshots}" && cd "${2:-$top/data/screenshots}" && pwd)"

if [[ -z "${OVERLAP_SCREENSHOTS_INNER:-}" ]]; then
  for tool in xvfb-run dbus-run-session xdotool import convert; do
    command -v "$tool" >/dev/null || { echo "screenshots: $tool is missing" >&2; exit 1; }
  done
  export OVERLAP_SCREENSHOTS_INNER=1
  log="${TMPDIR:-/tmp}/overlap-screenshots.log"
  echo "screenshots: the session's messages go to $log" >&2
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1600x1000x24" "$0" "$builddir" "$outdir" 2>"$log"
fi

export GSK_RENDERER=cairo GDK_DEBUG=gl-disable
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$builddir/data"
export NO_AT_BRIDGE=1 GTK_A11Y=none
export LC_ALL=C.UTF-8 LANGUAGE=en
unset WAYLAND_DISPLAY

app_pid=
window=

# start [ENV=VALUE…]: a fresh instance (settings start from their defaults)
start () {
  env "$@" "$builddir/app/overlap" &
  app_pid=$!
  window="$(xdotool search --sync --onlyvisible --pid "$app_pid" --class overlap | head -n 1)"
  sleep 1.5
  xdotool windowfocus --sync "$window"
  xdotool mousemove 1590 990   # off the window: no hover, no tooltip
}

stop () {
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
}

keys () {
  for key in "$@"; do
    xdotool key --clearmodifiers "$key"
    sleep 0.4
  done
}

# shot NAME: the screen cropped to the window
shot () {
  local x y w h
  eval "$(xdotool getwindowgeometry --shell "$window" | grep -E '^(X|Y|WIDTH|HEIGHT)=')"
  x=$X y=$Y w=$WIDTH h=$HEIGHT
  import -silent -window root "$outdir/.$1.png"
  convert "$outdir/.$1.png" -crop "${w}x${h}+${x}+${y}" +repage -strip "$outdir/$1.png"
  rm -f "$outdir/.$1.png"
  echo "screenshots: $outdir/$1.png (${w}×${h})"
}

# 1. The default scenario, tasks A, B and C: one after another, then gathered
start
keys ctrl+r
sleep 10
shot overlap-gather
stop

# 2. The web scraper's hundred downloads, with the code beside the chart
start
keys F11 5 minus minus minus F11 ctrl+k ctrl+r
sleep 12
shot overlap-scraper
stop

# 3. Presentation mode: two tasks, less than 3 seconds
start
keys F11 2 space
sleep 9.5
shot overlap-presentation
stop

# 4. The CPU-bound pitfall, in the dark style (the tenth scenario: 9, then →)
start ADW_DEBUG_COLOR_SCHEME=prefer-dark
keys F11 9 Right Escape ctrl+r
sleep 7
shot overlap-dark
stop
