/* akin-similar-controller.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ties the similar-songs pane and the spectrogram to the window, the
 * playback and the library manager. It follows the playing song: a
 * library track (the playback's `current-track-id`) becomes the anchor of
 * the similar list (akin-similar-list.c, shown by the pane); any other file
 * is analysed on the fly and queried by its vector. The same analysis of the playing file, made
 * off the main thread with the mel matrix kept, feeds the spectrogram; a
 * newer song cancels the older analysis, and the last few analyses are
 * kept by URI so going back or toggling MFCC/Mel costs nothing.
 *
 * The analyses live in akin-similar-controller-analysis.c.
 *
 * It hands the playback the similar list's items (a row to play with its
 * list, and Play Similar's candidates) and installs `win.find-similar-file`.
 * The window owns it: see akin_similar_controller_attach().
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-similar-controller-private.h"

G_DEFINE_FINAL_TYPE (AkinSimilarController, akin_similar_controller, G_TYPE_OBJECT)

static gboolean
sync_with_player (gpointer data)
{
  AkinSimilarController *self = data;
  const char *uri = akin_player_get_uri (self->player);
  gint64 id;

  self->sync_id = 0;

  if (self->window == NULL)
    return G_SOURCE_REMOVE;

  if (uri == NULL)
    {
      _akin_similar_controller_job_cancel (&self->play_job);
      g_clear_pointer (&self->playing_features, akin_features_unref);
      akin_similar_list_set_track_id (self->list, -1);
      return G_SOURCE_REMOVE;
    }

  if ((id = akin_playback_get_current_track_id (self->playback)) > 0)
    akin_similar_list_set_track_id (self->list, id);
  else
    {
      AkinNowPlaying *np = akin_playback_get_now_playing (self->playback);

      if (g_strcmp0 (akin_similar_list_get_anchor_uri (self->list), uri) != 0)
        {
          g_autofree char *title = _akin_similar_controller_dup_file_title (uri);

          akin_similar_list_set_file_anchor (self->list, uri,
                                             np != NULL && akin_now_playing_get_title (np) != NULL
                                               ? akin_now_playing_get_title (np) : title);
        }
    }

  akin_similar_pane_set_anchor_playable (self->pane, FALSE);
  _akin_similar_controller_start_analysis (self, &self->play_job, uri);
  return G_SOURCE_REMOVE;
}

/* The player's URI and the playback's current track change one after the
 * other: look at both once they have settled. */
static void
queue_sync (AkinSimilarController *self)
{
  if (self->sync_id == 0)
    self->sync_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, sync_with_player, self, NULL);
}

/* The items of the similar list as the playback's candidates. The items
 * (which own the artists) stay referenced by @keep. */
static AkinQueueCandidate *
dup_candidates (GListModel *items,
                GPtrArray  *keep,
                guint      *n_candidates)
{
  guint n = g_list_model_get_n_items (items);
  AkinQueueCandidate *cands = g_new0 (AkinQueueCandidate, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      AkinSimilarItem *item = g_list_model_get_item (items, i);

      g_ptr_array_add (keep, item);
      cands[i] = (AkinQueueCandidate) { akin_similar_item_get_track_id (item),
                                        akin_similar_item_get_score (item),
                                        akin_similar_item_get_artist (item) };
    }
  *n_candidates = n;
  return cands;
}

/* The similar list of the playing track gives Play Similar its candidates. */
static void
on_list_items_changed (AkinSimilarController *self)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree AkinQueueCandidate *cands = NULL;
  gint64 anchor = akin_similar_list_get_track_id (self->list);
  guint n;

  if (anchor <= 0 && g_strcmp0 (akin_similar_list_get_anchor_uri (self->list),
                                akin_player_get_uri (self->player)) != 0)
    return;

  cands = dup_candidates (G_LIST_MODEL (self->list), keep, &n);
  akin_playback_set_candidates (self->playback, anchor > 0 ? anchor : -1, cands, n);
}

static void
on_track_activated (AkinSimilarController *self,
                    AkinSimilarItem       *activated)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree AkinQueueCandidate *list = NULL;
  guint n;

  list = dup_candidates (G_LIST_MODEL (self->list), keep, &n);
  akin_playback_play_from_list (self->playback, list, n, akin_similar_item_get_track_id (activated));
}

static void
on_play_anchor_requested (AkinSimilarController *self)
{
  const char *uri = akin_similar_list_get_anchor_uri (self->list);

  if (uri != NULL)
    akin_playback_play_uri (self->playback, uri, NULL);
}

