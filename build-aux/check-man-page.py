#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compare the options documented in the man page with `overlap --help-all`.

  check-man-page.py OVERLAP MAN-PAGE

Options in the man page are the .TP entries of its OPTIONS section, written as
\\fB\\-s\\fR, \\fB\\-\\-scenario\\fR=\\fINAME\\fR. Exits 1, naming the options missing on
either side, when they differ.
"""

import re
import subprocess
import sys

OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][A-Za-z0-9-]*)")


def help_options(overlap):
    out = subprocess.run([overlap, "--help-all"], check=True, capture_output=True, text=True).stdout
    options = set()
    for line in out.splitlines():
        # option lines are indented and start with the option itself
        m = re.match(r"^\s+(-\w, )?(--[\w-]+)", line)
        if m:
            if m.group(1):
                options.add(m.group(1)[:-2])
            options.add(m.group(2))
    return options


def man_options(path):
    text = open(path, encoding="utf-8").read()
    options = set()
    lines = text.splitlines()
    in_options = False
    for i, line in enumerate(lines):
        if line.startswith(".SH"):
            in_options = "OPTIONS" in line
        elif in_options and line.startswith(".TP") and i + 1 < len(lines):
            entry = lines[i + 1].replace("\\-", "-")
            entry = re.sub(r"\\f[BIRP]", "", entry)
            entry = re.sub(r"^\.\w+\s+", "", entry).replace('"', " ")
            options.update(OPTION.findall(entry.split("=")[0]))
    return options


def main():
    overlap, man_page = sys.argv[1], sys.argv[2]
    in_help = help_options(overlap)
    in_man = man_options(man_page)
    if not in_help:
        print("no options found in overlap --help-all", file=sys.stderr)
        return 1
    if in_help == in_man:
        return 0
    for option in sorted(in_help - in_man):
        print(f"{man_page}: {option} is an option of overlap but is not documented", file=sys.stderr)
    for option in sorted(in_man - in_help):
        print(f"{man_page}: {option} is documented but overlap has no such option", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
