#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/quality.sh [--shared DIR] [--keep DIR] CORPUS_DIR [MODEL]
#
# Measures recommendation quality on the labelled development corpus: scans
# CORPUS_DIR into a fresh library under a temporary folder, writes every
# song's whole ranking (akin-cli neighbours --all -k 1000 --tsv: the
# artist-filtered style column needs more than 10 neighbours left after
# same-artist ones are removed) with each similarity of the product
# (--similarity ae, others, combined: the ablation), scores them with the
# corpus scorer and prints precision@10 next to the reference systems of
# the corpus README.
#
# The corpus folder (manifest dev.tsv, score.py, fetch-corpus.sh) sits
# beside the repository: ../shared/corpus relative to the repository's top
# folder. Give another place with --shared DIR or $AKIN_SHARED_CORPUS.
# Fetch the songs once (about 480 MB of Ogg Vorbis, from Debian packages),
# from the repository's top folder:
#
#     ../shared/corpus/fetch-corpus.sh ../shared/corpus/dev.tsv CORPUS_DIR
#
# MODEL is a model file; without it akin-cli uses $AKIN_MODEL or the
# installed model. akin-cli is taken from $AKIN_CLI, else _build/. The scan
# uses every core ($JOBS to change it) and runs under nice. --keep DIR keeps
# the library, the neighbour lists and the scores in DIR. score.py needs
# Debian's python3-numpy; it runs under /usr/bin/python3 ($PYTHON to change).

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
shared=${AKIN_SHARED_CORPUS:-$top/../shared/corpus}
keep=

while [ $# -gt 0 ]; do
  case $1 in
    --shared) shared=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '3,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) echo "quality.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: bench/quality.sh [--shared DIR] [--keep DIR] CORPUS_DIR [MODEL]" >&2
  exit 2
fi
corpus=$1
model=${2:-}
cli=${AKIN_CLI:-$top/_build/src/cli/akin-cli}
python=${PYTHON:-/usr/bin/python3}

for f in "$shared/dev.tsv" "$shared/score.py"; do
  [ -f "$f" ] || { echo "quality.sh: $f not found; give the corpus folder with --shared" >&2; exit 1; }
done
[ -d "$corpus" ] || { echo "quality.sh: $corpus is not a folder" >&2; exit 1; }
[ -x "$cli" ] || { echo "quality.sh: $cli not found; build first or set AKIN_CLI" >&2; exit 1; }

if [ -n "$keep" ]; then
  mkdir -p "$keep"
  work=$keep
  rm -f "$work/library.db" "$work/library.db-wal" "$work/library.db-shm"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/akin-quality.XXXXXX")
  trap 'rm -rf "$work"' EXIT INT TERM
fi

set -- --db "$work/library.db"
[ -n "$model" ] && set -- "$@" --model "$model"
[ -n "${JOBS:-}" ] && jobs_opt="--jobs $JOBS" || jobs_opt=

start=$(date +%s)
# shellcheck disable=SC2086
nice "$cli" scan "$corpus" "$@" $jobs_opt > "$work/scan.txt"
end=$(date +%s)
sed 's/^/  /' "$work/scan.txt" | head -n 20
echo "Scan took $((end - start)) s."

"$cli" stats "$@" | grep -E '^(Current model|Tracks)' || true
for mode in ae others combined; do
  "$cli" neighbours --all -k 1000 --tsv --similarity "$mode" "$@" > "$work/neighbours-$mode.tsv"
  "$python" "$shared/score.py" "$shared/dev.tsv" "$work/neighbours-$mode.tsv" \
    > "$work/scores-$mode.txt"
  "$python" "$shared/score.py" "$shared/dev.tsv" "$work/neighbours-$mode.tsv" --json \
    > "$work/scores-$mode.json"
done
echo
cat "$work/scores-combined.txt"
echo

"$python" - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
def load(mode):
    path = os.path.join(work, 'scores-%s.json' % mode)
    return {r['kind']: r for r in json.load(open(path))['results']}
kinds = ['source', 'artist', 'style', 'style|artist-filtered']
rows = load('combined')
print('Precision@10 beside the reference systems (corpus README):')
print('%-30s %8s %8s %8s %15s' % ('system', 'source', 'artist', 'style', 'style, art-filt'))
def line(name, values):
    print('%-30s %8s %8s %8s %15s' % ((name,) + tuple('%.3f' % v for v in values)))
line('random ranking (analytic)', [rows[k]['rand_P@10'] for k in kinds])
line('baseline_mfcc', [0.187, 0.352, 0.484, 0.340])
line('Musly 0.2', [0.209, 0.369, 0.490, 0.289])
for mode, name in (('ae', 'Akin, encoders only'), ('others', 'Akin, timbre models only'),
                   ('combined', 'Akin, combined')):
    r = load(mode)
    line(name, [r[k]['P@10'] for k in kinds])
PY
