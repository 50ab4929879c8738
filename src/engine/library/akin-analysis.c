/* akin-analysis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one code path from an audio file to its features: the decoder streams
 * samples straight into the front end, so no caller ever holds a whole
 * track's PCM. The library scan, the CLI and the app's "find similar to a
 * file" all go through here, so a song is analysed the same way wherever it
 * comes from (the prototype's query path preprocessed differently from its
 * database path).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "akin-analysis.h"
#include "akin-error.h"

typedef struct
{
  AkinFrontEnd      *front_end;
  float              peak;            /* the largest |sample| */
} Consumers;

typedef float v8sf __attribute__ ((vector_size (32)));
typedef gint32 v8si __attribute__ ((vector_size (32)));

/* The largest of @peak and |samples[i]|: eight lanes (the largest of
 * non-negative values in any order is the same). */
static float
peak_of (const float *samples,
         gsize        n,
         float        peak)
{
  const v8si abs_mask = { G_MAXINT32, G_MAXINT32, G_MAXINT32, G_MAXINT32,
                          G_MAXINT32, G_MAXINT32, G_MAXINT32, G_MAXINT32 };
  v8sf lanes = { peak, peak, peak, peak, peak, peak, peak, peak };
  gsize i;

  for (i = 0; i + 8 <= n; i += 8)
    {
      v8sf v;
      v8si greater;

      memcpy (&v, samples + i, sizeof v);
      v = (v8sf) ((v8si) v & abs_mask);
      greater = lanes > v;
      lanes = (v8sf) (((v8si) lanes & greater) | ((v8si) v & ~greater));
    }
  for (int l = 0; l < 8; l++)
    peak = MAX (peak, lanes[l]);
  for (; i < n; i++)
    peak = MAX (peak, fabsf (samples[i]));
  return peak;
}

/* Every decoded buffer goes to the front end (and its fingerprinter, when
 * asked for): one decode feeds both. */
static gboolean
push_samples (const float  *samples,
              gsize         n_samples,
              gpointer      user_data,
              GError      **error)
{
  Consumers *consumers = user_data;

  consumers->peak = peak_of (samples, n_samples, consumers->peak);
  akin_front_end_push (consumers->front_end, samples, n_samples);
  return TRUE;
}

/* Near-silence (dither, a faint hiss) has no beat and no key, whatever
 * the periodicities of its noise suggest: it gets the descriptors' values
 * for "none" (as silence does). */
static void
forget_tempo_and_key (AkinDescriptors *descriptors)
{
  descriptors->tempo_bpm = 0.0;
  descriptors->key_tonic = -1;
  descriptors->chroma_tonic = -1;
  descriptors->key_mode = AKIN_MODE_UNKNOWN;
  descriptors->key_correlation = NAN;
  descriptors->z_dist_avg_to_tonic = NAN;
}

/**
 * akin_analyze_features:
 * @file: an audio file
 * @options: (nullable): front-end options, %NULL for the defaults
 * @info: (out) (optional) (transfer full): what the decoder found
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Decodes @file and runs the analysis front end over it. Audio shorter
 * than %AKIN_ANALYSIS_MIN_SECONDS fails with %AKIN_ERROR_TOO_SHORT; audio
 * whose peak stays under %AKIN_ANALYSIS_SILENCE_PEAK has no tempo and no
 * key. Blocks: call it from a worker thread. Any number of threads may
 * call it at once.
 *
 * Returns: (transfer full): the features, or %NULL with @error set
 */
AkinFeatures *
akin_analyze_features (GFile                      *file,
                       const AkinFrontEndOptions  *options,
                       AkinDecodeInfo            **info,
                       GCancellable               *cancellable,
                       GError                    **error)
{
  g_autoptr(AkinFrontEnd) front_end = NULL;
  g_autoptr(AkinDecodeInfo) decode_info = NULL;
  Consumers consumers;
  AkinFrontEndOptions defaults;
  AkinFeatures *features;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      akin_front_end_options_init (&defaults);
      options = &defaults;
    }

  front_end = akin_front_end_new (options);
  consumers.front_end = front_end;
  consumers.peak = 0.0f;
  if (!akin_decode_stream (file, push_samples, &consumers, &decode_info, cancellable, error))
    return NULL;
  if (decode_info->n_samples < (guint64) (AKIN_ANALYSIS_MIN_SECONDS * AKIN_SAMPLE_RATE))
    {
      g_autofree char *name = akin_file_display_name (file);

      g_set_error (error, AKIN_ERROR, AKIN_ERROR_TOO_SHORT,
                   _("%s: too short to analyse (%.2f s; at least %.0f s are needed)"),
                   name, decode_info->duration, AKIN_ANALYSIS_MIN_SECONDS);
      return NULL;
    }

  features = akin_front_end_finish (front_end, error);
  if (features == NULL)
    {
      g_autofree char *name = akin_file_display_name (file);

      g_prefix_error (error, "%s: ", name);
      return NULL;
    }
  if (consumers.peak < AKIN_ANALYSIS_SILENCE_PEAK)
    forget_tempo_and_key (&features->descriptors);

  if (info != NULL)
    *info = g_steal_pointer (&decode_info);

  return features;
}

void
akin_track_analysis_free (AkinTrackAnalysis *analysis)
{
  if (analysis == NULL)
    return;

  g_clear_pointer (&analysis->info, akin_decode_info_free);
  g_clear_pointer (&analysis->features, akin_features_unref);
  g_free (analysis->vector);
  g_free (analysis->model_id);
  g_free (analysis);
}

