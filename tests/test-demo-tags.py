#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo's tags: tools/fetch-songs writes a manifest's artist, title and
album into Ogg Vorbis files, and akin-cli (through GStreamer) reads them.

Usage: test-demo-tags.py SOURCE_ROOT AKIN_CLI

Files are encoded here by GStreamer, with and without comments of their own,
and once with comments long enough to need more header pages (so every
later page is renumbered and its checksum recomputed).
"""
import importlib.machinery
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = None
CLI = None


def load_fetch_songs():
    path = os.path.join(ROOT, 'tools', 'fetch-songs')
    loader = importlib.machinery.SourceFileLoader('fetch_songs', path)
    spec = importlib.util.spec_from_loader('fetch_songs', loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def encode(path, tags=None):
    tag = 'taginject tags="%s" ! ' % tags if tags else ''
    cmd = ('gst-launch-1.0 -q audiotestsrc wave=sine freq=330 num-buffers=200 '
           'samplesperbuffer=1024 ! audio/x-raw,rate=44100,channels=1 ! audioconvert ! '
           '%svorbisenc ! oggmux ! filesink location="%s"' % (tag, path))
    subprocess.run(cmd, shell=True, check=True, timeout=120)


def decodes(path):
    p = subprocess.run(['gst-launch-1.0', '-q', 'filesrc', 'location=' + path, '!',
                        'oggdemux', '!', 'vorbisdec', '!', 'fakesink'],
                       capture_output=True, text=True, timeout=120)
    return p.returncode == 0 and 'ERROR' not in p.stderr + p.stdout


def title_of(path):
    p = subprocess.run([CLI, 'info', '--json', path], capture_output=True, text=True,
                       timeout=300, check=True)
    return json.loads(p.stdout)['title']


class DemoTags(unittest.TestCase):
    def setUp(self):
        self.fs = load_fetch_songs()
        self.dir = tempfile.mkdtemp(prefix='akin-demo-tags-')

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_untagged_file(self):
        path = os.path.join(self.dir, 'plain.ogg')
        encode(path)
        self.assertNotEqual(title_of(path), 'Théme 1')
        self.fs.write_vorbis_tags(path, {'ARTIST': 'Jordan Trudgett', 'TITLE': 'Théme 1',
                                         'ALBUM': 'Ardentryst', 'TRACKNUMBER': '3'})
        self.assertTrue(decodes(path))
        self.assertEqual(title_of(path), 'Théme 1')
        data = open(path, 'rb').read()
        self.assertIn(b'ARTIST=Jordan Trudgett', data)
        self.assertIn(b'TRACKNUMBER=3', data)

    def test_replaces_own_comments(self):
        path = os.path.join(self.dir, 'tagged.ogg')
        encode(path, 'title=\\"old\\",artist=\\"someone\\"')
        self.assertEqual(title_of(path), 'old')
        self.fs.write_vorbis_tags(path, {'TITLE': 'new'})
        self.assertEqual(title_of(path), 'new')
        data = open(path, 'rb').read()
        self.assertNotIn(b'TITLE=old', data.replace(b'title=old', b'TITLE=old'))
        # Comments not replaced stay.
        self.assertIn(b'=someone', data)

    def test_more_header_pages(self):
        path = os.path.join(self.dir, 'long.ogg')
        encode(path)
        before = len(list(self.fs.ogg_pages(open(path, 'rb').read())))
        self.fs.write_vorbis_tags(path, {'TITLE': 'long', 'COMMENT': 'x' * 70000})
        after = len(list(self.fs.ogg_pages(open(path, 'rb').read())))
        self.assertGreater(after, before)
        self.assertTrue(decodes(path))
        self.assertEqual(title_of(path), 'long')

    def test_track_numbers_follow_the_manifest(self):
        rows = [{'artist': 'A', 'title': 't1', 'album': 'X'},
                {'artist': 'B', 'title': 't2', 'album': 'Y'},
                {'artist': 'A', 'title': 't3', 'album': 'X'}]
        self.assertEqual(self.fs.song_tags(rows, rows[2]),
                         {'ARTIST': 'A', 'TITLE': 't3', 'ALBUM': 'X', 'TRACKNUMBER': '2'})
        self.assertEqual(self.fs.song_tags(rows, rows[1])['TRACKNUMBER'], '1')

    def test_not_ogg(self):
        path = os.path.join(self.dir, 'not.ogg')
        with open(path, 'wb') as f:
            f.write(b'this is not an Ogg file at all')
        with self.assertRaises(ValueError):
            self.fs.write_vorbis_tags(path, {'TITLE': 'x'})
        self.assertEqual(open(path, 'rb').read(), b'this is not an Ogg file at all')


if __name__ == '__main__':
    ROOT, CLI = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
