#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang + AddressSanitizer in
# ./_build-fuzz and runs each for a while, seeded with the bundled scenarios and the
# regression samples of tests/data/fuzz/. Leak checks are off here (one-time type and
# class set-up in GLib reads as a leak per input); the samples run through the parsers
# in the sanitizer build of ./check (test-fuzz-samples), with its leak checker. Crashes land in _build-fuzz/crashes/: fix
# them, then keep the input in tests/data/fuzz/<target>/ (test-fuzz-samples replays it).
#
#   build-aux/fuzz.sh [SECONDS_PER_TARGET]     (default 120)
#   build-aux/fuzz.sh --runs N [TARGET...]     (N executions of each target)
#   build-aux/fuzz.sh --fast --runs N ...      (UBSan only, ~25× the executions a
#                                               second; the grown corpus is then run
#                                               once through the ASan build)
# TARGET is scenario or import (default both). The grown corpus stays in
# _build-fuzz/corpus-<target>/ for the next run. Needs clang and libclang-rt-14-dev (Debian 12).
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${OVERLAP_FUZZ_BUILDDIR:-$top/_build-fuzz}"
asandir="$builddir"
fast=0
limit=(-max_total_time=120)
what="120 s"
targets=()
while (($#)); do
  case "$1" in
    --runs) limit=(-runs="$2"); what="$2 executions"; shift ;;
    --fast) fast=1 ;;
    scenario|import) targets+=("$1") ;;
    [0-9]*) limit=(-max_total_time="$1"); what="$1 s" ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
((${#targets[@]})) || targets=(scenario import)

setup ()
{
  if [[ ! -f "$1/build.ninja" ]]; then
    CC=clang meson setup "$1" "$top" -Dfuzzing=true \
      -Db_sanitize="$2" -Db_lundef=false -Dbuildtype=debugoptimized >&2
  fi
  ninja -C "$1" tests/fuzz/fuzz-scenario tests/fuzz/fuzz-import >&2
}
setup "$asandir" address,undefined
if ((fast)); then
  builddir="${OVERLAP_FUZZ_FAST_BUILDDIR:-$top/_build-fuzz-fast}"
  setup "$builddir" undefined
fi

mkdir -p "$builddir/crashes"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$top/build-aux/lsan.supp"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export G_SLICE=always-malloc

status=0
for target in "${targets[@]}"; do
  corpus="$asandir/corpus-$target"
  mkdir -p "$corpus"
  seeds=("$top/tests/data/fuzz/$target")
  [[ $target == scenario ]] && seeds+=("$top/data/scenarios")
  [[ $target == import ]] && seeds+=("$top/tests/data")
  echo "fuzz-$target: $what" >&2
  "$builddir/tests/fuzz/fuzz-$target" "$corpus" "${seeds[@]}" \
    "${limit[@]}" -max_len=65536 -timeout=30 -rss_limit_mb=2048 -detect_leaks=0 \
    -artifact_prefix="$builddir/crashes/$target-" -print_final_stats=1 2>&1 \
    | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)" >&2 \
    || true
  if ((fast)); then
    # every input the fast run kept, once through AddressSanitizer
    echo "fuzz-$target: the corpus through the ASan build" >&2
    ASAN_OPTIONS="detect_leaks=0:halt_on_error=1" \
      "$asandir/tests/fuzz/fuzz-$target" "$corpus" -runs=0 -max_len=65536 -timeout=30 -detect_leaks=0 \
      -artifact_prefix="$builddir/crashes/$target-" 2>&1 \
      | grep -E "^(#[0-9]+ +(INITED|DONE)|==[0-9]+==ERROR|SUMMARY|Test unit written)" >&2 || true
  fi
  if ls "$builddir/crashes/$target-"* >/dev/null 2>&1; then
    echo "fuzz-$target: crashes in $builddir/crashes" >&2
    status=1
  fi
done
exit $status
