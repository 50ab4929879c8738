/* test-keyboard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keyboard and screen readers: Space plays and pauses with the song list
 * focused but types in the search entry, Ctrl+Left/Right go to the
 * previous and next song, the shortcuts window lists exactly the keys that
 * work, every button has an accessible name, and the list marks the
 * playing song. Real playback through libvlc's dummy output, a real
 * window under Xvfb (skips without a display).
 */

#include "config.h"

#include "app-test-library.h"
#include "app-test-session.h"
#include "app-test-wait.h"
#include "app-test-window.h"
#include "test-tmpdir.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "akin-application.h"
#include "akin-library-model.h"
#include "akin-library-view.h"
#include "akin-preferences-window.h"
#include "akin-problems-dialog.h"
#include "akin-similar-controller.h"
#include "akin-window-private.h"

/* Generous: reaching it is a failure, never a measurement. */
#define DEADLINE_US (20 * G_USEC_PER_SEC)
#define SPIN_UNTIL(func, data) app_test_spin_until ((func), (data), DEADLINE_US)

typedef AppTestLibrary Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);

  g_settings_reset (settings, "music-folders");
  app_test_library_set_up (f, "akin-keyboard-XXXXXX", 4, 8.0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  app_test_library_tear_down (f);
}

static gboolean
is_playing (gpointer data)
{
  return akin_player_get_state (data) == AKIN_PLAYER_STATE_PLAYING
         && akin_player_get_position (data) > 0.1;
}

static gboolean
is_paused (gpointer data)
{
  return akin_player_get_state (data) == AKIN_PLAYER_STATE_PAUSED;
}

static AkinWindow *
new_window (AkinLibraryManager *manager)
{
  AkinWindow *window = app_test_window_new (manager, "KeyboardTest");

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (SPIN_UNTIL (app_test_widget_mapped, window));
  return window;
}

/* Presses @accelerator as the window's key controller sees it, with the
 * focus where it is; returns whether the window took the key. */
static gboolean
press (AkinWindow *window,
       const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  guint keyval = 0;
  GdkModifierType mods = 0;

  g_assert_true (gtk_accelerator_parse (accelerator, &keyval, &mods));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (g_strcmp0 (gtk_event_controller_get_name (c), "akin-window-keys") != 0)
        continue;
      /* Before the focused widget, which would take Space otherwise. */
      g_assert_cmpint (gtk_event_controller_get_propagation_phase (c), ==, GTK_PHASE_CAPTURE);
      g_signal_emit_by_name (c, "key-pressed", keyval, 0, mods, &handled);
      return handled;
    }
  g_assert_not_reached ();
}

typedef struct
{
  AkinWindow *window;
  gint64      id;
} WaitTrack;

static gboolean
track_playing (gpointer data)
{
  WaitTrack *w = data;

  return akin_playback_get_current_track_id (akin_window_get_playback (w->window)) == w->id
         && is_playing (akin_playback_get_player (akin_window_get_playback (w->window)));
}

