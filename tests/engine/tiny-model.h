/* tiny-model.h: a small deterministic model for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-model.h"
#include "akin-nn.h"

/* 2D: 4 MFCC rows × 16 frames, latent 1 × 4 × 2 = 8; 1D: 8 + 5 = 13 → code 4 × 2 = 8. */
static inline AkinModel *
tiny_model_new (guint64 seed)
{
  AkinNetSpec s2 = { .in_h = 4, .in_w = 16, .n_blocks = 2, .filters = { 4, 2 },
                     .latent_activation = AKIN_ACT_LINEAR };
  AkinNetSpec s1 = { .in_h = 1, .in_w = 13, .n_blocks = 2, .filters = { 4, 2 },
                     .latent_activation = AKIN_ACT_LINEAR };
  AkinModel *model = akin_model_new (&s2, &s1, NULL);
  AkinRng rng;

  g_assert_nonnull (model);
  akin_rng_init (&rng, seed);
  akin_net_init_weights (model->net2d, &rng);
  akin_net_init_weights (model->net1d, &rng);
  for (guint i = 0; i < 4; i++)
    {
      model->mfcc_mean[i] = (float) (akin_rng_uniform (&rng) - 0.5);
      model->mfcc_std[i] = (float) (0.5 + akin_rng_uniform (&rng));
    }
  for (guint i = 0; i < 13; i++)
    {
      model->fusion_mean[i] = (float) (akin_rng_uniform (&rng) - 0.5);
      model->fusion_std[i] = (float) (0.5 + akin_rng_uniform (&rng));
    }
  model->descriptor_weight = 2.0f;
  model->info.seed = seed;
  model->info.note = g_strdup ("tiny test model");
  return model;
}

static inline void
tiny_random_slices (guint64 seed, float *x, gsize n)
{
  AkinRng rng;

  akin_rng_init (&rng, seed);
  for (gsize i = 0; i < n; i++)
    x[i] = (float) (4.0 * akin_rng_uniform (&rng) - 2.0);
}
