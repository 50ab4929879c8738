/* akin-analysis-result.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "audio/akin-decoder.h"
#include "audio/akin-descriptors.h"
#include "audio/akin-fingerprint.h"
#include "audio/akin-timbre.h"

G_BEGIN_DECLS


/**
 * AkinAnalysisResult:
 * @tags: the file's tags; strings owned by the result (set them with
 *   akin_analysis_result_set_tags() or g_strdup())
 * @duration: the decoded duration in seconds
 * @has_descriptors: whether @descriptors was filled in
 * @descriptors: the descriptor fields
 * @model_id: (nullable): the id of the model that made @vector
 * @vector: (nullable) (array length=dim): the track vector, @dim floats
 * @dim: the length of @vector
 * @has_timbre: whether @timbre was filled in
 * @timbre: the whole-song timbre model (stored under %AKIN_TIMBRE_FORMAT_ID)
 * @fingerprinted: whether the analysis computed a fingerprint (a result
 *   that did not leaves the track's stored fingerprint as it was)
 * @fingerprint: (nullable): the acoustic fingerprint, %NULL when the audio
 *   has none (too short, too quiet); owned by the result
 * @lossless: whether the file's codec is lossless (which copy of a
 *   recording is the best, see akin-recordings.c)
 *
 * Everything one analysis of one file produces, stored in one transaction
 * by akin_database_store_analysis(). Free with akin_analysis_result_free().
 */
typedef struct
{
  AkinTags              tags;
  double                duration;
  gboolean              has_descriptors;
  AkinDescriptorRecord  descriptors;
  char                 *model_id;
  float                *vector;
  guint                 dim;
  gboolean              has_timbre;
  AkinTimbreModel       timbre;
  gboolean              fingerprinted;
  AkinFingerprint      *fingerprint;
  gboolean              lossless;
} AkinAnalysisResult;

AkinAnalysisResult *akin_analysis_result_new        (void);
void                akin_analysis_result_free       (AkinAnalysisResult *result);
void                akin_analysis_result_set_tags   (AkinAnalysisResult *result,
                                                     const AkinTags     *tags);
void                akin_analysis_result_set_vector (AkinAnalysisResult *result,
                                                     const char         *model_id,
                                                     const float        *vector,
                                                     guint               dim);

void                akin_tags_clear_fields          (AkinTags           *tags);
void                akin_tags_copy_fields           (AkinTags           *dest,
                                                     const AkinTags     *src);

/**
 * AkinAnalyzeFunc:
 * @file: the audio file to analyse
 * @user_data: closure data
 * @result: (out) (transfer full): the result, when returning %TRUE
 * @cancellable: (nullable): cancels the analysis
 * @error: the reason, when returning %FALSE
 *
 * Analyses one file. Called from the analyzer's worker threads, several at
 * once, so it must be thread-safe. It must fill in @result's vector (with
 * its model id, which must equal the analyzer's model id) and should fill
 * the tags, the duration and the descriptors. On failure it returns %FALSE
 * with an error naming the reason (%G_IO_ERROR_CANCELLED when cancelled).
 *
 * Returns: %TRUE on success
 */
typedef gboolean (*AkinAnalyzeFunc) (GFile               *file,
                                     gpointer             user_data,
                                     AkinAnalysisResult **result,
                                     GCancellable        *cancellable,
                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinAnalysisResult, akin_analysis_result_free)

G_END_DECLS
