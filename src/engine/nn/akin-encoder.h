/* akin-encoder.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "akin-fusion.h"
#include "akin-model.h"
#include "akin-net.h"

G_BEGIN_DECLS

/* The shipped architecture's input: MFCC coefficients 0…15 × 256 frames. */
#define AKIN_ENCODER_N_MFCC       16
#define AKIN_ENCODER_SLICE_FRAMES 256
/* One member's track vector length: mean ⊕ standard deviation (or maximum)
 * of 32 code units; a model of K members makes vectors K times as long
 * (akin_model_get_vector_size()). */
#define AKIN_ENCODER_VECTOR_SIZE  64
/* Slices encoded per batch: small, because one 2D slice's activations take
 * about 1.5 MB. Slices are encoded independently, batch by batch. */
#define AKIN_ENCODER_BATCH        4

typedef struct _AkinEncoderWorkspace AkinEncoderWorkspace;

void      akin_encoder_default_spec_2d  (AkinNetSpec                *spec);
void      akin_encoder_default_spec_1d  (AkinNetSpec                *spec);

AkinEncoderWorkspace *akin_encoder_workspace_new  (const AkinModel      *model);
void                  akin_encoder_workspace_free (AkinEncoderWorkspace *ws);
gboolean              akin_encoder_workspace_is_for (const AkinEncoderWorkspace *ws,
                                                     const AkinModel            *model);

void      akin_encoder_standardize      (const AkinModel            *model,
                                         const float                *slice,
                                         float                      *out);
gboolean  akin_encoder_encode_slices    (const AkinModel            *model,
                                         AkinEncoderWorkspace       *ws,
                                         const float                *slices,
                                         guint                       n_slices,
                                         const AkinTrackDescriptors *descriptors,
                                         float                      *latents,
                                         float                      *fused,
                                         float                      *codes,
                                         GError                    **error);
void      akin_encoder_pool_codes       (const float                *codes,
                                         guint                       n_slices,
                                         gsize                       dim,
                                         AkinPooling                 pooling,
                                         float                      *pooled);
gboolean  akin_encoder_embed            (const AkinModel            *model,
                                         AkinEncoderWorkspace       *ws,
                                         const float                *slices,
                                         guint                       n_slices,
                                         const AkinTrackDescriptors *descriptors,
                                         float                      *vector,
                                         GError                    **error);
void      akin_encoder_vector_from_codes (const AkinModel          *model,
                                          const float              *codes,
                                          guint                     n_slices,
                                          float                    *vector);
gboolean  akin_encoder_encode_codes_threads (const AkinModel            *model,
                                             AkinEncoderWorkspace       *ws,
                                             const float                *slices,
                                             guint                       n_slices,
                                             const AkinTrackDescriptors *descriptors,
                                             guint                       threads,
                                             float                      *codes,
                                             GError                    **error);
gboolean  akin_encoder_embed_threads    (const AkinModel            *model,
                                         AkinEncoderWorkspace       *ws,
                                         const float                *slices,
                                         guint                       n_slices,
                                         const AkinTrackDescriptors *descriptors,
                                         guint                       threads,
                                         float                      *vector,
                                         GError                    **error);
guint     akin_encoder_count_dead_units (const float                *rows,
                                         gsize                       n_rows,
                                         gsize                       dim);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinEncoderWorkspace, akin_encoder_workspace_free)

G_END_DECLS
