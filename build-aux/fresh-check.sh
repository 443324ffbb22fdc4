#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The check before any change to the set-up: does a fresh Debian 12 machine pass
# ./check? Makes a clean Debian 12 root with debootstrap (once, kept as base/ in the
# cache folder), copies it, clones this repository's committed HEAD into the copy and
# runs ./check inside it through chroot, as root, with nothing installed but what
# debootstrap's minimal variant brings. Whatever ./check needs and does not install
# fails here, although it passes on a machine where it was installed by hand.
#
#   build-aux/fresh-check.sh [--keep] [--rebase] [-- ARGS FOR ./check]
#
#   --keep     keep the used root (run/) afterwards, to look inside it
#   --rebase   make base/ anew (a newer Debian 12 point release, say)
#
# Needs root and debootstrap (installed when missing). The Debian mirror is the first
# one of this machine's apt sources, or OVERLAP_FRESH_MIRROR. The cache folder is
# OVERLAP_FRESH_DIR (default /var/tmp/overlap-fresh); the log of the last run is its
# check.log. Exits with ./check's status; the last line is ./check's "N passed, N failed".
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${OVERLAP_FRESH_DIR:-/var/tmp/overlap-fresh}"
keep=0
rebase=0
while (($#)); do
  case "$1" in
    --keep) keep=1 ;;
    --rebase) rebase=1 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fresh-check: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [[ $(id -u) -ne 0 ]]; then
  echo "fresh-check: needs root (debootstrap, chroot and mounts): run it with sudo" >&2
  exit 1
fi

if ! command -v debootstrap >/dev/null; then
  echo "fresh-check: installing debootstrap" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
fi

# The first Debian mirror this machine's apt already uses (not the security one).
find_mirror ()
{
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' "$f"
  done
}
mirror="${OVERLAP_FRESH_MIRROR:-$(find_mirror | grep -v security | head -n 1)}"
if [[ -z $mirror ]]; then
  echo "fresh-check: no Debian mirror in /etc/apt sources; set OVERLAP_FRESH_MIRROR" >&2
  exit 1
fi

mkdir -p "$cache"
base="$cache/base"
run="$cache/run"
log="$cache/check.log"

if ((rebase)) || [[ ! -f $base/.overlap-base-complete ]]; then
  rm -rf "$base"
  echo "fresh-check: making a clean Debian 12 root in $base (a few minutes)" >&2
  debootstrap --variant=minbase bookworm "$base" "$mirror" > "$cache/debootstrap.log" 2>&1 || {
    echo "fresh-check: debootstrap failed; see $cache/debootstrap.log" >&2
    tail -n 5 "$cache/debootstrap.log" >&2
    exit 1
  }
  touch "$base/.overlap-base-complete"
fi

cleanup ()
{
  local m
  # unmount whatever is still mounted under run/, deepest first
  for m in $(awk -v r="$run" '$2 ~ "^"r { print $2 }' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  if ((!keep)); then
    rm -rf --one-file-system "$run"
  fi
}
trap cleanup EXIT

cleanup
rm -rf --one-file-system "$run"
echo "fresh-check: copying the clean root" >&2
cp -a "$base" "$run"
cp /etc/resolv.conf "$run/etc/resolv.conf" 2>/dev/null || true

echo "fresh-check: cloning $(git -C "$top" rev-parse --short HEAD) ($(git -C "$top" log -1 --format=%s))" >&2
git clone --quiet --no-hardlinks "$top" "$run/root/overlap"
if [[ -d $top/../shared ]]; then
  cp -r "$top/../shared" "$run/root/shared"
  chmod -R a-w "$run/root/shared"
fi

mount -t proc proc "$run/proc"
mount -t sysfs sysfs "$run/sys"
mount --rbind /dev "$run/dev"
mount --make-rslave "$run/dev"
mount -t tmpfs tmpfs "$run/tmp"

echo "fresh-check: ./check in the clean root (log: $log)" >&2
status=0
chroot "$run" /usr/bin/env -i \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root LANG=C.UTF-8 TERM=dumb CI=true \
  /bin/bash -c 'cd /root/overlap && ./check "$@"' check "$@" > "$log" 2>&1 || status=$?

tail -n 1 "$log"
if ((status)); then
  echo "fresh-check: ./check failed (status $status); the failures:" >&2
  grep -E "^not ok|FAIL|ModuleNotFoundError|No such file|not installed|command not found" "$log" | head -n 20 >&2 || true
fi
exit $status
