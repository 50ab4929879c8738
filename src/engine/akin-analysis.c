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

#include "akin-analysis.h"

static gboolean
push_samples (const float  *samples,
              gsize         n_samples,
              gpointer      user_data,
              GError      **error)
{
  akin_front_end_push (user_data, samples, n_samples);
  return TRUE;
}

/**
 * akin_analyze_features:
 * @file: an audio file
 * @options: (nullable): front-end options, %NULL for the defaults
 * @info: (out) (optional) (transfer full): what the decoder found
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Decodes @file and runs the analysis front end over it. Blocks: call it
 * from a worker thread. Any number of threads may call it at once.
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
  if (!akin_decode_stream (file, push_samples, front_end, &decode_info, cancellable, error))
    return NULL;

  features = akin_front_end_finish (front_end, error);
  if (features == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_prefix_error (error, "%s: ", name);
      return NULL;
    }

  if (info != NULL)
    *info = g_steal_pointer (&decode_info);

  return features;
}
