#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Copies the subset of the reference fixtures (the librosa 0.9.2 oracle) that
# the engine tests need into tests/data/frontend/<signal>.json, so the tests
# run from a clean clone. Run once by hand when the fixtures change (the
# output is committed):
#
#   tests/data/extract-fixtures.py /path/to/fixtures
#
# Values are copied unchanged (arrays are already rounded to 6 significant
# digits; scalars are full doubles). 2-D arrays keep the fixtures'
# [row][frame] orientation.

import json
import os
import sys

SIGNALS = [
    "a_tone_440_880", "b_clicks_120bpm", "c_a_minor_prog", "d_c_major_prog",
    "e_noise_xorshift", "f_tone_446", "g_silence",
]
NOTES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
KEYS = [n + " Major" for n in NOTES] + [n + " Minor" for n in NOTES]


def matrix(m):
    return {
        "frames_0_63": m["frames_0_63"],
        "mean": m["mean_over_all_frames"],
        "std": m["std_over_all_frames"],
        "global_max": m["global_max"],
        "global_min": m["global_min"],
    }


def tonality(d):
    chroma = d["chroma_stft"]
    seed = d["key_seed_binary_mask"]
    kk = d["key_krumhansl_kessler"]
    best = seed["best_major_mask"]
    return {
        "tuning": d["estimate_tuning"]["tuning"],
        "kk_key": kk["key"],
        "kk_correlations": [kk["correlations"][k] for k in KEYS],
        "z_dist": d["z_dist_avg_to_tonic"],
        "z_dist_unrounded": d["z_dist_avg_to_tonic_unrounded"],
        "chroma_tuning": chroma["tuning_used_internally"],
        "chroma_frames_0_63": chroma["frames_0_63"],
        "chroma_sums": chroma["chroma_sums"],
        "seed_key": seed["key"],
        "seed_best_mask": NOTES.index(best) if best is not None else -1,
        "seed_mask_correlations": seed["mask_correlations_C..B"],
    }


def main():
    src = sys.argv[1]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "frontend")
    os.makedirs(out, exist_ok=True)
    for name in SIGNALS:
        with open(os.path.join(src, name + ".json")) as f:
            d = json.load(f)
        sc = d["signal_check"]
        t = {
            "signal": name,
            "signal_check": {
                "n_samples": sc["n_samples"], "sum": sc["sum"],
                "sum_abs": sc["sum_abs"], "sum_sq": sc["sum_sq"],
                "max_abs": sc["max_abs"], "samples": sc["samples"],
            },
            "n_frames": d["n_frames"],
            "mel256_db": matrix(d["mel256_db"]),
            "mfcc13": matrix(d["mfcc13_from_mel256"]),
            "mfcc20_mel128": matrix(d["mfcc20_from_mel128"]),
            "rolloff": {
                "per_frame": d["rolloff"]["per_frame_all"],
                "mean": d["rolloff"]["mean"],
            },
            "tonality": tonality(d),
            "tempo": {
                "bpm": d["tempo"]["bpm"],
                "lag": d["tempo"]["best_lag_frames"],
                "onset_env": d["tempo"]["onset_env_all_frames"],
            },
        }
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(t, f, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
