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
 *
 * Light perturbations of a standardised MFCC slice, so that two views of
 * one song cannot be matched by loudness, mastering or one loud moment.
 */
typedef struct
{
  float c0_gain;
  float row_offset;
  guint max_mask;
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

void   akin_augment_slice      (float             *slice,
                                guint              h,
                                guint              w,
                                const AkinAugment *augment,
                                AkinRng           *rng);

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
