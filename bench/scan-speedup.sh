#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/scan-speedup.sh CORPUS_DIR [N] [MODEL]
#
# How well a library scan uses the cores: copies (or hard-links) the first
# N songs of CORPUS_DIR (default 30) into a temporary folder, scans them
# into a fresh library with --jobs 1 and then --jobs 2 (bench/scan-measure.py)
# and prints, for each, the wall and CPU time, the cores it kept busy, the
# serial fraction (time when at most one thread ran) and the load average.
# The speed-up (target: at least 1.8x on two free cores) is printed twice:
# as the wall-time ratio, which other load on the machine lowers, and as
# what the CPU times and the serial fraction give on two free cores, which
# a loaded machine does not falsify as much. MODEL as for akin-cli --model (default: $AKIN_MODEL or
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

measure="$top/bench/scan-measure.py"

# One fresh scan; prints "songs wall cpu util serial load".
rate() {
  jobs=$1
  shift
  rm -f "$work/library.db"*
  python3 "$measure" "$cli" scan "$work/songs" --db "$work/library.db" --jobs "$jobs" "$@" \
    > "$work/scan-$jobs.txt" 2> "$work/measure-$jobs.txt"
  analysed=$(sed -n 's/^ *Analysed: *//p' "$work/scan-$jobs.txt")
  eval "$(tail -n 1 "$work/measure-$jobs.txt")"
  # shellcheck disable=SC2154
  echo "$analysed $wall $cpu $util $serial $load"
}

# show JOBS "songs wall cpu util serial load"
show() {
  python3 -c 'import sys; n, w, c, u, s, l = map(float, sys.argv[2].split()); print("  --jobs %s: %d songs, wall %.1f s, CPU %.1f s, %.2f cores busy, serial %.0f %%, load average %.1f" % (sys.argv[1], n, w, c, u, 100 * s, l))' "$1" "$2"
}

echo "Scanning $count songs from $corpus"
r1=$(rate 1 "$@")
show 1 "$r1"
r2=$(rate 2 "$@")
show 2 "$r2"
python3 - "$r1" "$r2" <<'PY'
import sys
n1, wall1, cpu1, util1, serial1, load1 = map(float, sys.argv[1].split())
n2, wall2, cpu2, util2, serial2, load2 = map(float, sys.argv[2].split())
wall = (n2 / wall2) / (n1 / wall1)
# On two free cores the jobs-2 scan's busy time would be its CPU time
# spread over two threads, except its serial part: cpu2 / (2 - serial2);
# the jobs-1 scan's, its CPU time.
free = (n2 / (cpu2 / (2 - serial2))) / (n1 / cpu1)
print('Speed-up with 2 jobs: %.2fx in wall time (load average %.1f and %.1f);'
      % (wall, load1, load2))
print('  from CPU time and the serial fraction, on two free cores: %.2fx (target >= 1.8x)%s'
      % (free, '' if free >= 1.8 else ' BELOW TARGET'))
print('  CPU per song: %.3f s with 1 job, %.3f s with 2 (x %.2f)'
      % (cpu1 / n1, cpu2 / n2, (cpu2 / n2) / (cpu1 / n1)))
PY
