#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the engine's layers include only what they may see.

Usage: test-engine-layers.py SOURCE_ROOT
       test-engine-layers.py --self-test

The engine (src/engine) is built in layers, each a static library:

    similarity  sees library, audio, nn and the root
    library     sees audio, nn and the root
    audio       sees the root only
    nn          sees the root only
    (root)      akin-error, akin-json, akin-mode: see nothing above them

Fails when a file of a layer includes a header of a layer it must not see
(written "layer/akin-x.h", or unqualified and found only in another layer),
an include names no header of the engine nor one beside it, a layer
includes a library of another layer's stack (GStreamer, FFTW and libpng are
audio's, OpenBLAS nn's, SQLite library's), or any engine file includes GTK
or libvlc. akin-engine.h, the umbrella the app and the CLI include, may name
every layer but none of its private headers (akin-*-private.h, which declare
what only the layer's own files and the tests use); nor may a file under
src/app or src/cli include one (their own private headers, beside them, are
theirs). --self-test runs the check on small generated trees and
verifies that it accepts a good one and rejects each kind of mistake.
"""

import os
import re
import sys
import tempfile

LAYERS = ("audio", "nn", "library", "similarity")
ROOT = ""
SEES = {
    ROOT: {ROOT},
    "audio": {ROOT, "audio"},
    "nn": {ROOT, "nn"},
    "library": {ROOT, "audio", "nn", "library"},
    "similarity": {ROOT, "audio", "nn", "library", "similarity"},
}
# System headers that belong to one layer's stack.
STACKS = {
    "audio": re.compile(r"^(gst/|fftw3\.h$|png\.h$)"),
    "nn": re.compile(r"^cblas\.h$"),
    "library": re.compile(r"^sqlite3\.h$"),
}
NEVER = re.compile(r"^(gtk/|adwaita\.h$|gdk/|vlc/)")
UMBRELLA = "akin-engine.h"
PRIVATE = "-private.h"
OUTSIDE = ("app", "cli")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.MULTILINE)


def layer_of(rel):
    parts = rel.split("/")
    return parts[0] if len(parts) > 1 else ROOT


def check(root):
    """Returns a list of problems, empty when every include is allowed."""
    engine = os.path.join(root, "src", "engine")
    problems = []
    files = []
    for dirpath, dirnames, filenames in os.walk(engine):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith((".c", ".h")):
                files.append(os.path.relpath(os.path.join(dirpath, name), engine))
    for rel in files:
        layer = layer_of(rel)
        if layer not in SEES:
            problems.append(f"{rel}: {layer}/ is not a layer of the engine")
            continue
        with open(os.path.join(engine, rel), encoding="utf-8") as f:
            text = f.read()
        for kind, name in INCLUDE.findall(text):
            if NEVER.search(name):
                problems.append(f"{rel}: includes {name}; the engine never sees GTK or libvlc")
                continue
            if kind == "<":
                for owner, pattern in STACKS.items():
                    if pattern.search(name) and owner != layer:
                        problems.append(f"{rel}: includes <{name}>, which is {owner}'s stack")
                continue
            if rel == UMBRELLA and name.endswith(PRIVATE):
                problems.append(f"{rel}: includes {name}, a private header of the engine")
                continue
            if name == "config.h" or rel == UMBRELLA:
                continue
            if name == UMBRELLA:
                problems.append(f"{rel}: includes {UMBRELLA}, which is for the app and the CLI")
                continue
            # Resolved as the compiler does: beside the file, then the root.
            beside = os.path.normpath(os.path.join(os.path.dirname(rel), name))
            if os.path.isfile(os.path.join(engine, beside)):
                target = beside
            elif os.path.isfile(os.path.join(engine, name)):
                target = os.path.normpath(name)
            else:
                problems.append(f"{rel}: includes {name}, which is not beside it "
                                "nor at the engine's root (name a lower layer's "
                                "header as layer/akin-x.h)")
                continue
            owner = layer_of(target)
            if owner not in SEES[layer]:
                problems.append(f"{rel}: includes {target}; "
                                f"{layer or 'the root'} must not see {owner or 'the root'}")
    problems += check_outside(root, files)
    return problems


def check_outside(root, engine_files):
    """The app and the CLI include no private header of the engine."""
    src = os.path.join(root, "src")
    engine = os.path.join(src, "engine")
    private = [rel for rel in engine_files if rel.endswith(PRIVATE)]
    private_names = {os.path.basename(rel) for rel in private}
    problems = []
    for part in OUTSIDE:
        for dirpath, dirnames, filenames in os.walk(os.path.join(src, part)):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                for _kind, included in INCLUDE.findall(text):
                    if not included.endswith(PRIVATE):
                        continue
                    beside = os.path.normpath(os.path.join(dirpath, included))
                    if os.path.isfile(beside):
                        # The app's or the CLI's own, unless the path leads
                        # into the engine.
                        inside = os.path.relpath(beside, engine)
                        if inside.startswith(".."):
                            continue
                    elif (os.path.normpath(included) not in private
                          and os.path.basename(included) not in private_names):
                        continue
                    problems.append(f"{rel}: includes {included}, a private header "
                                    "of the engine (only the engine and its tests "
                                    "may use it)")
    return problems


def self_test():
    good = {
        "akin-error.h": "#include <glib.h>\n",
        "akin-engine.h": '#include "similarity/akin-index.h"\n#include "audio/akin-stft.h"\n',
        "audio/akin-stft.h": '#include "akin-error.h"\n',
        "audio/akin-stft.c": '#include "config.h"\n#include <fftw3.h>\n#include "akin-stft.h"\n',
        "nn/akin-net.c": '#include <cblas.h>\n#include "akin-error.h"\n#include "akin-net.h"\n',
        "nn/akin-net.h": "#include <glib.h>\n",
        "library/akin-db.c": '#include <sqlite3.h>\n#include "audio/akin-stft.h"\n#include "nn/akin-net.h"\n',
        "library/akin-db.h": '#include "audio/akin-stft.h"\n',
        "similarity/akin-index.h": '#include "library/akin-db.h"\n',
        "library/akin-db-private.h": '#include "akin-db.h"\n',
        "library/akin-db-rows.c": '#include "akin-db-private.h"\n',
        "src/app/akin-window.c": '#include "akin-engine.h"\n#include "akin-window-private.h"\n',
        "src/app/akin-window-private.h": '#include "akin-engine.h"\n',
        "src/cli/akin-cli.c": '#include "config.h"\n#include "akin-engine.h"\n',
    }
    bad = {
        "audio sees nn": ("audio/akin-x.c", '#include "nn/akin-net.h"\n'),
        "nn sees audio": ("nn/akin-x.c", '#include "audio/akin-stft.h"\n'),
        "audio sees library": ("audio/akin-x.c", '#include "library/akin-db.h"\n'),
        "library sees similarity": ("library/akin-x.c", '#include "similarity/akin-index.h"\n'),
        "root sees audio": ("akin-x.h", '#include "audio/akin-stft.h"\n'),
        "unqualified other layer": ("library/akin-x.c", '#include "akin-stft.h"\n'),
        "umbrella inside": ("audio/akin-x.c", '#include "akin-engine.h"\n'),
        "gtk": ("library/akin-x.c", "#include <gtk/gtk.h>\n"),
        "vlc": ("audio/akin-x.c", "#include <vlc/vlc.h>\n"),
        "nn uses gstreamer": ("nn/akin-x.c", "#include <gst/gst.h>\n"),
        "audio uses sqlite": ("audio/akin-x.c", "#include <sqlite3.h>\n"),
        "unknown folder": ("misc/akin-x.c", "#include <glib.h>\n"),
        "umbrella names a private header": (
            "akin-engine.h", '#include "similarity/akin-index.h"\n#include "library/akin-db-private.h"\n'),
        "app includes an engine private header": (
            "src/app/akin-x.c", '#include "akin-engine.h"\n#include "akin-db-private.h"\n'),
        "cli includes one by its layer": ("src/cli/akin-x.c", '#include "library/akin-db-private.h"\n'),
        "app header includes one": ("src/app/akin-x.h", "#include <akin-db-private.h>\n"),
        "app reaches into the engine": (
            "src/app/akin-x.c", '#include "../engine/library/akin-db-private.h"\n'),
    }

    def run(files):
        with tempfile.TemporaryDirectory() as d:
            for rel, text in files.items():
                if rel.startswith("src/"):
                    path = os.path.join(d, rel)
                else:
                    path = os.path.join(d, "src", "engine", rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            return check(d)

    failures = []
    problems = run(good)
    if problems:
        failures.append(f"good tree rejected: {problems}")
    for what, (rel, text) in bad.items():
        problems = run({**good, rel: text})
        if len(problems) != 1 or not problems[0].startswith(rel + ":"):
            failures.append(f"{what}: expected one problem in {rel}, got {problems}")
    for failure in failures:
        print(failure, file=sys.stderr)
    if not failures:
        print(f"self-test: good tree accepted, {len(bad)} bad trees rejected")
    return 1 if failures else 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems = check(argv[1])
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("engine layers: every include is allowed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
