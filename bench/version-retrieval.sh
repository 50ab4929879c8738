#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/version-retrieval.sh [--songs N] [--keep DIR] CORPUS_DIR [MODEL]
#
# Version retrieval on real songs: takes the first N songs of CORPUS_DIR
# (30 by default, in name order; --songs 0 for all), makes six versions of
# each (MP3 at 128 and 64 kb/s, Opus at 64 kb/s, 22.05 kHz mono FLAC, a
# 30-second and a 10-second excerpt from the middle as WAV), scans the
# originals and the versions into a fresh library, and prints per version
# kind the share of files whose nearest neighbour (akin-cli neighbours:
# the other files of the recording first, then the combined similarity) is
# another version of the same song (top-1), and recall@4: of the first
# four neighbours, the share that are versions of the same song (each file
# has six). Goals: top-1 >= 99 %, recall@4 >= 98 %; Musly: 94 % / 90 %.
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
[ "$songs" -gt 0 ] || songs=1000000
find "$corpus" -maxdepth 1 -type f \( -name '*.ogg' -o -name '*.mp3' -o -name '*.flac' \
  -o -name '*.opus' -o -name '*.wav' \) | sort | head -n "$songs" | while read -r path; do
  base=$(basename "$path"); name=${base%.*}; ext=${base##*.}
  cp "$path" "$work/songs/$name-orig.$ext"
  nice gst-launch-1.0 -q filesrc location="$path" ! decodebin ! audioconvert ! audioresample \
    ! lamemp3enc target=bitrate bitrate=128 cbr=true ! id3v2mux \
    ! filesink location="$work/songs/$name-mp3.mp3" > /dev/null
  nice gst-launch-1.0 -q filesrc location="$path" ! decodebin ! audioconvert ! audioresample \
    ! lamemp3enc target=bitrate bitrate=64 cbr=true ! id3v2mux \
    ! filesink location="$work/songs/$name-mp364.mp3" > /dev/null
  nice gst-launch-1.0 -q filesrc location="$path" ! decodebin ! audioconvert ! audioresample \
    ! opusenc bitrate=64000 ! oggmux ! filesink location="$work/songs/$name-opus.opus" > /dev/null
  nice gst-launch-1.0 -q filesrc location="$path" ! decodebin ! audioconvert ! audioresample \
    ! audio/x-raw,rate=22050,channels=1 ! flacenc \
    ! filesink location="$work/songs/$name-flac22.flac" > /dev/null
  nice gst-launch-1.0 -q filesrc location="$path" ! decodebin ! audioconvert \
    ! audio/x-raw,format=S16LE ! wavenc ! filesink location="$work/full.wav" > /dev/null
  "$python" - "$work/full.wav" "$work/songs/$name-cut.wav" "$work/songs/$name-cut10.wav" <<'PY'
import sys, wave
for out_path, seconds in ((sys.argv[2], 30), (sys.argv[3], 10)):
    src = wave.open(sys.argv[1], 'rb')
    rate, n = src.getframerate(), src.getnframes()
    length = min(n, seconds * rate)
    src.setpos((n - length) // 2)
    frames = src.readframes(length)
    out = wave.open(out_path, 'wb')
    out.setnchannels(src.getnchannels()); out.setsampwidth(src.getsampwidth())
    out.setframerate(rate)
    out.writeframes(frames)
    out.close()
PY
  rm -f "$work/full.wav"
done

set -- --db "$work/library.db"
[ -n "$model" ] && set -- "$@" --model "$model"
nice "$cli" scan "$work/songs" "$@" > "$work/scan.txt"
"$cli" neighbours --all -k 4 --tsv "$@" > "$work/neighbours.tsv"

"$python" - "$work/neighbours.tsv" <<'PY'
import collections, sys
found = collections.Counter(); total = collections.Counter(); misses = []
hits4 = collections.Counter(); slots4 = collections.Counter()
songs = collections.Counter()
rows = []
for line in open(sys.argv[1]):
    fields = line.rstrip('\n').split('\t')
    if fields and fields[0]:
        rows.append(fields)
        songs[fields[0].rsplit('-', 1)[0]] += 1
for fields in rows:
    anchor, neighbours = fields[0], fields[1:5]
    song, version = anchor.rsplit('-', 1)
    total[version] += 1
    same = [n.rsplit('-', 1)[0] == song for n in neighbours]
    if same and same[0]:
        found[version] += 1
    else:
        misses.append('%s -> %s' % (anchor, neighbours[0] if neighbours else '(none)'))
    hits4[version] += sum(same)
    slots4[version] += min(4, songs[song] - 1)
print('%-7s %13s  %8s  %9s' % ('version', 'top-1', '', 'recall@4'))
for version in sorted(total):
    print('%-7s %3d / %3d  %5.1f %%  %7.1f %%' % (version, found[version], total[version],
          100.0 * found[version] / total[version], 100.0 * hits4[version] / max(1, slots4[version])))
all_found, all_total = sum(found.values()), sum(total.values())
print('all     %3d / %3d  %5.1f %%  %7.1f %%  (goals: 99 %% / 98 %%; Musly: 94 %% / 90 %%)' % (
      all_found, all_total, 100.0 * all_found / all_total,
      100.0 * sum(hits4.values()) / max(1, sum(slots4.values()))))
for m in misses:
    print('  missed:', m)
PY
