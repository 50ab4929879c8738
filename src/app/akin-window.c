/* akin-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: header bar, the library area (a status page until a
 * music folder is known, then the slot that holds the library view), the
 * side pane with the similar-songs slot and the spectrogram, and the
 * playback bar. It shows the application's AkinPlayback (the one owner of
 * the player, the queue and the current track) and turns its errors into
 * toasts. Actions live in akin-window-actions.c.
 */

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "akin-accessible.h"
#include "akin-window-private.h"

G_DEFINE_FINAL_TYPE (AkinWindow, akin_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PLAYBACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_akin_window_update_main_page (AkinWindow *self)
{
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "music-folders");
  const char *page = "empty";

  if (self->library_error)
    page = "error";
  else if (folders[0] != NULL || self->library_has_tracks)
    page = "library";
  gtk_stack_set_visible_child_name (self->main_stack, page);

  /* A first run offers the user's music folder by name. */
  if (g_str_equal (page, "empty"))
    {
      g_autoptr(GFile) music = akin_window_dup_xdg_music_folder (self);

      gtk_widget_set_visible (GTK_WIDGET (self->xdg_music_button), music != NULL);
      if (music != NULL)
        {
          g_autofree char *name = g_file_get_parse_name (music);
          const char *home = g_get_home_dir ();
          g_autofree char *label = NULL;

          if (g_str_has_prefix (name, home) && name[strlen (home)] == '/')
            {
              char *shown = g_strconcat ("~", name + strlen (home), NULL);

              g_free (name);
              name = shown;
            }
          /* Translators: %s is a folder, e.g. ~/Music */
          label = g_strdup_printf (_("_Use %s"), name);
          gtk_button_set_label (self->xdg_music_button, label);
          gtk_widget_remove_css_class (GTK_WIDGET (self->add_folder_button), "suggested-action");
        }
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->add_folder_button), "suggested-action");
    }
}

static AkinPlayer *
get_player (AkinWindow *self)
{
  return akin_playback_get_player (self->playback);
}

static void
on_player_uri_changed (AkinWindow *self)
{
  const char *uri = akin_player_get_uri (get_player (self));

  gtk_revealer_set_reveal_child (self->playback_revealer, uri != NULL);
  /* The matrix belongs to the previous track; whoever computes the new one
   * fills the view again. */
  akin_spectrogram_view_clear (self->spectrogram_view);
  _akin_window_update_actions (self);
}

static void
on_player_state_changed (AkinWindow *self)
{
  akin_spectrogram_view_set_playing (self->spectrogram_view,
                                     akin_playback_get_state (self->playback) ==
                                       AKIN_PLAYER_STATE_PLAYING);
  _akin_window_update_actions (self);
}

static void
on_now_playing_changed (AkinWindow *self)
{
  AkinNowPlaying *np = akin_playback_get_now_playing (self->playback);

  adw_view_switcher_title_set_subtitle (self->window_title,
                                        np != NULL ? akin_now_playing_get_title (np) : NULL);
}

static void
on_playback_error (AkinWindow *self,
                   const char *message)
{
  akin_window_show_toast (self, message);
}

/* libvlc could not play the file: listed in the problems dialog too. */
static void
on_player_error (AkinWindow *self,
                 const char *message)
{
  const char *uri = akin_player_get_uri (get_player (self));

  if (uri != NULL && self->library_manager != NULL)
    akin_library_manager_add_playback_problem (self->library_manager, uri, message);
  akin_window_show_toast (self, message);
}

static void
on_spectrogram_seek_requested (AkinWindow *self,
                               double      seconds)
{
  g_assert (AKIN_IS_WINDOW (self));

  akin_playback_seek (self->playback, seconds);
}

/* Keys the window handles before the focused widget, except in text
 * entries: a list row or a button would otherwise take Space (select,
 * activate), and Ctrl+Left/Right (move by word) belongs to entries. Listed
 * in the shortcuts window (help-overlay.ui) by their accelerator. */
const AkinWindowKey _akin_window_keys[] = {
  { "space", "player.play-pause" },
  { "<Primary>Left", "player.previous" },
  { "<Primary>Right", "player.next" },
};
const guint _akin_window_n_keys = G_N_ELEMENTS (_akin_window_keys);

static gboolean
focus_takes_text (AkinWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus));
}

