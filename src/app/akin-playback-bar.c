/* akin-playback-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bar at the bottom of the window: what is playing (cover, title,
 * artist), the transport buttons, the seek bar with elapsed and total time,
 * and the volume. It shows the window's AkinPlayback: its now-playing
 * record and repeat mode, its player's position and state. Its buttons
 * activate the window's `player.*` actions (which call the playback); only
 * seeking and the volume talk to the player directly.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-accessible.h"
#include "akin-playback-bar.h"
#include "akin-seek-bar.h"

struct _AkinPlaybackBar
{
  GtkWidget        parent_instance;

  AkinPlayback    *playback;
  AkinPlayer      *player;
  GBinding        *volume_binding;

  GtkLabel        *elapsed_label;
  GtkLabel        *duration_label;
  AkinSeekBar     *seek_bar;
  GtkStack        *cover_stack;
  GtkPicture      *cover_picture;
  GtkLabel        *title_label;
  GtkLabel        *artist_label;
  GtkButton       *play_button;
  GtkScaleButton  *volume_button;
  GtkToggleButton *repeat_button;
};

G_DEFINE_FINAL_TYPE (AkinPlaybackBar, akin_playback_bar, GTK_TYPE_WIDGET)

static char *
format_time (double seconds)
{
  gint64 s = (gint64) MAX (seconds, 0);

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60),
                            (int) (s % 60));
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", s / 60, (int) (s % 60));
}

static void
update_position (AkinPlaybackBar *self)
{
  double           position = akin_player_get_position (self->player);
  g_autofree char *text = format_time (position);

  akin_seek_bar_set_position (self->seek_bar, position);
  gtk_label_set_label (self->elapsed_label, text);
}

static void
update_duration (AkinPlaybackBar *self)
{
  double           duration = akin_player_get_duration (self->player);
  g_autofree char *text = duration > 0 ? format_time (duration) : g_strdup ("–:––");

  akin_seek_bar_set_duration (self->seek_bar, duration);
  gtk_label_set_label (self->duration_label, text);
}

/* A stopped player cannot seek, even in a seekable track. */
static void
update_can_seek (AkinPlaybackBar *self)
{
  /* A resumed song waiting to be played can be moved already. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->seek_bar),
                            akin_player_get_can_seek (self->player) &&
                              (akin_player_get_state (self->player) != AKIN_PLAYER_STATE_STOPPED
                               || akin_player_get_resumed (self->player)));
}

/* One button cycles through off, all and one. */
static void
update_repeat (AkinPlaybackBar *self)
{
  AkinQueueRepeat repeat = self->playback != NULL ? akin_playback_get_repeat (self->playback)
                                                   : AKIN_QUEUE_REPEAT_OFF;
  const char *label = _("Repeat: Off");
  const char *icon = "media-playlist-repeat-symbolic";

  if (repeat == AKIN_QUEUE_REPEAT_ALL)
    label = _("Repeat: All Songs");
  else if (repeat == AKIN_QUEUE_REPEAT_ONE)
    {
      label = _("Repeat: This Song");
      icon = "media-playlist-repeat-song-symbolic";
    }
  gtk_button_set_icon_name (GTK_BUTTON (self->repeat_button), icon);
  gtk_toggle_button_set_active (self->repeat_button, repeat != AKIN_QUEUE_REPEAT_OFF);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->repeat_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->repeat_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_state (AkinPlaybackBar *self)
{
  gboolean playing = akin_player_get_state (self->player) == AKIN_PLAYER_STATE_PLAYING;

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), playing ? _("Pause") : _("Play"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _("Pause") : _("Play"), -1);
  update_can_seek (self);
}

static void
on_seek_requested (AkinPlaybackBar *self,
                   double           seconds,
                   AkinSeekBar     *seek_bar)
{
  g_assert (AKIN_IS_PLAYBACK_BAR (self));

  if (self->player != NULL)
    akin_player_seek (self->player, seconds);
}

static void
update_now_playing (AkinPlaybackBar *self)
{
  AkinNowPlaying *np = self->playback != NULL ? akin_playback_get_now_playing (self->playback)
                                              : NULL;
  const char *title = NULL;
  const char *artist = NULL;
  GBytes     *cover = NULL;

  if (np != NULL)
    {
      title = akin_now_playing_get_title (np);
      artist = akin_now_playing_get_artist (np);
      cover = akin_now_playing_get_cover (np);
    }

  gtk_label_set_label (self->title_label, title != NULL ? title : "");
  gtk_label_set_label (self->artist_label, artist != NULL ? artist : _("Unknown Artist"));

  if (cover != NULL)
    {
      g_autoptr(GError)     error = NULL;
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (cover, &error);

      if (texture == NULL)
        g_debug ("Cover of %s not shown: %s", akin_now_playing_get_uri (np),
                 error->message);
      gtk_picture_set_paintable (self->cover_picture, GDK_PAINTABLE (texture));
      gtk_stack_set_visible_child_name (self->cover_stack, texture != NULL ? "cover" : "fallback");
    }
  else
    {
      gtk_picture_set_paintable (self->cover_picture, NULL);
      gtk_stack_set_visible_child_name (self->cover_stack, "fallback");
    }
}

static void
akin_playback_bar_dispose (GObject *object)
{
  AkinPlaybackBar *self = AKIN_PLAYBACK_BAR (object);

  akin_playback_bar_set_playback (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), AKIN_TYPE_PLAYBACK_BAR);
  /* Unnamed template children are direct children too (GtkBoxLayout). */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (akin_playback_bar_parent_class)->dispose (object);
}

