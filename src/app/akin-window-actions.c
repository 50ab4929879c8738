/* akin-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's action groups. `player.*` calls the AkinPlayback's methods
 * (next and previous are enabled by its has-next and can-go-previous);
 * `queue.*` queues a library track (by id) or clears the queue.
 * `library.add-folder` asks for a music folder, `library.rescan` looks for
 * new and changed songs. Accelerators are set in akin-application.c.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-library-view.h"
#include "akin-window-private.h"

static void
set_enabled (GSimpleActionGroup *group,
             const char         *name,
             gboolean            enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (group), name);

  g_assert (G_IS_SIMPLE_ACTION (action));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
_akin_window_update_actions (AkinWindow *self)
{
  AkinPlayer     *player = akin_playback_get_player (self->playback);
  gboolean        loaded = akin_player_get_uri (player) != NULL;
  AkinPlayerState state = akin_player_get_state (player);
  gboolean        can_seek = akin_player_get_can_seek (player) &&
                             state != AKIN_PLAYER_STATE_STOPPED;

  set_enabled (self->player_actions, "play-pause", loaded);
  set_enabled (self->player_actions, "play", loaded && state != AKIN_PLAYER_STATE_PLAYING);
  set_enabled (self->player_actions, "pause", state == AKIN_PLAYER_STATE_PLAYING);
  set_enabled (self->player_actions, "stop", state != AKIN_PLAYER_STATE_STOPPED);
  set_enabled (self->player_actions, "seek-forward", can_seek);
  set_enabled (self->player_actions, "seek-backward", can_seek);
  set_enabled (self->player_actions, "previous",
               akin_playback_get_can_go_previous (self->playback));
  set_enabled (self->player_actions, "next", akin_playback_get_has_next (self->playback));
}

static void
play_pause_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  AkinWindow *self = data;

  akin_playback_toggle (self->playback);
}

static void
play_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  AkinWindow *self = data;

  akin_playback_play (self->playback);
}

static void
pause_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  AkinWindow *self = data;

  akin_playback_pause (self->playback);
}

static void
stop_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  AkinWindow *self = data;

  akin_playback_stop (self->playback);
}

static void
seek_forward_activated (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       data)
{
  AkinWindow *self = data;

  akin_playback_seek (self->playback, akin_playback_get_position (self->playback) + AKIN_SEEK_STEP);
}

static void
seek_backward_activated (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       data)
{
  AkinWindow *self = data;

  akin_playback_seek (self->playback, akin_playback_get_position (self->playback) - AKIN_SEEK_STEP);
}

static void
previous_activated (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  AkinWindow *self = data;

  akin_playback_previous (self->playback);
}

static void
next_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  AkinWindow *self = data;

  akin_playback_next (self->playback);
}

/**
 * akin_window_add_music_folder:
 * @folder: the folder the user chose
 *
 * What "Add Music Folder" does once the folder is chosen: a folder that can
 * be read joins the `music-folders` setting, which the library follows (one
 * folder job, one scan); one that cannot is reported instead.
 */
void
akin_window_add_music_folder (AkinWindow *self,
                              GFile      *folder)
{
  g_autofree char *uri = NULL;
  g_auto(GStrv) folders = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;

  g_return_if_fail (AKIN_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  if (self->library_manager != NULL
      && !akin_library_manager_check_folder (self->library_manager, folder))
    return;

  uri = g_file_get_uri (folder);
  folders = g_settings_get_strv (self->settings, "music-folders");
  if (g_strv_contains ((const char *const *) folders, uri))
    return;
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) folders);
  g_strv_builder_add (builder, uri);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "music-folders", (const char *const *) updated);
}

static void
on_folder_chooser_response (AkinWindow           *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (folder != NULL)
        akin_window_add_music_folder (self, folder);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->folder_chooser == chooser)
    g_clear_object (&self->folder_chooser);
}

