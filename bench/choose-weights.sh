#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/choose-weights.sh [--shared DIR] [--set] LIBRARY_DB MODEL
#
# Chooses the weights of the combined similarity's three parts (encoders,
# timbre summary, timbre model) for MODEL on the labelled development
# corpus, which must already be scanned into LIBRARY_DB with MODEL (as
# `bench/quality.sh --keep DIR CORPUS MODEL` leaves it in DIR/library.db).
# The corpus is a validation set: MODEL must not have been trained on it
# (the script refuses when MODEL's training songs and the manifest share
# a song).
#
# Every weight triple of a coarse grid ranks every song's neighbours
# (akin-cli neighbours --weights), the corpus scorer scores the ranking,
# and the objective is the mean precision@10 over source, artist, style
# and style with same-artist neighbours removed. A coarse grid, and equal
# weights kept unless another triple beats them by more than 0.005, so
# that the choice is not fitted to the noise of 199 songs. With --set the
# chosen weights are stored in MODEL (akin-cli model --set-weights; the
# model's id does not change).
#
# akin-cli is taken from $AKIN_CLI, else _build/; score.py needs Debian's
# python3-numpy and runs under /usr/bin/python3 ($PYTHON to change).

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
shared=${AKIN_SHARED_CORPUS:-$top/../shared/corpus}
set_weights=

while [ $# -gt 0 ]; do
  case $1 in
    --shared) shared=$2; shift 2 ;;
    --set) set_weights=1; shift ;;
    -h|--help) sed -n '3,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) echo "choose-weights.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -ne 2 ]; then
  echo "usage: bench/choose-weights.sh [--shared DIR] [--set] LIBRARY_DB MODEL" >&2
  exit 2
fi
db=$1
model=$2
cli=${AKIN_CLI:-$top/_build/src/cli/akin-cli}
python=${PYTHON:-/usr/bin/python3}

for f in "$shared/dev.tsv" "$shared/score.py" "$db" "$model"; do
  [ -f "$f" ] || { echo "choose-weights.sh: $f not found" >&2; exit 1; }
done
[ -x "$cli" ] || { echo "choose-weights.sh: $cli not found; build first or set AKIN_CLI" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/akin-weights.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

"$cli" model --training-songs "$model" > "$work/trained.txt"
"$python" "$top/bench/model-provenance.py" --scored "$shared/dev.tsv" "$work/trained.txt" || {
  echo "choose-weights.sh: choose weights on songs the model never heard" >&2
  exit 1
}

for e in 0 0.5 1 1.5 2 3; do
  for s in 0 0.5 1; do
    for t in 0 0.5 1; do
      [ "$s" = 0 ] && [ "$t" = 0 ] && continue
      "$cli" neighbours --all -k 1000 --tsv --weights "$e,$s,$t" --db "$db" --model "$model" \
        > "$work/n.tsv"
      printf '%s,%s,%s\t' "$e" "$s" "$t" >> "$work/grid.tsv"
      "$python" "$shared/score.py" "$shared/dev.tsv" "$work/n.tsv" --json \
        | "$python" -c '
import json, sys
r = {x["kind"]: x["P@10"] for x in json.load(sys.stdin)["results"]}
kinds = ["source", "artist", "style", "style|artist-filtered"]
print("\t".join("%.4f" % r[k] for k in kinds) + "\t%.4f" % (sum(r[k] for k in kinds) / 4))
' >> "$work/grid.tsv"
    done
  done
done

best=$("$python" - "$work/grid.tsv" <<'PY'
import sys
rows = []
for line in open(sys.argv[1]):
    w, *v = line.rstrip('\n').split('\t')
    rows.append((w, [float(x) for x in v]))
rows.sort(key=lambda r: -r[1][4])
print('%-14s %8s %8s %8s %15s %8s' % ('weights E,S,T', 'source', 'artist', 'style',
                                       'style, art-filt', 'mean'), file=sys.stderr)
for w, v in rows[:10]:
    print('%-14s %8.3f %8.3f %8.3f %15.3f %8.3f' % ((w,) + tuple(v)), file=sys.stderr)
equal = next(v for w, v in rows if w == '1,1,1')
print('%-14s %8.3f %8.3f %8.3f %15.3f %8.3f  (equal weights)' % (('1,1,1',) + tuple(equal)),
      file=sys.stderr)
w, v = rows[0]
if v[4] <= equal[4] + 0.005:
    w = '1,1,1'
# Weights are scale-free: write the largest as 1.
parts = [float(x) for x in w.split(',')]
print(','.join('%g' % (x / max(parts)) for x in parts))
PY
)
echo "Chosen weights (encoders, timbre summary, timbre model): $best"
if [ -n "$set_weights" ]; then
  "$cli" model --set-weights "$best" "$model" | grep -i weights
fi
