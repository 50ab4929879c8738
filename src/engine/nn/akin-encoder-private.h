/* akin-encoder-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-encoder.h"
#include "akin-model.h"

G_BEGIN_DECLS

gboolean _akin_encoder_check_slices (const AkinModel *model,
                                     const float     *slices,
                                     guint            n_slices,
                                     GError         **error);
gboolean _akin_encoder_encode_strided (const AkinModel            *model,
                                       AkinEncoderWorkspace       *ws,
                                       const float                *slices,
                                       guint                       n_slices,
                                       guint                       stride,
                                       const AkinTrackDescriptors *descriptors,
                                       float                      *latents,
                                       float                      *fused,
                                       float                      *codes,
                                       GError                    **error);
gboolean _akin_encoder_encode_codes_strided (const AkinModel            *model,
                                             AkinEncoderWorkspace       *ws,
                                             const float                *slices,
                                             guint                       n_slices,
                                             guint                       stride,
                                             const AkinTrackDescriptors *descriptors,
                                             guint                       threads,
                                             float                      *codes,
                                             GError                    **error);
gboolean _akin_encoder_embed_members (const AkinModel            *model,
                                      AkinEncoderWorkspace       *ws,
                                      const float                *slices,
                                      guint                       n_slices,
                                      const AkinTrackDescriptors *descriptors,
                                      guint                       threads,
                                      float                      *vector,
                                      GError                    **error);

G_END_DECLS
