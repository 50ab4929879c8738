#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/version-retrieval.sh [--songs N] [--keep DIR] CORPUS_DIR [MODEL]
#
# Version retrieval on real songs: takes the first N songs of CORPUS_DIR
# (30 by default, in name order), makes three versions of each (MP3 at
# 128 kb/s, Opus at 64 kb/s, a 30-second excerpt from the middle as WAV),
# scans the originals and the versions into a fresh library, and prints the
# share of files whose nearest neighbour (akin-cli neighbours, the combined
# similarity) is another version of the same song. Goal: 100 %; Musly
# finds 94 %.
#
# MODEL is a model file; without it akin-cli uses $AKIN_MODEL or the
# installed model. akin-cli is taken from $AKIN_CLI, else _build/. Needs
# gst-launch-1.0 (lamemp3enc, opusenc) and python3. The encoding and the
# scan run under nice; --keep DIR keeps the files, the library and the
# neighbour list in DIR.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
songs=30
keep=

while [ $# -gt 0 ]; do
  case $1 in
    --songs) songs=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '3,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) echo "version-retrieval.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: bench/version-retrieval.sh [--songs N] [--keep DIR] CORPUS_DIR [MODEL]" >&2
  exit 2
fi
corpus=$1
model=${2:-}
cli=${AKIN_CLI:-$top/_build/src/cli/akin-cli}
python=${PYTHON:-/usr/bin/python3}

[ -d "$corpus" ] || { echo "version-retrieval.sh: $corpus is not a folder" >&2; exit 1; }
[ -x "$cli" ] || { echo "version-retrieval.sh: $cli not found; build first or set AKIN_CLI" >&2; exit 1; }

if [ -n "$keep" ]; then
  mkdir -p "$keep"
  work=$keep
  rm -rf "$work/songs" "$work/library.db" "$work/library.db-wal" "$work/library.db-shm"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/akin-versions.XXXXXX")
  trap 'rm -rf "$work"' EXIT INT TERM
fi
mkdir -p "$work/songs"

# Songs are named NAME-VERSION.EXT: the scorer below groups by NAME.
find "$corpus" -maxdepth 1 -type f \( -name '*.ogg' -o -name '*.mp3' -o -name '*.flac' \
  -o -name '*.opus' -o -name '*.wav' \) | sort | head -n "$songs" | while read -r path; do
  base=$(basename "$path"); name=${base%.*}; ext=${base##*.}
  cp "$path" "$work/songs/$name-orig.$ext"
  nice gst-launch-1.0 -q filesrc location="$path" ! decodebin ! audioconvert ! audioresample \
    ! lamemp3enc target=bitrate bitrate=128 cbr=true ! id3v2mux \
    ! filesink location="$work/songs/$name-mp3.mp3" > /dev/null
  nice gst-launch-1.0 -q filesrc location="$path" ! decodebin ! audioconvert ! audioresample \
    ! opusenc bitrate=64000 ! oggmux ! filesink location="$work/songs/$name-opus.opus" > /dev/null
  nice gst-launch-1.0 -q filesrc location="$path" ! decodebin ! audioconvert \
    ! audio/x-raw,format=S16LE ! wavenc ! filesink location="$work/full.wav" > /dev/null
  "$python" - "$work/full.wav" "$work/songs/$name-cut.wav" <<'PY'
import sys, wave
src = wave.open(sys.argv[1], 'rb')
rate, n = src.getframerate(), src.getnframes()
length = min(n, 30 * rate)
src.setpos((n - length) // 2)
frames = src.readframes(length)
out = wave.open(sys.argv[2], 'wb')
out.setnchannels(src.getnchannels()); out.setsampwidth(src.getsampwidth()); out.setframerate(rate)
out.writeframes(frames)
out.close()
PY
  rm -f "$work/full.wav"
done

set -- --db "$work/library.db"
[ -n "$model" ] && set -- "$@" --model "$model"
nice "$cli" scan "$work/songs" "$@" > "$work/scan.txt"
"$cli" neighbours --all -k 1 --tsv "$@" > "$work/neighbours.tsv"

"$python" - "$work/neighbours.tsv" <<'PY'
import collections, sys
found = collections.Counter(); total = collections.Counter(); misses = []
for line in open(sys.argv[1]):
    fields = line.rstrip('\n').split('\t')
    if len(fields) < 2:
        continue
    anchor, nearest = fields[0], fields[1]
    song, version = anchor.rsplit('-', 1)
    total[version] += 1
    if nearest.rsplit('-', 1)[0] == song:
        found[version] += 1
    else:
        misses.append('%s -> %s' % (anchor, nearest))
for version in sorted(total):
    print('%-6s %3d / %3d  %5.1f %%' % (version, found[version], total[version],
                                       100.0 * found[version] / total[version]))
all_found, all_total = sum(found.values()), sum(total.values())
print('all    %3d / %3d  %5.1f %%  (Musly: 94 %%)' % (all_found, all_total,
                                                     100.0 * all_found / all_total))
for m in misses:
    print('  missed:', m)
PY
