#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in matches the sources with translatable strings.

Usage: test-potfiles.py SOURCE_ROOT
       test-potfiles.py --self-test

Fails when a file under src/, ui/ or data/ marks strings for translation
(_(), N_(), C_(), NC_(), ngettext, translatable="yes"), or is a desktop
entry, metainfo or GSettings schema, and POTFILES.in does not list it; when
POTFILES.in lists a file that does not exist; and when POTFILES.in is not
sorted. --self-test runs the check on small generated trees and verifies
that it accepts a good one and rejects each kind of mistake.
"""

import os
import re
import sys
import tempfile

SCANNED_DIRS = ("src", "ui", "data")
TEXT_SUFFIXES = (".c", ".h", ".ui", ".xml", ".in", ".desktop")
MARKERS = re.compile(
    r"""(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|g_dngettext|g_dpgettext2|ngettext)\s*\(
        |translatable\s*=\s*["']yes["']""",
    re.VERBOSE,
)
# Files that carry translatable strings without any marker.
ALWAYS_TRANSLATABLE = re.compile(r"\.(desktop\.in|metainfo\.xml\.in|gschema\.xml)$")


def read_potfiles(root):
    path = os.path.join(root, "po", "POTFILES.in")
    with open(path, encoding="utf-8") as f:
        lines = [line.strip() for line in f]
    return [line for line in lines if line and not line.startswith("#")]


def translatable_files(root):
    found = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith(TEXT_SUFFIXES):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                if ALWAYS_TRANSLATABLE.search(name):
                    found.append(rel)
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    if MARKERS.search(f.read()):
                        found.append(rel)
    return found


def check(root):
    """Returns a list of problems, empty when POTFILES.in is right."""
    problems = []
    listed = read_potfiles(root)
    for rel in listed:
        if not os.path.isfile(os.path.join(root, rel)):
            problems.append(f"POTFILES.in lists {rel}, which does not exist")
    listed_set = set(listed)
    for rel in translatable_files(root):
        if rel not in listed_set:
            problems.append(f"{rel} has translatable strings but is not in POTFILES.in")
    if listed != sorted(listed):
        problems.append("POTFILES.in is not sorted")
    if len(listed) != len(listed_set):
        problems.append("POTFILES.in lists a file twice")
    return problems


def self_test():
    def tree(files, potfiles):
        d = tempfile.TemporaryDirectory()
        for rel, text in files.items():
            path = os.path.join(d.name, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        os.makedirs(os.path.join(d.name, "po"), exist_ok=True)
        with open(os.path.join(d.name, "po", "POTFILES.in"), "w", encoding="utf-8") as f:
            f.write("# comment\n" + "".join(p + "\n" for p in potfiles))
        return d

    good_files = {
        "src/a.c": 'g_print ("%s", _("Hello"));\n',
        "src/b.c": 'static const char *s = N_("World");\n',
        "src/plain.c": "int my_func_(int x); /* no strings */\n",
        "ui/w.ui": '<property name="label" translatable="yes">Play</property>\n',
        "data/x.desktop.in": "[Desktop Entry]\nName=X\n",
    }
    good_list = ["data/x.desktop.in", "src/a.c", "src/b.c", "ui/w.ui"]
    cases = [
        ("good tree", good_files, good_list, 0),
        ("missing .c", good_files, ["data/x.desktop.in", "src/a.c", "ui/w.ui"], 1),
        ("missing .ui", good_files, ["data/x.desktop.in", "src/a.c", "src/b.c"], 1),
        ("missing desktop", good_files, ["src/a.c", "src/b.c", "ui/w.ui"], 1),
        ("nonexistent entry", good_files, good_list[:2] + ["src/gone.c"] + good_list[2:], 1),
        ("unsorted", good_files, ["src/a.c", "data/x.desktop.in", "src/b.c", "ui/w.ui"], 1),
        ("ngettext", dict(good_files, **{"src/n.c": "ngettext (\"a\", \"b\", n);\n"}), good_list, 1),
    ]
    failures = 0
    for name, files, potfiles, expect_problems in cases:
        with tree(files, potfiles) as root:
            got = 1 if check(root) else 0
        status = "ok" if got == expect_problems else "FAIL"
        if got != expect_problems:
            failures += 1
        print(f"{status}: {name}")
    return 1 if failures else 0


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    if sys.argv[1] == "--self-test":
        return self_test()
    problems = check(sys.argv[1])
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"POTFILES.in lists all {len(read_potfiles(sys.argv[1]))} files with translatable strings")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
