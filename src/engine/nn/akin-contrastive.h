/* akin-contrastive.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "akin-nn.h"

G_BEGIN_DECLS

/**
 * AkinAugment:
 * @c0_gain: largest offset added to the whole first row (MFCC c0, the
 *   loudness), uniform in ±@c0_gain standard deviations
 * @row_offset: standard deviation of a normal offset added to every other
 *   row (a fixed spectral tilt/EQ for the whole slice)
 * @max_mask: longest run of frames set to 0 (the standardised mean), from
 *   0 to @max_mask, at a random position
 * @pitch: (nullable): @n_pitch matrices of h × h (h the slice's rows), each
 *   a pitch shift of a frame's raw coefficients
 *   (akin_mfcc_pitch_shift_matrix()); each view of the 2D stage is moved
 *   by one of them, drawn uniformly
 * @n_pitch: how many matrices @pitch holds; 0 for none
 * @tempo: largest relative change of tempo: each view of the 2D stage is
 *   played faster or slower by a factor drawn uniformly in 1 ± @tempo
 *   (akin_augment_warp()); 0 for none
 *
 * Perturbations of a standardised MFCC slice, so that two views of one
 * song cannot be matched by loudness, mastering or one loud moment, nor,
 * with @pitch and @tempo, by the key or the pace they share.
 */
typedef struct
{
  float        c0_gain;
  float        row_offset;
  guint        max_mask;
  const float *pitch;
  guint        n_pitch;
  float        tempo;
} AkinAugment;

double akin_nt_xent            (const float *z,
                                guint        n_pairs,
                                gsize        dim,
                                float        temperature,
                                float       *gradient);
double akin_nt_xent_soft       (const float  *z,
                                guint         n_pairs,
                                gsize         dim,
                                float         temperature,
                                const double *targets,
                                float        *gradient);
double akin_nt_xent_biased     (const float  *z,
                                guint         n_pairs,
                                gsize         dim,
                                float         temperature,
                                const double *targets,
                                const double *bias,
                                float        *gradient);
double akin_nt_xent_pooled     (const float  *z,
                                guint         n_pairs,
                                guint         per_view,
                                gsize         dim,
                                float         temperature,
                                const double *targets,
                                const double *bias,
                                float        *gradient);
void   akin_augment_slice      (float             *slice,
                                guint              h,
                                guint              w,
                                const AkinAugment *augment,
                                AkinRng           *rng);

float *akin_augment_pitch_ops  (const AkinAugment *augment,
                                guint              h,
                                const float       *mean,
                                const float       *std);
void   akin_augment_warp       (float             *slice,
                                guint              h,
                                guint              w,
                                const float       *op,
                                double             rate,
                                float             *scratch);

guint  akin_pick_far_slice     (guint    n_slices,
                                guint    first,
                                AkinRng *rng);

double akin_same_song_retrieval (const float *rows,
                                 const guint *song,
                                 const guint *position,
                                 guint        n_rows,
                                 gsize        dim,
                                 guint        k);

double akin_same_group_retrieval (const float *rows,
                                  const guint *song,
                                  const guint *group,
                                  guint        n_rows,
                                  gsize        dim,
                                  guint        k);

G_END_DECLS
