/* akin-similar-controller-analysis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The similar-songs controller's analyses of whole files: the playing one
 * (for the spectrogram and, outside the library, the pane's anchor) and one
 * chosen with Find Similar, each a job whose cancellable a newer file
 * replaces. The last few analyses are kept by URI.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "akin-similar-controller-private.h"

#define CACHE_SIZE        3
#define SECONDS_PER_FRAME (512.0 / 22050.0)

void
_akin_similar_controller_cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_free (entry->uri);
  akin_track_analysis_free (entry->analysis);
  g_free (entry);
}

static const AkinTrackAnalysis *
cache_lookup (AkinSimilarController *self,
              const char            *uri)
{
  for (GList *l = self->cache.head; l != NULL; l = l->next)
    {
      CacheEntry *entry = l->data;

      if (g_strcmp0 (entry->uri, uri) == 0)
        {
          g_queue_unlink (&self->cache, l);
          g_queue_push_head_link (&self->cache, l);
          return entry->analysis;
        }
    }
  return NULL;
}

static void
cache_add (AkinSimilarController *self,
           const char            *uri,
           AkinTrackAnalysis     *analysis)
{
  CacheEntry *entry = g_new0 (CacheEntry, 1);

  entry->uri = g_strdup (uri);
  entry->analysis = analysis;
  g_queue_push_head (&self->cache, entry);
  while (self->cache.length > CACHE_SIZE)
    _akin_similar_controller_cache_entry_free (g_queue_pop_tail (&self->cache));
}

void
_akin_similar_controller_job_cancel (Job *job)
{
  g_cancellable_cancel (job->cancellable);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->uri, g_free);
}

char *
_akin_similar_controller_dup_file_title (const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autofree char *name = g_file_get_basename (file);
  char *dot;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_filename_display_basename (uri);
  if ((dot = strrchr (name, '.')) != NULL && dot != name)
    *dot = '\0';
  return g_steal_pointer (&name);
}

void
_akin_similar_controller_feed_spectrogram (AkinSimilarController *self)
{
  AkinSpectrogramView *view = akin_window_get_spectrogram_view (self->window);
  AkinFeatures        *f = self->playing_features;
  g_autofree char     *kind = g_settings_get_string (self->settings, "spectrogram-kind");

  if (f == NULL || f->n_frames == 0)
    {
      akin_spectrogram_view_clear (view);
      return;
    }

  /* A long track comes at display resolution: columns of column_frames frames. */
  if (g_str_equal (kind, "mel") && f->mel_db != NULL)
    akin_spectrogram_view_set_data (view, f->mel_db, 256, f->n_columns,
                                    SECONDS_PER_FRAME * f->column_frames, "mel");
  else
    akin_spectrogram_view_set_data (view, f->mfcc, f->n_mfcc, f->n_columns,
                                    SECONDS_PER_FRAME * f->column_frames, "mfcc");
}

