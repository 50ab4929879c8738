#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end checks of akin-cli on audio files synthesised here.

Usage: test-cli.py AKIN_CLI

Runs the real program on real files (GStreamer encodes them first): info,
spectrogram, train (a tiny model) and embed, their --help, their exit
status and their one-line errors.
"""
import hashlib
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

CLI = None
TMP = None

DESCRIPTOR_KEYS = ['id', 'filename', 'title', 'samplefreq', 'sample_points', 'tempo_bpm',
                   'rolloff_freq', 'tuning', 'duration', 'tonic', 'key_signature',
                   'z_dist_avg_to_tonic']


def run(*args, check=None):
    p = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300)
    if check is not None and p.returncode != check:
        raise AssertionError('akin-cli %s exited %d, expected %d\nstdout: %s\nstderr: %s'
                             % (' '.join(args), p.returncode, check, p.stdout, p.stderr))
    return p


def synthesise(name, pipeline_src, seconds, encoder='vorbisenc ! oggmux'):
    """Writes SECONDS of a GStreamer source to TMP/NAME through ENCODER."""
    path = os.path.join(TMP, name)
    buffers = int(seconds * 44100 / 1024)
    cmd = ('gst-launch-1.0 -q %s num-buffers=%d samplesperbuffer=1024 ! '
           'audio/x-raw,rate=44100,channels=2 ! audioconvert ! %s ! filesink location="%s"'
           % (pipeline_src, buffers, encoder, path))
    subprocess.run(cmd, shell=True, check=True, timeout=120)
    return path


def png_size(path):
    with open(path, 'rb') as f:
        data = f.read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    width, height = struct.unpack('>II', data[16:24])
    # Every chunk's CRC must hold: the file is whole.
    pos = 8
    while pos < len(data):
        length, = struct.unpack('>I', data[pos:pos + 4])
        chunk = data[pos + 4:pos + 8 + length]
        crc, = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(chunk) & 0xffffffff == crc, 'bad CRC'
        pos += 12 + length
    return width, height


class TestCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tone = synthesise('tone 440.ogg', 'audiotestsrc wave=sine freq=440', 12)
        cls.noise = synthesise('noise.flac', 'audiotestsrc wave=pink-noise', 8, 'flacenc')
        cls.ticks = synthesise('ticks.ogg', 'audiotestsrc wave=ticks freq=880', 14)
        cls.text = os.path.join(TMP, 'not audio.mp3')
        with open(cls.text, 'w') as f:
            f.write('This is a text file, not an MP3.\n' * 40)

    def test_version_and_help(self):
        p = run('--version', check=0)
        self.assertRegex(p.stdout, r'^akin-cli \d+\.\d+')
        p = run('--help', check=0)
        for command in ('info', 'spectrogram', 'embed', 'train'):
            self.assertIn(command, p.stdout)
            run(command, '--help', check=0)
        p = run('no-such-command', check=2)
        self.assertIn('no-such-command', p.stderr)

    def test_info_json(self):
        p = run('info', '--json', self.tone, self.noise, check=0)
        lines = p.stdout.strip().split('\n')
        self.assertEqual(len(lines), 2)
        tone = json.loads(lines[0])
        self.assertEqual(list(tone.keys()), DESCRIPTOR_KEYS)
        self.assertEqual(tone['id'], 1)
        self.assertEqual(tone['filename'], 'tone 440.ogg')
        self.assertEqual(tone['samplefreq'], 22050)
        self.assertIsInstance(tone['sample_points'], int)
        self.assertAlmostEqual(tone['duration'], 12 * 1024 * int(12 * 44100 / 1024) / (12 * 44100),
                               delta=0.1)
        self.assertAlmostEqual(tone['duration'], tone['sample_points'] / 22050, places=6)
        # A steady 440 Hz tone: key of A, no beat, the roll-off near the tone.
        self.assertEqual(tone['tonic'], 'A')
        self.assertIn(tone['key_signature'], ('A Major', 'A Minor'))
        self.assertEqual(tone['tempo_bpm'], 0)
        self.assertLess(abs(tone['rolloff_freq'] - 440), 60)
        self.assertLess(abs(tone['tuning']), 0.05)
        noise = json.loads(lines[1])
        self.assertEqual(noise['id'], 2)
        self.assertGreater(noise['rolloff_freq'], 5000)

    def test_info_bad_file_among_good(self):
        missing = os.path.join(TMP, 'missing.ogg')
        p = run('info', '--json', self.tone, self.text, missing, self.noise, check=1)
        self.assertEqual(len(p.stdout.strip().split('\n')), 2, 'the good files are still described')
        errors = p.stderr.strip().split('\n')
        self.assertEqual(len(errors), 2, p.stderr)
        self.assertIn('not audio.mp3', errors[0])
        self.assertIn('missing.ogg', errors[1])
        for line in errors:
            self.assertTrue(line.startswith('akin-cli: '), line)

    def test_info_readable(self):
        p = run('info', self.tone, check=0)
        self.assertIn('tone 440.ogg', p.stdout)
        self.assertRegex(p.stdout, r'Key\s+A (major|minor)')
        self.assertRegex(p.stdout, r'Duration\s+0:1[12]')

    def test_info_usage(self):
        run('info', check=2)
        run('info', '--no-such-option', self.tone, check=2)

    def test_spectrogram(self):
        info = json.loads(run('info', '--json', self.ticks, check=0).stdout)
        frames = 1 + info['sample_points'] // 512
        out = os.path.join(TMP, 'mfcc.png')
        run('spectrogram', self.ticks, '-o', out, check=0)
        width, height = png_size(out)
        self.assertEqual(width, frames)
        self.assertEqual(height, 320)
        out = os.path.join(TMP, 'mel.png')
        run('spectrogram', self.ticks, '--kind', 'mel', '-o', out, check=0)
        self.assertEqual(png_size(out), (frames, 256))

    def test_spectrogram_errors(self):
        out = os.path.join(TMP, 'never.png')
        run('spectrogram', self.ticks, '--kind', 'chroma', '-o', out, check=2)
        run('spectrogram', self.ticks, check=2)
        p = run('spectrogram', self.text, '-o', out, check=1)
        self.assertIn('not audio.mp3', p.stderr)
        self.assertFalse(os.path.exists(out))
        p = run('spectrogram', self.ticks, '-o', os.path.join(TMP, 'no', 'such', 'dir.png'), check=1)
        self.assertIn('dir.png', p.stderr)

    def test_train_and_embed(self):
        corpus = os.path.join(TMP, 'corpus')
        os.makedirs(corpus, exist_ok=True)
        for i, (src, secs) in enumerate([('audiotestsrc wave=sine freq=220', 7),
                                         ('audiotestsrc wave=square freq=330', 7),
                                         ('audiotestsrc wave=pink-noise', 7),
                                         ('audiotestsrc wave=ticks freq=660', 7)]):
            os.replace(synthesise('song%d.ogg' % i, src, secs), os.path.join(corpus, 'song%d.ogg' % i))
        with open(os.path.join(corpus, 'readme.txt'), 'w') as f:
            f.write('not a song\n')
        model = os.path.join(TMP, 'tiny.model')
        p = run('train', '--corpus', corpus, '--epochs', '2', '--seed', '7', '--contrastive', '0.5',
                '--temperature', '0.2', '-o', model, check=0)
        self.assertIn('Dead latent units', p.stdout)
        self.assertTrue(os.path.getsize(model) > 1000)
        with open(model + '.tsv') as f:
            report = f.read()
        self.assertIn('epoch', report)
        self.assertIn('# contrastive\t2d 0.5\t1d 0.3\ttemperature 0.2', report)
        self.assertIn('val_same_song', report)
        # A finished run leaves no checkpoint; --resume needs one.
        self.assertFalse(os.path.exists(model + '.checkpoint'))
        p = run('train', '--corpus', corpus, '-o', model, '--resume', check=1)
        self.assertIn('no checkpoint %s.checkpoint' % model, p.stderr)

        # The 1D stage alone, on top of the first model's 2D stage.
        second = os.path.join(TMP, 'tiny-1d.model')
        run('train', '--corpus', corpus, '--epochs', '3', '--seed', '7', '--start-2d', model,
            '-o', second, check=0)
        with open(second + '.tsv') as f:
            rows = [line.split('\t')[0] for line in f if not line.startswith(('#', 'stage'))]
        self.assertEqual(rows, ['1d', '1d', '1d'])
        self.assertIn('# contrastive\t2d 0.5\t1d 0.3', open(second + '.tsv').read())
        with open(os.path.join(TMP, 'damaged.model'), 'wb') as f:
            f.write(open(model, 'rb').read()[:500])
        p = run('train', '--corpus', corpus, '--start-2d', os.path.join(TMP, 'damaged.model'),
                '-o', os.path.join(TMP, 'never.model'), check=1)
        self.assertIn('damaged.model', p.stderr)
        self.assertFalse(os.path.exists(os.path.join(TMP, 'never.model')))

        p = run('embed', '--model', model, '--json', self.tone, self.noise, check=0)
        rows = [json.loads(line) for line in p.stdout.strip().split('\n')]
        self.assertEqual(len(rows), 2)
        for row in rows:
            self.assertEqual(len(row['vector']), 64)  # mean ⊕ std of 32 code units
            self.assertAlmostEqual(math.sqrt(sum(v * v for v in row['vector'])), 1.0, places=4)
            self.assertTrue(row['model'].startswith('akin-'))
        self.assertNotEqual(rows[0]['vector'], rows[1]['vector'])
        again = json.loads(run('embed', '--model', model, '--json', self.tone, check=0).stdout)
        self.assertEqual(again['vector'], rows[0]['vector'], 'embedding is deterministic')

        # A damaged model is refused with a clear error.
        broken = os.path.join(TMP, 'broken.model')
        with open(model, 'rb') as f:
            data = bytearray(f.read())
        data[len(data) // 2] ^= 0x40
        with open(broken, 'wb') as f:
            f.write(data)
        p = run('embed', '--model', broken, self.tone, check=1)
        self.assertIn('broken.model', p.stderr)

        run('train', '--corpus', corpus, check=2)
        p = run('train', '--corpus', os.path.join(TMP, 'nowhere'), '-o', model, check=1)
        self.assertIn('nowhere', p.stderr)

        # The model names the songs it was trained on by their files' SHA-256.
        p = run('model', '--training-songs', model, check=0)
        expected = sorted(hashlib.sha256(open(os.path.join(corpus, 'song%d.ogg' % i), 'rb')
                                         .read()).hexdigest()[:16] for i in range(4))
        self.assertEqual(p.stdout.split(), expected)
        p = run('model', model, check=0)
        self.assertIn('4 songs from ' + corpus, p.stdout)
        self.assertIn('encoders 1, timbre summary 1, timbre model 1', p.stdout)
        model_id = re.search(r'akin-[0-9a-f]{16}', p.stdout).group(0)

        # Storing the similarity weights keeps the id (and the library's vectors).
        weighted = os.path.join(TMP, 'weighted.model')
        shutil.copy(model, weighted)
        p = run('model', '--set-weights', '0.5,1,2', weighted, check=0)
        self.assertIn('encoders 0.5, timbre summary 1, timbre model 2', p.stdout)
        self.assertIn(model_id, run('model', weighted, check=0).stdout)
        for bad in ('1,1', '-1,1,1', '0,0,0', 'a,b,c'):
            p = run('model', '--set-weights', bad, weighted, check=2)
            self.assertIn('--set-weights', p.stderr)
        self.assertIn('timbre model 2', run('model', weighted, check=0).stdout)
        p = run('model', broken, check=1)
        self.assertIn('broken.model', p.stderr)

    def test_train_members(self):
        # Two members (seeds 3 and 4) joined: on a song of one slice, which
        # both members encode, the vector is the two single-seed models'
        # vectors side by side over √2; a run stopped
        # after its first member resumes to the same file; a member file
        # from another run is refused.
        corpus = os.path.join(TMP, 'members')
        os.makedirs(corpus, exist_ok=True)
        for i, (src, secs) in enumerate([('audiotestsrc wave=sine freq=220', 7),
                                         ('audiotestsrc wave=square freq=330', 7),
                                         ('audiotestsrc wave=pink-noise', 7),
                                         ('audiotestsrc wave=ticks freq=660', 7)]):
            os.replace(synthesise('m%d.ogg' % i, src, secs), os.path.join(corpus, 'm%d.ogg' % i))
        cache = os.path.join(TMP, 'members cache')
        args = ('train', '--corpus', corpus, '--epochs', '2', '--cache', cache)
        joined = os.path.join(TMP, 'joined.model')
        p = run(*args, '--seed', '3', '--members', '2', '-o', joined, check=0)
        self.assertIn('Training member 2 of 2 (seed 4)', p.stderr)
        self.assertIn('of 2 members written to ' + joined, p.stdout)
        for k in (1, 2):
            self.assertFalse(os.path.exists('%s.member%d' % (joined, k)))
            self.assertFalse(os.path.exists('%s.member%d.checkpoint' % (joined, k)))
            self.assertIn('val_same_song', open('%s.member%d.tsv' % (joined, k)).read())
        singles = []
        for seed in (3, 4):
            path = os.path.join(TMP, 'seed%d.model' % seed)
            run(*args, '--seed', str(seed), '-o', path, check=0)
            singles.append(path)

        short = synthesise('short.ogg', 'audiotestsrc wave=saw freq=310', 4)

        def vector(model):
            out = run('embed', '--model', model, '--json', short, check=0).stdout
            return json.loads(out)['vector']
        both = vector(joined)
        parts = vector(singles[0]) + vector(singles[1])
        self.assertEqual(len(both), 128)
        for a, b in zip(both, parts):
            self.assertAlmostEqual(a, b / math.sqrt(2), places=6)
        p = run('model', joined, check=0)
        self.assertRegex(p.stdout, r'Vector size: +128')
        self.assertRegex(p.stdout, r'Members: +2')
        self.assertRegex(p.stdout, r'member 2 +seed 4, 2D epoch')

        # Stopped after the first member: --resume reads it and trains the second.
        resumed = os.path.join(TMP, 'resumed.model')
        shutil.copy(singles[0], resumed + '.member1')
        p = run(*args, '--seed', '3', '--members', '2', '--resume', '-o', resumed, check=0)
        self.assertIn('Member 1 of 2 (seed 3) read from', p.stderr)
        self.assertNotIn('Training member 1', p.stderr)
        with open(joined, 'rb') as a, open(resumed, 'rb') as b:
            self.assertEqual(a.read(), b.read())
        # ... but not a member another run made.
        other = os.path.join(TMP, 'other.model')
        shutil.copy(singles[1], other + '.member1')
        p = run(*args, '--seed', '3', '--members', '2', '--resume', '-o', other, check=1)
        self.assertIn(other + '.member1 was not trained', p.stderr)
        self.assertFalse(os.path.exists(other))
        p = run(*args, '--members', '2', '--resume', '-o', os.path.join(TMP, 'none.model'),
                check=1)
        self.assertIn('none.model.member1', p.stderr)
        for bad in (('--members', '0'), ('--members', '2', '--checkpoint', 'x')):
            p = run(*args, *bad, '-o', os.path.join(TMP, 'bad.model'), check=2)
            self.assertIn('--', p.stderr)

    def test_train_albums_and_cache(self):
        # Four songs in two albums (named by a manifest's first two columns,
        # header and unknown rows ignored): the model's note names the album
        # file, the report shows same-album retrieval; a second run with the
        # same cache reads every analysis from it and makes the same model.
        corpus = os.path.join(TMP, 'albums')
        os.makedirs(corpus, exist_ok=True)
        for i, (src, secs) in enumerate([('audiotestsrc wave=sine freq=220', 7),
                                         ('audiotestsrc wave=sine freq=247', 7),
                                         ('audiotestsrc wave=pink-noise', 7),
                                         ('audiotestsrc wave=white-noise', 7)]):
            os.replace(synthesise('s%d.ogg' % i, src, secs), os.path.join(corpus, 'S%d.ogg' % i))
        albums = os.path.join(TMP, 'albums.tsv')
        with open(albums, 'w') as f:
            f.write('id\tpackage\tmore\nS0\ttones\tx\nS1\ttones\tx\nS2\tnoise\nS3\tnoise\n'
                    'S9\telsewhere\n')
        cache = os.path.join(TMP, 'train cache')
        first = os.path.join(TMP, 'albums-1.model')
        second = os.path.join(TMP, 'albums-2.model')
        args = ('train', '--corpus', corpus, '--epochs', '2', '--seed', '3', '--albums', albums,
                '--album-positives', '1', '--cache', cache)
        p = run(*args, '-o', first, check=0)
        self.assertIn('4 songs have an album (2 albums)', p.stderr)
        self.assertNotIn('from the cache', p.stderr)
        self.assertEqual(len([n for n in os.listdir(cache) if n.endswith('.akt')]), 4)
        p = run(*args, '-o', second, check=0)
        self.assertIn('Read 4 analyses from the cache', p.stderr)
        with open(first, 'rb') as a, open(second, 'rb') as b:
            self.assertEqual(a.read(), b.read())
        p = run('model', first, check=0)
        self.assertIn('albums               %s, 1 of the pairs album mates' % albums, p.stdout)

        # Fine-tuning the first model names it in the new model's note.
        tuned = os.path.join(TMP, 'albums-tuned.model')
        run(*args, '--init', first, '-o', tuned, check=0)
        first_id = run('model', first, check=0).stdout.split()[1]
        self.assertIn('started from         ' + first_id, run('model', tuned, check=0).stdout)

        # A damaged cache entry is analysed again, not trusted.
        entry = os.path.join(cache, sorted(os.listdir(cache))[0])
        with open(entry, 'r+b') as f:
            f.truncate(100)
        p = run(*args, '-o', second, check=0)
        self.assertIn('Read 3 analyses from the cache', p.stderr)
        with open(first, 'rb') as a, open(second, 'rb') as b:
            self.assertEqual(a.read(), b.read())

        # Another 1D architecture: the vectors' size follows its last block.
        wide = os.path.join(TMP, 'albums-wide.model')
        run(*args, '--filters-1d', '16,16,16,16,16,8', '-o', wide, check=0)
        self.assertIn('Vector size:           32', run('model', wide, check=0).stdout)
        p = run(*args, '--filters-1d', '16,0', '-o', wide, check=2)

        # A lighter descriptor block is another model (the weight is kept in it).
        light = os.path.join(TMP, 'albums-light.model')
        run(*args, '--descriptor-weight', '0.25', '-o', light, check=0)
        self.assertNotEqual(run('model', light, check=0).stdout.split()[1], first_id)
        self.assertIn('--filters-1d', p.stderr)

        # The timbre models as a teacher: read back from the cache, named in
        # the note, and another model than without them.
        taught = os.path.join(TMP, 'albums-taught.model')
        p = run(*args, '--teacher', '0.5', '--teacher-temperature', '0.25', '-o', taught, check=0)
        self.assertIn('Read 4 analyses from the cache', p.stderr)
        out = run('model', taught, check=0).stdout
        self.assertIn('timbre teacher       share 0.5, temperature 0.25', out)
        self.assertNotEqual(out.split()[1], first_id)
        # Pooling by mean and maximum: recorded in the model, another id.
        maxed = os.path.join(TMP, 'albums-max.model')
        run(*args, '--pooling', 'mean-max', '-o', maxed, check=0)
        out = run('model', maxed, check=0).stdout
        self.assertIn('pooling              mean and maximum of the slice codes', out)
        self.assertNotEqual(out.split()[1], first_id)
        self.assertIn('mean and standard deviation', run('model', first, check=0).stdout)
        split = os.path.join(TMP, 'albums-taught-1d.model')
        run(*args, '--teacher', '0.5', '--teacher-1d', '0.8', '-o', split, check=0)
        self.assertIn('timbre teacher       share 0.5 (1D 0.8), temperature 0.5',
                      run('model', split, check=0).stdout)
        # Hard negatives from the same teacher, the 1D stage's of the other sign.
        hard = os.path.join(TMP, 'albums-hard.model')
        run(*args, '--hard-negatives', '2', '--hard-negatives-1d', '-1', '-o', hard, check=0)
        self.assertIn('hard negatives       hardness 2 (1D -1)', run('model', hard, check=0).stdout)
        # A warm-up and pitch and tempo perturbations: named, another model.
        warm = os.path.join(TMP, 'albums-warm.model')
        run(*args, '--teacher', '0.5', '--warm-up', '1', '--pitch-shift', '1.5',
            '--tempo-change', '0.08', '-o', warm, check=0)
        out = run('model', warm, check=0).stdout
        self.assertIn('warm-up              1 2D epochs on same-song pairs alone', out)
        self.assertIn('pitch and tempo      1.5 semitones and 0.08', out)
        warm_id = out.split()[1]
        self.assertNotIn(out.split()[1], (first_id, run('model', taught, check=0).stdout.split()[1]))
        # Smaller batches (two songs, not all three): another model.
        wide_batch = os.path.join(TMP, 'albums-batch.model')
        run(*args, '--batch-size', '4', '-o', wide_batch, check=0)
        out = run('model', wide_batch, check=0).stdout
        self.assertNotEqual(out.split()[1], first_id)
        self.assertIn('views of             one slice, 4 slices a batch', out)
        # Views of two slices each: another model again.
        pooled = os.path.join(TMP, 'albums-pooled.model')
        run(*args, '--batch-size', '8', '--view-slices', '2', '-o', pooled, check=0)
        out = run('model', pooled, check=0).stdout
        self.assertIn('views of             2 slices each, 8 slices a batch', out)
        self.assertNotIn(out.split()[1], (first_id, run('model', wide_batch, check=0).stdout.split()[1]))
        # A 1D stage on another model's 2D stage names that model.
        on_top = os.path.join(TMP, 'albums-1d.model')
        run(*args, '--start-2d', warm, '-o', on_top, check=0)
        averaged = os.path.join(TMP, 'albums-averaged.model')
        run(*args, '--start-2d', warm, '--average-1d', '5', '-o', averaged, check=0)
        self.assertIn('1D network           the mean of its last 2 epochs',
                      run('model', averaged, check=0).stdout)
        averaged_2d = os.path.join(TMP, 'albums-averaged-2d.model')
        run(*args, '--average-2d', '2', '-o', averaged_2d, check=0)
        self.assertIn('2D network           the mean of its last 2 epochs',
                      run('model', averaged_2d, check=0).stdout)
        self.assertIn('2D network from      ' + warm_id,
                      run('model', on_top, check=0).stdout)
        for bad in (('--teacher', '1.5'), ('--teacher', '0.5', '--teacher-temperature', '0'),
                    ('--teacher-1d', '-2'), ('--warm-up', '-1'), ('--pitch-shift', '13'),
                    ('--tempo-change', '0.5'), ('--batch-size', '2'),
                    ('--view-slices', '65'), ('--average-1d', '-1'), ('--average-2d', '-1'),
                    ('--hard-negatives', '17'), ('--hard-negatives-1d', '-17'),
                    ('--pooling', 'median')):
            p = run(*args, *bad, '-o', os.path.join(TMP, 'never.model'), check=2)
            self.assertIn(bad[0], p.stderr)

        p = run('train', '--corpus', corpus, '--album-positives', '0.5', '-o', second, check=2)
        self.assertIn('--album-positives needs --albums', p.stderr)
        p = run('train', '--corpus', corpus, '--albums', os.path.join(TMP, 'missing.tsv'),
                '--epochs', '1', '-o', os.path.join(TMP, 'never.model'), check=1)
        self.assertIn('missing.tsv', p.stderr)
        self.assertFalse(os.path.exists(os.path.join(TMP, 'never.model')))

    def test_train_nothing_analysed(self):
        # A corpus of files named as songs, none of them audio: a clear
        # message and exit status 1, no model written.
        corpus = os.path.join(TMP, 'no songs')
        os.makedirs(corpus, exist_ok=True)
        for name in ('one.ogg', 'two.mp3', 'three.flac'):
            with open(os.path.join(corpus, name), 'w') as f:
                f.write('not audio at all\n' * 20)
        model = os.path.join(TMP, 'nothing.model')
        p = run('train', '--corpus', corpus, '-o', model, check=1)
        self.assertIn('No song under %s could be analysed' % corpus, p.stderr)
        self.assertFalse(os.path.exists(model))

        # One good song is still not enough to train on.
        os.replace(synthesise('only.ogg', 'audiotestsrc wave=sine freq=220', 6),
                   os.path.join(corpus, 'only.ogg'))
        p = run('train', '--corpus', corpus, '-o', model, check=1)
        self.assertIn('Only one song under %s could be analysed' % corpus, p.stderr)
        self.assertFalse(os.path.exists(model))


if __name__ == '__main__':
    CLI = os.path.abspath(sys.argv.pop(1))
    with tempfile.TemporaryDirectory() as tmp:
        TMP = tmp
        unittest.main(verbosity=2)
