#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end checks of akin-cli's library commands on synthesised songs.

Usage: test-cli-library.py AKIN_CLI

Trains a tiny model, scans a folder of synthesised songs in a few families
(tones, square waves, noise, clicks; some tagged with artists and albums)
plus broken files, then checks scan, stats, similar, neighbours and export
on that library, and the errors on damaged or foreign databases. The tiny
model is not meant to recommend well, so the tests check the contracts
(counts, ordering, exclusions, formats), not which song comes first.
"""
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import unittest

CLI = None
TMP = None

DESCRIPTOR_KEYS = ['id', 'filename', 'title', 'samplefreq', 'sample_points', 'tempo_bpm',
                   'rolloff_freq', 'tuning', 'duration', 'tonic', 'key_signature',
                   'z_dist_avg_to_tonic']

# name: (GStreamer source, tags)
SONGS = {
    'tone-220': ('audiotestsrc wave=sine freq=220', 'artist=Alpha,album=First,title=Low'),
    'tone-330': ('audiotestsrc wave=sine freq=330', 'artist=Alpha,album=First,title=Middle'),
    'tone-495': ('audiotestsrc wave=sine freq=495', 'artist=Alpha,album=Second,title=High'),
    'square-220': ('audiotestsrc wave=square freq=220', 'artist=Beta,album=Edges,title=Low'),
    'square-330': ('audiotestsrc wave=square freq=330', 'artist=Beta,album=Edges,title=Middle'),
    'noise-pink': ('audiotestsrc wave=pink-noise', 'artist=Gamma,title=Pink'),
    'noise-white': ('audiotestsrc wave=white-noise', 'artist=Gamma,title=White'),
    'clicks': ('audiotestsrc wave=ticks freq=880', None),
}
BAD = ['not audio.mp3', 'empty.ogg', 'truncated.ogg']


def run(*args, check=None, env=None):
    full_env = dict(os.environ)
    full_env.pop('AKIN_DATABASE', None)
    full_env.pop('AKIN_MODEL', None)
    full_env.update(env or {})
    p = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300, env=full_env)
    if check is not None and p.returncode != check:
        raise AssertionError('akin-cli %s exited %d, expected %d\nstdout: %s\nstderr: %s'
                             % (' '.join(args), p.returncode, check, p.stdout, p.stderr))
    return p


def synthesise(path, source, tags, seconds=6, quality=None):
    buffers = int(seconds * 44100 / 1024)
    tag = 'taginject tags="%s" ! ' % tags if tags else ''
    encoder = 'vorbisenc quality=%g' % quality if quality is not None else 'vorbisenc'
    cmd = ('gst-launch-1.0 -q %s num-buffers=%d samplesperbuffer=1024 ! '
           'audio/x-raw,rate=44100,channels=2 ! audioconvert ! %s%s ! oggmux ! '
           'filesink location="%s"' % (source, buffers, tag, encoder, path))
    subprocess.run(cmd, shell=True, check=True, timeout=120)


def write_melody(path, seed, seconds=20.0, start=0.0, rate=22050):
    """A 16-bit mono WAV: one instrument at 120 BPM playing C major notes
    drawn by @seed (songs of one key, tempo and timbre, other notes)."""
    import math
    import random
    import struct
    import wave
    rng = random.Random(seed)
    scale = [0, 2, 4, 5, 7, 9, 11]
    beats = [261.63 * 2 ** ((rng.choice(scale) - 12 * rng.randint(0, 1)) / 12)
             for _ in range(int(seconds / 0.5) + 1)]
    first = int(start * rate)
    frames = bytearray()
    for i in range(first, first + int((seconds - start) * rate)):
        t = i / rate
        b = int(t / 0.5)
        in_beat = t - b * 0.5
        f = beats[b]
        y = 0.3 * math.exp(-2 * in_beat) * sum(0.6 ** (h - 1) * math.sin(2 * math.pi * f * h * t)
                                                for h in range(1, 5))
        y += 0.3 * math.exp(-30 * in_beat) * math.sin(2 * math.pi * 55 * in_beat)
        frames += struct.pack('<h', max(-32768, min(32767, int(y * 32767))))
    with wave.open(path, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))


def summary_counts(text):
    counts = {}
    for key in ('Analysed', 'Unchanged', 'Failed', 'Missing'):
        m = re.search(r'^\s*%s:\s+(\d+)$' % key, text, re.M)
        assert m, 'no %s count in:\n%s' % (key, text)
        counts[key] = int(m.group(1))
    m = re.search(r'^Found (\d+) audio files?\.$', text, re.M)
    assert m, text
    counts['Found'] = int(m.group(1))
    return counts


def read_neighbours(text):
    """The parsing rules of the corpus scorer (score.py)."""
    rows = {}
    for line in text.split('\n'):
        if not line.strip() or line.startswith('#'):
            continue
        fields = [x for x in line.split('\t') if x != '']
        assert fields[0] not in rows, 'anchor %s listed twice' % fields[0]
        rows[fields[0]] = fields[1:]
    return rows


class TestCliLibrary(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lib = os.path.join(TMP, 'library')
        os.makedirs(cls.lib)
        for name, (source, tags) in SONGS.items():
            synthesise(os.path.join(cls.lib, name + '.ogg'), source, tags)
        with open(os.path.join(cls.lib, 'not audio.mp3'), 'w') as f:
            f.write('This is a text file, not an MP3.\n' * 40)
        open(os.path.join(cls.lib, 'empty.ogg'), 'w').close()
        with open(os.path.join(cls.lib, 'tone-220.ogg'), 'rb') as f:
            head = f.read(3000)
        with open(os.path.join(cls.lib, 'truncated.ogg'), 'wb') as f:
            f.write(head)

        cls.outside = os.path.join(TMP, 'elsewhere', 'tone-275.ogg')
        os.makedirs(os.path.dirname(cls.outside))
        synthesise(cls.outside, 'audiotestsrc wave=sine freq=275', 'artist=Alpha,title=Other')
        # The library's tone-220 encoded again at another quality: other
        # bytes (another content hash), the same song.
        cls.reencoded = os.path.join(TMP, 'elsewhere', 'tone-220-low.ogg')
        synthesise(cls.reencoded, 'audiotestsrc wave=sine freq=220', None, quality=0.0)

        cls.model = os.path.join(TMP, 'tiny.model')
        run('train', '--corpus', cls.lib, '--epochs', '1', '--seed', '3', '-o', cls.model,
            check=0)
        cls.db = os.path.join(TMP, 'library.db')
        cls.scan = run('scan', cls.lib, '--db', cls.db, '--model', cls.model, '--jobs', '2',
                       check=0)
        cls.stats = json.loads(run('stats', '--json', '--db', cls.db, '--model', cls.model,
                                   check=0).stdout)

    def lib_args(self, db=None):
        return ['--db', db or self.db, '--model', self.model]

    def similar(self, *args, db=None):
        p = run('similar', '--json', *args, *self.lib_args(db), check=0)
        return json.loads(p.stdout)

    def copy_db(self, name):
        copy = os.path.join(TMP, name)
        for suffix in ('', '-wal'):
            if os.path.exists(self.db + suffix):
                shutil.copy(self.db + suffix, copy + suffix)
        return copy

    def test_help(self):
        p = run('--help', check=0)
        for command in ('scan', 'similar', 'neighbours', 'export', 'stats'):
            self.assertIn(command, p.stdout)
            run(command, '--help', check=0)
        run('scan', check=2)
        run('similar', check=2)
        run('similar', self.outside, '--id', '1', check=2)
        run('similar', '--id', '1', '-k', '0', check=2)
        run('neighbours', '--tsv', check=2)
        run('neighbours', '--all', '--ids', 'uuid', check=2)
        run('neighbours', '--all', '--similarity', 'tags', check=2)
        run('export', check=2)

    def test_scan_summary(self):
        counts = summary_counts(self.scan.stdout)
        self.assertEqual(counts, {'Found': 11, 'Analysed': 8, 'Unchanged': 0, 'Failed': 3,
                                  'Missing': 0})
        problems = self.scan.stdout.split('Problems:\n', 1)[1].strip().split('\n')
        self.assertEqual(len(problems), 3, self.scan.stdout)
        for bad in BAD:
            line = [l for l in problems if bad in l]
            self.assertEqual(len(line), 1, bad)
            reason = line[0].split(bad, 1)[1]
            self.assertRegex(reason, r'^: \S', 'a reason follows the file name')
        self.assertEqual(self.scan.stderr.count('akin-cli:'), 0, self.scan.stderr)

    def test_rescan_analyses_nothing(self):
        db = self.copy_db('rescan.db')
        p = run('scan', self.lib, *self.lib_args(db), check=0)
        self.assertEqual(summary_counts(p.stdout), {'Found': 11, 'Analysed': 0, 'Unchanged': 11,
                                                    'Failed': 0, 'Missing': 0})
        # The songs that failed before are still counted.
        self.assertRegex(p.stdout, r'(?m)^\s*Still failed:\s+3$')
        # A removed song is reported missing; the rest stays.
        moved = os.path.join(TMP, 'clicks-aside.ogg')
        os.rename(os.path.join(self.lib, 'clicks.ogg'), moved)
        try:
            p = run('scan', self.lib, *self.lib_args(db), check=0)
        finally:
            os.rename(moved, os.path.join(self.lib, 'clicks.ogg'))
        self.assertEqual(summary_counts(p.stdout)['Missing'], 1)

    def test_retry_failed(self):
        """The broken files fail for good (not audio, empty, damaged): a
        scan leaves them, --retry-failed tries each again."""
        db = self.copy_db('retry.db')
        p = run('scan', self.lib, *self.lib_args(db), check=0)
        self.assertEqual(summary_counts(p.stdout)['Failed'], 0)
        self.assertRegex(p.stdout, r'(?m)^\s*Still failed:\s+3$')
        p = run('scan', self.lib, '--retry-failed', *self.lib_args(db), check=0)
        counts = summary_counts(p.stdout)
        self.assertEqual((counts['Analysed'], counts['Failed']), (0, 3), p.stdout)
        self.assertRegex(p.stdout, r'(?m)^\s*Still failed:\s+3$')
        problems = p.stdout.split('Problems:\n', 1)[1]
        for bad in BAD:
            self.assertIn(bad, problems)
        stats = json.loads(run('stats', '--json', *self.lib_args(db), check=0).stdout)
        self.assertEqual(stats['tracks']['failed'], 3)
        self.assertEqual(stats['tracks']['analyzed'], 8)

    def test_stats(self):
        s = self.stats
        self.assertEqual(s['tracks'], {'total': 11, 'pending': 0, 'analyzed': 8, 'failed': 3,
                                       'missing': 0})
        self.assertEqual(len(s['models']), 1)
        self.assertEqual(s['models'][0]['vectors'], 8)
        self.assertEqual(s['current_model'], s['models'][0]['id'])
        self.assertTrue(s['current_model'].startswith('akin-'))
        self.assertEqual(s['folders'], [self.lib])
        self.assertEqual(s['database'], self.db)
        self.assertGreaterEqual(s['size'], os.path.getsize(self.db))
        self.assertIsInstance(s['schema_version'], int)
        p = run('stats', *self.lib_args(), check=0)
        self.assertRegex(p.stdout, r'analysed\s+8')
        self.assertIn(s['current_model'], p.stdout)
        self.assertIn(self.lib, p.stdout)

    def check_ranking(self, result, k, anchor_id):
        ids = [r['id'] for r in result['results']]
        scores = [r['score'] for r in result['results']]
        self.assertEqual(len(ids), k)
        self.assertEqual(len(set(ids)), k, 'no track twice')
        self.assertNotIn(anchor_id, ids, 'the anchor is not its own neighbour')
        self.assertEqual(scores, sorted(scores, reverse=True))
        for score in scores:
            self.assertTrue(-1.0 <= score <= 1.0)
        for r in result['results']:
            self.assertTrue(r['uri'].startswith('file://'))
        return ids

    def test_similar_in_library(self):
        path = os.path.join(self.lib, 'tone-220.ogg')
        result = self.similar(path, '-k', '5')
        anchor = result['anchor']
        self.assertIsInstance(anchor['id'], int)
        self.assertEqual(anchor['title'], 'Low')
        self.assertEqual(anchor['artist'], 'Alpha')
        self.assertEqual(result['model'], self.stats['current_model'])
        ids = self.check_ranking(result, 5, anchor['id'])
        by_id = self.similar('--id', str(anchor['id']), '-k', '5')
        self.assertEqual([r['id'] for r in by_id['results']], ids)
        # Asking for more than the library holds gives every other track.
        everything = self.similar(path, '-k', '50')
        self.check_ranking(everything, 7, anchor['id'])

        p = run('similar', path, '-k', '3', *self.lib_args(), check=0)
        lines = [l for l in p.stdout.split('\n') if re.match(r'^\s*\d+\.', l)]
        self.assertEqual(len(lines), 3, p.stdout)
        for rank, line in enumerate(lines, 1):
            self.assertRegex(line, r'^\s*%d\.\s+-?\d+\.\d %%\s+#\d+\s+\S.*\(\d+:\d\d\)$' % rank)

    def test_similar_rules(self):
        path = os.path.join(self.lib, 'tone-220.ogg')
        plain = self.similar(path, '-k', '7')['results']
        artists = [r['artist'] for r in plain]
        self.assertEqual(artists.count('Alpha'), 2)
        no_artist = self.similar(path, '-k', '7', '--no-same-artist')['results']
        self.assertEqual(len(no_artist), 5)
        self.assertNotIn('Alpha', [r['artist'] for r in no_artist])
        self.assertEqual([r for r in plain if r['artist'] != 'Alpha'], no_artist,
                         'the rule removes tracks, it does not reorder the others')
        no_album = self.similar(path, '-k', '7', '--no-same-album')['results']
        titles = [(r['artist'], r['title']) for r in no_album]
        self.assertEqual(len(no_album), 6)
        self.assertNotIn(('Alpha', 'Middle'), titles)
        self.assertIn(('Alpha', 'High'), titles)

    def test_similar_outside_library(self):
        db = self.copy_db('outside.db')
        result = self.similar(self.outside, '-k', '4', db=db)
        self.assertIsNone(result['anchor']['id'])
        self.assertEqual(result['anchor']['artist'], 'Alpha')
        self.check_ranking(result, 4, None)
        no_artist = self.similar(self.outside, '-k', '7', '--no-same-artist', db=db)['results']
        self.assertNotIn('Alpha', [r['artist'] for r in no_artist])
        stats = json.loads(run('stats', '--json', *self.lib_args(db), check=0).stdout)
        self.assertEqual(stats['tracks']['total'], 11, 'not added without --add')

        added = self.similar(self.outside, '-k', '4', '--add', db=db)
        new_id = added['anchor']['id']
        self.assertIsInstance(new_id, int)
        self.assertEqual([r['id'] for r in added['results']], [r['id'] for r in result['results']])
        stats = json.loads(run('stats', '--json', *self.lib_args(db), check=0).stdout)
        self.assertEqual(stats['tracks']['analyzed'], 9)
        again = self.similar(self.outside, '-k', '8', db=db)
        self.assertEqual(again['anchor']['id'], new_id)
        self.check_ranking(again, 8, new_id)

    def test_similar_add_disk_full(self):
        """A commit that fails (the file may not grow: as on a full disk)
        ends the transaction once, with one clear error and nothing added."""
        db = self.copy_db('full.db')
        # The write-ahead log's 32 KiB shared-memory index fits, the log
        # of the new song's transaction (written at commit) does not.
        limit = 40000

        def limit_file_size():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        env = dict(os.environ)
        env.pop('AKIN_DATABASE', None)
        p = subprocess.run([CLI, 'similar', '--add', self.outside, *self.lib_args(db)],
                           capture_output=True, text=True, timeout=300, env=env,
                           preexec_fn=limit_file_size)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertNotIn('CRITICAL', p.stderr)
        self.assertEqual(len(p.stderr.strip().split('\n')), 1, p.stderr)
        self.assertRegex(p.stderr, r'^akin-cli: .*full\.db.*commit')
        stats = json.loads(run('stats', '--json', *self.lib_args(db), check=0).stdout)
        self.assertEqual(stats['tracks'], self.stats['tracks'], 'nothing was added')
        con = sqlite3.connect(db)
        self.assertEqual(con.execute('PRAGMA integrity_check').fetchone()[0], 'ok')
        con.close()

    def test_similar_outside_ranked_as_in_library(self):
        """A song outside the library is queried with its timbre model too:
        its library copy comes first, and the reason has a timbre part."""
        result = self.similar(self.reencoded, '-k', '7')
        self.assertIsNone(result['anchor']['id'])
        first = result['results'][0]
        self.assertEqual(first['uri'], 'file://' + os.path.join(self.lib, 'tone-220.ogg'))
        why = first['why']
        self.assertIsNotNone(why['timbre'], result)
        self.assertIsNotNone(why['encoders'], result)
        # The copy's timbre is the closest of the seven (the three sine
        # tones are all close: about 1.5 standard deviations above average).
        self.assertEqual(why['timbre'], max(r['why']['timbre'] for r in result['results']))
        self.assertGreaterEqual(why['timbre'], 0.5, result)
        self.assertRegex(why['text'], r'(very close|close|similar) timbre')
        for r in result['results']:
            self.assertEqual(set(r['why']), {'text', 'timbre', 'encoders', 'key', 'tempo',
                                             'brightness'})
            for aspect in ('timbre', 'encoders', 'key', 'tempo', 'brightness'):
                value = r['why'][aspect]
                self.assertTrue(value is None or -1.0 <= value <= 1.0, r)

        # The same song in the library, by id: a timbre part too.
        by_id = self.similar('--id', str(first['id']), '-k', '2')
        self.assertIsNotNone(by_id['results'][0]['why']['timbre'])

        # The readable list gives each reason under its song.
        p = run('similar', self.reencoded, '-k', '1', *self.lib_args(), check=0)
        lines = p.stdout.rstrip('\n').split('\n')
        self.assertEqual(lines[-1].strip(), why['text'], p.stdout)

    def test_similar_errors(self):
        p = run('similar', '--id', '999', *self.lib_args(), check=1)
        self.assertRegex(p.stderr, r'^akin-cli: .*999')
        failed = os.path.join(self.lib, 'not audio.mp3')
        p = run('similar', failed, *self.lib_args(), check=1)
        self.assertIn('not audio.mp3', p.stderr)
        self.assertEqual(len(p.stderr.strip().split('\n')), 1, p.stderr)

    def test_neighbours_tsv(self):
        p = run('neighbours', '--all', '-k', '4', '--tsv', *self.lib_args(), check=0)
        self.assertTrue(p.stdout.endswith('\n'))
        lines = p.stdout.rstrip('\n').split('\n')
        self.assertEqual(len(lines), 8)
        for line in lines:
            self.assertEqual(len(line.split('\t')), 5, repr(line))
        rows = read_neighbours(p.stdout)
        self.assertEqual(set(rows), set(SONGS))
        for anchor, neighbours in rows.items():
            self.assertNotIn(anchor, neighbours)
            self.assertEqual(len(set(neighbours)), 4)
            self.assertTrue(set(neighbours) <= set(SONGS))
        # The same ranking as similar, with database ids.
        p = run('neighbours', '--all', '-k', '20', '--ids', 'db', *self.lib_args(), check=0)
        rows = read_neighbours(p.stdout)
        self.assertEqual(len(rows), 8)
        anchor = next(iter(rows))
        self.assertEqual(len(rows[anchor]), 7)
        result = self.similar('--id', anchor, '-k', '20')
        self.assertEqual([str(r['id']) for r in result['results']], rows[anchor])
        # Every similarity ranks every other track; the default is the
        # combined one.
        p = run('neighbours', '--all', '-k', '20', '--ids', 'db', '--similarity', 'combined',
                *self.lib_args(), check=0)
        self.assertEqual(read_neighbours(p.stdout), rows)
        for mode in ('ae', 'others', 'cosine'):
            p = run('neighbours', '--all', '-k', '20', '--ids', 'db', '--similarity', mode,
                    *self.lib_args(), check=0)
            other = read_neighbours(p.stdout)
            self.assertEqual(set(other), set(rows))
            for a in rows:
                self.assertEqual(sorted(other[a]), sorted(rows[a]))
        # Weights: equal ones are the default; the encoders alone give the
        # encoders-only ranking; bad weights are refused.
        def ranked(*extra):
            return read_neighbours(run('neighbours', '--all', '-k', '20', '--ids', 'db', *extra,
                                       *self.lib_args(), check=0).stdout)
        self.assertEqual(ranked('--weights', '1,1,1'), rows)
        self.assertEqual(ranked('--weights', '1,0,0'), ranked('--similarity', 'ae'))
        self.assertEqual(ranked('--weights', '0,1,1'), ranked('--similarity', 'others'))
        for bad in ('1,1', '1,-1,1', '0,0,0', 'x,1,1'):
            p = run('neighbours', '--all', '--weights', bad, *self.lib_args(), check=2)
            self.assertIn('--weights', p.stderr)

    def test_neighbours_tsv_escapes_names(self):
        """Tabs, newlines and backslashes in file names stay inside their
        field: one line per track, escaped as \\t, \\n and \\\\."""
        folder = os.path.join(TMP, 'odd names')
        os.makedirs(folder)
        names = ['tab\there', 'new\nline', 'back\\slash', 'plain']
        for name, song in zip(names, ('tone-220', 'square-330', 'noise-pink', 'clicks')):
            shutil.copy(os.path.join(self.lib, song + '.ogg'), os.path.join(folder, name + '.ogg'))
        with open(os.path.join(folder, 'bro\nken.ogg'), 'w') as f:
            f.write('not a song\n')
        db = os.path.join(TMP, 'odd-names.db')
        p = run('scan', folder, *self.lib_args(db), check=0)
        # The broken file's problem is one line, its name escaped.
        problems = p.stdout.split('Problem:\n', 1)[1].rstrip('\n').split('\n')
        self.assertEqual(len(problems), 1, p.stdout)
        self.assertIn('bro\\nken.ogg: ', problems[0])
        p = run('neighbours', '--all', '-k', '3', '--tsv', *self.lib_args(db), check=0)
        lines = p.stdout.rstrip('\n').split('\n')
        self.assertEqual(len(lines), 4, p.stdout)
        escaped = {'tab\\there', 'new\\nline', 'back\\\\slash', 'plain'}
        for line in lines:
            fields = line.split('\t')
            self.assertEqual(len(fields), 4, repr(line))
            self.assertEqual(set(fields), escaped)

    def test_damaged_vectors(self):
        """A zero, a non-finite and a wrong-length vector row: each track
        is named and left out, the rest is ranked, and the next scan
        analyses the three again."""
        db = self.copy_db('damaged-vectors.db')
        con = sqlite3.connect(db)
        ids = {}
        for name in ('tone-220', 'noise-pink', 'clicks', 'tone-330'):
            ids[name] = con.execute("SELECT id FROM tracks WHERE uri LIKE ?",
                                    ('%%/%s.ogg' % name,)).fetchone()[0]
        dim = con.execute('SELECT dim FROM vectors LIMIT 1').fetchone()[0]
        con.execute('UPDATE vectors SET data = zeroblob(4 * dim) WHERE track_id = ?',
                    (ids['tone-220'],))
        nan = b'\x00\x00\xc0\x7f' * dim
        con.execute('UPDATE vectors SET data = ? WHERE track_id = ?', (nan, ids['noise-pink']))
        con.execute('UPDATE vectors SET dim = 3, data = zeroblob(12) WHERE track_id = ?',
                    (ids['clicks'],))
        con.commit()
        con.close()

        p = run('neighbours', '--all', '-k', '3', '--tsv', *self.lib_args(db), check=0)
        rows = read_neighbours(p.stdout)
        self.assertEqual(set(rows), set(SONGS) - {'tone-220', 'noise-pink', 'clicks'})
        errors = p.stderr.strip().split('\n')
        self.assertEqual(len(errors), 3, p.stderr)
        for name in ('tone-220', 'noise-pink', 'clicks'):
            self.assertEqual(len([e for e in errors if name + '.ogg' in e]), 1, p.stderr)
        self.assertTrue(all(e.startswith('akin-cli: ') and 'damaged' in e for e in errors))
        p = run('similar', '--json', '--id', str(ids['tone-330']), '-k', '3',
                *self.lib_args(db), check=0)
        self.assertEqual(len(json.loads(p.stdout)['results']), 3)

        p = run('scan', self.lib, *self.lib_args(db), check=0)
        self.assertEqual(summary_counts(p.stdout)['Analysed'], 3, p.stdout)
        p = run('neighbours', '--all', '-k', '3', '--tsv', *self.lib_args(db), check=0)
        self.assertEqual(set(read_neighbours(p.stdout)), set(SONGS))
        self.assertEqual(p.stderr, '')

    def test_duplicates(self):
        """One recording in two files joins one group, best copy first; an
        excerpt outside the library says which song it is; versions come
        first among neighbours; a damaged fingerprint is named and skipped."""
        lib = os.path.join(TMP, 'recordings')
        os.makedirs(lib)
        song = os.path.join(lib, 'song.wav')
        write_melody(song, 1)
        write_melody(os.path.join(lib, 'other.wav'), 2)
        subprocess.run('gst-launch-1.0 -q filesrc location="%s" ! wavparse ! audioconvert ! '
                       'vorbisenc ! oggmux ! filesink location="%s"'
                       % (song, os.path.join(lib, 'song-copy.ogg')),
                       shell=True, check=True, timeout=120)
        excerpt = os.path.join(TMP, 'excerpt.wav')
        write_melody(excerpt, 1, start=6.0, seconds=16.0)
        db = os.path.join(TMP, 'recordings.db')
        run('scan', lib, *self.lib_args(db), check=0)

        groups = json.loads(run('duplicates', '--json', '--db', db, check=0).stdout)
        self.assertEqual(len(groups), 1)
        tracks = groups[0]['tracks']
        self.assertEqual([os.path.basename(t['uri']) for t in tracks], ['song.wav', 'song-copy.ogg'])
        self.assertEqual([t['best'] for t in tracks], [True, False])
        self.assertEqual([t['lossless'] for t in tracks], [True, False])
        self.assertEqual(groups[0]['recording'], tracks[0]['id'])
        text = run('duplicates', '--db', db, check=0).stdout
        self.assertIn('song-copy.ogg', text)

        result = self.similar(excerpt, '-k', '5', db=db)
        self.assertIsNone(result['anchor']['id'])
        self.assertEqual(result['anchor']['copy_of']['id'], tracks[0]['id'])
        self.assertAlmostEqual(result['anchor']['copy_of']['offset'], 6.0, delta=0.3)
        self.assertEqual([os.path.basename(r['uri']) for r in result['results']], ['other.wav'])
        readable = run('similar', excerpt, *self.lib_args(db), check=0).stdout
        self.assertIn('from your library', readable)

        p = run('neighbours', '--all', '-k', '2', *self.lib_args(db), check=0)
        rows = read_neighbours(p.stdout)
        self.assertEqual(rows['song-copy'], ['song', 'other'])
        self.assertEqual(rows['song'], ['song-copy', 'other'])
        self.assertEqual(rows['other'], ['song'])

        con = sqlite3.connect(db)
        copy_id = tracks[1]['id']
        con.execute("UPDATE fingerprints SET data = substr (data, 1, 30) || x'00' ||"
                    " substr (data, 32) WHERE track_id = ?", (copy_id,))
        con.execute('UPDATE fingerprints SET recording = 0')
        con.commit()
        con.close()
        p = run('duplicates', '--json', '--db', db, check=0)
        self.assertEqual(json.loads(p.stdout), [])
        self.assertIn('Track %d:' % copy_id, p.stderr)
        self.assertIn('song-copy.ogg', p.stderr)

    def test_export(self):
        out = os.path.join(TMP, 'export')
        p = run('export', out, '--db', self.db, check=0)
        self.assertIn('8', p.stderr)
        names = sorted(os.listdir(out))
        self.assertEqual(len(names), 8, names)
        ids = set()
        filenames = set()
        for name in names:
            self.assertRegex(name, r'^\d+\.json$')
            with open(os.path.join(out, name)) as f:
                obj = json.load(f)
            self.assertEqual(list(obj.keys()), DESCRIPTOR_KEYS)
            self.assertEqual(obj['id'], int(name[:-5]))
            ids.add(obj['id'])
            filenames.add(obj['filename'])
            self.assertEqual(obj['samplefreq'], 22050)
            self.assertIsInstance(obj['sample_points'], int)
            self.assertAlmostEqual(obj['duration'], obj['sample_points'] / 22050, places=6)
            for key in ('tempo_bpm', 'rolloff_freq', 'tuning', 'duration'):
                self.assertIsInstance(obj[key], float, key)
        self.assertEqual(len(ids), 8)
        self.assertEqual(filenames, {n + '.ogg' for n in SONGS})
        # A second export overwrites in place.
        run('export', out, '--db', self.db, check=0)
        self.assertEqual(sorted(os.listdir(out)), names)

    def test_damaged_database(self):
        garbage = os.path.join(TMP, 'garbage.db')
        data = bytes((i * 37 + 11) % 256 for i in range(8192))
        with open(garbage, 'wb') as f:
            f.write(data)
        for args in (['stats'], ['similar', '--id', '1', '--model', self.model],
                     ['neighbours', '--all', '--model', self.model],
                     ['scan', self.lib, '--model', self.model],
                     ['export', os.path.join(TMP, 'never')]):
            p = run(*args, '--db', garbage, check=1)
            self.assertEqual(len(p.stderr.strip().split('\n')), 1, p.stderr)
            self.assertTrue(p.stderr.startswith('akin-cli: '), p.stderr)
            self.assertIn('garbage.db', p.stderr)
            self.assertIn('damaged', p.stderr)
            with open(garbage, 'rb') as f:
                self.assertEqual(f.read(), data, 'the file is left untouched')
        self.assertEqual(sorted(n for n in os.listdir(TMP) if n.startswith('garbage')),
                         ['garbage.db'])
        self.assertFalse(os.path.exists(os.path.join(TMP, 'never')))

    def snapshot(self, folder):
        state = {}
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), 'rb') as f:
                state[name] = hashlib.sha256(f.read()).hexdigest()
        return state

    def test_read_only_folder(self):
        """A library in a folder that cannot be written is read all the
        same: the reading commands open it read-only."""
        folder = os.path.join(TMP, 'read-only')
        os.makedirs(folder)
        db = os.path.join(folder, 'library.db')
        con = sqlite3.connect(self.db)
        con.execute("VACUUM INTO '%s'" % db)
        con.close()
        # A WAL database without its -wal and -shm files, as a library is
        # left by the last program that closes it.
        con = sqlite3.connect(db)
        self.assertEqual(con.execute('PRAGMA journal_mode=WAL').fetchone()[0], 'wal')
        con.close()
        self.assertEqual(os.listdir(folder), ['library.db'])
        out = os.path.join(TMP, 'read-only-export')
        os.makedirs(out)
        args_for = {
            'stats': ['stats', '--json', '--db', db],
            'similar': ['similar', '--json', os.path.join(self.lib, 'clicks.ogg'), '-k', '2',
                        '--db', db, '--model', self.model],
            'neighbours': ['neighbours', '--all', '-k', '2', '--db', db, '--model', self.model],
            'duplicates': ['duplicates', '--json', '--db', db],
            'export': ['export', out, '--db', db],
        }
        wrap = []
        if os.geteuid() == 0:
            # Permissions do not bind root: run as nobody.
            if not shutil.which('setpriv'):
                self.skipTest('root without setpriv cannot lose write permission')
            wrap = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups']
            os.chmod(TMP, 0o755)
            os.chmod(out, 0o777)
            os.chmod(self.model, 0o644)
        os.chmod(db, 0o444)
        os.chmod(folder, 0o555)
        before = self.snapshot(folder)
        try:
            for command, args in args_for.items():
                env = dict(os.environ)
                env.pop('AKIN_DATABASE', None)
                env.pop('AKIN_MODEL', None)
                p = subprocess.run([*wrap, CLI, *args], capture_output=True, text=True,
                                   timeout=300, env=env)
                self.assertEqual(p.returncode, 0, (command, p.stderr))
                self.assertNotIn('readonly', p.stderr, command)
                if command == 'stats':
                    self.assertEqual(json.loads(p.stdout)['tracks'], self.stats['tracks'])
                if command == 'similar':
                    self.assertEqual(len(json.loads(p.stdout)['results']), 2)
                if command == 'neighbours':
                    self.assertEqual(len(read_neighbours(p.stdout)), 8)
            self.assertEqual(len(os.listdir(out)), 8)
            self.assertEqual(self.snapshot(folder), before)
        finally:
            os.chmod(folder, 0o755)

    def test_reading_writes_nothing(self):
        """stats, similar, neighbours, duplicates and export never create or
        change a file beside their output."""
        folder = os.path.join(TMP, 'untouched')
        os.makedirs(folder)
        db = os.path.join(folder, 'library.db')
        con = sqlite3.connect(self.db)
        con.execute("VACUUM INTO '%s'" % db)
        con.close()
        out = os.path.join(TMP, 'untouched-export')
        before = self.snapshot(folder)
        run('stats', '--db', db, check=0)
        run('similar', '--id', '1', '-k', '2', *self.lib_args(db), check=0)
        run('neighbours', '--all', '-k', '2', *self.lib_args(db), check=0)
        run('duplicates', '--db', db, check=0)
        run('export', out, '--db', db, check=0)
        self.assertEqual(self.snapshot(folder), before)

        # A 0-byte file is not given a schema.
        empty = os.path.join(folder, 'empty.db')
        open(empty, 'w').close()
        for args in (['stats'], ['similar', '--id', '1', '--model', self.model],
                     ['neighbours', '--all', '--model', self.model], ['duplicates'],
                     ['export', os.path.join(TMP, 'never')]):
            p = run(*args, '--db', empty, check=1)
            self.assertEqual(p.stderr,
                             'akin-cli: %s: the library database is from an older version of '
                             'Akin or holds no library; run “akin-cli scan DIR” to update it\n'
                             % empty, args)
        self.assertEqual(os.path.getsize(empty), 0)
        self.assertEqual(sorted(os.listdir(folder)), ['empty.db', 'library.db'])
        self.assertFalse(os.path.exists(os.path.join(TMP, 'never')))

        # An older schema is not migrated by a reading command.
        older = os.path.join(folder, 'older.db')
        shutil.copy(db, older)
        con = sqlite3.connect(older)
        con.execute('PRAGMA user_version = %d' % (self.stats['schema_version'] - 1))
        con.close()
        with open(older, 'rb') as f:
            data = f.read()
        p = run('stats', '--db', older, check=1)
        self.assertIn('older version', p.stderr)
        with open(older, 'rb') as f:
            self.assertEqual(f.read(), data)
        self.assertEqual(sorted(os.listdir(folder)), ['empty.db', 'library.db', 'older.db'])

        # A device: no journal beside it.
        if not os.path.exists('/dev/null-journal'):
            try:
                p = run('stats', '--db', '/dev/null', check=1)
                self.assertIn('no library', p.stderr)
                self.assertFalse(os.path.exists('/dev/null-journal'))
            finally:
                if os.path.exists('/dev/null-journal'):
                    os.unlink('/dev/null-journal')

    def test_export_needs_parent_folder(self):
        missing = os.path.join(TMP, 'no-such-parent')
        out = os.path.join(missing, 'deeper', 'export')
        p = run('export', out, '--db', self.db, check=1)
        self.assertEqual(p.stderr, 'akin-cli: %s: the folder %s does not exist; export creates '
                         'only the last folder of the path\n' % (out, os.path.dirname(out)))
        self.assertFalse(os.path.exists(missing))
        # The last folder alone is created.
        out = os.path.join(TMP, 'export-new')
        run('export', out, '--db', self.db, check=0)
        self.assertEqual(len(os.listdir(out)), 8)

    def test_newer_schema(self):
        newer = os.path.join(TMP, 'newer.db')
        con = sqlite3.connect(newer)
        con.execute('PRAGMA user_version = 999')
        con.close()
        p = run('stats', '--db', newer, check=1)
        self.assertIn('newer', p.stderr)
        self.assertEqual(len(p.stderr.strip().split('\n')), 1, p.stderr)

    def test_environment(self):
        env = {'AKIN_DATABASE': self.db, 'AKIN_MODEL': self.model}
        stats = json.loads(run('stats', '--json', env=env, check=0).stdout)
        self.assertEqual(stats['database'], self.db)
        self.assertEqual(stats['tracks'], self.stats['tracks'])
        self.assertEqual(stats['current_model'], self.stats['current_model'])
        result = json.loads(run('similar', '--json', os.path.join(self.lib, 'clicks.ogg'),
                                '-k', '2', env=env, check=0).stdout)
        self.assertIsInstance(result['anchor']['id'], int)
        self.assertEqual(len(result['results']), 2)
        # Without either, the app's library under XDG_DATA_HOME.
        xdg = os.path.join(TMP, 'xdg')
        p = run('stats', env={'XDG_DATA_HOME': xdg}, check=1)
        self.assertIn(os.path.join(xdg, 'akin', 'library.db'), p.stderr)
        self.assertFalse(os.path.exists(os.path.join(xdg, 'akin', 'library.db')),
                         'a report does not create a library')

    def test_scan_interrupted(self):
        db = os.path.join(TMP, 'interrupted.db')
        env = dict(os.environ)
        env.pop('AKIN_DATABASE', None)
        proc = subprocess.Popen([CLI, 'scan', self.lib, *self.lib_args(db), '--jobs', '1'],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env)
        # The first progress line comes from the main loop, which also
        # handles SIGINT: the handler is in place once it is printed.
        first = proc.stderr.readline()
        self.assertRegex(first, r'^(Scanning|Analysing)')
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        if proc.returncode == 0 and '100%' in first:
            self.skipTest('the scan had finished before the signal came')
        self.assertEqual(proc.returncode, 130, err)
        self.assertIn('cancelled', err)
        done = summary_counts(out)['Analysed']
        self.assertLess(done, 8)
        stats = json.loads(run('stats', '--json', *self.lib_args(db), check=0).stdout)
        self.assertEqual(stats['tracks']['analyzed'], done)
        self.assertEqual(stats['tracks']['pending'] + stats['tracks']['failed'] + done,
                         stats['tracks']['total'])
        # The next scan finishes the work; nothing is analysed twice.
        p = run('scan', self.lib, *self.lib_args(db), check=0)
        stats = json.loads(run('stats', '--json', *self.lib_args(db), check=0).stdout)
        self.assertEqual(stats['tracks']['analyzed'], 8)
        self.assertEqual(summary_counts(p.stdout)['Analysed'], 8 - done)

    def test_scan_as_normal_user(self):
        """The analysis threads run at a lower priority; a user who may not
        raise priorities gets no warning about scheduler settings."""
        wrap = []
        if os.geteuid() == 0:
            if not shutil.which('setpriv'):
                self.skipTest('root without setpriv cannot run as a normal user')
            wrap = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups']
            os.chmod(TMP, 0o755)
            os.chmod(self.model, 0o644)
        folder = os.path.join(TMP, 'normal-user')
        os.makedirs(folder)
        shutil.copy(os.path.join(self.lib, 'clicks.ogg'), folder)
        shutil.copy(os.path.join(self.lib, 'tone-220.ogg'), folder)
        write_melody(os.path.join(folder, 'melody.wav'), 5, seconds=4.0)
        os.chmod(folder, 0o777)
        env = dict(os.environ)
        env.pop('AKIN_DATABASE', None)
        env.pop('AKIN_MODEL', None)
        env['HOME'] = folder
        p = subprocess.run([*wrap, CLI, 'scan', folder, '--db', os.path.join(folder, 'lib.db'),
                            '--model', self.model, '--jobs', '2'],
                           capture_output=True, text=True, timeout=300, env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(summary_counts(p.stdout)['Analysed'], 3, p.stdout)
        for line in p.stderr.split('\n'):
            self.assertNotIn('CRITICAL', line)
            self.assertNotIn('WARNING', line)

    def test_scan_errors(self):
        db = os.path.join(TMP, 'errors.db')
        p = run('scan', os.path.join(TMP, 'nowhere'), *self.lib_args(db), check=1)
        self.assertRegex(p.stderr, r'^akin-cli: .*nowhere')
        p = run('scan', self.outside, *self.lib_args(db), check=1)
        self.assertIn('not a folder', p.stderr)
        p = run('scan', self.lib, '--db', db, '--model', os.path.join(TMP, 'none.model'), check=1)
        self.assertIn('none.model', p.stderr)
        self.assertFalse(os.path.exists(db), 'nothing is written before the checks pass')

    def test_empty_paths(self):
        """An empty path would mean the current folder or a temporary
        database: it is refused before anything is done."""
        cwd = os.path.join(TMP, 'empty-cwd')
        os.makedirs(cwd)
        shutil.copy(os.path.join(self.lib, 'clicks.ogg'), cwd)
        env = dict(os.environ)
        env.pop('AKIN_DATABASE', None)
        db = os.path.join(cwd, 'empty.db')
        for args, message in (
                (['scan', self.lib, '--db', '', '--model', self.model],
                 '--db: an empty value names no file or folder'),
                (['scan', self.lib, '--db=', '--model', self.model],
                 '--db: an empty value names no file or folder'),
                (['scan', '', '--db', db, '--model', self.model],
                 'an empty argument names no file or folder'),
                (['stats', '--db', ''], '--db: an empty value names no file or folder'),
                (['info', ''], 'an empty argument names no file or folder')):
            p = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300,
                               env=env, cwd=cwd)
            self.assertEqual(p.returncode, 2, (args, p.stderr))
            self.assertEqual(p.stderr, 'akin-cli: %s\n' % message, args)
            self.assertEqual(p.stdout, '', args)
        self.assertEqual(os.listdir(cwd), ['clicks.ogg'], 'nothing was written')


if __name__ == '__main__':
    CLI = os.path.abspath(sys.argv.pop(1))
    with tempfile.TemporaryDirectory() as tmp:
        TMP = tmp
        unittest.main(verbosity=2)
