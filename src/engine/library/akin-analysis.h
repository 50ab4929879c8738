/* akin-analysis.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "audio/akin-decoder.h"
#include "audio/akin-features.h"
#include "nn/akin-encoder.h"
#include "audio/akin-front-end.h"
#include "nn/akin-model.h"

G_BEGIN_DECLS

/* Shorter audio is not analysed (AKIN_ERROR_TOO_SHORT): a second holds
 * nothing to recommend by. */
#define AKIN_ANALYSIS_MIN_SECONDS 1.0

/* Audio whose largest sample stays under this (-60 dBFS) is near-silence:
 * no tempo, no key. */
#define AKIN_ANALYSIS_SILENCE_PEAK 0.001f

AkinFeatures *akin_analyze_features (GFile                      *file,
                                     const AkinFrontEndOptions  *options,
                                     AkinDecodeInfo            **info,
                                     GCancellable               *cancellable,
                                     GError                    **error);

/**
 * AkinTrackAnalysis:
 * @info: what the decoder found: tags, duration, source format
 * @features: the front end's output (16 MFCCs, descriptors, …)
 * @vector: (nullable): the track's L2-normalised vector, %NULL without a model
 * @dim: the length of @vector
 * @model_id: (nullable): the id of the model that made @vector
 * @library_copy: the library track of the same recording (its best copy),
 *   0 when none or not looked up; akin_analyze_track() leaves it 0, a
 *   caller that looks the file up in a library fills it in
 *
 * Everything Akin learns about one audio file.
 */
typedef struct
{
  AkinDecodeInfo *info;
  AkinFeatures   *features;
  float          *vector;
  guint           dim;
  char           *model_id;
  gint64          library_copy;
} AkinTrackAnalysis;

void               akin_track_analysis_free   (AkinTrackAnalysis     *analysis);

void               akin_analysis_front_end_options (AkinFrontEndOptions *options);
void               akin_track_descriptors_from_features (const AkinFeatures   *features,
                                                         AkinTrackDescriptors *descriptors);
gboolean           akin_embed_features        (const AkinModel       *model,
                                               AkinEncoderWorkspace  *workspace,
                                               const AkinFeatures    *features,
                                               float                 *vector,
                                               GError               **error);
AkinTrackAnalysis *akin_analyze_track         (GFile                 *file,
                                               const AkinModel       *model,
                                               AkinEncoderWorkspace  *workspace,
                                               GCancellable          *cancellable,
                                               GError               **error);
AkinTrackAnalysis *akin_analyze_track_threads (GFile                 *file,
                                               const AkinModel       *model,
                                               AkinEncoderWorkspace  *workspace,
                                               guint                  threads,
                                               GCancellable          *cancellable,
                                               GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinTrackAnalysis, akin_track_analysis_free)

G_END_DECLS
