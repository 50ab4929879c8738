/* akin-descriptors.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "akin-tonality.h"

G_BEGIN_DECLS

/**
 * AkinDescriptorRecord:
 * @filename: (nullable): the file's base name, as the prototype's JSON "filename"
 * @title: (nullable): the title, as the prototype's JSON "title"
 * @samplefreq: the analysis sample rate in Hz (22050)
 * @sample_points: how many mono samples were analysed
 * @tempo_bpm: the estimated tempo in beats per minute
 * @rolloff_freq: the mean 90 % spectral roll-off in Hz
 * @tuning: the tuning deviation in fractions of a semitone, in [-0.5, 0.5)
 * @duration: @sample_points / @samplefreq, in seconds
 * @tonic: (nullable): the tonic's name, e.g. "C#"
 * @key_signature: (nullable): the key, e.g. "C# Minor"
 * @z_dist_avg_to_tonic: the z-score of the strongest chroma bin
 *
 * The prototype's per-track JSON fields, as they are stored in the library.
 * The JSON "id" is not part of the record: it is the track's id in the
 * database. Strings are UTF-8 and owned by the record.
 */
typedef struct
{
  char    *filename;
  char    *title;
  guint    samplefreq;
  guint64  sample_points;
  double   tempo_bpm;
  double   rolloff_freq;
  double   tuning;
  double   duration;
  char    *tonic;
  char    *key_signature;
  double   z_dist_avg_to_tonic;
} AkinDescriptorRecord;

void akin_descriptor_record_clear (AkinDescriptorRecord       *record);
void akin_descriptor_record_copy  (AkinDescriptorRecord       *dest,
                                   const AkinDescriptorRecord *src);
JsonNode *akin_descriptor_record_to_json (const AkinDescriptorRecord *record,
                                          gint64                      id);

/**
 * AkinDescriptors:
 * @samplefreq: sample rate of the analysed signal (22050)
 * @sample_points: number of samples
 * @duration: @sample_points / @samplefreq, in seconds
 * @tempo_bpm: refined global tempo (not quantised to whole lags), 0 when the
 *   onset envelope is all zero
 * @tempo_librosa_bpm: librosa's `beat_track` tempo, 2583.984375 / @tempo_lag
 * @tempo_lag: librosa's best lag in frames, 0 for no tempo
 * @rolloff_freq: mean 90 % roll-off over non-silent frames, rounded half to
 *   even to whole Hz; 0 when every frame is silent
 * @rolloff_mean: the same mean, unrounded
 * @rolloff_mean_all: the prototype's mean over all frames, silent ones
 *   counting as 0 Hz
 * @n_silent_frames: frames left out of @rolloff_mean
 * @tuning: librosa `estimate_tuning`, fractions of a semitone
 * @chroma_tuning: the tuning chroma_stft re-estimates on the power spectrum
 * @key_tonic: tonic of the Krumhansl–Kessler key (0 = C), -1 when undefined
 * @key_mode: its mode, %AKIN_MODE_UNKNOWN when undefined
 * @key_correlation: its Pearson correlation, NaN when undefined
 * @chroma_sums: per pitch class C … B, the sum of the max-normalised chroma
 * @chroma_tonic: the strongest chroma bin (the prototype's tonic), -1 for silence
 * @z_dist_avg_to_tonic: (max − mean) / std of @chroma_sums rounded to 4
 *   decimals, NaN for silence
 *
 * The descriptors of one track. The twelve JSON fields of the prototype are
 * derived from these (akin_descriptors_to_json()); the rest are kept for
 * the fusion stage, the statistics and the tests. A plain value type.
 */
typedef struct
{
  guint    samplefreq;
  guint64  sample_points;
  double   duration;

  double   tempo_bpm;
  double   tempo_librosa_bpm;
  guint    tempo_lag;

  double   rolloff_freq;
  double   rolloff_mean;
  double   rolloff_mean_all;
  guint    n_silent_frames;

  double   tuning;
  double   chroma_tuning;
  int      key_tonic;
  AkinMode key_mode;
  double   key_correlation;
  double   chroma_sums[12];
  int      chroma_tonic;
  double   z_dist_avg_to_tonic;
} AkinDescriptors;

void      akin_descriptors_init              (AkinDescriptors          *self);
void      akin_descriptors_set_tonality      (AkinDescriptors          *self,
                                              const AkinTonalityResult *tonality);
char     *akin_descriptors_dup_key_signature (const AkinDescriptors    *self);
const char *akin_descriptors_get_tonic_name  (const AkinDescriptors    *self);
JsonNode *akin_descriptors_to_json           (const AkinDescriptors    *self,
                                              gint64                    id,
                                              const char               *filename,
                                              const char               *title);

void      akin_descriptor_record_set         (AkinDescriptorRecord     *record,
                                              const AkinDescriptors    *self,
                                              const char               *filename,
                                              const char               *title);
double    akin_round_half_even               (double                    value,
                                              int                       decimals);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AkinDescriptorRecord, akin_descriptor_record_clear)

G_END_DECLS
