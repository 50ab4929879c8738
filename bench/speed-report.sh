#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/speed-report.sh CORPUS_DIR [N] [MODEL]
#
# The speed goals in one run, on the first N songs of CORPUS_DIR (20 by
# default):
#
#   1. bench-analysis: the codec's own decode (parsebin and the decoder),
#      Akin's decode, the MFCC front end, the descriptors and the encoders,
#      in CPU time per song and as ratios to the codec and to Akin's
#      decode (targets: decode <= 1.3 x the codec, whole analysis <= 2 x);
#   2. bench/scan-speedup.sh: a fresh scan with --jobs 1, then --jobs 2:
#      CPU time, cores busy, serial fraction and load average of each, and
#      the speed-up (target >= 1.8 x) as the wall ratio and as expected on
#      two free cores from the CPU times and the serial fraction.
#
# MODEL as for akin-cli --model (default: $AKIN_MODEL or the shipped
# model). Binaries from _build/ (AKIN_CLI for akin-cli). MUSLY, when set,
# is Musly's program built from its sources (it is not packaged for
# Debian), measured beside Akin by bench-analysis --musly.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
bench=${AKIN_BENCH_DIR:-$top/_build/bench}

if [ $# -lt 1 ] || [ $# -gt 3 ]; then
  echo "usage: bench/speed-report.sh CORPUS_DIR [N] [MODEL]" >&2
  exit 2
fi
corpus=$1
n=${2:-20}
model=${3:-}
[ -x "$bench/bench-analysis" ] || { echo "speed-report.sh: $bench/bench-analysis not found; build first" >&2; exit 1; }

echo "== Analysis cost against the codec's own decode ($n songs)"
set --
[ -n "$model" ] && set -- "$@" --model "$model"
[ -n "${MUSLY:-}" ] && set -- "$@" --musly "$MUSLY"
nice -n 10 "$bench/bench-analysis" --limit "$n" "$@" "$corpus"
echo
echo "== Scan with two jobs against one"
nice -n 10 "$top/bench/scan-speedup.sh" "$corpus" "$n" "$model"
