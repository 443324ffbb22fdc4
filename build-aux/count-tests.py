#!/usr/bin/env python3
# Counts test cases from meson's testlog.json: each TAP "ok"/"not ok" line of each
# test program; a program that failed without a "not ok" line (a crash, a timeout)
# counts as one failure. Prints "N passed, N failed[, N skipped]".
import json
import re
import sys

passed = failed = skipped = 0
try:
    with open(sys.argv[1], encoding="utf-8") as log:
        entries = [json.loads(line) for line in log if line.strip()]
except OSError as error:
    print(f"count-tests: {error}", file=sys.stderr)
    print("0 passed, 1 failed")
    sys.exit(1)

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
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
