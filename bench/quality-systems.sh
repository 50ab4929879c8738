#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Recommendation quality of Akin's similarity systems on a labelled corpus.
#
#   bench/quality-systems.sh BUILD_DIR CORPUS_DIR MANIFEST MODEL CACHE_DIR
#
# (bench/quality.sh measures the shipped pipeline end to end through
# akin-cli scan; this script compares candidate similarity systems on
# cached features, for research.)
#
# CORPUS_DIR holds the songs as ID.ogg (ID = the manifest's id column);
# MANIFEST is the corpus' labels (e.g. dev.tsv) and SCORE (environment,
# default: score.py beside MANIFEST) the scorer that comes with it. The
# development corpus and both scripts live in the team's shared corpus
# folder (../shared/corpus/ from the worktrees); fetch the songs with
#
#   ../shared/corpus/fetch-corpus.sh ../shared/corpus/dev.tsv CORPUS_DIR
#
# Songs are decoded and analysed once into CACHE_DIR (delete CACHE_DIR/*.akq
# to redo it); the encoders run once per model into CACHE_DIR/ae-MODELNAME;
# the lists and the scores are rewritten on every run (seconds). The table
# prints precision@10 per system for source, artist, style and style with
# same-artist neighbours removed, beside the corpus README's reference rows,
# then the CPU time of the analysis relative to decoding alone.
#
# Be nice to shared machines: the analysis step runs under `nice`.

set -eu

if [ $# -ne 5 ]; then
  sed -n '4,27p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi

build=$1
corpus=$2
manifest=$3
model=$4
cache=$5
score=${SCORE:-$(dirname "$manifest")/score.py}
bench=$build/bench/bench-quality
python=/usr/bin/python3   # score.py needs the system Python's numpy

[ -x "$bench" ] || { echo "quality.sh: $bench not built" >&2; exit 1; }
[ -f "$score" ] || { echo "quality.sh: no scorer at $score (set SCORE)" >&2; exit 1; }
ls "$corpus"/*.ogg > /dev/null 2>&1 || {
  echo "quality.sh: no songs in $corpus; fetch them with ../shared/corpus/fetch-corpus.sh" >&2
  exit 1
}

mkdir -p "$cache"
if ! ls "$cache"/*.akq > /dev/null 2>&1; then
  nice "$bench" analyse "$corpus" "$cache"
fi

ae=$cache/ae-$(basename "$model" .model)
if ! ls "$ae"/*.ae > /dev/null 2>&1; then
  nice "$bench" encode "$cache" "$model" "$ae"
fi

lists=$ae/lists
rm -rf "$lists"
"$bench" lists "$cache" "$ae" "$lists"

for f in "$lists"/*.tsv; do
  "$python" "$score" "$manifest" "$f" --json > "${f%.tsv}.json"
done

"$python" - "$lists" "$cache/timing.tsv" "$ae/encode-cpu.txt" <<'EOF'
import csv, glob, json, os, sys

lists, timing, encode = sys.argv[1:4]
reference = [
    ('random ranking', (0.078, 0.070, 0.359, 0.330)),
    ('baseline_mfcc.py (corpus README)', (0.187, 0.352, 0.484, 0.340)),
    ('Musly 0.2 (corpus README)', (0.209, 0.369, 0.490, 0.289)),
]
kinds = ['source', 'artist', 'style', 'style|artist-filtered']
print(f"{'system':52s} {'source':>7s} {'artist':>7s} {'style':>7s} {'st|art':>7s}")
for name, v in reference:
    print(f"{name:52s} " + ' '.join(f'{x:7.3f}' for x in v))
rows = []
for path in sorted(glob.glob(os.path.join(lists, '*.json'))):
    r = {x['kind']: x for x in json.load(open(path))['results']}
    rows.append((os.path.basename(path)[:-5], [r[k]['P@10'] for k in kinds]))
for name, v in rows:
    print(f"{name:52s} " + ' '.join(f'{x:7.3f}' for x in v))

t = list(csv.DictReader(open(timing), delimiter='\t'))
dec = sum(float(x['decode_cpu_s']) for x in t)
ana = sum(float(x['analysis_cpu_s']) for x in t)
aud = sum(float(x['duration_s']) for x in t)
enc = float(open(encode).read()) if os.path.exists(encode) else 0.0
print(f"\nCPU over {len(t)} songs ({aud / 3600:.2f} h of audio): decode only {dec:.1f} s, "
      f"decode + front end (with timbre model) {ana:.1f} s, encoders {enc:.1f} s")
print(f"whole analysis / decode only = {(ana + enc) / dec:.2f}; "
      f"analysis beyond decoding / decode = {(ana + enc - dec) / dec:.2f}")
EOF
