#!/usr/bin/env bash
# Shared by ./run and ./check: installs the Debian packages Overlap needs (only the
# missing ones), then configures and builds with meson into ./_build.
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${OVERLAP_BUILDDIR:-$top/_build}"

packages=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libsoup-3.0-dev libjson-glib-dev
  libgtk-4-dev libadwaita-1-dev libcairo2-dev libpango1.0-dev
  libgtksourceview-5-dev zlib1g-dev
  appstream desktop-file-utils flatpak-builder
  xvfb xauth dbus libxtst-dev
  valgrind openssl librsvg2-common
  fonts-cantarell fonts-dejavu-core
  # what tests and benchmark smoke runs execute: the Python programs of the live
  # feed and of the code view, aiohttp as bench-http's peer, CPython's own asyncio
  # tests (test-feed runs some under the probe), and the locale sources the
  # German-locale tests compile into the build tree (tests/meson.build)
  python3 python3-aiohttp libpython3.11-testsuite locales
  # the Node.js probe's tests and examples (Debian 12's is 18.19 or later: enough)
  nodejs
  # the video export (appsrc → vp9enc/vp8enc → webmmux, the last three in -good) and
  # gst-discoverer-1.0, which its tests read the videos with
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-tools
)

missing=()
for p in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "overlap: installing ${#missing[@]} Debian packages: ${missing[*]}" >&2
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then
      sudo=(sudo)
    else
      echo "overlap: these packages are missing and I am not root (no sudo either): ${missing[*]}" >&2
      exit 1
    fi
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [[ ! -f "$builddir/build.ninja" ]]; then
  meson setup "$builddir" "$top" >&2
fi
ninja -C "$builddir" >&2
