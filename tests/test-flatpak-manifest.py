#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak development manifest.

Usage: test-flatpak-manifest.py MANIFEST.json
       test-flatpak-manifest.py --self-test MANIFEST.json

Checks that the manifest is valid JSON; that its id is the file's name and
the .Devel application id; that it uses the GNOME runtime and SDK and runs
`akin`; that it builds FFTW (single precision), OpenBLAS and libvlc before
Akin itself, from the local checkout, with -Ddevelopment=true; that the
sandbox permissions stay within what a local music player needs (no home or
host file system, no whole session or system bus, no network); and that every
archive or file source is fetched over HTTPS and pinned by a 64-hex-digit
sha256. --self-test breaks a good manifest in each of these ways and checks
that every breakage is reported.
"""

import copy
import json
import os
import re
import sys

APP_ID = "io.github.akinplayer.Akin.Devel"
REQUIRED_MODULES = ["fftw3f", "openblas", "libvlc"]
REQUIRED_ARGS = {
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--socket=pulseaudio",
    "--filesystem=xdg-music:ro",
}
ALLOWED_ARGS = REQUIRED_ARGS | {
    "--own-name=org.mpris.MediaPlayer2.Akin",
    "--own-name=org.mpris.MediaPlayer2.Akin.Devel",
}
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def walk_modules(modules):
    for module in modules:
        if isinstance(module, str):
            # A path to a separate module file; checked when it exists.
            continue
        yield module
        yield from walk_modules(module.get("modules", []))


def check_manifest(manifest, expected_id):
    problems = []
    if manifest.get("id", manifest.get("app-id")) != expected_id:
        problems.append(f"id is {manifest.get('id')!r}, expected {expected_id!r}")
    if not expected_id.endswith(".Devel"):
        problems.append("the development manifest must use the .Devel app id")
    if manifest.get("runtime") != "org.gnome.Platform":
        problems.append("runtime is not org.gnome.Platform")
    if manifest.get("sdk") != "org.gnome.Sdk":
        problems.append("sdk is not org.gnome.Sdk")
    if not re.fullmatch(r"\d+", str(manifest.get("runtime-version", ""))):
        problems.append("runtime-version is not a stable GNOME release number")
    if manifest.get("command") != "akin":
        problems.append(f"command is {manifest.get('command')!r}, expected 'akin'")

    args = manifest.get("finish-args", [])
    for arg in args:
        if arg not in ALLOWED_ARGS:
            problems.append(f"finish-arg {arg} is not one the app needs")
    for arg in sorted(REQUIRED_ARGS - set(args)):
        problems.append(f"finish-arg {arg} is missing")

    modules = list(walk_modules(manifest.get("modules", [])))
    names = [m.get("name") for m in modules]
    for name in REQUIRED_MODULES + ["akin"]:
        if name not in names:
            problems.append(f"module {name} is missing")
    if names and names[-1] != "akin":
        problems.append("akin is not the last module")
    for name in REQUIRED_MODULES:
        if name in names and "akin" in names and names.index(name) > names.index("akin"):
            problems.append(f"module {name} is built after akin")

    for module in modules:
        name = module.get("name")
        if name == "akin":
            if module.get("buildsystem") != "meson":
                problems.append("akin is not built with meson")
            if "-Ddevelopment=true" not in module.get("config-opts", []):
                problems.append("akin is not configured with -Ddevelopment=true")
            if {"type": "dir", "path": ".."} not in module.get("sources", []):
                problems.append("akin is not built from the local checkout (dir ..)")
        if name == "fftw3f" and "--enable-float" not in module.get("config-opts", []):
            problems.append("fftw3f is not built in single precision (--enable-float)")
        for source in module.get("sources", []):
            if isinstance(source, str) or source.get("type") not in ("archive", "file"):
                continue
            url = source.get("url", "")
            if not url.startswith("https://"):
                problems.append(f"{name}: source {url!r} is not fetched over HTTPS")
            if not SHA256.match(str(source.get("sha256", ""))):
                problems.append(f"{name}: source {url!r} has no valid sha256")
    return problems


def check_file(path):
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        return [f"{path}: {e}"]
    expected_id = os.path.basename(path)[: -len(".json")]
    if expected_id != APP_ID:
        return [f"{path}: the manifest is named {expected_id}, expected {APP_ID}.json"]
    return check_manifest(manifest, expected_id)


def self_test(path):
    with open(path, encoding="utf-8") as f:
        good = json.load(f)

    def akin(m):
        return [x for x in walk_modules(m["modules"]) if x.get("name") == "akin"][0]

    def first_archive(m):
        for x in walk_modules(m["modules"]):
            for s in x.get("sources", []):
                if isinstance(s, dict) and s.get("type") == "archive":
                    return s
        raise AssertionError("no archive source")

    breakages = {
        "wrong id": lambda m: m.update(id="io.github.akinplayer.Akin"),
        "wrong command": lambda m: m.update(command="akin-cli"),
        "wrong runtime": lambda m: m.update(runtime="org.freedesktop.Platform"),
        "home filesystem": lambda m: m["finish-args"].append("--filesystem=home"),
        "host filesystem": lambda m: m["finish-args"].append("--filesystem=host"),
        "session bus": lambda m: m["finish-args"].append("--socket=session-bus"),
        "network": lambda m: m["finish-args"].append("--share=network"),
        "writable music": lambda m: m.__setitem__(
            "finish-args", [a.replace("xdg-music:ro", "xdg-music") for a in m["finish-args"]]),
        "no pulseaudio": lambda m: m["finish-args"].remove("--socket=pulseaudio"),
        "no development option": lambda m: akin(m)["config-opts"].remove("-Ddevelopment=true"),
        "no libvlc": lambda m: m.__setitem__(
            "modules", [x for x in m["modules"] if isinstance(x, str) or x.get("name") != "libvlc"]),
        "akin first": lambda m: m["modules"].insert(0, m["modules"].pop()),
        "short sha256": lambda m: first_archive(m).update(sha256="0123abcd"),
        "missing sha256": lambda m: first_archive(m).pop("sha256"),
        "http url": lambda m: first_archive(m).update(
            url=first_archive(m)["url"].replace("https://", "http://")),
    }
    failures = 0
    if check_manifest(copy.deepcopy(good), APP_ID):
        print("FAIL: the committed manifest itself has problems")
        failures += 1
    for name, breakage in breakages.items():
        m = copy.deepcopy(good)
        breakage(m)
        found = check_manifest(m, APP_ID)
        if found:
            print(f"ok: {name} is reported ({found[0]})")
        else:
            print(f"FAIL: {name} is not reported")
            failures += 1
    return 1 if failures else 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--self-test":
        return self_test(sys.argv[2])
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems = check_file(sys.argv[1])
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"{os.path.basename(sys.argv[1])}: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