static gboolean
on_key_pressed (AkinWindow            *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  state &= gtk_accelerator_get_default_mod_mask ();

  for (guint i = 0; i < _akin_window_n_keys; i++)
    {
      guint           key = 0;
      GdkModifierType mods = 0;
      const char     *action = strchr (_akin_window_keys[i].action, '.') + 1;

      gtk_accelerator_parse (_akin_window_keys[i].accelerator, &key, &mods);
      if (gdk_keyval_to_lower (keyval) != key || state != mods)
        continue;
      if (focus_takes_text (self)
          || !g_action_group_get_action_enabled (G_ACTION_GROUP (self->player_actions), action))
        return GDK_EVENT_PROPAGATE;
      g_action_group_activate_action (G_ACTION_GROUP (self->player_actions), action, NULL);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static gboolean
akin_window_close_request (GtkWindow *window)
{
  AkinWindow *self = AKIN_WINDOW (window);
  int         width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
  akin_playback_save_resume (self->playback);

  return GTK_WINDOW_CLASS (akin_window_parent_class)->close_request (window);
}

static void
akin_window_constructed (GObject *object)
{
  AkinWindow *self = AKIN_WINDOW (object);
  g_autoptr(GPropertyAction) shuffle = NULL;

  G_OBJECT_CLASS (akin_window_parent_class)->constructed (object);

  g_assert (AKIN_IS_PLAYBACK (self->playback));

  /* In the window's own group, which lives as long as the window. */
  shuffle = g_property_action_new ("shuffle", self->playback, "shuffle");
  g_action_map_add_action (G_ACTION_MAP (self->player_actions), G_ACTION (shuffle));

  akin_playback_bar_set_playback (self->playback_bar, self->playback);
  g_object_bind_property (self->playback, "position", self->spectrogram_view, "position",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (get_player (self), "notify::uri", G_CALLBACK (on_player_uri_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback, "notify::state", G_CALLBACK (on_player_state_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_player (self), "notify::can-seek",
                           G_CALLBACK (_akin_window_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback, "notify::has-next",
                           G_CALLBACK (_akin_window_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback, "notify::can-go-previous",
                           G_CALLBACK (_akin_window_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback, "notify::now-playing",
                           G_CALLBACK (on_now_playing_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_player (self), "error", G_CALLBACK (on_player_error), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback, "error", G_CALLBACK (on_playback_error), self,
                           G_CONNECT_SWAPPED);

  gtk_revealer_set_reveal_child (self->playback_revealer,
                                 akin_player_get_uri (get_player (self)) != NULL);
  on_player_state_changed (self);
  on_now_playing_changed (self);
}

static void
akin_window_dispose (GObject *object)
{
  AkinWindow *self = AKIN_WINDOW (object);

  if (self->folder_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->folder_chooser));
  g_clear_object (&self->folder_chooser);
  /* A setting changed later (by another window) must not reach these. */
  if (self->flap != NULL)
    g_settings_unbind (self->flap, "reveal-flap");
  if (self->browse_stack != NULL)
    g_settings_unbind (self->browse_stack, "visible-child-name");
  gtk_widget_dispose_template (GTK_WIDGET (self), AKIN_TYPE_WINDOW);

  G_OBJECT_CLASS (akin_window_parent_class)->dispose (object);
}

static void
akin_window_finalize (GObject *object)
{
  AkinWindow *self = AKIN_WINDOW (object);

  g_clear_object (&self->playback);
  g_clear_object (&self->settings);
  g_clear_object (&self->player_actions);
  g_clear_object (&self->library_actions);
  g_clear_object (&self->library_manager);

  G_OBJECT_CLASS (akin_window_parent_class)->finalize (object);
}

static void
akin_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AkinWindow *self = AKIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PLAYBACK:
      g_value_set_object (value, self->playback);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  AkinWindow *self = AKIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PLAYBACK:
      self->playback = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
akin_window_class_init (AkinWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = akin_window_constructed;
  object_class->dispose = akin_window_dispose;
  object_class->finalize = akin_window_finalize;
  object_class->get_property = akin_window_get_property;
  object_class->set_property = akin_window_set_property;
  window_class->close_request = akin_window_close_request;

  /**
   * AkinWindow:playback:
   *
   * What the window shows and controls: the application's playback.
   */
  properties[PROP_PLAYBACK] =
    g_param_spec_object ("playback", NULL, NULL, AKIN_TYPE_PLAYBACK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (AKIN_TYPE_PLAYBACK_BAR);
  g_type_ensure (AKIN_TYPE_SPECTROGRAM_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/akinplayer/Akin/ui/akin-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, library_view_slot);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, similar_pane_slot);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, browse_stack);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, albums_slot);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, artists_slot);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, queue_pane_slot);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, spectrogram_view);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, playback_revealer);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, playback_bar);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, xdg_music_button);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, add_folder_button);
  gtk_widget_class_bind_template_child (widget_class, AkinWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_spectrogram_seek_requested);
}

