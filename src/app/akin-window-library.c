/* akin-window-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's library part: the song list in the library slot, the
 * similar-songs pane and the Queue page beside it, the analysis button in
 * the header bar, folders the user adds going to the
 * manager, the manager's problems shown as toasts, and the status page
 * that explains a library that cannot be opened.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-analysis-button.h"
#include "akin-browse-view.h"
#include "akin-engine.h"
#include "akin-library-view.h"
#include "akin-queue-pane.h"
#include "akin-similar-controller.h"
#include "akin-window-private.h"

static void
on_problem_reported (AkinWindow *self,
                     const char *message)
{
  akin_window_show_toast (self, message);
}

static void
on_manager_error (AkinWindow *self)
{
  const GError *error = akin_library_manager_get_error (self->library_manager);

  if (error == NULL)
    return;
  if (g_error_matches (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT))
    akin_window_show_library_error (self, error);
  else
    akin_window_show_toast (self, error->message);
}

static void
update_has_tracks (AkinWindow *self)
{
  gboolean has_tracks = FALSE;

  /* Runs after every library change: the query stops at the first track
   * found, where a count by status would read the whole status index. */
  if (!akin_database_has_tracks_besides (akin_library_manager_get_database (
                                           self->library_manager),
                                         AKIN_TRACK_STATUS_MISSING, &has_tracks, NULL))
    has_tracks = FALSE;
  if (has_tracks == self->library_has_tracks)
    return;
  self->library_has_tracks = has_tracks;
  _akin_window_update_main_page (self);
}

/**
 * akin_window_set_library_manager:
 * @manager: the application's library
 *
 * Fills the window's library slot with the song list and shows the
 * analysis progress; a second call replaces the library.
 */
static void
on_library_items_changed (AkinQueue  *queue,
                          guint       position,
                          guint       removed,
                          guint       added,
                          GListModel *model)
{
  /* A new sort or search changes what "next" means. */
  akin_queue_refresh (queue);
}

static void
on_queue_play_requested (AkinWindow *self,
                         guint       position)
{
  akin_playback_play_queued (self->playback, position);
}

/* The similar-songs pane and the spectrogram feed follow the playing song;
 * the Queue page shows the playback's queue, which walks the library
 * view's order. */
static void
attach_similar_songs (AkinWindow         *self,
                      AkinLibraryManager *manager)
{
  AkinQueue *queue = akin_playback_get_queue (self->playback);
  GtkWidget *pane;

  akin_queue_set_neighbour_func (queue,
                                 (AkinQueueNeighbourFunc) akin_library_view_get_neighbour_track,
                                 g_object_ref (self->library_view), g_object_unref);
  g_signal_connect_object (akin_library_view_get_model (AKIN_LIBRARY_VIEW (self->library_view)),
                           "items-changed", G_CALLBACK (on_library_items_changed), queue,
                           G_CONNECT_SWAPPED);

  if (g_object_get_data (G_OBJECT (self), "akin-similar-controller") != NULL)
    return;

  akin_similar_controller_attach (self, manager);
  pane = akin_queue_pane_new (queue);
  gtk_widget_set_vexpand (pane, TRUE);
  gtk_box_append (self->queue_pane_slot, pane);
  g_signal_connect_object (pane, "play-requested", G_CALLBACK (on_queue_play_requested), self,
                           G_CONNECT_SWAPPED);
  _akin_window_init_queue_actions (self);
}

static void
on_add_dropped_folder (AdwToast   *toast,
                       AkinWindow *self)
{
  GFile *folder = g_object_get_data (G_OBJECT (toast), "akin-folder");

  if (folder != NULL)
    akin_window_add_music_folder (self, folder);
}

/**
 * akin_window_drop_files:
 * @files: (element-type GFile): what was dropped on the window
 *
 * What a drop does: the first audio file plays and the other library songs
 * dropped with it are queued after it; a folder is offered as a music
 * folder (a toast with an Add button).
 *
 * Returns: whether anything was taken
 */
gboolean
akin_window_drop_files (AkinWindow *self,
                        GSList     *files)
{
  gboolean taken = FALSE, playing = FALSE;

  g_return_val_if_fail (AKIN_IS_WINDOW (self), FALSE);

  for (GSList *l = files; l != NULL; l = l->next)
    {
      GFile *file = l->data;
      g_autofree char *uri = g_file_get_uri (file);
      GFileType type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL);
      g_autoptr(AkinTrack) track = NULL;

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          g_autofree char *name = g_file_get_parse_name (file);
          /* Translators: %s is a folder that was dropped on the window */
          g_autofree char *title = g_strdup_printf (_("Add “%s” as a music folder?"), name);
          AdwToast *toast = adw_toast_new (title);

          adw_toast_set_button_label (toast, _("_Add"));
          adw_toast_set_timeout (toast, 10);
          g_object_set_data_full (G_OBJECT (toast), "akin-folder", g_object_ref (file),
                                  g_object_unref);
          g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_add_dropped_folder),
                                   self, 0);
          adw_toast_overlay_add_toast (self->toast_overlay, toast);
          taken = TRUE;
          continue;
        }
      if (type != G_FILE_TYPE_REGULAR)
        continue;

      if (self->library_manager != NULL)
        track = akin_database_get_track_by_uri (
          akin_library_manager_get_database (self->library_manager), uri, NULL);
      if (!playing)
        {
          if (track == NULL
              || !akin_playback_play_track (self->playback, track->id,
                                            AKIN_QUEUE_SOURCE_LIBRARY))
            akin_playback_play_uri (self->playback, uri, NULL);
          playing = TRUE;
        }
      else if (track != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "queue.add", "x", track->id);
      taken = TRUE;
    }
  return taken;
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         AkinWindow    *self)
{
  return akin_window_drop_files (self, g_value_get_boxed (value));
}

