/* akin-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's action groups. `player.*` controls playback; previous and
 * next only know about the single current track until a queue sets
 * AkinWindow:has-next / :has-previous and listens to the *-requested
 * signals. `library.add-folder` asks for a music folder, `library.rescan`
 * looks for new and changed songs. Accelerators are
 * set in akin-application.c.
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

gboolean
_akin_window_can_go_next (AkinWindow *self)
{
  return self->has_next;
}

gboolean
_akin_window_can_go_previous (AkinWindow *self)
{
  return self->has_previous || (self->player != NULL && akin_player_get_uri (self->player) != NULL);
}

void
_akin_window_update_actions (AkinWindow *self)
{
  gboolean        loaded = akin_player_get_uri (self->player) != NULL;
  AkinPlayerState state = akin_player_get_state (self->player);
  gboolean        can_seek = akin_player_get_can_seek (self->player) &&
                             state != AKIN_PLAYER_STATE_STOPPED;

  set_enabled (self->player_actions, "play-pause", loaded);
  set_enabled (self->player_actions, "play", loaded && state != AKIN_PLAYER_STATE_PLAYING);
  set_enabled (self->player_actions, "pause", state == AKIN_PLAYER_STATE_PLAYING);
  set_enabled (self->player_actions, "stop", state != AKIN_PLAYER_STATE_STOPPED);
  set_enabled (self->player_actions, "seek-forward", can_seek);
  set_enabled (self->player_actions, "seek-backward", can_seek);
  set_enabled (self->player_actions, "previous", _akin_window_can_go_previous (self));
  set_enabled (self->player_actions, "next", _akin_window_can_go_next (self));
}

static void
play_pause_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  AkinWindow *self = data;

  akin_player_toggle (self->player);
}

static void
play_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  AkinWindow *self = data;

  akin_player_play (self->player);
}

static void
pause_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  AkinWindow *self = data;

  akin_player_pause (self->player);
}

static void
stop_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  AkinWindow *self = data;

  akin_player_stop (self->player);
}

static void
seek_forward_activated (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       data)
{
  AkinWindow *self = data;

  akin_player_seek (self->player, akin_player_get_position (self->player) + AKIN_SEEK_STEP);
}

static void
seek_backward_activated (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       data)
{
  AkinWindow *self = data;

  akin_player_seek (self->player, akin_player_get_position (self->player) - AKIN_SEEK_STEP);
}

static void
previous_activated (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  AkinWindow *self = data;

  if (self->has_previous && akin_player_get_position (self->player) < AKIN_RESTART_THRESHOLD)
    {
      g_signal_emit (self, _akin_window_signals[AKIN_WINDOW_SIGNAL_PREVIOUS_REQUESTED], 0);
      return;
    }

  if (akin_player_get_state (self->player) == AKIN_PLAYER_STATE_STOPPED)
    akin_player_play (self->player);
  else
    akin_player_seek (self->player, 0);
}

static void
next_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  AkinWindow *self = data;

  g_signal_emit (self, _akin_window_signals[AKIN_WINDOW_SIGNAL_NEXT_REQUESTED], 0);
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
  g_autofree char *repeat = g_settings_get_string (self->settings, "repeat");
  const char *next = g_str_equal (repeat, "off") ? "all" : g_str_equal (repeat, "all") ? "one"
                                                                                       : "off";

  g_settings_set_string (self->settings, "repeat", next);
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
