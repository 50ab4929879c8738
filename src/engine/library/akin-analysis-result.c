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
#include "akin-json.h"
#include "akin-descriptors.h"

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
  dest->has_cover = src->has_cover;
}

/**
 * akin_descriptor_record_clear:
 * @record: a record embedded in the caller's struct
 *
 * Frees the strings of @record and zeroes it. Any thread.
 */
void
akin_descriptor_record_clear (AkinDescriptorRecord *record)
{
  g_return_if_fail (record != NULL);

  g_free (record->filename);
  g_free (record->title);
  g_free (record->tonic);
  g_free (record->key_signature);
  memset (record, 0, sizeof *record);
}

/**
 * akin_descriptor_record_copy:
 * @dest: the record to overwrite (its old strings are freed)
 * @src: the record to copy
 *
 * Deep-copies @src into @dest. Any thread.
 */
void
akin_descriptor_record_copy (AkinDescriptorRecord       *dest,
                             const AkinDescriptorRecord *src)
{
  g_return_if_fail (dest != NULL);
  g_return_if_fail (src != NULL);

  if (dest == src)
    return;
  akin_descriptor_record_clear (dest);
  *dest = *src;
  dest->filename = g_strdup (src->filename);
  dest->title = g_strdup (src->title);
  dest->tonic = g_strdup (src->tonic);
  dest->key_signature = g_strdup (src->key_signature);
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

/**
 * akin_descriptor_record_to_json:
 * @record: a stored record
 * @id: the track's id in the library, the JSON "id"
 *
 * Builds the prototype's per-track object from a stored record, with the
 * same members, order and types as akin_descriptors_to_json(): id,
 * filename, title, samplefreq and sample_points as integers, tempo_bpm
 * (rounded to 3 decimals), rolloff_freq, tuning and duration as doubles,
 * tonic and key_signature as strings, z_dist_avg_to_tonic as a double;
 * absent strings and non-finite numbers are null. Any thread.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
akin_descriptor_record_to_json (const AkinDescriptorRecord *record,
                                gint64                      id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (record != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  akin_json_builder_add_string_or_null (builder, "filename", record->filename);
  akin_json_builder_add_string_or_null (builder, "title", record->title);
  json_builder_set_member_name (builder, "samplefreq");
  json_builder_add_int_value (builder, record->samplefreq);
  json_builder_set_member_name (builder, "sample_points");
  json_builder_add_int_value (builder, (gint64) record->sample_points);
  akin_json_builder_add_double_or_null (builder, "tempo_bpm", akin_round_half_even (record->tempo_bpm, 3));
  akin_json_builder_add_double_or_null (builder, "rolloff_freq", record->rolloff_freq);
  akin_json_builder_add_double_or_null (builder, "tuning", record->tuning);
  akin_json_builder_add_double_or_null (builder, "duration", record->duration);
  akin_json_builder_add_string_or_null (builder, "tonic", record->tonic);
  akin_json_builder_add_string_or_null (builder, "key_signature", record->key_signature);
  akin_json_builder_add_double_or_null (builder, "z_dist_avg_to_tonic", record->z_dist_avg_to_tonic);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
