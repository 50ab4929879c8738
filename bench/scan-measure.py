#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/scan-measure.py COMMAND…
#
# Runs COMMAND (an `akin-cli scan`) and prints one line of figures that a
# loaded machine does not falsify as much as wall time alone:
#
#   wall=S cpu=S util=X serial=F busy=S load=L
#
# cpu is the CPU time of the command and its threads (user + system, from
# the kernel's accounting of the child); util = cpu / wall, the cores it
# kept busy on average; load the 1-minute load average at the start.
# Every 50 ms the threads' states are read from /proc: a sample in which
# exactly one thread is running or waiting for a core (state R) is serial.
# serial is the fraction of the samples with any thread in state R that
# were serial, and busy the seconds with any. A thread waiting for a core
# is R as much as one on it, so the serial fraction measures the program's
# structure (one song left, one writer, the work after the analyses), not
# the machine's load, which matters here: the analyzer lowers its threads'
# priority, so on a loaded machine they mostly wait.

import os
import resource
import subprocess
import sys
import time

TICK = 0.05


def runnable_threads(pid):
    n = 0
    try:
        tids = os.listdir('/proc/%d/task' % pid)
    except OSError:
        return 0
    for tid in tids:
        try:
            with open('/proc/%d/task/%s/stat' % (pid, tid)) as f:
                # The state is the first field after the command's ')'.
                if f.read().rsplit(')', 1)[1].split()[0] == 'R':
                    n += 1
        except OSError:
            continue
    return n


def main():
    if len(sys.argv) < 2:
        print('usage: scan-measure.py COMMAND…', file=sys.stderr)
        return 2
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    child = subprocess.Popen(sys.argv[1:], stdout=sys.stdout, stderr=subprocess.DEVNULL)
    serial = busy = 0
    while child.poll() is None:
        time.sleep(TICK)
        running = runnable_threads(child.pid)
        if running >= 1:
            busy += 1
            if running == 1:
                serial += 1
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print('wall=%.3f cpu=%.3f util=%.3f serial=%.3f busy=%.2f load=%.2f'
          % (wall, cpu, cpu / wall, serial / busy if busy else 0.0, busy * TICK, load),
          file=sys.stderr)
    return child.returncode


if __name__ == '__main__':
    sys.exit(main())
