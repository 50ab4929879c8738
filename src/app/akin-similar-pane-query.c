/* akin-similar-pane-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The similar-songs pane's queries: the anchor's status, the asynchronous
 * top-k through the library manager (a newer query replaces the
 * cancellable, and a result is matched with the cancellable of its own
 * query), and the items built from the matches with their reasons
 * (akin_similarity_why_describe() of the explanation each match carries,
 * with the descriptors read here).
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "akin-application.h"
#include "akin-engine.h"
#include "akin-similar-pane-private.h"

void
_akin_similar_pane_cancel_query (AkinSimilarPane *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* The title to show for @track: its tag, or the file name without extension. */
static char *
dup_display_title (const AkinTrack *track)
{
  g_autofree char *basename = NULL;
  char *dot;

  if (track->tags.title != NULL && *track->tags.title != '\0')
    return g_strdup (track->tags.title);

  {
    g_autoptr(GFile) file = g_file_new_for_uri (track->uri);

    basename = g_file_get_basename (file);
  }
  if (basename == NULL || !g_utf8_validate (basename, -1, NULL))
    {
      g_free (basename);
      basename = g_filename_display_basename (track->uri);
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

/* Turns matches into items: tags and descriptors through the UI's
 * connection (a handful of indexed reads). */
static void
show_matches (AkinSimilarPane *self,
              GArray          *matches)
{
  AkinDatabase *db = akin_library_manager_get_database (self->manager);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *anchor_title = NULL;
  AkinDescriptorRecord library_anchor = { 0 };
  const AkinDescriptorRecord *anchor = &self->anchor_record;

  if (self->track_id > 0)
    {
      g_autoptr(AkinTrack) track = akin_library_manager_get_track (self->manager, self->track_id);

      if (track != NULL)
        anchor_title = dup_display_title (track);
      akin_database_get_descriptors (db, self->track_id, &library_anchor, NULL);
      anchor = &library_anchor;
    }
  else
    {
      anchor_title = g_strdup (self->anchor_title);
    }

  for (guint i = 0; i < matches->len && items->len < self->n_results; i++)
    {
      const AkinSimilarityMatch *m = &g_array_index (matches, AkinSimilarityMatch, i);
      g_autoptr(AkinTrack) track = NULL;
      g_autofree char *title = NULL;
      g_auto(AkinSimilarityWhy) why = { 0 };
      AkinDescriptorRecord record = { 0 };
      gboolean has_record;

      if (m->track_id == self->track_id)
        continue;
      if ((track = akin_library_manager_get_track (self->manager, m->track_id)) == NULL)
        continue;
      /* A vector query knows nothing of the file: leave the anchor's own
       * library entry out. */
      if (self->anchor_uri != NULL && g_strcmp0 (track->uri, self->anchor_uri) == 0)
        continue;

      title = dup_display_title (track);
      akin_similarity_why_from_match (m, &why);
      /* A part of the score may be high while the whole is low: "similar
       * sound" beside a weak match would contradict the percentage. */
      if (m->score < AKIN_SIMILAR_WEAK_MATCH)
        {
          why.has[AKIN_SIMILARITY_ASPECT_TIMBRE] = FALSE;
          why.has[AKIN_SIMILARITY_ASPECT_ENCODERS] = FALSE;
        }
      has_record = akin_database_get_descriptors (db, m->track_id, &record, NULL);
      akin_similarity_why_describe (&why, anchor, has_record ? &record : NULL);
      g_ptr_array_add (items, akin_similar_item_new (m->track_id, items->len + 1, m->score,
                                                     track->uri, title, track->tags.artist,
                                                     track->tags.album, why.text));
      akin_descriptor_record_clear (&record);
    }
  akin_descriptor_record_clear (&library_anchor);

  akin_similar_pane_show_items (self, anchor_title, (AkinSimilarItem **) items->pdata, items->len);
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
  g_autoptr(GArray) matches = NULL;

  matches = akin_library_manager_find_similar_finish (AKIN_LIBRARY_MANAGER (source), result,
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
    show_matches (self, matches);
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

  title = dup_display_title (track);
  _akin_similar_pane_set_anchor_title (self, title);

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
    akin_library_manager_find_similar_async (self->manager, self->track_id, self->n_results,
                                             query_flags (self), self->cancellable,
                                             on_query_done, data);
  else
    {
      const AkinTags *tags = self->anchor_tags;
      AkinSimilarityKeys keys = {
        tags != NULL ? tags->artist : NULL,
        tags != NULL ? tags->album_artist : NULL,
        tags != NULL ? tags->album : NULL,
        NULL,
      };

      /* One more, in case the file itself is in the library under another name. */
      akin_library_manager_find_similar_to_vector_async (self->manager, self->anchor_vector,
                                                         self->anchor_dim, self->anchor_timbre,
                                                         &keys, self->n_results + 1,
                                                         query_flags (self), self->cancellable,
                                                         on_query_done, data);
    }
}