static void
on_chooser_response (AkinSimilarController *self,
                     int                    response,
                     GtkFileChooserNative  *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        akin_similar_controller_show_similar_to_file (self, file);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
find_similar_file_activated (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       data)
{
  AkinSimilarController *self = data;
  g_autoptr(GtkFileFilter) audio = gtk_file_filter_new ();

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Find Similar to a File"),
                                               GTK_WINDOW (self->window),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Find Similar"), _("_Cancel"));
  gtk_file_filter_set_name (audio, _("Audio Files"));
  gtk_file_filter_add_mime_type (audio, "audio/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), audio);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_window_destroy (AkinSimilarController *self)
{
  /* The playback, the settings and the manager outlive the window. */
  g_signal_handlers_disconnect_by_data (self->playback, self);
  g_signal_handlers_disconnect_by_data (self->player, self);
  g_signal_handlers_disconnect_by_data (self->settings, self);
  _akin_similar_controller_job_cancel (&self->play_job);
  _akin_similar_controller_job_cancel (&self->anchor_job);
  g_clear_handle_id (&self->sync_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->window = NULL;
}

static void
akin_similar_controller_dispose (GObject *object)
{
  AkinSimilarController *self = AKIN_SIMILAR_CONTROLLER (object);

  _akin_similar_controller_job_cancel (&self->play_job);
  _akin_similar_controller_job_cancel (&self->anchor_job);
  g_clear_handle_id (&self->sync_id, g_source_remove);
  g_queue_clear_full (&self->cache, _akin_similar_controller_cache_entry_free);
  g_clear_pointer (&self->playing_features, akin_features_unref);
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);
  g_clear_object (&self->manager);
  g_clear_object (&self->player);
  g_clear_object (&self->playback);
  g_clear_object (&self->list);
  self->pane = NULL;

  G_OBJECT_CLASS (akin_similar_controller_parent_class)->dispose (object);
}

static void
akin_similar_controller_class_init (AkinSimilarControllerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = akin_similar_controller_dispose;
}

static void
akin_similar_controller_init (AkinSimilarController *self)
{
  g_queue_init (&self->cache);
}

/**
 * akin_similar_controller_attach:
 * @window: the main window
 * @manager: the library manager
 *
 * Puts a similar-songs pane into the window's side pane (replacing the
 * placeholder), gives the window's playback Play Similar's candidates,
 * feeds the spectrogram and adds `win.find-similar-file`. The window keeps
 * the controller until it is finalized.
 *
 * Returns: (transfer none): the controller
 */
AkinSimilarController *
akin_similar_controller_attach (AkinWindow         *window,
                                AkinLibraryManager *manager)
{
  AkinSimilarController *self;
  GtkBox *slot;
  GtkWidget *child;
  g_autoptr(GSimpleAction) find = NULL;

  g_return_val_if_fail (AKIN_IS_WINDOW (window), NULL);
  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (manager), NULL);

  self = g_object_new (AKIN_TYPE_SIMILAR_CONTROLLER, NULL);
  g_object_set_data_full (G_OBJECT (window), "akin-similar-controller", self, g_object_unref);
  self->window = window;
  self->playback = g_object_ref (akin_window_get_playback (window));
  self->player = g_object_ref (akin_playback_get_player (self->playback));
  self->manager = g_object_ref (manager);
  self->settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);

  slot = akin_window_get_similar_pane_slot (window);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (slot))) != NULL)
    gtk_box_remove (slot, child);
  self->list = akin_similar_list_new (manager);
  self->pane = AKIN_SIMILAR_PANE (akin_similar_pane_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->pane), TRUE);
  akin_similar_pane_set_list (self->pane, self->list);
  gtk_box_append (slot, GTK_WIDGET (self->pane));

  g_signal_connect_object (window, "destroy", G_CALLBACK (on_window_destroy), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback, "notify::current-track-id", G_CALLBACK (queue_sync),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::uri", G_CALLBACK (queue_sync), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::spectrogram-kind",
                           G_CALLBACK (_akin_similar_controller_feed_spectrogram), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pane, "track-activated", G_CALLBACK (on_track_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pane, "play-anchor-requested",
                           G_CALLBACK (on_play_anchor_requested), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (on_list_items_changed), self,
                           G_CONNECT_SWAPPED);

  find = g_simple_action_new ("find-similar-file", NULL);
  g_signal_connect_object (find, "activate", G_CALLBACK (find_similar_file_activated), self, 0);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (find));

  queue_sync (self);
  return self;
}

/**
 * akin_similar_controller_get_list:
 *
 * The similar songs of the playing song (or of a file chosen with Find
 * Similar): what the pane shows and where Play Similar takes its
 * candidates from, with akin_similar_list_get_track_id() as their anchor.
 *
 * Returns: (transfer none): the list
 */
AkinSimilarList *
akin_similar_controller_get_list (AkinSimilarController *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_CONTROLLER (self), NULL);
  return self->list;
}

/**
 * akin_similar_controller_get_pane:
 *
 * Returns: (transfer none): the similar-songs pane
 */
AkinSimilarPane *
akin_similar_controller_get_pane (AkinSimilarController *self)
{
  g_return_val_if_fail (AKIN_IS_SIMILAR_CONTROLLER (self), NULL);
  return self->pane;
}

/**
 * akin_similar_controller_show_similar_to_file:
 * @file: an audio file, in the library or not
 *
 * Makes @file the pane's anchor: a library track is queried by id, any
 * other file is analysed first (with a spinner in the pane). The pane's
 * play button then plays it. The anchor stays until the next song starts.
 */
void
akin_similar_controller_show_similar_to_file (AkinSimilarController *self,
                                              GFile                 *file)
{
  g_autofree char *uri = NULL;
  g_autofree char *title = NULL;
  g_autoptr(AkinTrack) track = NULL;

  g_return_if_fail (AKIN_IS_SIMILAR_CONTROLLER (self));
  g_return_if_fail (G_IS_FILE (file));

  uri = g_file_get_uri (file);
  track = akin_database_get_track_by_uri (akin_library_manager_get_database (self->manager), uri,
                                          NULL);
  if (track != NULL && track->status == AKIN_TRACK_STATUS_ANALYZED)
    {
      akin_similar_list_set_track_id (self->list, track->id);
      return;
    }

  title = _akin_similar_controller_dup_file_title (uri);
  akin_similar_list_set_file_anchor (self->list, uri, title);
  _akin_similar_controller_start_analysis (self, &self->anchor_job, uri);
}
