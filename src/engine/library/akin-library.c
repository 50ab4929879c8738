/* akin-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What ties the analysis pipeline to the library database: where the
 * database lives, and the function the analyzer's workers call for each
 * file (decode, front end, descriptors, encoders), which turns an
 * AkinTrackAnalysis into the record the database stores.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-analysis.h"
#include "akin-content-hash.h"
#include "audio/akin-descriptors.h"
#include "akin-error.h"
#include "akin-library.h"

/**
 * akin_library_default_database_path:
 *
 * The library database that the app and akin-cli share:
 * `$AKIN_DATABASE` when set (a demo or a test keeps its own library that
 * way), else `$XDG_DATA_HOME/akin/library.db`.
 *
 * Returns: (transfer full): a path
 */
char *
akin_library_default_database_path (void)
{
  const char *env = g_getenv ("AKIN_DATABASE");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "akin", "library.db", NULL);
}

static void
fill_descriptors (AkinDescriptorRecord  *record,
                  GFile                 *file,
                  const AkinTags        *tags,
                  const AkinDescriptors *d)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *filename = g_filename_display_name (basename);

  akin_descriptor_record_set (record, d, filename, tags->title != NULL ? tags->title : filename);
}

/* Whether @file is stored losslessly: by the decoder's codec name, or by the
 * extension of the formats GStreamer names no codec for (WAV, AIFF). */
static gboolean
is_lossless (GFile      *file,
             const char *codec)
{
  static const char * const lossless_codecs[] = {
    "flac", "lossless", "pcm", "wavpack", "alac", "monkey", "tta", "wav",
  };
  static const char * const lossless_suffixes[] = {
    ".flac", ".wav", ".wave", ".aif", ".aiff", ".wv", ".ape",
  };
  g_autofree char *name = NULL;

  if (codec != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (codec, -1);

      for (guint i = 0; i < G_N_ELEMENTS (lossless_codecs); i++)
        if (strstr (lower, lossless_codecs[i]) != NULL)
          return TRUE;
      return FALSE;
    }
  name = g_file_get_basename (file);
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (lossless_suffixes); i++)
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);

      if (g_str_has_suffix (lower, lossless_suffixes[i]))
        return TRUE;
    }
  return FALSE;
}

static void
free_workspace (gpointer data)
{
  akin_encoder_workspace_free (data);
}

/**
 * akin_library_analyze_file:
 * @file: an audio file
 * @model: (type AkinModel): the model whose vectors the library stores
 * @result: (out) (transfer full): the analysis, for akin_database_store_analysis()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * An #AkinAnalyzeFunc: the analyzer calls it from its worker threads, any
 * number at once. Each thread keeps its own encoder scratch memory; the
 * model is shared read-only.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_library_analyze_file (GFile               *file,
                           gpointer             model,
                           AkinAnalysisResult **result,
                           GCancellable        *cancellable,
                           GError             **error)
{
  return akin_library_analyze_file_threads (file, model, 1, result, cancellable, error);
}

/**
 * akin_library_analyze_file_threads:
 * @file: an audio file
 * @model: (type AkinModel): the model whose vectors the library stores
 * @threads: 1, or 2 for a second thread (see akin_analyze_track_threads())
 * @result: (out) (transfer full): the analysis, for akin_database_store_analysis()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * akin_library_analyze_file() for one song analysed while the user waits
 * (a song outside the library as an anchor): with @threads 2 and a free
 * core, the same result sooner.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_library_analyze_file_threads (GFile               *file,
                                   gpointer             model,
                                   guint                threads,
                                   AkinAnalysisResult **result,
                                   GCancellable        *cancellable,
                                   GError             **error)
{
  static GPrivate workspace_key = G_PRIVATE_INIT (free_workspace);
  g_autoptr(AkinTrackAnalysis) analysis = NULL;
  g_autoptr(AkinAnalysisResult) out = NULL;
  AkinEncoderWorkspace *workspace;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  /* A workspace belongs to one model; a thread that served another model
   * before gets a new one. */
  workspace = g_private_get (&workspace_key);
  if (workspace == NULL || !akin_encoder_workspace_is_for (workspace, model))
    {
      workspace = akin_encoder_workspace_new (model);
      g_private_replace (&workspace_key, workspace);
    }

  analysis = akin_analyze_track_threads (file, model, workspace, threads, cancellable, error);
  if (analysis == NULL)
    return FALSE;

  out = akin_analysis_result_new ();
  akin_analysis_result_set_tags (out, analysis->info->tags);
  out->duration = analysis->info->duration;
  out->has_descriptors = TRUE;
  fill_descriptors (&out->descriptors, file, analysis->info->tags,
                    &analysis->features->descriptors);
  akin_analysis_result_set_vector (out, analysis->model_id, analysis->vector, analysis->dim);
  if (analysis->features->timbre != NULL)
    {
      out->has_timbre = TRUE;
      out->timbre = *analysis->features->timbre;
    }
  out->fingerprinted = TRUE;
  out->fingerprint = g_steal_pointer (&analysis->features->fingerprint);
  out->lossless = is_lossless (file, analysis->info->codec);

  *result = g_steal_pointer (&out);
  return TRUE;
}

/**
 * akin_library_add_analyzed_file:
 * @db: a connection to the library
 * @file: an audio file, analysed outside the analyzer (e.g. a song opened
 *   from elsewhere)
 * @result: its analysis, from akin_library_analyze_file()
 * @cancellable: (nullable): cancels the content hash
 * @error: return location for a #GError
 *
 * Adds @file to the library with its analysis, as a scan followed by an
 * analysis would: a new track, or the existing track with that URI brought
 * up to date. The file's folder is not added to the library's folders.
 * From the thread that uses @db.
 *
 * Returns: the track's id, 0 on error
 */
gint64
akin_library_add_analyzed_file (AkinDatabase             *db,
                                GFile                    *file,
                                const AkinAnalysisResult *result,
                                GCancellable             *cancellable,
                                GError                  **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(AkinTrack) track = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *hash = NULL;
  guint64 size = 0;
  gint64 mtime;
  gint64 id;

  g_return_val_if_fail (db != NULL, 0);
  g_return_val_if_fail (G_IS_FILE (file), 0);
  g_return_val_if_fail (result != NULL, 0);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return 0;
  mtime = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED)
          * G_USEC_PER_SEC
          + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  hash = akin_content_hash_file (file, &size, cancellable, error);
  if (hash == NULL)
    return 0;

  uri = g_file_get_uri (file);
  track = akin_database_get_track_by_uri (db, uri, &local_error);
  if (track == NULL && !g_error_matches (local_error, AKIN_ERROR, AKIN_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }

  if (!akin_database_begin (db, error))
    return 0;
  if (track != NULL)
    id = akin_database_update_file (db, track->id, size, mtime, hash,
                                     g_strcmp0 (hash, track->content_hash) != 0, error)
         ? track->id : 0;
  else
    id = akin_database_add_file (db, uri, size, mtime, hash, error);
  if (id == 0 || !akin_database_store_analysis (db, id, result, error))
    {
      akin_database_rollback (db);
      return 0;
    }
  /* A failed commit has already ended (and rolled back) the transaction. */
  if (!akin_database_commit (db, error))
    return 0;
  return id;
}
