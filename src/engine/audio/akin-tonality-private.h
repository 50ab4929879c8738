/* akin-tonality-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-tonality.h"

G_BEGIN_DECLS

/* The chroma filter bank for a tuning histogram bin (0…99, left edge
 * -0.5 + bin/100): AKIN_N_BINS rows of 12 float32 weights, C…B, 16-byte
 * aligned. Shared and immutable; built on first use, from any thread. */
const float *_akin_chroma_bank             (int                 tuning_bin);

/* Fills the tonic, both keys, the mask and KK correlations and the z-score
 * of @result from its chroma_sums. */
void         _akin_tonality_compute_keys   (AkinTonalityResult *result);

G_END_DECLS
