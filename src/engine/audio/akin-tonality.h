/* akin-tonality.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "akin-mode.h"

G_BEGIN_DECLS

/**
 * AKIN_TONALITY_DEFAULT_BUFFER_FRAMES:
 *
 * How many power frames an #AkinTonality holds, at most, before it fixes the
 * chroma tuning: 4096 frames are 95 s of audio and 16.8 MB. Tracks up to
 * this length get exactly librosa's chroma; see akin-tonality.c.
 */
#define AKIN_TONALITY_DEFAULT_BUFFER_FRAMES 4096

/**
 * AkinTonalityResult:
 * @tuning: librosa estimate_tuning() on the magnitude spectrogram, in
 *   fractions of a semitone (a histogram bin's left edge, step 0.01)
 * @chroma_tuning: the tuning chroma_stft() re-estimates on the power spectrogram
 * @chroma_sums: per pitch class C, C#, …, B: the sum over frames of the
 *   max-normalised chroma
 * @tonic: pitch class of the strongest chroma sum (0 = C), -1 for silence
 *   (all sums equal)
 * @key_tonic: tonic of the best Krumhansl–Kessler key, -1 when undefined
 * @key_mode: mode of that key (%AKIN_MODE_UNKNOWN when undefined)
 * @key_correlation: its Pearson correlation (NaN when undefined)
 * @key_correlations: all 24 correlations, C…B major then C…B minor
 * @seed_key_tonic: tonic of the prototype's binary-mask rule; it is the first
 *   maximum of the sums, so 0 (C) for silence, where the prototype says "C Minor"
 * @seed_key_mode: mode of the prototype's rule ("Major" only when the best
 *   mask's tonic equals @tonic)
 * @z_dist_avg_to_tonic: (max − mean) / std of the chroma sums, unrounded, NaN
 *   for silence
 * @seed_best_mask: tonic of the best binary major-scale mask, -1 when no mask
 *   correlates positively
 * @seed_mask_correlations: the 12 mask correlations, C…B (NaN for silence)
 * @n_frames: frames pushed
 * @chroma_tuning_frames: frames @chroma_tuning was estimated from; less than
 *   @n_frames only for tracks longer than the buffer (see akin_tonality_new_full())
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
  int      seed_best_mask;
  double   seed_mask_correlations[12];
  guint    n_frames;
  guint    chroma_tuning_frames;
} AkinTonalityResult;

/**
 * AkinChromaFrameFunc:
 * @frame: index of the frame, from 0
 * @chroma: 12 max-normalised chroma values, C…B
 * @user_data: closure data
 *
 * Receives one chroma frame, in order. Frames are delivered once the chroma
 * tuning is known, so possibly late (at the end of the buffer or in
 * akin_tonality_finish()). @chroma is only valid during the call.
 */
typedef void (*AkinChromaFrameFunc) (guint        frame,
                                     const float *chroma,
                                     gpointer     user_data);

typedef struct _AkinTonality AkinTonality;

AkinTonality *akin_tonality_new        (void);
AkinTonality *akin_tonality_new_full   (guint                max_buffered_frames);
void          akin_tonality_set_max_tuning_frames (AkinTonality *self,
                                                   guint         max_frames);
void          akin_tonality_free       (AkinTonality        *self);
void          akin_tonality_set_chroma_func (AkinTonality        *self,
                                             AkinChromaFrameFunc  func,
                                             gpointer             user_data);
void          akin_tonality_push_frame (AkinTonality        *self,
                                        const float         *power,
                                        const float         *magnitude);
void          akin_tonality_finish     (AkinTonality        *self,
                                        AkinTonalityResult  *result);
guint         akin_tonality_get_buffered_frames_peak (const AkinTonality *self);

const char   *akin_pitch_class_name    (int                  pitch_class);
char         *akin_key_to_string       (int                  tonic,
                                        AkinMode             mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinTonality, akin_tonality_free)

G_END_DECLS
