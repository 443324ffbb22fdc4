#!/usr/bin/env python3
# Counts test cases from one or more of meson's testlog.json (one per build: the
# plain one and the sanitizer one are summed): each TAP "ok"/"not ok" line of each
# test program; a program that failed without a "not ok" line (a crash, a timeout)
# counts as one failure. Prints "N skipped" when some were, then, last, "N passed, N failed".
import json
import re
import sys

passed = failed = skipped = 0
entries = []
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as log:
            entries += [json.loads(line) for line in log if line.strip()]
    except (OSError, ValueError) as error:
        print(f"count-tests: {path}: {error}", file=sys.stderr)
        failed += 1  # a build that could not run its tests counts as a failure
if not sys.argv[1:]:
    print("usage: count-tests.py TESTLOG.json...", file=sys.stderr)
    failed += 1

for entry in entries:
    out = entry.get("stdout") or ""
    p = f = s = 0
    for line in out.splitlines():
        if re.match(r"^ok\b", line):
            if "# SKIP" in line:
                s += 1
            else:
                p += 1
        elif re.match(r"^not ok\b", line):
            if "# TODO" in line:
                s += 1
            else:
                f += 1
    if entry.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP") and f == 0:
        f = 1
    if entry.get("result") == "SKIP" and p + f + s == 0:
        s = 1
    if entry.get("result") == "OK" and p + f + s == 0:
        p = 1  # a plain (non-TAP) test program
    passed += p
    failed += f
    skipped += s

line = f"{passed} passed, {failed} failed"
if skipped:
    print(f"{skipped} skipped")
print(line)
