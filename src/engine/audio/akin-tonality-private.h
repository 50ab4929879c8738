/* akin-tonality-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-tonality.h"

G_BEGIN_DECLS

/* The spectral peaks of some frames (akin-tonality-tuning.c). */
typedef struct
{
  GArray *mags;                     /* float: interpolated peak magnitudes */
  GArray *bins;                     /* guint8: residual histogram bin of each peak */
} AkinPeakSet;

void         _akin_peak_set_init           (AkinPeakSet        *set);
void         _akin_peak_set_clear          (AkinPeakSet        *set);

/* piptrack() on one frame @S (AKIN_N_BINS magnitudes or powers): appends
 * its peaks that have a positive pitch to @set. */
void         _akin_peak_set_collect        (const float        *S,
                                            AkinPeakSet        *set);

/* estimate_tuning() of the peaks of @set: its histogram bin (0…99), the
 * bin of tuning 0.0 when there are none. */
int          _akin_peak_set_tuning_bin     (const AkinPeakSet  *set);

/* The tuning, in fractions of a semitone, of a histogram bin. */
double       _akin_tuning_from_bin         (int                 bin);

/* The chroma filter bank for a tuning histogram bin (0…99, left edge
 * -0.5 + bin/100): AKIN_N_BINS rows of 12 float32 weights, C…B, 16-byte
 * aligned. Shared and immutable; built on first use, from any thread. */
const float *_akin_chroma_bank             (int                 tuning_bin);

/* Fills the tonic, both keys, the mask and KK correlations and the z-score
 * of @result from its chroma_sums. */
void         _akin_tonality_compute_keys   (AkinTonalityResult *result);

G_END_DECLS
