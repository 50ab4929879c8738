/* akin-playing-mark.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How every list marks the playing song: a speaker (named "Now Playing"
 * for screen readers) beside the title, and the row's labels in bold (the
 * `playing` style class). akin_playing_follow() tells a list which track
 * plays: the `current-track-id` of its window's AkinPlayback, followed
 * while the list is in a window.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-playing-mark.h"
#include "akin-window.h"

/**
 * akin_playing_icon_new:
 *
 * Returns: (transfer floating): the speaker, hidden, for a row to show
 *   with akin_playing_mark_set()
 */
GtkWidget *
akin_playing_icon_new (void)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("audio-volume-high-symbolic");

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Now Playing"), -1);
  gtk_widget_add_css_class (icon, "playing-icon");
  gtk_widget_set_visible (icon, FALSE);
  return icon;
}

/**
 * akin_playing_mark_set:
 * @row: the row (or cell) whose labels turn bold
 * @icon: (nullable): its speaker, from akin_playing_icon_new()
 * @playing: whether the row's song plays
 */
void
akin_playing_mark_set (GtkWidget *row,
                       GtkWidget *icon,
                       gboolean   playing)
{
  g_return_if_fail (GTK_IS_WIDGET (row));

  if (icon != NULL)
    gtk_widget_set_visible (icon, playing);
  if (playing)
    gtk_widget_add_css_class (row, "playing");
  else
    gtk_widget_remove_css_class (row, "playing");
}

/**
 * akin_playing_mark_get:
 *
 * Returns: whether akin_playing_mark_set() marked @row as playing
 */
gboolean
akin_playing_mark_get (GtkWidget *row)
{
  g_return_val_if_fail (GTK_IS_WIDGET (row), FALSE);
  return gtk_widget_has_css_class (row, "playing");
}

typedef struct
{
  GtkWidget       *widget;
  AkinPlayingFunc  func;
  AkinPlayback    *playback;  /* watched, or NULL */
  gint64           track_id;
} Follow;

static void
follow_track_changed (Follow *follow)
{
  gint64 id = -1;

  if (follow->playback != NULL)
    id = akin_playback_get_current_track_id (follow->playback);
  if (id == follow->track_id)
    return;
  follow->track_id = id;
  follow->func (follow->widget, id);
}

static void
follow_unwatch (Follow *follow)
{
  if (follow->playback == NULL)
    return;
  g_signal_handlers_disconnect_by_data (follow->playback, follow);
  g_object_remove_weak_pointer (G_OBJECT (follow->playback), (gpointer *) &follow->playback);
  follow->playback = NULL;
}

static void
follow_root_changed (Follow *follow)
{
  GtkRoot *root = gtk_widget_get_root (follow->widget);

  follow_unwatch (follow);
  if (AKIN_IS_WINDOW (root) && akin_window_get_playback (AKIN_WINDOW (root)) != NULL)
    {
      follow->playback = akin_window_get_playback (AKIN_WINDOW (root));
      g_object_add_weak_pointer (G_OBJECT (follow->playback), (gpointer *) &follow->playback);
      g_signal_connect_swapped (follow->playback, "notify::current-track-id",
                                G_CALLBACK (follow_track_changed), follow);
    }
  follow_track_changed (follow);
}

static void
follow_free (gpointer data)
{
  Follow *follow = data;

  follow_unwatch (follow);
  g_free (follow);
}

/**
 * akin_playing_follow:
 * @widget: a list
 * @func: called with the playing track whenever it changes (-1 when
 *   nothing plays or @widget is in no window that plays)
 *
 * Follows the `current-track-id` of the playback of @widget's window.
 */
void
akin_playing_follow (GtkWidget       *widget,
                     AkinPlayingFunc  func)
{
  Follow *follow;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL);

  follow = g_new0 (Follow, 1);
  follow->widget = widget;
  follow->func = func;
  follow->track_id = -1;
  g_object_set_data_full (G_OBJECT (widget), "akin-playing-follow", follow, follow_free);
  g_signal_connect_swapped (widget, "notify::root", G_CALLBACK (follow_root_changed), follow);
  follow_root_changed (follow);
}

/**
 * akin_playing_get_track_id:
 *
 * Returns: the playing track @widget follows (see akin_playing_follow()),
 *   or -1
 */
gint64
akin_playing_get_track_id (GtkWidget *widget)
{
  Follow *follow = g_object_get_data (G_OBJECT (widget), "akin-playing-follow");

  return follow != NULL ? follow->track_id : -1;
}
