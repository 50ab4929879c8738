/* akin-fusion.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "akin-mode.h"

G_BEGIN_DECLS

/* key sin, key cos, mode, log roll-off, log2 tempo */
#define AKIN_FUSION_N_DESCRIPTORS 5

/**
 * AkinTrackDescriptors:
 * @tempo_bpm: tempo in BPM; 0 (or any value ≤ 0, NaN) when unknown
 * @rolloff_freq: mean 90 % spectral roll-off in Hz; 0 when unknown
 * @key_tonic: pitch class of the key's tonic, 0 = C … 11 = B; -1 when unknown
 * @key_mode: the key's mode
 *
 * The descriptors of one track that the fusion stage uses.
 */
typedef struct
{
  double   tempo_bpm;
  double   rolloff_freq;
  int      key_tonic;
  AkinMode key_mode;
} AkinTrackDescriptors;

void akin_fusion_descriptor_features (const AkinTrackDescriptors *descriptors,
                                      float                      *features);
void akin_fusion_build               (const float                *latent,
                                      gsize                       latent_size,
                                      const float                *features,
                                      const float                *mean,
                                      const float                *std,
                                      float                       latent_weight,
                                      float                       descriptor_weight,
                                      float                      *fused);
void akin_fusion_statistics          (const float                *rows,
                                      gsize                       n_rows,
                                      gsize                       dim,
                                      float                      *mean,
                                      float                      *std);

G_END_DECLS