void
_akin_window_init_drop (AkinWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

static void
on_artist_activated (AkinWindow *self,
                     const char *artist)
{
  akin_browse_view_set_artist (AKIN_BROWSE_VIEW (self->albums_view), artist);
  adw_view_stack_set_visible_child_name (self->browse_stack, "albums");
}

/* Albums and Artists beside the song list. */
static void
attach_browse_views (AkinWindow         *self,
                     AkinLibraryManager *manager)
{
  self->albums_view = akin_browse_view_new (manager, AKIN_BROWSE_ALBUMS);
  gtk_widget_set_vexpand (self->albums_view, TRUE);
  gtk_box_append (self->albums_slot, self->albums_view);
  self->artists_view = akin_browse_view_new (manager, AKIN_BROWSE_ARTISTS);
  gtk_widget_set_vexpand (self->artists_view, TRUE);
  gtk_box_append (self->artists_slot, self->artists_view);
  g_signal_connect_object (self->artists_view, "artist-activated",
                           G_CALLBACK (on_artist_activated), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "browse-view", self->browse_stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);
}

/**
 * akin_window_get_browse_view:
 * @kind: albums or artists
 *
 * Returns: (transfer none) (nullable): that view, once the library is set
 */
GtkWidget *
akin_window_get_browse_view (AkinWindow     *self,
                             AkinBrowseKind  kind)
{
  g_return_val_if_fail (AKIN_IS_WINDOW (self), NULL);
  return kind == AKIN_BROWSE_ALBUMS ? self->albums_view : self->artists_view;
}

void
akin_window_set_library_manager (AkinWindow         *self,
                                 AkinLibraryManager *manager)
{
  const GError *model_error;

  g_return_if_fail (AKIN_IS_WINDOW (self));
  g_return_if_fail (AKIN_IS_LIBRARY_MANAGER (manager));

  /* A new library replaces a damaged one. */
  if (self->library_manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->library_manager, self);
      gtk_box_remove (self->library_view_slot, self->library_view);
      gtk_box_remove (self->albums_slot, self->albums_view);
      gtk_box_remove (self->artists_slot, self->artists_view);
      adw_header_bar_remove (self->header_bar, self->analysis_button);
      g_clear_object (&self->library_manager);
    }
  self->library_manager = g_object_ref (manager);
  self->library_error = FALSE;

  self->library_view = GTK_WIDGET (akin_library_view_new (manager));
  gtk_widget_set_vexpand (self->library_view, TRUE);
  gtk_box_append (self->library_view_slot, self->library_view);
  attach_browse_views (self, manager);

  akin_playback_set_library_manager (self->playback, manager);
  attach_similar_songs (self, manager);

  self->analysis_button = akin_analysis_button_new (manager);
  adw_header_bar_pack_start (self->header_bar, self->analysis_button);

  g_signal_connect_object (manager, "problem-reported", G_CALLBACK (on_problem_reported), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::error", G_CALLBACK (on_manager_error), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "tracks-changed", G_CALLBACK (update_has_tracks), self,
                           G_CONNECT_SWAPPED);
  update_has_tracks (self);
  _akin_window_update_main_page (self);

  model_error = akin_library_manager_get_model_error (manager);
  if (model_error != NULL)
    {
      /* Translators: %s is why the model file could not be loaded */
      g_autofree char *message = g_strdup_printf (_("Songs cannot be analysed: %s"),
                                                  model_error->message);

      akin_window_show_toast (self, message);
    }
}

/**
 * akin_window_get_library_manager:
 *
 * Returns: (transfer none) (nullable): the library, once set
 */
AkinLibraryManager *
akin_window_get_library_manager (AkinWindow *self)
{
  g_return_val_if_fail (AKIN_IS_WINDOW (self), NULL);
  return self->library_manager;
}

/**
 * akin_window_get_library_view:
 *
 * Returns: (transfer none) (nullable): the AkinLibraryView, once the
 *   library is set
 */
GtkWidget *
akin_window_get_library_view (AkinWindow *self)
{
  g_return_val_if_fail (AKIN_IS_WINDOW (self), NULL);
  return self->library_view;
}

/**
 * akin_window_show_library_error:
 * @error: why the library database cannot be used
 *
 * Replaces the library with a page that explains @error and offers to
 * start a new library (`app.new-library`, which keeps the old file).
 */
void
akin_window_show_library_error (AkinWindow   *self,
                                const GError *error)
{
  g_autofree char *description = NULL;

  g_return_if_fail (AKIN_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  description = g_strdup_printf ("%s\n\n%s", error->message,
                                 _("You can start a new library: your music files are not "
                                   "touched, and the damaged library file is kept beside the "
                                   "new one."));
  adw_status_page_set_description (self->error_page, description);
  self->library_error = TRUE;
  _akin_window_update_main_page (self);
}
