/* akin-similar-pane-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The similar-songs pane's queries: the anchor's status, and the
 * asynchronous search through the library manager (a newer query replaces
 * the cancellable, and a result is matched with the cancellable of its own
 * query), whose finished rows (akin_similarity_find_async(): tracks and
 * reasons read in the worker) become the items.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "akin-engine.h"
#include "akin-similar-pane-private.h"

void
_akin_similar_pane_cancel_query (AkinSimilarPane *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* The title to show: the tag, or the file name without extension. */
static char *
dup_display_title (const char *title,
                   const char *uri)
{
  g_autofree char *basename = NULL;
  char *dot;

  if (title != NULL && *title != '\0')
    return g_strdup (title);

  {
    g_autoptr(GFile) file = g_file_new_for_uri (uri);

    basename = g_file_get_basename (file);
  }
  if (basename == NULL || !g_utf8_validate (basename, -1, NULL))
    {
      g_free (basename);
      basename = g_filename_display_basename (uri);
    }
  if ((dot = strrchr (basename, '.')) != NULL && dot != basename)
    *dot = '\0';
  return g_steal_pointer (&basename);
}

static AkinSimilarityFlags
query_flags (AkinSimilarPane *self)
{
  AkinSimilarityFlags flags = AKIN_SIMILARITY_MERGE_DUPLICATES;

  if (g_settings_get_boolean (self->settings, "skip-same-artist"))
    flags |= AKIN_SIMILARITY_SKIP_SAME_ARTIST;
  if (g_settings_get_boolean (self->settings, "skip-same-album"))
    flags |= AKIN_SIMILARITY_SKIP_SAME_ALBUM;
  return flags;
}

/* Turns the engine's finished rows into items; nothing is read here. */
static void
show_rows (AkinSimilarPane *self,
           GPtrArray       *rows)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < rows->len; i++)
    {
      const AkinSimilarityRow *row = g_ptr_array_index (rows, i);
      g_autofree char *title = dup_display_title (row->title, row->uri);

      g_ptr_array_add (items, akin_similar_item_new (row->track_id, items->len + 1, row->score,
                                                     row->uri, title, row->artist, row->album,
                                                     row->why.text));
    }

  akin_similar_pane_show_items (self, self->track_id > 0 ? self->track_title : self->anchor_title,
                                (AkinSimilarItem **) items->pdata, items->len);
}

typedef struct
{
  AkinSimilarPane *self;
  GCancellable    *cancellable;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QueryData, query_data_free)

static void
on_query_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(QueryData) data = user_data;
  AkinSimilarPane *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  rows = akin_library_manager_find_similar_finish (AKIN_LIBRARY_MANAGER (source), result,
                                                      &error);
  /* A newer query (or the pane's disposal) replaced this one, even if it
   * finished before noticing. */
  if (data->cancellable != self->cancellable || self->manager == NULL)
    return;
  g_clear_object (&self->cancellable);

  if (g_error_matches (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED) && self->track_id > 0)
    _akin_similar_pane_set_state (self, AKIN_SIMILAR_PANE_STATE_PENDING);
  else if (error != NULL)
    akin_similar_pane_show_error (self, error->message);
  else
    show_rows (self, rows);
}

/* A library anchor that is waiting for analysis, failed or went missing
 * needs no query. Returns whether to query. */
static gboolean
check_track_status (AkinSimilarPane *self)
{
  g_autoptr(AkinTrack) track = akin_library_manager_get_track (self->manager, self->track_id);
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;

  if (track == NULL)
    {
      akin_similar_pane_show_error (self, _("This song is no longer in the library"));
      return FALSE;
    }

  title = dup_display_title (track->tags.title, track->uri);
  _akin_similar_pane_set_anchor_title (self, title);
  g_free (self->track_title);
  self->track_title = g_steal_pointer (&title);

  switch (track->status)
    {
    case AKIN_TRACK_STATUS_PENDING:
      _akin_similar_pane_set_state (self, AKIN_SIMILAR_PANE_STATE_PENDING);
      return FALSE;
    case AKIN_TRACK_STATUS_FAILED:
      /* Translators: %s is the reason, e.g. a decoder error */
      message = g_strdup_printf (_("Akin could not analyse this song: %s"),
                                 track->last_error != NULL ? track->last_error : _("unknown error"));
      akin_similar_pane_show_error (self, message);
      return FALSE;
    case AKIN_TRACK_STATUS_MISSING:
      akin_similar_pane_show_error (self, _("The file of this song was not found"));
      return FALSE;
    case AKIN_TRACK_STATUS_ANALYZED:
    default:
      return TRUE;
    }
}

void
_akin_similar_pane_start_query (AkinSimilarPane *self)
{
  AkinSimilarityRequest *request;
  QueryData *data;

  _akin_similar_pane_cancel_query (self);

  if (self->manager == NULL || (self->track_id <= 0 && self->anchor_uri == NULL))
    {
      _akin_similar_pane_set_anchor_title (self, NULL);
      _akin_similar_pane_set_state (self, AKIN_SIMILAR_PANE_STATE_EMPTY);
      return;
    }

  if (self->track_id <= 0 && self->anchor_vector == NULL)
    {
      _akin_similar_pane_set_state (self, AKIN_SIMILAR_PANE_STATE_ANALYZING);
      return;
    }

  if (self->track_id > 0 && !check_track_status (self))
    return;

  self->cancellable = g_cancellable_new ();
  data = g_new0 (QueryData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);

  /* A new query for the same anchor (other rules) keeps the list meanwhile. */
  if (self->state != AKIN_SIMILAR_PANE_STATE_LIST
      || g_list_model_get_n_items (G_LIST_MODEL (self->items)) == 0)
    _akin_similar_pane_set_state (self, AKIN_SIMILAR_PANE_STATE_LOADING);

  if (self->track_id > 0)
    {
      request = akin_similarity_request_new_for_track (self->track_id, self->n_results,
                                                       query_flags (self));
    }
  else
    {
      const AkinTags *tags = self->anchor_tags;
      AkinSimilarityKeys keys = {
        tags != NULL ? tags->artist : NULL,
        tags != NULL ? tags->album_artist : NULL,
        tags != NULL ? tags->album : NULL,
        NULL,
      };

      request = akin_similarity_request_new_for_song (self->anchor_vector, self->anchor_dim,
                                                      self->anchor_timbre, &keys,
                                                      &self->anchor_record, self->n_results,
                                                      query_flags (self));
      /* A vector query knows nothing of the file: leave the anchor's own
       * library entry out. */
      akin_similarity_request_set_exclude_uri (request, self->anchor_uri);
    }
  akin_library_manager_find_similar_async (self->manager, request, self->cancellable,
                                           on_query_done, data);
}
