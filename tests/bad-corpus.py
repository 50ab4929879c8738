#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scans a generated corpus of bad and odd files and reports what went wrong.

Usage: bad-corpus.py AKIN_CLI [--good N] [--kills N] [--dir DIR] [--timeout S]

At least 60 good songs and 300 bad inputs make the issue's corpus; fewer
--good songs make a quicker run (the count check then passes).

Makes N good songs (default 60: Ogg, FLAC, MP3, WAV, M4A, Opus, some with
5.1 or 8 channels, 192 kHz, SQL in their tags and names, newlines and
invalid bytes in their names) and
more than 300 bad inputs of the kinds a library meets: truncated and
bit-flipped copies, empty files, text and random bytes under audio names,
header-only WAV, an MP4 without a playable track, 1-sample and 10 ms
files, invalid bytes and newlines in names, dangling links and link loops,
FIFOs, sockets, a device (as root), folders named like songs. Odd inputs
that are still songs: dither noise (analysed, with no tempo and no key)
and a song with a 1 MB title (stored cut). Then, with the CLI given (a
sanitizer build's, to check memory errors too):

  1. one scan: no crash, no hang, every bad file with exactly one problem
     line that names it and gives a clear reason (no generic GStreamer
     text, no timeout), every good song analysed, integrity_check ok;
  2. a retry scan (--retry-failed): the same failures, nothing doubled;
  3. N scans killed with SIGKILL at random moments, then one to the end:
     the database is whole and holds each file once;
  4. two scans of the same corpus at once into one database.

Prints one line per check and a summary; exits 1 if any check failed.
Anyone can rerun it; it needs GStreamer's command-line tools and the
encoders above (the ones missing are left out).
"""
import argparse
import math
import os
import random
import shutil
import signal
import socket
import sqlite3
import stat
import struct
import subprocess
import sys
import tempfile
import time
import wave

AUDIO_EXT = ('.ogg', '.flac', '.mp3', '.wav', '.m4a', '.opus')
FAILURES = []


def check(ok, what):
    print('%s  %s' % ('ok  ' if ok else 'FAIL', what), flush=True)
    if not ok:
        FAILURES.append(what)


def have(element):
    return subprocess.run(['gst-inspect-1.0', '--exists', element]).returncode == 0


def encode(path, seconds, source, channels=2, rate=44100, encoder='vorbisenc ! oggmux',
           tags=None):
    """Encodes into a plain name first: gst-launch cannot take any name."""
    buffers = max(1, int(seconds * rate / 1024))
    tag = 'taginject tags=%s ! ' % tags if tags else ''
    plain = os.path.join(os.path.dirname(path), 'encoding.tmp')
    cmd = ['gst-launch-1.0', '-q'] + (
        '%s num-buffers=%d samplesperbuffer=1024 ! audio/x-raw,rate=%d,channels=%d ! '
        'audioconvert ! %s%s ! filesink' % (source, buffers, rate, channels, tag, encoder)
    ).split() + ['location=' + plain]
    subprocess.run(cmd, check=True, timeout=300)
    os.rename(plain, path)


def make_good(folder, n):
    """Returns the good songs' paths."""
    os.makedirs(folder)
    encoders = [('.ogg', 'vorbisenc ! oggmux', 'vorbisenc'),
                ('.flac', 'flacenc', 'flacenc'),
                ('.mp3', 'lamemp3enc', 'lamemp3enc'),
                ('.wav', 'wavenc', 'wavenc'),
                ('.m4a', 'avenc_aac ! mp4mux', 'avenc_aac'),
                ('.opus', 'audioresample ! opusenc ! oggmux', 'opusenc')]
    encoders = [e for e in encoders if have(e[2])]
    waves = ['sine', 'square', 'saw', 'triangle', 'pink-noise', 'ticks']
    odd_names = ['new\nline', 'tab\there', 'quote\'s "both"', '\u266b h\u00e9llo',
                 "x'); DROP TABLE tracks; --", 'back\\slash']
    songs = []
    for i in range(n):
        ext, encoder, _ = encoders[i % len(encoders)]
        wave = waves[i % len(waves)]
        source = 'audiotestsrc wave=%s freq=%d' % (wave, 110 + 37 * i)
        channels, rate = 2, 44100
        if i % 10 == 3 and ext in ('.wav', '.flac'):
            channels = 6
        if i % 10 == 7 and ext in ('.wav', '.flac'):
            channels = 8
        if i % 15 == 5 and ext in ('.wav', '.flac'):
            rate = 192000 if ext == '.wav' else 96000
        name = 'song %02d' % i
        if i < len(odd_names):
            name += ' ' + odd_names[i]
        tags = None
        if i % 4 == 1 and ext in ('.ogg', '.flac', '.mp3'):
            # (the SQL with quotes and spaces is in the file names)
            tags = 'title=DROP_TABLE_tracks--,artist=Artist%d' % (i % 7)
        path = os.path.join(folder, name + ext)
        try:
            encode(path, 4 + i % 5, source, channels, rate, encoder, tags)
        except subprocess.CalledProcessError:
            continue
        songs.append(path)
    # A name that is not UTF-8.
    bad_bytes = os.path.join(os.fsencode(folder), b'latin1 \xe9t\xe9.ogg')
    shutil.copy(songs[0], bad_bytes)
    songs.append(os.fsdecode(bad_bytes))
    return songs


def make_bad(folder, good, rng):
    """Returns {path: kind} of the bad inputs."""
    os.makedirs(folder)
    bad = {}

    def put(name, data, kind):
        path = os.path.join(folder, name)
        with open(path, 'wb') as f:
            f.write(data)
        bad[path] = kind

    sources = [p for p in good if os.path.exists(p)]
    for i in range(80):
        src = sources[i % len(sources)]
        data = open(src, 'rb').read()
        ext = os.path.splitext(src)[1]
        cut = rng.randint(1, max(2, min(len(data) - 1, 6000)))
        put('truncated %03d%s' % (i, ext), data[:cut], 'truncated')
    for i in range(80):
        src = sources[i % len(sources)]
        data = bytearray(open(src, 'rb').read())
        for _ in range(rng.randint(1, 200)):
            j = rng.randrange(len(data))
            data[j] ^= 1 << rng.randrange(8)
        # Flipped bits anywhere: some still decode; those count as good.
        put('flipped %03d%s' % (i, os.path.splitext(src)[1]), bytes(data), 'flipped')
    for i in range(30):
        put('empty %02d%s' % (i, AUDIO_EXT[i % len(AUDIO_EXT)]), b'', 'empty')
    for i in range(30):
        put('text %02d%s' % (i, AUDIO_EXT[i % len(AUDIO_EXT)]),
            b'This is a text file, not a song.\n' * (i + 1), 'text')
    for i in range(30):
        put('random %02d%s' % (i, AUDIO_EXT[i % len(AUDIO_EXT)]),
            bytes(rng.randrange(256) for _ in range(rng.randint(1, 20000))), 'random')
    # WAV headers with no samples, and one claiming more than there is.
    header = (b'RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x02\x00\x44\xac\x00\x00'
              b'\x10\xb1\x02\x00\x04\x00\x10\x00data\x00\x00\x00\x00')
    for i in range(10):
        put('header only %02d.wav' % i, header, 'header-only')
    # MP4s whose only track was renamed: "no playable streams".
    m4a = [p for p in sources if p.endswith('.m4a')]
    if m4a:
        data = open(m4a[0], 'rb').read()
        for i in range(10):
            d = bytearray(data)
            j = d.find(b'trak')
            if j >= 0:
                d[j:j + 4] = b'xxxx'
            put('no streams %02d.m4a' % i, bytes(d), 'no-streams')
    # Names with invalid bytes and newlines.
    for i in range(10):
        name = os.path.join(os.fsencode(folder), b'bad \xff\xfe name %d\n.mp3' % i)
        with open(name, 'wb') as f:
            f.write(b'\xff\xfb' + bytes(100))
        bad[os.fsdecode(name)] = 'invalid-name'
    # Links: dangling, loops of two, a folder loop.
    for i in range(10):
        path = os.path.join(folder, 'dangling %02d.ogg' % i)
        os.symlink('/nonexistent/akin/%d.ogg' % i, path)
        bad[path] = 'dangling-link'
    for i in range(5):
        a = os.path.join(folder, 'loop %d a.ogg' % i)
        b = os.path.join(folder, 'loop %d b.ogg' % i)
        os.symlink(os.path.basename(b), a)
        os.symlink(os.path.basename(a), b)
        bad[a] = bad[b] = 'link-loop'
    os.symlink('..', os.path.join(folder, 'up'))
    # Special files under audio names.
    for i in range(5):
        path = os.path.join(folder, 'fifo %d.ogg' % i)
        os.mkfifo(path)
        bad[path] = 'fifo'
    for i in range(3):
        path = os.path.join(folder, 'socket %d.ogg' % i)
        s = socket.socket(socket.AF_UNIX)
        s.bind(path)
        s.close()
        bad[path] = 'socket'
    if os.geteuid() == 0:
        for i in range(2):
            path = os.path.join(folder, 'device %d.mp3' % i)
            os.mknod(path, 0o644 | stat.S_IFCHR, os.makedev(1, 3))
            bad[path] = 'device'
    for i in range(3):
        os.makedirs(os.path.join(folder, 'folder %d.ogg' % i))
    # Too short to analyse: 1 sample, 10 ms, half a second.
    for i, n in enumerate((1, 441, 22050)):
        path = os.path.join(folder, 'short %d.wav' % i)
        write_wav(path, [0.5 * math.sin(2 * math.pi * 440 * k / 44100) for k in range(n)])
        bad[path] = 'too-short'
    return bad


def write_wav(path, samples, rate=44100, title=None):
    """16-bit mono WAV; @title goes in a LIST/INFO INAM chunk."""
    data = b''.join(struct.pack('<h', max(-32768, min(32767, int(x * 32767))))
                    for x in samples)
    fmt = struct.pack('<HHIIHH', 1, 1, rate, rate * 2, 2, 16)
    chunks = b'fmt ' + struct.pack('<I', len(fmt)) + fmt
    if title is not None:
        text = title.encode() + b'\0'
        if len(text) % 2:
            text += b'\0'
        info = b'INFO' + b'INAM' + struct.pack('<I', len(text)) + text
        chunks += b'LIST' + struct.pack('<I', len(info)) + info
    chunks += b'data' + struct.pack('<I', len(data)) + data
    with open(path, 'wb') as f:
        f.write(b'RIFF' + struct.pack('<I', 4 + len(chunks)) + b'WAVE' + chunks)


def make_odd(folder, rng):
    """Songs that are odd but still songs: {path: kind}."""
    os.makedirs(folder)
    odd = {}
    for i in range(3):
        path = os.path.join(folder, 'dither %d.wav' % i)
        write_wav(path, [rng.choice((-1, 0, 1)) / 32767 for _ in range(44100 * 6)])
        odd[path] = 'dither'
    path = os.path.join(folder, 'long title.wav')
    write_wav(path, [0.5 * math.sin(2 * math.pi * 330 * k / 44100) for k in range(44100 * 4)],
              title='Endless title ' * (1024 * 1024 // 14))
    odd[path] = 'long-title'
    return odd


def run(cli, args, timeout):
    try:
        p = subprocess.run([cli] + args, capture_output=True, timeout=timeout)
        return p.returncode, p.stdout.decode(errors='replace'), p.stderr.decode(errors='replace')
    except subprocess.TimeoutExpired:
        return 'hang', '', ''


def db_rows(db):
    con = sqlite3.connect(db)
    try:
        ok = con.execute('PRAGMA integrity_check').fetchone()[0]
        rows = con.execute('SELECT uri, status FROM tracks').fetchall()
    finally:
        con.close()
    return ok, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('cli')
    parser.add_argument('--good', type=int, default=60)
    parser.add_argument('--kills', type=int, default=15)
    parser.add_argument('--dir')
    parser.add_argument('--timeout', type=float, default=1800)
    args = parser.parse_args()
    cli = os.path.abspath(args.cli)
    # As the test suite runs a sanitizer build (tests/meson.build).
    here = os.path.dirname(os.path.abspath(__file__))
    os.environ.setdefault('LSAN_OPTIONS', 'print_suppressions=0:suppressions='
                          + os.path.join(here, 'lsan.supp'))
    os.environ.setdefault('ASAN_OPTIONS', 'fast_unwind_on_malloc=0')
    rng = random.Random(12)
    tmp = args.dir or tempfile.mkdtemp(prefix='akin-bad-corpus-')
    corpus = os.path.join(tmp, 'corpus')
    if os.path.exists(corpus):
        shutil.rmtree(corpus)
    good = make_good(os.path.join(corpus, 'good'), args.good)
    bad = make_bad(os.path.join(corpus, 'bad'), good, rng)
    odd = make_odd(os.path.join(corpus, 'odd'), rng)
    n_bad = len(bad)
    print('corpus: %d good songs, %d bad inputs, %d odd songs in %s'
          % (len(good), n_bad, len(odd), corpus), flush=True)
    check(len(good) >= 60 or args.good < 60, '%d good songs' % len(good))
    check(n_bad >= 300, '%d bad inputs (at least 300)' % n_bad)

    env_db = os.path.join(tmp, 'library.db')
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(env_db + suffix):
            os.remove(env_db + suffix)

    # 1. One scan.
    start = time.monotonic()
    status, out, err = run(cli, ['scan', corpus, '--db', env_db], args.timeout)
    elapsed = time.monotonic() - start
    check(status != 'hang', 'scan ends (%.0f s)' % elapsed)
    check(status == 0, 'scan exits 0 (got %s)' % status)
    check('Sanitizer' not in err and 'CRITICAL' not in err and 'WARNING' not in err,
          'no sanitizer report, critical or warning on stderr')
    problems = out.split('Problems:\n', 1)[1].split('\n') if 'Problems:\n' in out else []
    problems = [p for p in problems if p.startswith('  ')]
    ok, rows = db_rows(env_db)
    check(ok == 'ok', 'integrity_check: %s' % ok)
    status_of = {}
    for uri, st in rows:
        status_of[uri] = st
    from urllib.parse import unquote_to_bytes
    by_path = {os.fsdecode(unquote_to_bytes(uri[len('file://'):])): st
               for uri, st in status_of.items()}
    good_missing = [p for p in good if by_path.get(p) != 'analyzed']
    check(not good_missing, 'every good song analysed (%d of %d)'
          % (len(good) - len(good_missing), len(good)))
    for p in good_missing[:5]:
        print('      not analysed: %r (%s)' % (p, by_path.get(p)))
    # Each bad input, unless it decoded after all (flipped bits), has its line.
    unexplained = []
    special = []
    repeated = []
    reasons = {}
    for path, kind in sorted(bad.items()):
        if by_path.get(path) == 'analyzed':
            continue
        # The longest printable part of the name: lines show invalid bytes
        # and newlines in their own way.
        parts = ''.join(c if c.isprintable() and not '\udc80' <= c <= '\udcff' else '\0'
                        for c in os.path.basename(path)).split('\0')
        key = max(parts, key=len)
        lines = [l for l in problems if key in l]
        if not lines:
            (special if kind in ('fifo', 'socket', 'device') else unexplained).append((kind, path))
        elif len(lines) > 1 and kind not in ('link-loop',):
            repeated.append((kind, path, len(lines)))
        for l in lines[:1]:
            reasons.setdefault(kind, set()).add(l.split(': ', 1)[-1][:60])
    check(not unexplained, 'every bad input has a problem line (%d without)' % len(unexplained))
    for kind, path in unexplained[:10]:
        print('      no line: %s %r' % (kind, path))
    check(not special, 'FIFOs, sockets and devices under audio names have a line (%d without)'
          % len(special))
    check(not repeated, 'no bad input has more than one line (%d have)' % len(repeated))
    for kind, path, n in repeated[:5]:
        print('      %d lines: %s %r' % (n, kind, path))
    n_lines = sum(1 for path in bad if by_path.get(path) != 'analyzed')
    print('      %d bad inputs failed or were skipped, %d decoded after all (flipped bits); '
          '%d problem lines' % (n_lines, n_bad - n_lines, len(problems)))
    # Odd songs: analysed, dither with no tempo and no key, the title cut.
    con = sqlite3.connect(env_db)
    try:
        odd_rows = {os.fsdecode(unquote_to_bytes(uri[len('file://'):])): (st, title, tempo, key)
                    for uri, st, title, tempo, key in con.execute(
                        'SELECT t.uri, t.status, t.title, d.tempo_bpm, d.key_signature '
                        'FROM tracks t LEFT JOIN descriptors d ON d.track_id = t.id')}
    finally:
        con.close()
    dither = [odd_rows.get(p) for p, kind in odd.items() if kind == 'dither']
    check(all(r is not None and r[0] == 'analyzed' and not r[2] and r[3] is None
              for r in dither),
          'dither noise analysed with no tempo and no key: %s'
          % ', '.join('%s/%s/%s' % ((r[0], r[2], r[3]) if r else (None, None, None))
                      for r in dither))
    titled = [odd_rows.get(p) for p, kind in odd.items() if kind == 'long-title']
    check(all(r is not None and r[0] == 'analyzed' and r[1] is not None and len(r[1]) <= 1024
              for r in titled),
          'a 1 MB title is stored cut: %s characters'
          % ', '.join(str(len(r[1])) if r and r[1] else 'none' for r in titled))
    for kind in sorted(reasons):
        print('      %-14s %s' % (kind, ' | '.join(sorted(reasons[kind])[:3])))
    generic = [l for l in problems if 'general stream error' in l or 'Internal data stream' in l
               or 'made no progress' in l]
    check(not generic, 'no generic or timeout reasons (%d)' % len(generic))
    for l in generic[:5]:
        print('      ' + l.strip())
    n_tracks = len(rows)

    # 2. A retry scan.
    status, out, err = run(cli, ['scan', corpus, '--db', env_db, '--retry-failed'], args.timeout)
    ok, rows = db_rows(env_db)
    check('Sanitizer' not in err and 'CRITICAL' not in err and 'WARNING' not in err,
          'retry scan: no sanitizer report, critical or warning on stderr')
    check(status == 0 and ok == 'ok' and len(rows) == n_tracks,
          'retry scan: exit %s, integrity %s, %d tracks (was %d)' % (status, ok, len(rows),
                                                                      n_tracks))

    # 3. Scans killed with SIGKILL, then one to the end.
    kill_db = os.path.join(tmp, 'killed.db')
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(kill_db + suffix):
            os.remove(kill_db + suffix)
    for i in range(args.kills):
        proc = subprocess.Popen([cli, 'scan', corpus, '--db', kill_db],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    status, out, err = run(cli, ['scan', corpus, '--db', kill_db], args.timeout)
    check('Sanitizer' not in err, 'scan after the kills: no sanitizer report')
    ok, rows = db_rows(kill_db)
    uris = [u for u, _ in rows]
    check(status == 0 and ok == 'ok' and len(uris) == len(set(uris)) == n_tracks,
          'after %d kills: exit %s, integrity %s, %d tracks, %d distinct (want %d)'
          % (args.kills, status, ok, len(uris), len(set(uris)), n_tracks))

    # 4. Two scans at once.
    both_db = os.path.join(tmp, 'both.db')
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(both_db + suffix):
            os.remove(both_db + suffix)
    procs = [subprocess.Popen([cli, 'scan', corpus, '--db', both_db, '--jobs', '1'],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    statuses = []
    errs = []
    for proc in procs:
        try:
            errs.append(proc.communicate(timeout=args.timeout)[1].decode(errors='replace'))
            statuses.append(proc.returncode)
        except subprocess.TimeoutExpired:
            proc.kill()
            statuses.append('hang')
    check(not any('Sanitizer' in e or 'CRITICAL' in e for e in errs),
          'two scans at once: no sanitizer report or critical on stderr')
    ok, rows = db_rows(both_db)
    analysed = sum(1 for _, st in rows if st == 'analyzed')
    uris = [u for u, _ in rows]
    check(statuses == [0, 0] and ok == 'ok' and len(uris) == len(set(uris)) == n_tracks,
          'two scans at once: exits %s, integrity %s, %d tracks, %d analysed'
          % (statuses, ok, len(uris), analysed))

    print('%d checks failed' % len(FAILURES))
    if not args.dir:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if FAILURES else 0


if __name__ == '__main__':
    sys.exit(main())