/* Gives a finished analysis of @uri to whoever waits for it. */
static void
use_analysis (AkinSimilarController   *self,
              const char              *uri,
              const AkinTrackAnalysis *analysis)
{
  const char *anchor_uri = akin_similar_list_get_anchor_uri (self->list);

  if (g_strcmp0 (akin_player_get_uri (self->player), uri) == 0)
    {
      g_clear_pointer (&self->playing_features, akin_features_unref);
      self->playing_features = akin_features_ref (analysis->features);
      _akin_similar_controller_feed_spectrogram (self);
    }

  if (g_strcmp0 (anchor_uri, uri) == 0
      && akin_similar_list_get_state (self->list) == AKIN_SIMILAR_LIST_STATE_ANALYZING)
    {
      AkinDescriptorRecord record = { 0 };
      const AkinTags *tags = analysis->info != NULL ? analysis->info->tags : NULL;
      g_autofree char *title = NULL;

      if (analysis->vector == NULL)
        {
          akin_similar_list_show_error (self->list, _("No model is loaded to compare songs with"));
          return;
        }
      if (analysis->library_copy > 0)
        {
          g_autoptr(AkinTrack) copy = akin_database_get_track (
            akin_library_manager_get_database (self->manager), analysis->library_copy, NULL);

          if (copy != NULL)
            {
              g_autofree char *name = copy->tags.title != NULL && *copy->tags.title != '\0'
                                        ? g_strdup (copy->tags.title)
                                        : _akin_similar_controller_dup_file_title (copy->uri);
              g_autofree char *message = g_strdup_printf (_("This is “%s” from your library"),
                                                          name);

              /* The song's own similar songs, without its copies. */
              akin_similar_list_set_track_id (self->list, copy->id);
              if (self->window != NULL)
                akin_window_show_toast (self->window, message);
              return;
            }
        }

      title = tags != NULL && tags->title != NULL && *tags->title != '\0'
                ? g_strdup (tags->title) : _akin_similar_controller_dup_file_title (uri);
      record.tempo_bpm = analysis->features->descriptors.tempo_bpm;
      record.rolloff_freq = analysis->features->descriptors.rolloff_freq;
      record.key_signature = akin_descriptors_dup_key_signature (&analysis->features->descriptors);
      akin_similar_list_set_vector_anchor (self->list, uri, title, analysis->vector,
                                           analysis->dim, analysis->features->timbre, tags,
                                           &record);
      akin_similar_pane_set_anchor_playable (self->pane,
                                             g_strcmp0 (akin_player_get_uri (self->player), uri) != 0);
      akin_descriptor_record_clear (&record);
    }
}

typedef struct
{
  AkinSimilarController *self;
  Job                   *job;
  GCancellable          *cancellable;
  char                  *uri;
} AnalysisData;

static void
analysis_data_free (AnalysisData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data->uri);
  g_free (data);
}

static void
on_analysis_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AnalysisData *data = user_data;
  AkinSimilarController *self = data->self;
  g_autoptr(GError) error = NULL;
  AkinTrackAnalysis *analysis;

  analysis = akin_library_manager_analyze_file_finish (AKIN_LIBRARY_MANAGER (source), result,
                                                       &error);
  /* Stale: a newer file replaced this job's cancellable. */
  if (data->job->cancellable != data->cancellable || self->window == NULL)
    {
      g_clear_pointer (&analysis, akin_track_analysis_free);
      analysis_data_free (data);
      return;
    }
  g_clear_object (&data->job->cancellable);
  if (data->job == &self->play_job)
    akin_spectrogram_view_set_loading (akin_window_get_spectrogram_view (self->window), FALSE);

  if (analysis == NULL)
    {
      if (g_strcmp0 (akin_similar_list_get_anchor_uri (self->list), data->uri) == 0)
        akin_similar_list_show_error (self->list, error->message);
    }
  else
    {
      cache_add (self, data->uri, analysis);
      use_analysis (self, data->uri, analysis);
    }
  analysis_data_free (data);
}

void
_akin_similar_controller_start_analysis (AkinSimilarController *self,
                                         Job                   *job,
                                         const char            *uri)
{
  const AkinTrackAnalysis *cached = cache_lookup (self, uri);
  g_autoptr(GFile) file = NULL;
  AnalysisData *data;

  if (cached != NULL)
    {
      _akin_similar_controller_job_cancel (job);
      use_analysis (self, uri, cached);
      return;
    }
  /* Already under way. */
  if (job->cancellable != NULL && g_strcmp0 (job->uri, uri) == 0)
    return;

  _akin_similar_controller_job_cancel (job);
  job->cancellable = g_cancellable_new ();
  job->uri = g_strdup (uri);

  data = g_new0 (AnalysisData, 1);
  data->self = g_object_ref (self);
  data->job = job;
  data->cancellable = g_object_ref (job->cancellable);
  data->uri = g_strdup (uri);
  file = g_file_new_for_uri (uri);
  if (job == &self->play_job)
    akin_spectrogram_view_set_loading (akin_window_get_spectrogram_view (self->window), TRUE);
  akin_library_manager_analyze_file_async (self->manager, file, TRUE, job->cancellable,
                                           on_analysis_done, data);
}