static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  AkinWindow *window;
  AkinPlayer *player;
  AkinLibraryView *view;
  AkinLibraryModel *model;
  GtkWidget *column_view, *entry;
  GtkWidget *focus;
  WaitTrack wait;
  gint64 first, second;

  g_assert_no_error (error);
  window = new_window (manager);
  player = akin_playback_get_player (akin_window_get_playback (window));
  view = AKIN_LIBRARY_VIEW (akin_window_get_library_view (window));
  model = akin_library_view_get_model (view);
  g_assert_true (SPIN_UNTIL (app_test_model_filled, model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, f->ids->len);
  first = akin_library_model_get_track_id (model, 0);
  second = akin_library_model_get_track_id (model, 1);

  /* Nothing loaded: Space is left to the focused widget. */
  g_assert_false (press (window, "space"));

  /* A song picked in the list: the list keeps the focus. */
  column_view = app_test_find_child (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW);
  g_assert_true (gtk_widget_grab_focus (column_view));
  g_signal_emit_by_name (column_view, "activate", 0);
  wait = (WaitTrack) { window, first };
  g_assert_true (SPIN_UNTIL (track_playing, &wait));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == column_view || gtk_widget_is_ancestor (focus, column_view));

  /* The playing song is marked, and selected. */
  g_assert_cmpint (akin_library_view_get_playing_track (view), ==, first);
  g_assert_true (akin_library_view_is_marked_playing (view, first));
  g_assert_false (akin_library_view_is_marked_playing (view, second));

  /* Space pauses and plays again. */
  g_assert_true (press (window, "space"));
  g_assert_true (SPIN_UNTIL (is_paused, player));
  g_assert_true (press (window, "space"));
  g_assert_true (SPIN_UNTIL (is_playing, player));

  /* Ctrl+Right: the next song in the list; Ctrl+Left near its start: back. */
  g_assert_true (press (window, "<Primary>Right"));
  wait = (WaitTrack) { window, second };
  g_assert_true (SPIN_UNTIL (track_playing, &wait));
  g_assert_true (akin_library_view_is_marked_playing (view, second));
  g_assert_false (akin_library_view_is_marked_playing (view, first));
  g_assert_true (press (window, "<Primary>Left"));
  wait = (WaitTrack) { window, first };
  g_assert_true (SPIN_UNTIL (track_playing, &wait));

  /* In the search entry Space is a space, and Ctrl+Left moves by word. */
  akin_library_view_set_search_mode (view, TRUE);
  entry = app_test_find_child (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY);
  g_assert_true (gtk_widget_grab_focus (entry));
  g_assert_true (GTK_IS_EDITABLE (gtk_root_get_focus (GTK_ROOT (window))));
  g_assert_false (press (window, "space"));
  g_assert_false (press (window, "<Primary>Left"));
  g_assert_cmpint (akin_player_get_state (player), ==, AKIN_PLAYER_STATE_PLAYING);
  g_assert_cmpint (akin_playback_get_current_track_id (akin_window_get_playback (window)), ==, first);

  akin_player_stop (player);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Whether @button shows text of its own (then that is its name). */
static gboolean
has_visible_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (has_visible_text (c))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GPtrArray *unnamed;
  guint      n_named;
} Walk;

