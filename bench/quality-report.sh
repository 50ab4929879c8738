#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/quality-report.sh [--shared DIR] [--songs N] CORPUS_DIR [MODEL]
#
# Everything the recommendation-quality goal is judged by, in one run on
# the development corpus:
#
#   1. precision@10 of the product (a fresh scan; encoders only, timbre
#      models only, combined: the ablation) beside the corpus README's
#      baseline and Musly rows (bench/quality.sh);
#   2. version retrieval on the first 30 songs: MP3, Opus and a 30-second
#      excerpt of each must find another version of their song first
#      (bench/version-retrieval.sh);
#   3. the speed: whole analysis (decode, front end, descriptors, timbre
#      model, encoders) against decoding alone, and songs per CPU second,
#      on the first N songs (12 by default) in one process
#      (bench-analysis).
#
# Options and environment as for bench/quality.sh (--shared, AKIN_CLI,
# PYTHON, JOBS). Takes about 15 minutes of CPU; everything runs under nice.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
shared_opt=
songs=12

while [ $# -gt 0 ]; do
  case $1 in
    --shared) shared_opt="--shared $2"; shift 2 ;;
    --songs) songs=$2; shift 2 ;;
    -h|--help) sed -n '3,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) echo "quality-report.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: bench/quality-report.sh [--shared DIR] [--songs N] CORPUS_DIR [MODEL]" >&2
  exit 2
fi
corpus=$1
model=${2:-}
analysis=${AKIN_BENCH_ANALYSIS:-$top/_build/bench/bench-analysis}
[ -x "$analysis" ] || { echo "quality-report.sh: $analysis not found; build first" >&2; exit 1; }

echo "== 1. Precision@10 on the development corpus =="
# shellcheck disable=SC2086
"$top/bench/quality.sh" $shared_opt "$corpus" $model
echo
echo "== 2. Version retrieval (30 songs, 4 versions each) =="
"$top/bench/version-retrieval.sh" "$corpus" $model
echo
echo "== 3. Speed (first $songs songs, one process) =="
if [ -n "$model" ]; then
  nice "$analysis" --limit "$songs" --model "$model" "$corpus"
else
  nice "$analysis" --limit "$songs" "$corpus"
fi
echo "(Musly: about 12 songs per CPU second, decoding a 30-second excerpt of each)"