/**
 * akin_analysis_front_end_options:
 * @options: (out caller-allocates): options to fill
 *
 * The front-end options of a library analysis: the MFCCs the encoders read,
 * the whole-song timbre model the similarity index compares (about +8 % of
 * the front end, see docs/results.md), the acoustic fingerprint that finds
 * other files of the same recording, and nothing that only a display needs.
 */
void
akin_analysis_front_end_options (AkinFrontEndOptions *options)
{
  g_return_if_fail (options != NULL);

  akin_front_end_options_init (options);
  options->n_mfcc = MAX (options->n_mfcc, AKIN_ENCODER_N_MFCC);
  options->keep_mel_db = FALSE;
  options->timbre = TRUE;
  options->fingerprint = TRUE;
}

/**
 * akin_track_descriptors_from_features:
 * @features: a track's features
 * @descriptors: (out caller-allocates): what the fusion stage reads
 */
void
akin_track_descriptors_from_features (const AkinFeatures   *features,
                                      AkinTrackDescriptors *descriptors)
{
  g_return_if_fail (features != NULL);
  g_return_if_fail (descriptors != NULL);

  descriptors->tempo_bpm = features->descriptors.tempo_bpm;
  descriptors->rolloff_freq = features->descriptors.rolloff_freq;
  descriptors->key_tonic = features->descriptors.key_tonic;
  descriptors->key_mode = features->descriptors.key_mode;
}

/* akin_embed_features() with the slices encoded on @threads (1 or 2)
 * threads: the same vector (akin_encoder_embed_threads()). */
static gboolean
embed_features_threads (const AkinModel       *model,
                        AkinEncoderWorkspace  *workspace,
                        const AkinFeatures    *features,
                        guint                  threads,
                        float                 *vector,
                        GError               **error)
{
  g_autofree float *slices = NULL;
  AkinTrackDescriptors descriptors;
  guint n_slices = 0;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (features != NULL, FALSE);
  g_return_val_if_fail (vector != NULL, FALSE);

  if (features->n_mfcc < AKIN_ENCODER_N_MFCC)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                   "The encoders need %u MFCCs per frame, the features have %u",
                   AKIN_ENCODER_N_MFCC, features->n_mfcc);
      return FALSE;
    }

  slices = akin_features_get_slices (features, AKIN_ENCODER_N_MFCC, &n_slices);
  akin_track_descriptors_from_features (features, &descriptors);

  return akin_encoder_embed_threads (model, workspace, slices, n_slices, &descriptors, threads,
                                     vector, error);
}

/**
 * akin_embed_features:
 * @model: a model
 * @workspace: (nullable): scratch memory owned by the calling thread
 * @features: features with at least %AKIN_ENCODER_N_MFCC MFCCs
 * @vector: (out caller-allocates): akin_model_get_vector_size() floats
 * @error: return location for a #GError
 *
 * Runs the encoders over a track's slices. Any thread; @model is only read.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_embed_features (const AkinModel       *model,
                     AkinEncoderWorkspace  *workspace,
                     const AkinFeatures    *features,
                     float                 *vector,
                     GError               **error)
{
  return embed_features_threads (model, workspace, features, 1, vector, error);
}

/**
 * akin_analyze_track:
 * @file: an audio file
 * @model: (nullable): the model that makes the vector, or %NULL for features only
 * @workspace: (nullable): encoder scratch memory owned by the calling thread
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The whole analysis of one file: decode, front end, descriptors, encoders.
 * Blocks; call it from a worker thread. Threads may share @model.
 *
 * Returns: (transfer full): the analysis, or %NULL with @error set
 */
AkinTrackAnalysis *
akin_analyze_track (GFile                 *file,
                    const AkinModel       *model,
                    AkinEncoderWorkspace  *workspace,
                    GCancellable          *cancellable,
                    GError               **error)
{
  return akin_analyze_track_threads (file, model, workspace, 1, cancellable, error);
}

/**
 * akin_analyze_track_threads:
 * @file: an audio file
 * @model: (nullable): the model that makes the vector, or %NULL for features only
 * @workspace: (nullable): encoder scratch memory owned by the calling thread
 * @threads: 1, or 2 to run the front end's spectral work on a second thread
 *   (#AkinFrontEndOptions.threads), then half the encoders' slices
 *   (akin_encoder_embed_threads()): the same results, sooner when a core is
 *   free; for a song analysed while the user waits
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * akin_analyze_track() with a choice of threads.
 *
 * Returns: (transfer full): the analysis, or %NULL with @error set
 */
AkinTrackAnalysis *
akin_analyze_track_threads (GFile                 *file,
                            const AkinModel       *model,
                            AkinEncoderWorkspace  *workspace,
                            guint                  threads,
                            GCancellable          *cancellable,
                            GError               **error)
{
  g_autoptr(AkinTrackAnalysis) analysis = g_new0 (AkinTrackAnalysis, 1);
  AkinFrontEndOptions options;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  akin_analysis_front_end_options (&options);
  options.threads = threads;
  analysis->features = akin_analyze_features (file, &options, &analysis->info, cancellable, error);
  if (analysis->features == NULL)
    return NULL;

  if (model != NULL)
    {
      analysis->dim = akin_model_get_vector_size (model);
      analysis->vector = g_new (float, analysis->dim);
      analysis->model_id = g_strdup (akin_model_get_id (model));
      if (!embed_features_threads (model, workspace, analysis->features, threads,
                                   analysis->vector, error))
        {
          g_autofree char *name = akin_file_display_name (file);

          g_prefix_error (error, "%s: ", name);
          return NULL;
        }
    }

  return g_steal_pointer (&analysis);
}
