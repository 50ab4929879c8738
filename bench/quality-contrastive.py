#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""quality-contrastive.py CACHE_DIR MANIFEST SCORE OUT_DIR [TIMBRE_LIST]

What a self-supervised contrastive objective could give the learned path,
measured before anyone changes the trainer: a small MLP (per-slice
statistics of the 16 MFCC rows and their deltas, 64 → 128 → 32, ReLU)
trained with a symmetric InfoNCE loss (temperature 0.1) on pairs of slices
of the same song against the other songs of the batch. Only the audio is
used; the manifest's labels only score. To see whether it generalises or
memorises songs, it is trained twice: on all songs, and on half of them
(even positions), every song being embedded and scored either way.
The song vector is the normalised mean of its slices' embeddings, cosine.
With TIMBRE_LIST (a neighbour list from bench-quality, e.g. timbre-js-mp),
also scores a half/half combination with it (ranks turned into scores).
"""
import glob, os, sys
import importlib.util
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('qe', os.path.join(here, 'quality-explore.py'))
qe = importlib.util.module_from_spec(spec)
spec.loader.exec_module(qe)


def slice_features(s):
    x = s['slices'].astype(np.float64)
    d = np.diff(x, axis=2)
    return np.concatenate([x.mean(2), x.std(2), np.abs(d).mean(2), d.std(2)], 1)


def train(x, song, train_songs, seed, steps=3000, batch=64, hidden=128, dim=32, tau=0.1, lr=2e-3):
    rng = np.random.default_rng(seed)
    d_in = x.shape[1]
    p = {'w1': rng.normal(0, np.sqrt(2 / d_in), (d_in, hidden)), 'b1': np.zeros(hidden),
         'w2': rng.normal(0, np.sqrt(1 / hidden), (hidden, dim))}
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    by_song = {s: np.flatnonzero(song == s) for s in train_songs}
    by_song = {s: i for s, i in by_song.items() if len(i) >= 2}
    keys = np.array(list(by_song))

    def fwd(xb):
        h = np.maximum(xb @ p['w1'] + p['b1'], 0)
        z = h @ p['w2']
        n = np.linalg.norm(z, axis=1, keepdims=True)
        return h, z, n, z / n

    for t in range(1, steps + 1):
        songs = rng.choice(keys, size=min(batch, len(keys)), replace=False)
        pairs = np.array([rng.choice(by_song[s], 2, replace=False) for s in songs])
        xa, xb = x[pairs[:, 0]], x[pairs[:, 1]]
        ha, za, na, ua = fwd(xa)
        hb, zb, nb, ub = fwd(xb)
        logits = ua @ ub.T / tau
        B = len(songs)
        pa = np.exp(logits - logits.max(1, keepdims=True)); pa /= pa.sum(1, keepdims=True)
        pb = np.exp(logits.T - logits.T.max(1, keepdims=True)); pb /= pb.sum(1, keepdims=True)
        g = ((pa - np.eye(B)) + (pb - np.eye(B)).T) / (2 * B * tau)
        dua, dub = g @ ub, g.T @ ua
        grads = {k: 0 for k in p}
        for xx, h, z, n, u, du in ((xa, ha, za, na, ua, dua), (xb, hb, zb, nb, ub, dub)):
            dz = (du - u * (u * du).sum(1, keepdims=True)) / n
            grads['w2'] = grads['w2'] + h.T @ dz
            dh = (dz @ p['w2'].T) * (h > 0)
            grads['w1'] = grads['w1'] + xx.T @ dh
            grads['b1'] = grads['b1'] + dh.sum(0)
        for k in p:
            m[k] = 0.9 * m[k] + 0.1 * grads[k]
            v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
            p[k] -= lr * (m[k] / (1 - 0.9 ** t)) / (np.sqrt(v[k] / (1 - 0.999 ** t)) + 1e-8)
    return lambda xx: fwd(xx)[3]


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    cache, manifest, scorer, out_dir = sys.argv[1:5]
    os.makedirs(out_dir, exist_ok=True)
    paths = sorted(glob.glob(os.path.join(cache, '*.akq')))
    ids = [os.path.basename(p)[:-4] for p in paths]
    songs = [qe.read_song(p, True) for p in paths]
    x = np.concatenate([slice_features(s) for s in songs])
    x = qe.zscore(x)
    song = np.concatenate([np.full(s['n_slices'], i) for i, s in enumerate(songs)])
    pos = np.concatenate([np.arange(s['n_slices']) for s in songs])
    timbre = None
    if len(sys.argv) == 6:
        idx = {k: i for i, k in enumerate(ids)}
        n = len(ids)
        timbre = np.zeros((n, n))
        for line in open(sys.argv[5]):
            f = line.rstrip('\n').split('\t')
            for r, b in enumerate(f[1:]):
                timbre[idx[f[0]], idx[b]] = n - r
    print(f"{'system':44s} {'source':>7s} {'artist':>7s} {'style':>7s} {'st|art':>7s}")
    qe.score(ids, qe.cosine(np.array([x[song == i].mean(0) for i in range(len(ids))])),
             'c-input-stats-mean-z', manifest, scorer, out_dir)
    for name, train_songs in (('all', np.arange(len(ids))), ('half', np.arange(0, len(ids), 2))):
        for seed in (1, 2):
            f = train(x, song, train_songs, seed)
            e = f(x)
            print(f'  ({name}, seed {seed}: slice self-retrieval {qe.self_retrieval(e, song, pos):.3f})')
            v = np.array([e[song == i].mean(0) for i in range(len(ids))])
            s = qe.cosine(v, z=False)
            qe.score(ids, s, f'c-infonce-{name}-seed{seed}', manifest, scorer, out_dir)
            if timbre is not None:
                c = 0.5 * qe.rownorm(s) + 0.5 * qe.rownorm(timbre)
                qe.score(ids, c, f'c-infonce-{name}-seed{seed}-50+timbre', manifest, scorer, out_dir)


if __name__ == '__main__':
    main()
