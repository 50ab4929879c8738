/* akin-tonality.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  AKIN_MODE_UNKNOWN = 0,
  AKIN_MODE_MAJOR,
  AKIN_MODE_MINOR,
} AkinMode;

/**
 * AkinTonalityResult:
 * @tuning: librosa estimate_tuning() on the magnitude spectrogram, in
 *   fractions of a semitone (a histogram bin's left edge, step 0.01)
 * @chroma_tuning: the tuning chroma_stft() re-estimates on the power spectrogram
 * @chroma_sums: per pitch class C, C#, …, B: the sum over frames of the
 *   max-normalised chroma
 * @tonic: pitch class of the strongest chroma sum (0 = C), -1 for silence
 * @key_tonic: tonic of the best Krumhansl–Kessler key, -1 when undefined
 * @key_mode: mode of that key
 * @key_correlation: its Pearson correlation (NaN when undefined)
 * @key_correlations: all 24 correlations, C…B major then C…B minor
 * @seed_key_tonic: tonic of the prototype's binary-mask rule
 * @seed_key_mode: mode of the prototype's rule ("Major" only when the best
 *   mask's tonic equals @tonic)
 * @z_dist_avg_to_tonic: (max − mean) / std of the chroma sums, unrounded, NaN
 *   for silence
 */
typedef struct
{
  double   tuning;
  double   chroma_tuning;
  double   chroma_sums[12];
  int      tonic;
  int      key_tonic;
  AkinMode key_mode;
  double   key_correlation;
  double   key_correlations[24];
  int      seed_key_tonic;
  AkinMode seed_key_mode;
  double   z_dist_avg_to_tonic;
} AkinTonalityResult;

typedef struct _AkinTonality AkinTonality;

AkinTonality *akin_tonality_new        (void);
void          akin_tonality_free       (AkinTonality        *self);
void          akin_tonality_push_frame (AkinTonality        *self,
                                        const float         *power,
                                        const float         *magnitude);
void          akin_tonality_finish     (AkinTonality        *self,
                                        AkinTonalityResult  *result);

const char   *akin_pitch_class_name    (int                  pitch_class);
char         *akin_key_to_string       (int                  tonic,
                                        AkinMode             mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinTonality, akin_tonality_free)

G_END_DECLS
