#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a validation tool, or exits 77 (meson: skipped) when it is not installed.
if ! command -v "$1" >/dev/null 2>&1; then
  echo "$1 is not installed: skipped" >&2
  exit 77
fi
exec "$@"
