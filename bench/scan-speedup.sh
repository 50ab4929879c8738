#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/scan-speedup.sh CORPUS_DIR [N] [MODEL]
#
# How well a library scan uses the cores: copies (or hard-links) the first
# N songs of CORPUS_DIR (default 30) into a temporary folder, scans them
# into a fresh library with --jobs 1 and then --jobs 2, and prints songs
# per second for each and the speed-up (the target is at least 1.8x on two
# free cores). Run it on an otherwise idle machine: other load on the cores
# lowers the ratio. MODEL as for akin-cli --model (default: $AKIN_MODEL or
# the installed model); akin-cli from $AKIN_CLI, else _build/.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cli=${AKIN_CLI:-$top/_build/src/cli/akin-cli}

if [ $# -lt 1 ] || [ $# -gt 3 ]; then
  echo "usage: bench/scan-speedup.sh CORPUS_DIR [N] [MODEL]" >&2
  exit 2
fi
corpus=$1
n=${2:-30}
model=${3:-}
[ -x "$cli" ] || { echo "scan-speedup.sh: $cli not found; build first or set AKIN_CLI" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/akin-speedup.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/songs"

count=0
for f in $(find "$corpus" -maxdepth 1 -type f \( -name '*.ogg' -o -name '*.flac' -o -name '*.mp3' -o -name '*.opus' \) | sort); do
  [ "$count" -ge "$n" ] && break
  ln "$f" "$work/songs/" 2>/dev/null || cp "$f" "$work/songs/"
  count=$((count + 1))
done
[ "$count" -gt 0 ] || { echo "scan-speedup.sh: no songs in $corpus" >&2; exit 1; }

set --
[ -n "$model" ] && set -- --model "$model"

rate() {
  jobs=$1
  shift
  rm -f "$work/library.db"*
  start=$(date +%s.%N)
  "$cli" scan "$work/songs" --db "$work/library.db" --jobs "$jobs" "$@" > "$work/scan-$jobs.txt" 2>/dev/null
  end=$(date +%s.%N)
  analysed=$(sed -n 's/^ *Analysed: *//p' "$work/scan-$jobs.txt")
  python3 -c "import sys; a, t = int(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2]); print('%.4f %.1f %d' % (a / t, t, a))" \
    "$analysed" "$start" "$end"
}

echo "Scanning $count songs from $corpus"
r1=$(rate 1 "$@")
echo "  --jobs 1: $(echo "$r1" | cut -d' ' -f3) songs in $(echo "$r1" | cut -d' ' -f2) s, $(echo "$r1" | cut -d' ' -f1) songs/s"
r2=$(rate 2 "$@")
echo "  --jobs 2: $(echo "$r2" | cut -d' ' -f3) songs in $(echo "$r2" | cut -d' ' -f2) s, $(echo "$r2" | cut -d' ' -f1) songs/s"
python3 -c "import sys; s = float(sys.argv[2]) / float(sys.argv[1]); print('Speed-up with 2 jobs: %.2fx (target >= 1.8x)%s' % (s, '' if s >= 1.8 else ' BELOW TARGET'))" \
  "$(echo "$r1" | cut -d' ' -f1)" "$(echo "$r2" | cut -d' ' -f1)"
