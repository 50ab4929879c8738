/* akin-descriptors.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The per-track descriptor record and its JSON form, which keeps the
 * prototype's field names, order and types:
 *
 *   id (int), filename, title (strings), samplefreq, sample_points (ints),
 *   tempo_bpm, rolloff_freq, tuning, duration (doubles), tonic,
 *   key_signature (strings), z_dist_avg_to_tonic (double)
 *
 * Undefined values (NaN, no key) are written as JSON null.
 *
 * Threads: plain values and pure functions; any thread.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-descriptors.h"
#include "akin-json.h"

/**
 * akin_round_half_even:
 * @value: a number
 * @decimals: digits kept after the point (0 for integers)
 *
 * Rounds like Python's round(): to nearest, ties to even. NaN stays NaN.
 *
 * Returns: the rounded value
 */
double
akin_round_half_even (double value,
                      int    decimals)
{
  double scale = pow (10.0, decimals);

  if (!isfinite (value))
    return value;
  /* nearbyint() honours the default rounding mode, which is to nearest even. */
  return nearbyint (value * scale) / scale;
}

/**
 * akin_descriptors_init:
 * @self: (out caller-allocates): descriptors
 *
 * Sets every field to its "unknown" value: zeros, tonics -1, NaN for the
 * correlation and the z-score.
 */
void
akin_descriptors_init (AkinDescriptors *self)
{
  g_return_if_fail (self != NULL);

  *self = (AkinDescriptors) { 0 };
  self->key_tonic = -1;
  self->chroma_tonic = -1;
  self->key_mode = AKIN_MODE_UNKNOWN;
  self->key_correlation = NAN;
  self->z_dist_avg_to_tonic = NAN;
}

/**
 * akin_descriptors_set_tonality:
 * @self: descriptors
 * @tonality: the tonality accumulator's result for the same track
 *
 * Copies tuning, chroma and key. The key is the Krumhansl–Kessler key, and
 * the tonic reported with it is that key's tonic, so "tonic" and
 * "key_signature" always agree. (The prototype reported the strongest chroma
 * bin as tonic and built its key label from a binary-mask rule that calls
 * almost everything minor; that bin is kept in @chroma_tonic.)
 */
void
akin_descriptors_set_tonality (AkinDescriptors          *self,
                               const AkinTonalityResult *tonality)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (tonality != NULL);

  self->tuning = tonality->tuning;
  self->chroma_tuning = tonality->chroma_tuning;
  for (guint i = 0; i < 12; i++)
    self->chroma_sums[i] = tonality->chroma_sums[i];
  self->chroma_tonic = tonality->tonic;

  if (tonality->key_tonic >= 0 && tonality->key_tonic < 12
      && tonality->key_mode != AKIN_MODE_UNKNOWN)
    {
      self->key_tonic = tonality->key_tonic;
      self->key_mode = tonality->key_mode;
      self->key_correlation = tonality->key_correlation;
    }
  else
    {
      self->key_tonic = -1;
      self->key_mode = AKIN_MODE_UNKNOWN;
      self->key_correlation = NAN;
    }

  self->z_dist_avg_to_tonic = akin_round_half_even (tonality->z_dist_avg_to_tonic, 4);
}

/**
 * akin_descriptors_get_tonic_name:
 * @self: descriptors
 *
 * Returns: (nullable): the key's tonic ("C", "C#", "D", "Eb", …, "B"), or
 *   %NULL when the key is undefined
 */
const char *
akin_descriptors_get_tonic_name (const AkinDescriptors *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->key_tonic < 0)
    return NULL;
  return akin_pitch_class_name (self->key_tonic);
}

/**
 * akin_descriptors_dup_key_signature:
 * @self: descriptors
 *
 * Returns: (transfer full) (nullable): the key as "A Minor", "C Major", …,
 *   or %NULL when it is undefined
 */
char *
akin_descriptors_dup_key_signature (const AkinDescriptors *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->key_tonic < 0)
    return NULL;
  return akin_key_to_string (self->key_tonic, self->key_mode);
}

/**
 * akin_descriptors_to_json:
 * @self: descriptors
 * @id: the track's id
 * @filename: (nullable): the audio file's name
 * @title: (nullable): the track title
 *
 * Builds the prototype's metadata object, members in its order. tempo_bpm is
 * the refined tempo rounded to 3 decimals; rolloff_freq is whole Hz as a
 * double (e.g. 4588.0); z_dist_avg_to_tonic has 4 decimals. Any thread may
 * call this.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
akin_descriptors_to_json (const AkinDescriptors *self,
                          gint64                 id,
                          const char            *filename,
                          const char            *title)
{
  g_auto(AkinDescriptorRecord) record = { 0 };

  g_return_val_if_fail (self != NULL, NULL);

  akin_descriptor_record_set (&record, self, filename, title);
  return akin_descriptor_record_to_json (&record, id);
}

/**
 * akin_descriptor_record_set:
 * @record: a record to fill; its old strings are freed
 * @self: descriptors from the front end
 * @filename: (nullable): the audio file's name
 * @title: (nullable): the track title
 *
 * Turns the front end's descriptors into the record the library stores and
 * exports (the prototype's twelve fields), with the prototype's rounding:
 * z_dist_avg_to_tonic to 4 decimals.
 */
void
akin_descriptor_record_set (AkinDescriptorRecord  *record,
                            const AkinDescriptors *self,
                            const char            *filename,
                            const char            *title)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (self != NULL);

  akin_descriptor_record_clear (record);
  record->filename = g_strdup (filename);
  record->title = g_strdup (title);
  record->samplefreq = self->samplefreq;
  record->sample_points = self->sample_points;
  record->tempo_bpm = self->tempo_bpm;
  record->rolloff_freq = self->rolloff_freq;
  record->tuning = self->tuning;
  record->duration = self->duration;
  record->tonic = g_strdup (akin_descriptors_get_tonic_name (self));
  record->key_signature = akin_descriptors_dup_key_signature (self);
  record->z_dist_avg_to_tonic = isnan (self->z_dist_avg_to_tonic)
                                ? NAN : akin_round_half_even (self->z_dist_avg_to_tonic, 4);
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
