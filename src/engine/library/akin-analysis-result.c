/* akin-analysis-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plain records an analysis produces. They embed #AkinTags by value so
 * that they own their strings themselves and free them with g_free().
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-analysis-result.h"

/**
 * akin_tags_clear_fields:
 * @tags: tags whose strings are owned by the caller's record
 *
 * Frees the strings of @tags (not @tags itself) and zeroes it. Any thread.
 */
void
akin_tags_clear_fields (AkinTags *tags)
{
  g_return_if_fail (tags != NULL);

  g_clear_pointer (&tags->title, g_free);
  g_clear_pointer (&tags->artist, g_free);
  g_clear_pointer (&tags->album, g_free);
  g_clear_pointer (&tags->album_artist, g_free);
  g_clear_pointer (&tags->genre, g_free);
  g_clear_pointer (&tags->date, g_free);
  tags->track_number = 0;
  tags->disc_number = 0;
  tags->has_cover = FALSE;
}

/**
 * akin_tags_copy_fields:
 * @dest: tags to overwrite (their old strings are freed)
 * @src: (nullable): tags to copy; %NULL clears @dest
 *
 * Deep-copies the fields of @src into @dest. Any thread.
 */
void
akin_tags_copy_fields (AkinTags       *dest,
                       const AkinTags *src)
{
  g_return_if_fail (dest != NULL);

  if (dest == src)
    return;
  akin_tags_clear_fields (dest);
  if (src == NULL)
    return;
  dest->title = g_strdup (src->title);
  dest->artist = g_strdup (src->artist);
  dest->album = g_strdup (src->album);
  dest->album_artist = g_strdup (src->album_artist);
  dest->genre = g_strdup (src->genre);
  dest->date = g_strdup (src->date);
  dest->track_number = src->track_number;
  dest->disc_number = src->disc_number;
  dest->has_cover = src->has_cover;
}

/**
 * akin_analysis_result_new:
 *
 * Returns: (transfer full): an empty result. Any thread.
 */
AkinAnalysisResult *
akin_analysis_result_new (void)
{
  return g_new0 (AkinAnalysisResult, 1);
}

/**
 * akin_analysis_result_free:
 * @result: (nullable) (transfer full): a result
 *
 * Frees @result and everything it owns. Any thread.
 */
void
akin_analysis_result_free (AkinAnalysisResult *result)
{
  if (result == NULL)
    return;
  akin_tags_clear_fields (&result->tags);
  akin_descriptor_record_clear (&result->descriptors);
  g_free (result->model_id);
  g_free (result->vector);
  akin_fingerprint_free (result->fingerprint);
  g_free (result);
}

/**
 * akin_analysis_result_set_tags:
 * @result: a result
 * @tags: (nullable): tags to copy, e.g. the decoder's #AkinDecodeInfo tags
 *
 * Copies @tags into @result. Any thread.
 */
void
akin_analysis_result_set_tags (AkinAnalysisResult *result,
                               const AkinTags     *tags)
{
  g_return_if_fail (result != NULL);

  akin_tags_copy_fields (&result->tags, tags);
}

/**
 * akin_analysis_result_set_vector:
 * @result: a result
 * @model_id: the id of the model that made @vector
 * @vector: (array length=dim): the vector, copied
 * @dim: its length, at least 1
 *
 * Copies the track vector into @result. Any thread.
 */
void
akin_analysis_result_set_vector (AkinAnalysisResult *result,
                                 const char         *model_id,
                                 const float        *vector,
                                 guint               dim)
{
  g_return_if_fail (result != NULL);
  g_return_if_fail (model_id != NULL);
  g_return_if_fail (vector != NULL && dim > 0);

  g_free (result->model_id);
  result->model_id = g_strdup (model_id);
  g_free (result->vector);
  result->vector = g_memdup2 (vector, sizeof (float) * dim);
  result->dim = dim;
}
