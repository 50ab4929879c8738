#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/quality-report.sh [--shared DIR] [--songs N] CORPUS_DIR [MODEL]
#
# Everything the recommendation-quality goal is judged by, in one run on
# the development corpus:
#
#   0. the model: how it was trained, and on which songs: the songs it
#      names (akin-cli model --training-songs) are compared with the
#      training pool's and the development corpus's manifests, and the
#      scores below are labelled in-sample when it heard any scored song;
#   1. precision@10 of the product (a fresh scan; encoders only, timbre
#      models only, combined: the ablation) beside the corpus README's
#      baseline and Musly rows (bench/quality.sh);
#      then the goals of the encoders (encoders alone at least Musly;
#      combined above timbre alone by 0.01; combined at least 1.2 x Musly),
#      each met or not;
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
    -h|--help) sed -n '3,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
cli=${AKIN_CLI:-$top/_build/src/cli/akin-cli}
python=${PYTHON:-/usr/bin/python3}
shared=${shared_opt#--shared }
[ -n "$shared" ] || shared=${AKIN_SHARED_CORPUS:-$top/../shared/corpus}
[ -x "$analysis" ] || { echo "quality-report.sh: $analysis not found; build first" >&2; exit 1; }
[ -x "$cli" ] || { echo "quality-report.sh: $cli not found; build first or set AKIN_CLI" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/akin-report.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

echo "== 0. The model =="
# shellcheck disable=SC2086
"$cli" model $model
# shellcheck disable=SC2086
"$cli" model --training-songs $model > "$work/trained.txt"
sample="out of sample"
"$python" "$top/bench/model-provenance.py" --scored "$shared/dev.tsv" "$work/trained.txt" \
  "$shared/pool.tsv" || sample="IN-SAMPLE: not a result"
echo

echo "== 1. Precision@10 on the development corpus ($sample) =="
# shellcheck disable=SC2086
"$top/bench/quality.sh" $shared_opt --keep "$work/quality" "$corpus" $model
echo
echo "Goals ($sample):"
"$python" - "$work/quality" <<'PY'
import json, os, sys
def load(mode):
    path = os.path.join(sys.argv[1], 'scores-%s.json' % mode)
    return {r['kind']: r['P@10'] for r in json.load(open(path))['results']}
ae, others, combined = load('ae'), load('others'), load('combined')
musly = {'source': 0.209, 'artist': 0.369, 'style': 0.490}
labels = ('source', 'artist', 'style')
def check(name, ok, detail):
    print('  %-58s %-8s %s' % (name, 'met' if ok else 'NOT MET', detail))
check('1. encoders alone >= Musly on every label', all(ae[k] >= musly[k] for k in labels),
      ' '.join('%s %.3f/%.3f' % (k, ae[k], musly[k]) for k in labels))
check('2. combined - timbre alone >= 0.01 on every label',
      all(combined[k] - others[k] >= 0.01 for k in labels),
      ' '.join('%s %+.3f' % (k, combined[k] - others[k]) for k in labels))
check('3. combined >= 1.2 x Musly, style artist-filtered > 0.34',
      all(combined[k] >= 1.2 * musly[k] for k in labels)
      and combined['style|artist-filtered'] > 0.34,
      ' '.join('%s %.3f/%.3f' % (k, combined[k], 1.2 * musly[k]) for k in labels)
      + ' style-af %.3f' % combined['style|artist-filtered'])
PY
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