static void
akin_playback_bar_class_init (AkinPlaybackBarClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = akin_playback_bar_dispose;

  g_type_ensure (AKIN_TYPE_SEEK_BAR);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/akinplayer/Akin/ui/akin-playback-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, AkinPlaybackBar, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, AkinPlaybackBar, duration_label);
  gtk_widget_class_bind_template_child (widget_class, AkinPlaybackBar, seek_bar);
  gtk_widget_class_bind_template_child (widget_class, AkinPlaybackBar, cover_stack);
  gtk_widget_class_bind_template_child (widget_class, AkinPlaybackBar, cover_picture);
  gtk_widget_class_bind_template_child (widget_class, AkinPlaybackBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, AkinPlaybackBar, artist_label);
  gtk_widget_class_bind_template_child (widget_class, AkinPlaybackBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, AkinPlaybackBar, volume_button);
  gtk_widget_class_bind_template_child (widget_class, AkinPlaybackBar, repeat_button);
  gtk_widget_class_bind_template_callback (widget_class, on_seek_requested);

  gtk_widget_class_set_css_name (widget_class, "playbackbar");
}

static void
akin_playback_bar_init (AkinPlaybackBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Play"), -1);
  akin_accessible_name_button (GTK_WIDGET (self->volume_button), _("Volume"));
  update_repeat (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_scale_button_get_plus_button (self->volume_button)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Louder"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_scale_button_get_minus_button (self->volume_button)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Quieter"), -1);
  update_now_playing (self);
}

GtkWidget *
akin_playback_bar_new (void)
{
  return g_object_new (AKIN_TYPE_PLAYBACK_BAR, NULL);
}

/**
 * akin_playback_bar_get_playback:
 *
 * Returns: (nullable) (transfer none): the playback the bar shows
 */
AkinPlayback *
akin_playback_bar_get_playback (AkinPlaybackBar *self)
{
  g_return_val_if_fail (AKIN_IS_PLAYBACK_BAR (self), NULL);
  return self->playback;
}

/**
 * akin_playback_bar_set_playback:
 * @playback: (nullable): the playback to show and control
 */
void
akin_playback_bar_set_playback (AkinPlaybackBar *self,
                                AkinPlayback    *playback)
{
  g_return_if_fail (AKIN_IS_PLAYBACK_BAR (self));
  g_return_if_fail (!playback || AKIN_IS_PLAYBACK (playback));

  if (self->playback == playback)
    return;

  if (self->playback != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->playback, self);
      g_signal_handlers_disconnect_by_data (self->player, self);
      g_clear_pointer (&self->volume_binding, g_binding_unbind);
      g_clear_object (&self->player);
      g_clear_object (&self->playback);
    }

  if (playback != NULL)
    {
      self->playback = g_object_ref (playback);
      self->player = g_object_ref (akin_playback_get_player (playback));
      g_signal_connect_object (playback, "notify::now-playing", G_CALLBACK (update_now_playing),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (playback, "notify::repeat", G_CALLBACK (update_repeat), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->player, "notify::position", G_CALLBACK (update_position),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->player, "notify::duration", G_CALLBACK (update_duration),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->player, "notify::state", G_CALLBACK (update_state), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->player, "notify::can-seek", G_CALLBACK (update_can_seek),
                               self, G_CONNECT_SWAPPED);
      self->volume_binding =
        g_object_bind_property (self->player, "volume", self->volume_button, "value",
                                G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      update_position (self);
      update_duration (self);
      update_state (self);
    }
  update_now_playing (self);
  update_repeat (self);
}
