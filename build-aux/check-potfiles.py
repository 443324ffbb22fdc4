#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check po/POTFILES.in: every source file with strings marked for translation
is listed, every listed file exists, and the list is sorted.

Marked strings: _( N_( C_( NC_( g_dngettext( g_dpgettext2( in C files, and
translatable="yes" in GtkBuilder files. Also fails on a marked C string cut by a
G_GINT64_FORMAT-like macro, which xgettext cannot extract whole. Data files that are always translated
(desktop file, metainfo, GSettings schema) are listed by name below. Prints the
problems and exits 1, or exits 0 silently.
"""

import pathlib
import re
import sys

TOP = pathlib.Path(__file__).resolve().parent.parent
C_MARKS = re.compile(r"(?<![\w])(?:_|N_|C_|NC_|g_dngettext|g_dpgettext2|g_dgettext)\s*\(")
UI_MARKS = re.compile(r'translatable="(?:yes|true|1)"')
ALWAYS = [
    "data/io.github.overlap.Overlap.desktop.in",
    "data/io.github.overlap.Overlap.gschema.xml",
    "data/io.github.overlap.Overlap.metainfo.xml.in",
]


def marked_files():
    found = set(ALWAYS)
    for path in sorted(TOP.glob("app/**/*")) + sorted(TOP.glob("data/**/*")):
        rel = path.relative_to(TOP).as_posix()
        if path.suffix in (".c", ".h"):
            text = path.read_text(encoding="utf-8", errors="replace")
            # drop comments so that an example in a comment does not count
            text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
            if C_MARKS.search(text):
                found.add(rel)
        elif path.suffix == ".ui":
            if UI_MARKS.search(path.read_text(encoding="utf-8", errors="replace")):
                found.add(rel)
    return found


# _("%" G_GINT64_FORMAT …): xgettext sees only the literal before the macro,
# so the translation would never match; use %lld or %llu with a cast instead.
CUT_BY_MACRO = re.compile(r'(?<![\w])(?:_|N_|C_|NC_)\s*\(\s*(?:"(?:\\.|[^"\\])*"\s*)+G_G\w*_FORMAT')


def cut_strings():
    problems = []
    for path in sorted(TOP.glob("app/**/*.c")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in CUT_BY_MACRO.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{path.relative_to(TOP).as_posix()}:{line}: a marked string is cut by a "
                            "G_G*_FORMAT macro, which xgettext cannot follow: use %lld or %llu and a cast")
    return problems


def main():
    potfiles = TOP / "po" / "POTFILES.in"
    listed = [line.strip() for line in potfiles.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    problems = []
    for rel in sorted(marked_files() - set(listed)):
        problems.append(f"{rel} has strings marked for translation but is not in po/POTFILES.in")
    for rel in listed:
        if not (TOP / rel).is_file():
            problems.append(f"po/POTFILES.in lists {rel}, which does not exist")
    if listed != sorted(listed):
        problems.append("po/POTFILES.in is not sorted (LC_ALL=C sort)")
    if len(listed) != len(set(listed)):
        problems.append("po/POTFILES.in lists a file twice")
    problems += cut_strings()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