static void
walk (GtkWidget *widget,
      Walk      *w)
{
  gboolean control = GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget)
                     || GTK_IS_SCALE_BUTTON (widget);

  /* What is hidden is not in the accessible tree; a spin button is one
   * control, its buttons are not read on their own. */
  if (!gtk_widget_get_visible (widget) || GTK_IS_SPIN_BUTTON (widget))
    return;

  if (control)
    {
      /* A button is labelled by its child, which for an icon is an image a
       * screen reader reads as "GtkImage": only a label property or text
       * of its own is a name. */
      if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
        w->n_named++;
      else if (!has_visible_text (widget))
        g_ptr_array_add (w->unnamed, g_strdup_printf ("%s (%s) in %s in %s",
                                                      G_OBJECT_TYPE_NAME (widget),
                                                      gtk_widget_get_tooltip_text (widget),
                                                      G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)),
                                                      G_OBJECT_TYPE_NAME (gtk_widget_get_parent (gtk_widget_get_parent (widget)))));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    walk (c, w);
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_ACTIONABLE (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_action_button (c, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every button of the window, its panes and popovers has a name. */
static void
test_accessible_names (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  Walk w = { unnamed, 0 };
  AkinWindow *window;
  GtkWidget *button;

  g_assert_no_error (error);
  window = new_window (manager);
  /* Everything the window may show: a loaded song, the analysis button
   * and the pane's button that plays a song chosen with Find Similar. */
  akin_player_set_uri (akin_playback_get_player (akin_window_get_playback (window)), "file:///nowhere/song.ogg");
  gtk_widget_set_visible (window->analysis_button, TRUE);
  akin_similar_pane_set_anchor_playable (
    akin_similar_controller_get_pane (g_object_get_data (G_OBJECT (window),
                                                         "akin-similar-controller")), TRUE);
  walk (GTK_WIDGET (window), &w);

  /* Preferences, with a folder to remove, and the problems dialog. */
  {
    g_autoptr(GSettings) settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
    g_autoptr(GFile) music = g_file_new_for_path (f->music);
    g_autofree char *uri = g_file_get_uri (music);
    const char *folders[] = { uri, NULL };
    GtkWidget *prefs, *problems;

    g_settings_set_strv (settings, "music-folders", folders);
    prefs = akin_preferences_window_new (GTK_WINDOW (window), manager);
    g_assert_cmpuint (akin_preferences_window_get_n_folders (AKIN_PREFERENCES_WINDOW (prefs)), ==, 1);
    walk (prefs, &w);
    problems = akin_problems_dialog_new (manager);
    walk (problems, &w);
    gtk_window_destroy (GTK_WINDOW (prefs));
    gtk_window_destroy (GTK_WINDOW (problems));
    g_settings_reset (settings, "music-folders");
  }

  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("no accessible name: %s", (char *) unnamed->pdata[i]);
  g_assert_cmpuint (unnamed->len, ==, 0);
  /* Previous, play, next, the pane toggle, the main menu, volume, Play
   * Similar, the pane's options and play buttons, analysis, and the inner
   * buttons of the composite ones. */
  g_assert_cmpuint (w.n_named, >=, 10);

  button = find_action_button (GTK_WIDGET (window), "player.previous");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Previous");
  button = find_action_button (GTK_WIDGET (window), "player.play-pause");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Play");
  button = find_action_button (GTK_WIDGET (window), "similar.play-similar");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Play Similar");
  button = app_test_find_child (GTK_WIDGET (window), GTK_TYPE_SCALE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Volume");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
in_window_keys (const char *accelerator)
{
  guint key = 0, k = 0;
  GdkModifierType mods = 0, m = 0;

  gtk_accelerator_parse (accelerator, &key, &mods);
  for (guint i = 0; i < _akin_window_n_keys; i++)
    {
      gtk_accelerator_parse (_akin_window_keys[i].accelerator, &k, &m);
      if (k == key && m == mods)
        return TRUE;
    }
  return FALSE;
}

static gboolean
window_has_action (AkinWindow     *window,
                   GtkApplication *app,
                   const char     *detailed)
{
  g_autofree char *prefix = g_strdup (detailed);
  char *name = strchr (prefix, '.');
  GActionGroup *group = NULL;

  g_assert_nonnull (name);
  *name++ = '\0';
  if (g_str_equal (prefix, "app"))
    group = G_ACTION_GROUP (app);
  else if (g_str_equal (prefix, "win"))
    group = G_ACTION_GROUP (window);
  else if (g_str_equal (prefix, "player"))
    group = G_ACTION_GROUP (window->player_actions);
  else if (g_str_equal (prefix, "library"))
    group = G_ACTION_GROUP (window->library_actions);
  return group != NULL && g_action_group_has_action (group, name);
}

static void
collect_shortcuts (GtkWidget *widget,
                   GPtrArray *out)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_shortcuts (c, out);
}

/* The shortcuts window promises only keys that work, and all of them. */
static void
test_shortcuts_window (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AkinApplication) app = akin_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) described = NULL;
  GtkShortcutsWindow *overlay;
  AkinWindow *window;
  gboolean has_f10 = FALSE;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = AKIN_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (AKIN_IS_WINDOW (window));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);

  collect_shortcuts (GTK_WIDGET (overlay), shortcuts);
  g_assert_cmpuint (shortcuts->len, >, 5);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *action = NULL;
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;

      g_object_get (shortcuts->pdata[i], "action-name", &action, "accelerator", &accelerator,
                    "title", &title, NULL);
      g_test_message ("%s: %s %s", title, action, accelerator);
      if (action != NULL)
        {
          g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                        action);

          g_assert_nonnull (accels[0]);
          g_assert_true (window_has_action (window, GTK_APPLICATION (app), action));
          g_hash_table_add (listed, g_strdup (action));
        }
      else if (g_strcmp0 (accelerator, "F10") == 0)
        {
          /* GtkMenuButton:primary opens on F10. */
          GtkMenuButton *menu = window->menu_button;

          g_assert_true (gtk_menu_button_get_primary (menu));
          has_f10 = TRUE;
        }
      else if (g_strcmp0 (accelerator, "<Shift>F10") == 0)
        {
          /* The song list's row menu (a key binding of the view). */
          AkinLibraryView *view = AKIN_LIBRARY_VIEW (akin_window_get_library_view (window));

          g_assert_nonnull (view);
        }
      else
        {
          g_assert_nonnull (accelerator);
          g_assert_true (in_window_keys (accelerator));
          g_hash_table_add (listed, g_strdup (accelerator));
        }
    }
  g_assert_true (has_f10);

  /* The other way round: every accelerator and window key is listed. */
  described = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; described[i] != NULL; i++)
    {
      g_test_message ("accelerator of %s", described[i]);
      g_assert_true (g_hash_table_contains (listed, described[i]));
    }
  for (guint i = 0; i < _akin_window_n_keys; i++)
    {
      gboolean found = FALSE;
      guint key, k;
      GdkModifierType mods, m;

      gtk_accelerator_parse (_akin_window_keys[i].accelerator, &key, &mods);
      for (GHashTableIter it = { 0 }; !found;)
        {
          gpointer s;

          g_hash_table_iter_init (&it, listed);
          while (g_hash_table_iter_next (&it, &s, NULL))
            if (gtk_accelerator_parse (s, &k, &m) && k == key && m == mods)
              found = TRUE;
          break;
        }
      g_assert_true (found);
      g_assert_true (window_has_action (window, GTK_APPLICATION (app),
                                        _akin_window_keys[i].action));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
spectrogram_settled (gpointer data)
{
  AkinSpectrogramView *view = data;

  return akin_spectrogram_view_has_data (view) && !akin_spectrogram_view_get_loading (view);
}

/* A spinner, not "No Spectrogram", while the playing song is analysed. */
static void
test_spectrogram_spinner (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinLibraryManager) manager = akin_library_manager_new (f->db_path, &error);
  AkinSpectrogramView *spectrogram;
  AkinWindow *window;
  AkinLibraryView *view;

  g_assert_no_error (error);
  window = new_window (manager);
  spectrogram = akin_window_get_spectrogram_view (window);
  view = AKIN_LIBRARY_VIEW (akin_window_get_library_view (window));
  g_assert_true (SPIN_UNTIL (app_test_model_filled, akin_library_view_get_model (view)));
  g_assert_false (akin_spectrogram_view_get_loading (spectrogram));

  g_assert_true (akin_library_view_play_position (view, 0));
  /* The analysis starts once the player's URI and the current track settle. */
  for (int i = 0; i < 50 && !akin_spectrogram_view_get_loading (spectrogram)
                          && !akin_spectrogram_view_has_data (spectrogram); i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (akin_spectrogram_view_get_loading (spectrogram));
  g_assert_false (akin_spectrogram_view_has_data (spectrogram));
  g_assert_true (SPIN_UNTIL (spectrogram_settled, spectrogram));

  akin_player_stop (akin_playback_get_player (akin_window_get_playback (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  int status;

  if (app_test_skip_without_display ("the keyboard tests"))
    return 77;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("AKIN_VLC_AOUT", "adummy", TRUE);
  bus = app_test_session_up ();
  /* No accessibility bus here: GTK's test backend keeps the accessible
   * properties where gtk_test_accessible_*() read them. */
  g_setenv ("GTK_A11Y", "test", TRUE);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/keyboard/keys", test_keys);
  ADD ("/keyboard/accessible-names", test_accessible_names);
  ADD ("/keyboard/shortcuts-window", test_shortcuts_window);
  ADD ("/keyboard/spectrogram-spinner", test_spectrogram_spinner);
#undef ADD

  status = g_test_run ();
  g_test_dbus_stop (bus);
  return status;
}