static void
akin_window_init (AkinWindow *self)
{
  g_autoptr(GPropertyAction) pane_action = NULL;
  g_autoptr(GAction)         kind_action = NULL;
  GtkEventController        *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "similar-pane-visible", self->flap, "reveal-flap",
                   G_SETTINGS_BIND_DEFAULT);
  pane_action = g_property_action_new ("show-similar-pane", self->flap, "reveal-flap");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (pane_action));
  kind_action = g_settings_create_action (self->settings, "spectrogram-kind");
  g_action_map_add_action (G_ACTION_MAP (self), kind_action);


  g_signal_connect_object (self->settings, "changed::music-folders",
                           G_CALLBACK (_akin_window_update_main_page), self, G_CONNECT_SWAPPED);
  _akin_window_update_main_page (self);

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  _akin_window_init_actions (self);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "akin-window-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  akin_accessible_name_button (GTK_WIDGET (self->menu_button), _("Main Menu"));
  _akin_window_init_drop (self);
}

/**
 * akin_window_new:
 * @application: the application
 * @playback: the playback the window shows and controls
 *
 * Returns: (transfer full): a new window
 */
AkinWindow *
akin_window_new (AdwApplication *application,
                 AkinPlayback   *playback)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (AKIN_IS_PLAYBACK (playback), NULL);

  return g_object_new (AKIN_TYPE_WINDOW, "application", application, "playback", playback, NULL);
}

/**
 * akin_window_get_playback:
 *
 * Returns: (transfer none): the playback
 */
AkinPlayback *
akin_window_get_playback (AkinWindow *self)
{
  g_return_val_if_fail (AKIN_IS_WINDOW (self), NULL);
  return self->playback;
}

/**
 * akin_window_show_toast:
 * @message: a translated message
 *
 * Shows @message briefly at the bottom of the window; how errors reach the
 * user.
 */
void
akin_window_show_toast (AkinWindow *self,
                        const char *message)
{
  AdwToast *toast;

  g_return_if_fail (AKIN_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * akin_window_get_library_view_slot:
 *
 * The empty box shown once a music folder is known; the library view goes
 * in it.
 *
 * Returns: (transfer none): the slot
 */
GtkBox *
akin_window_get_library_view_slot (AkinWindow *self)
{
  g_return_val_if_fail (AKIN_IS_WINDOW (self), NULL);
  return self->library_view_slot;
}

/**
 * akin_window_get_similar_pane_slot:
 *
 * The top of the side pane. It holds a placeholder status page that the
 * similar-songs pane replaces.
 *
 * Returns: (transfer none): the slot
 */
GtkBox *
akin_window_get_similar_pane_slot (AkinWindow *self)
{
  g_return_val_if_fail (AKIN_IS_WINDOW (self), NULL);
  return self->similar_pane_slot;
}

/**
 * akin_window_get_spectrogram_view:
 *
 * The side pane's spectrogram. Its position and playing state follow the
 * player, and it is cleared whenever the player's URI changes: give it the
 * new track's matrix with akin_spectrogram_view_set_data() after starting
 * the track. A click or drag on it seeks the player.
 *
 * Returns: (transfer none): the view
 */
AkinSpectrogramView *
akin_window_get_spectrogram_view (AkinWindow *self)
{
  g_return_val_if_fail (AKIN_IS_WINDOW (self), NULL);
  return self->spectrogram_view;
}

/**
 * akin_window_get_queue_pane_slot:
 *
 * The side pane's Queue page: an empty box the queue pane goes in.
 *
 * Returns: (transfer none): the slot
 */
GtkBox *
akin_window_get_queue_pane_slot (AkinWindow *self)
{
  g_return_val_if_fail (AKIN_IS_WINDOW (self), NULL);
  return self->queue_pane_slot;
}

/**
 * akin_window_show_side_page:
 * @name: "similar" or "queue"
 *
 * Shows the side pane (if hidden) at that page.
 */
void
akin_window_show_side_page (AkinWindow *self,
                            const char *name)
{
  g_return_if_fail (AKIN_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->side_stack, name);
  adw_flap_set_reveal_flap (self->flap, TRUE);
}
