#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peak memory of one song's analysis against the song's length.

Usage: memory-length.py AKIN_CLI [--hours H] [--minutes M] [--dir DIR]
                        [--command info|embed]

Synthesises a short song (M minutes, default 10) and a long one (H hours,
default 12) as mono 22 050 Hz FLAC (a tone with a beat, so tempo and key
have something to find), runs `akin-cli info` on each in turn and prints
the peak resident size of each run (the kernel's high-water mark) and
their ratio. The goal is a long/short ratio of at most 1.5: the analysis
keeping fixed-size state whatever the length of the song.

The long file takes about 1 MB per minute of disk; --dir keeps the files
for another run. `--command embed` measures `akin-cli embed` instead: the
library's analysis (16 MFCCs, encoder slices, timbre model, fingerprint)
and the encoders, with the shipped model.
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

GOAL = 1.5


def synthesise(path, seconds):
    if os.path.exists(path):
        return
    rate = 22050
    buffers = int(seconds * rate / 2205)
    tmp = path + '.tmp'
    # A 440 Hz tone under 120 BPM clicks: a key and a tempo to find.
    cmd = ('gst-launch-1.0 -q audiomixer name=mix ! audio/x-raw,rate=%d,channels=1 ! '
           'audioconvert ! flacenc ! filesink location=%s '
           'audiotestsrc wave=sine freq=440 volume=0.3 num-buffers=%d samplesperbuffer=2205 ! '
           'audio/x-raw,rate=%d,channels=1 ! mix. '
           'audiotestsrc wave=ticks freq=1000 volume=0.8 num-buffers=%d samplesperbuffer=2205 '
           'tick-interval=500000000 ! audio/x-raw,rate=%d,channels=1 ! mix.'
           % (rate, tmp, buffers, rate, buffers, rate))
    subprocess.run(cmd, shell=True, check=True)
    os.rename(tmp, path)


def peak_rss_kb(argv):
    """Runs argv; returns (exit status, its peak RSS in KiB, seconds)."""
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execv(argv[0], argv)
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss, time.monotonic() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('cli')
    parser.add_argument('--hours', type=float, default=12.0)
    parser.add_argument('--minutes', type=float, default=10.0)
    parser.add_argument('--dir')
    parser.add_argument('--command', choices=('info', 'embed'), default='info')
    args = parser.parse_args()
    cli = os.path.abspath(args.cli)
    folder = args.dir or tempfile.mkdtemp(prefix='akin-memory-')
    os.makedirs(folder, exist_ok=True)
    short = os.path.join(folder, 'short-%gmin.flac' % args.minutes)
    long = os.path.join(folder, 'long-%gh.flac' % args.hours)
    try:
        synthesise(short, args.minutes * 60)
        synthesise(long, args.hours * 3600)
        results = []
        for path, label in ((short, '%g min' % args.minutes), (long, '%g h' % args.hours)):
            status, kb, seconds = peak_rss_kb([cli, args.command, '--json', path])
            if status != 0:
                print('akin-cli %s %s exited %d' % (args.command, path, status), file=sys.stderr)
                return 1
            print('%-8s peak RSS %8.1f MB  (%.0f s)' % (label, kb / 1024, seconds), flush=True)
            results.append(kb)
        ratio = results[1] / results[0]
        print('akin-cli %s: ratio %.2f (goal ≤ %.1f): %s' % (args.command, ratio, GOAL,
                                                 'met' if ratio <= GOAL else 'not met'))
        return 0
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
