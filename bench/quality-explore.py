#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""quality-explore.py CACHE_DIR AE_DIR MANIFEST SCORE OUT_DIR   (AE_DIR '-': no encoder output)

Experiments on the caches bench-quality writes (no decoding, seconds per
run), for choices that are not shipped yet:

  * slice-level self-retrieval: for every slice, the share of its 5 nearest
    slices (cosine, features z-scored; the slice itself and its two
    neighbours in time left out) that come from the same song, for the raw
    slice statistics (mean and std of the 16 MFCCs over the slice), the 64-d
    2D latents and the 32-d codes. It says how much of a song's identity each
    representation keeps: what a contrastive objective would optimise.
  * a linear stand-in for contrastive training: a projection (song-level
    LDA: between-song scatter against within-song scatter of the slices,
    i.e. "slices of one song together, of different songs apart") learnt
    from the audio alone, applied to the slices, pooled per song, cosine.
    Labels of the manifest are only used to score.
  * the pooled variants combined with the timbre model (row-normalised sums).

Prints precision@10 (source, artist, style, style artist-filtered) per
system. Needs numpy (the system Python's).
"""
import glob, json, os, subprocess, sys
import numpy as np

N_MFCC, FRAMES, TIMBRE_FLOATS = 16, 256, 27 + 2 * 378 + 2
D = 27


def read_song(path, with_slices):
    b = open(path, 'rb').read()
    assert b[:8] == b'AKINQ001', path
    n_slices, n_frames = np.frombuffer(b, np.uint32, 2, 8)
    meta = np.frombuffer(b, np.float32, 5, 16)
    t = np.frombuffer(b, np.float32, TIMBRE_FLOATS, 36)
    out = {'n_slices': int(n_slices), 'meta': meta, 'timbre': t}
    if with_slices:
        off = 36 + 4 * TIMBRE_FLOATS
        out['slices'] = np.frombuffer(b, np.float32, int(n_slices) * N_MFCC * FRAMES, off) \
            .reshape(int(n_slices), N_MFCC, FRAMES)
    return out


def read_ae(path):
    b = open(path, 'rb').read()
    assert b[:8] == b'AKINAE01', path
    n, ls, cs = (int(x) for x in np.frombuffer(b, np.uint32, 3, 8))
    lat = np.frombuffer(b, np.float32, n * ls, 20).reshape(n, ls)
    codes = np.frombuffer(b, np.float32, n * cs, 20 + 4 * n * ls).reshape(n, cs)
    return lat, codes


def zscore(x):
    sd = x.std(0)
    return (x - x.mean(0)) / np.where(sd > 0, sd, 1)


def cosine(x, z=True):
    x = zscore(x) if z else x
    x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    return x @ x.T


def rownorm(s):
    s = s.copy()
    n = len(s)
    np.fill_diagonal(s, np.nan)
    mu = np.nanmean(s, 1, keepdims=True)
    sd = np.nanstd(s, 1, keepdims=True)
    s = (s - mu) / np.where(sd > 0, sd, 1)
    np.fill_diagonal(s, 0)
    return s


def score(ids, sim, name, manifest, scorer, out_dir):
    path = os.path.join(out_dir, name + '.tsv')
    s = sim.copy()
    np.fill_diagonal(s, -np.inf)
    with open(path, 'w') as f:
        for i, a in enumerate(ids):
            order = np.argsort(-s[i], kind='stable')
            f.write(a + '\t' + '\t'.join(ids[j] for j in order if j != i) + '\n')
    r = json.loads(subprocess.run(['/usr/bin/python3', scorer, manifest, path, '--json'],
                                  capture_output=True, check=True, text=True).stdout)
    r = {x['kind']: x['P@10'] for x in r['results']}
    v = [r['source'], r['artist'], r['style'], r['style|artist-filtered']]
    print(f'{name:44s} ' + ' '.join(f'{x:7.3f}' for x in v), flush=True)
    return v


def self_retrieval(x, song, pos, k=5):
    s = cosine(x)
    n = len(x)
    same_or_adjacent = (song[:, None] == song[None, :]) & (np.abs(pos[:, None] - pos[None, :]) <= 1)
    s[same_or_adjacent] = -np.inf
    top = np.argsort(-s, axis=1)[:, :k]
    return float((song[top] == song[:, None]).mean())


def song_lda(x, song, dim, shrink=1e-3):
    """Directions maximising between-song over within-song slice scatter."""
    mu = x.mean(0)
    sw = np.zeros((x.shape[1],) * 2)
    sb = np.zeros_like(sw)
    for s in np.unique(song):
        xs = x[song == s]
        m = xs.mean(0)
        sw += (xs - m).T @ (xs - m)
        sb += len(xs) * np.outer(m - mu, m - mu)
    sw /= len(x)
    sb /= len(x)
    sw += shrink * np.trace(sw) / len(sw) * np.eye(len(sw))
    w, v = np.linalg.eigh(sw)
    wh = v / np.sqrt(w)                       # whitening of the within-song scatter
    bw, bv = np.linalg.eigh(wh.T @ sb @ wh)
    return wh @ bv[:, ::-1][:, :dim]


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    cache, ae_dir, manifest, scorer, out_dir = sys.argv[1:]
    os.makedirs(out_dir, exist_ok=True)
    paths = sorted(glob.glob(os.path.join(cache, '*.akq')))
    ids = [os.path.basename(p)[:-4] for p in paths]
    songs = [read_song(p, True) for p in paths]
    aes = [read_ae(os.path.join(ae_dir, i + '.ae')) for i in ids] if ae_dir != '-' else None

    # Per-slice features.
    raw = np.concatenate([np.concatenate([s['slices'].mean(2), s['slices'].std(2)], 1) for s in songs])
    feats = [('raw', raw)]
    if aes:
        lat = np.concatenate([a[0] for a in aes]).astype(np.float64)
        # The 2D latent is 1 × 4 × 16 (height, time, channel; channels
        # fastest): its 4 time positions depend on where the slice starts,
        # which is arbitrary, so also try it pooled over time.
        lt = lat.reshape(len(lat), 4, 16)
        feats += [('latent', lat),
                  ('latent-tpool', lt.mean(1)),
                  ('latent-tstats', np.concatenate([lt.mean(1), lt.std(1)], 1)),
                  ('code', np.concatenate([a[1] for a in aes]).astype(np.float64))]
    song = np.concatenate([np.full(s['n_slices'], i) for i, s in enumerate(songs)])
    pos = np.concatenate([np.arange(s['n_slices']) for s in songs])
    print(f'{len(ids)} songs, {len(song)} slices')
    print('slice self-retrieval (share of 5 nearest slices from the same song):')
    for name, x in feats:
        dead = int((x.std(0) <= 1e-6 * np.abs(x).max()).sum())
        print(f'  {name:24s} {self_retrieval(x, song, pos):.3f}  ({x.shape[1]} dims, {dead} dead)')

    def pooled(x, std):
        rows = []
        for i in range(len(ids)):
            xs = x[song == i]
            rows.append(np.concatenate([xs.mean(0), xs.std(0)]) if std else xs.mean(0))
        return np.array(rows)

    hdr = f"{'system':44s} {'source':>7s} {'artist':>7s} {'style':>7s} {'st|art':>7s}"
    print(hdr)
    sims = {}
    for name, x in feats:
        sims[f'{name}-meanstd-z'] = cosine(pooled(x, True))
        score(ids, sims[f'{name}-meanstd-z'], f'x-{name}-meanstd-z', manifest, scorer, out_dir)
        for dim in (16, 32):
            if dim >= x.shape[1]:
                continue
            p = song_lda(zscore(x), song, dim)
            y = zscore(x) @ p
            sims[f'{name}-lda{dim}'] = cosine(pooled(y, False), z=False)
            score(ids, sims[f'{name}-lda{dim}'], f'x-{name}-songlda{dim}-mean', manifest, scorer, out_dir)
            print(f'  ({name} song-LDA {dim}: slice self-retrieval {self_retrieval(y, song, pos):.3f})')

    # Timbre JS + MP (recomputed here in numpy, as in the engine).
    T = np.array([s['timbre'] for s in songs], np.float64)
    iu = np.triu_indices(D)
    covs = []
    for t in T:
        c = np.zeros((D, D)); c[iu] = t[D:D + 378]; c = c + c.T - np.diag(np.diag(c)); covs.append(c)
    means = T[:, :D]
    from math import erfc, sqrt
    surv = np.vectorize(lambda d, m, s: 0.5 * erfc((d - m) / (s * sqrt(2))))

    def js_mp(dims):
        n = len(ids)
        cs = [c[np.ix_(dims, dims)] for c in covs]
        ld = [np.linalg.slogdet(c)[1] for c in cs]
        ms = means[:, dims]
        js = np.zeros((n, n))
        for i in range(n):
            for j in range(i + 1, n):
                dm = ms[i] - ms[j]
                m = 0.5 * (cs[i] + cs[j]) + 0.25 * np.outer(dm, dm)
                js[i, j] = js[j, i] = max(0.5 * np.linalg.slogdet(m)[1] - 0.25 * (ld[i] + ld[j]), 0)
        off = ~np.eye(n, dtype=bool)
        mu = np.array([js[i][off[i]].mean() for i in range(n)])
        sd = np.array([js[i][off[i]].std() for i in range(n)])
        mp = surv(js, mu[:, None], sd[:, None]) * surv(js, mu[None, :], sd[None, :])
        np.fill_diagonal(mp, 1)
        return mp

    score(ids, js_mp(list(range(20))), 'x-timbre-mfcc20-only-js-mp', manifest, scorer, out_dir)
    mp = js_mp(list(range(D)))
    sims['timbre-js-mp'] = mp
    score(ids, mp, 'x-timbre-js-mp', manifest, scorer, out_dir)

    for name in [k for k in sims if k != 'timbre-js-mp']:
        for w in (0.3, 0.5):
            c = w * rownorm(sims[name]) + (1 - w) * rownorm(mp)
            score(ids, c, f'x-combo-{name}-{int(w * 100)}+timbre', manifest, scorer, out_dir)


if __name__ == '__main__':
    main()