static void
add_folder_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  AkinWindow *self = data;

  if (self->folder_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
      return;
    }

  self->folder_chooser = gtk_file_chooser_native_new (_("Add Music Folder"), GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                      _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->folder_chooser), TRUE);
  g_signal_connect_object (self->folder_chooser, "response",
                           G_CALLBACK (on_folder_chooser_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
}

static void
rescan_activated (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       data)
{
  AkinWindow *self = data;

  if (self->library_manager != NULL)
    akin_library_manager_rescan (self->library_manager);
}

static void
cycle_repeat_activated (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       data)
{
  AkinWindow *self = data;

  akin_playback_set_repeat (self->playback, (akin_playback_get_repeat (self->playback) + 1) % 3);
}

static const GActionEntry player_entries[] = {
  { "cycle-repeat", cycle_repeat_activated },
  { "play-pause", play_pause_activated },
  { "play", play_activated },
  { "pause", pause_activated },
  { "stop", stop_activated },
  { "seek-forward", seek_forward_activated },
  { "seek-backward", seek_backward_activated },
  { "previous", previous_activated },
  { "next", next_activated },
};

/* The selected song of the list, to the queue. */
static void
queue_selected (AkinWindow *self,
                const char *action)
{
  gint64 id;

  if (self->library_view == NULL)
    return;
  id = akin_library_view_get_selected_track (AKIN_LIBRARY_VIEW (self->library_view));
  if (id > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), action, "x", id);
}

static void
play_next_activated (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       data)
{
  queue_selected (data, "queue.play-next");
}

static void
add_to_queue_activated (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       data)
{
  queue_selected (data, "queue.add");
}

/**
 * akin_window_dup_xdg_music_folder:
 *
 * The user's music folder (XDG_MUSIC_DIR, usually ~/Music) that a first run
 * offers, when it exists and is not the home folder.
 *
 * Returns: (transfer full) (nullable): the folder, or %NULL
 */
GFile *
akin_window_dup_xdg_music_folder (AkinWindow *self)
{
  const char *path = g_get_user_special_dir (G_USER_DIRECTORY_MUSIC);

  if (path == NULL || g_strcmp0 (path, g_get_home_dir ()) == 0
      || !g_file_test (path, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_file_new_for_path (path);
}

static void
add_xdg_music_activated (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       data)
{
  AkinWindow *self = data;
  g_autoptr(GFile) folder = akin_window_dup_xdg_music_folder (self);

  if (folder != NULL)
    akin_window_add_music_folder (self, folder);
}

/* Nothing plays yet: the first queued song starts. */
static void
queue_track (AkinWindow *self,
             GVariant   *param,
             gboolean    play_next)
{
  if (akin_playback_queue_track (self->playback, g_variant_get_int64 (param), play_next)
      && akin_player_get_uri (akin_playback_get_player (self->playback)) == NULL)
    akin_playback_play_queued (self->playback, 0);
}

static void
queue_play_next_activated (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       data)
{
  queue_track (data, param, TRUE);
}

static void
queue_add_activated (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       data)
{
  queue_track (data, param, FALSE);
}

static void
queue_clear_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       data)
{
  AkinWindow *self = data;

  akin_queue_clear (akin_playback_get_queue (self->playback));
}

static const GActionEntry queue_entries[] = {
  { "play-next", queue_play_next_activated, "x" },
  { "add", queue_add_activated, "x" },
  { "clear", queue_clear_activated },
};

static const GActionEntry library_entries[] = {
  { "add-xdg-music", add_xdg_music_activated },
  { "play-next", play_next_activated },
  { "add-to-queue", add_to_queue_activated },
  { "add-folder", add_folder_activated },
  { "rescan", rescan_activated },
};

void
_akin_window_init_actions (AkinWindow *self)
{
  self->player_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->player_actions), player_entries,
                                   G_N_ELEMENTS (player_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "player",
                                  G_ACTION_GROUP (self->player_actions));

  self->library_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->library_actions), library_entries,
                                   G_N_ELEMENTS (library_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "library",
                                  G_ACTION_GROUP (self->library_actions));
}

/* The queue's actions, once there is a library to queue from. */
void
_akin_window_init_queue_actions (AkinWindow *self)
{
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (actions), queue_entries,
                                   G_N_ELEMENTS (queue_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "queue", G_ACTION_GROUP (actions));
}
