#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""bench/model-provenance.py [--scored MANIFEST] SONG_HASHES MANIFEST...

Which corpus a model was trained on. SONG_HASHES is the output of
`akin-cli model --training-songs MODEL`: the first 16 hex digits of the
SHA-256 of every song the trainer was given. Each MANIFEST (pool.tsv,
dev.tsv: tab-separated, a header, a sha256 column) is named with its own
SHA-256 and the number of its songs the model heard.

With --scored MANIFEST, the corpus being scored: exits with status 1, and
says the scores are in-sample, when the model heard any of its songs, or
when the model names no songs at all (trained by an older version, so
nobody can tell).
"""

import argparse
import hashlib
import os
import sys


def manifest_hashes(path):
    with open(path, encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        column = header.index('sha256')
        return {line.rstrip('\n').split('\t')[column][:16].lower() for line in f if line.strip()}


def file_sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--scored', help='the manifest of the songs being scored')
    parser.add_argument('song_hashes')
    parser.add_argument('manifests', nargs='*')
    args = parser.parse_args()

    with open(args.song_hashes, encoding='utf-8') as f:
        trained = {line.strip().lower() for line in f if line.strip()}

    manifests = list(args.manifests)
    if args.scored and args.scored not in manifests:
        manifests.append(args.scored)
    print('Model trained on %d songs, named by their SHA-256' % len(trained))
    for path in manifests:
        songs = manifest_hashes(path)
        print('  %-10s %3d of its %3d songs  (manifest SHA-256 %s)'
              % (os.path.basename(path), len(songs & trained), len(songs),
                 file_sha256(path)[:16]))

    if args.scored:
        name = os.path.basename(args.scored)
        if not trained:
            print('Scored on %s: the model does not say which songs trained it; '
                  'the scores cannot be called out of sample' % name)
            return 1
        heard = manifest_hashes(args.scored) & trained
        if heard:
            print('Scored on %s: IN-SAMPLE, the model heard %d of its songs' % (name, len(heard)))
            return 1
        print('Scored on %s: out of sample, the model heard none of its songs' % name)
    return 0


if __name__ == '__main__':
    sys.exit(main())
