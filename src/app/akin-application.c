/* akin-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application owns the one AkinPlayback (the player, the queue and the
 * current track), the MPRIS service and the library manager, creates the
 * window, sets every keyboard accelerator, and
 * plays files handed over by the command line or a file manager. It hands
 * the `music-folders` setting to the manager, which follows it, keeps the
 * manager in step with `analysis-threads`, and offers a new library when
 * the database cannot be opened. OpenBLAS runs every product on the
 * analysing thread (akin_nn_blas_single_thread()): the analyzer runs one
 * song per core already, and idle BLAS workers would spin beside it.
 *
 * Built with -Dbench_hooks=true (never for the shipped program), and with
 * AKIN_BENCH_STARTUP=1 in the environment, it prints, after the first
 * frame of the window, the time since the process started and its resident
 * memory, then quits (bench/bench-startup). AKIN_BENCH_SCAN and
 * AKIN_BENCH_SIMILAR measure main-loop stalls during a scan and the similar
 * pane's latency (bench/bench-responsiveness).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "akin-application.h"
#include "akin-engine.h"
#include "akin-preferences-window.h"
#include "akin-window.h"
#include "mpris/akin-mpris.h"

struct _AkinApplication
{
  AdwApplication  parent_instance;

  AkinPlayback       *playback;
  AkinMpris          *mpris;
  GSettings          *settings;
  AkinLibraryManager *library_manager;   /* NULL when the database cannot be used */
  GError             *library_error;
};

G_DEFINE_FINAL_TYPE (AkinApplication, akin_application, ADW_TYPE_APPLICATION)

static const struct {
  const char *action;
  const char *accels[3];
} accelerators[] = {
  /* Space and Ctrl+Left/Right are keys of the window (akin-window.c), which
   * leaves them to text entries. */
  { "player.seek-backward", { "<Alt>Left", NULL } },
  { "player.seek-forward", { "<Alt>Right", NULL } },
  /* Installed by the library view. */
  { "win.search", { "<Primary>f", NULL } },
  { "library.add-folder", { "<Primary>o", NULL } },
  { "library.rescan", { "F5", NULL } },
  { "library.play-next", { "<Primary>Return", NULL } },
  { "library.add-to-queue", { "<Primary><Shift>Return", NULL } },
  { "player.cycle-repeat", { "<Primary>r", NULL } },
  { "player.shuffle", { "<Primary>u", NULL } },
  { "app.preferences", { "<Primary>comma", NULL } },
  /* Installed by the similar-songs controller. */
  { "win.find-similar-file", { "<Primary><Shift>o", NULL } },
  { "win.show-help-overlay", { "<Primary>question", NULL } },
  { "app.quit", { "<Primary>q", NULL } },
};

static AkinWindow *
get_window (AkinApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (AKIN_IS_WINDOW (window))
    return AKIN_WINDOW (window);
  return NULL;
}

static AkinWindow *
ensure_window (AkinApplication *self)
{
  AkinWindow *window = get_window (self);

  if (window != NULL)
    return window;

  window = akin_window_new (ADW_APPLICATION (self), self->playback);
  if (self->library_manager != NULL)
    akin_window_set_library_manager (window, self->library_manager);
  else if (self->library_error != NULL)
    akin_window_show_library_error (window, self->library_error);
#ifdef AKIN_BENCH_HOOKS
  if (g_getenv ("AKIN_BENCH_STARTUP") != NULL)
    _akin_application_report_first_frame (GTK_WIDGET (window));
  else if (g_getenv ("AKIN_BENCH_SCAN") != NULL || g_getenv ("AKIN_BENCH_SIMILAR") != NULL)
    _akin_application_bench_responsiveness (GTK_WIDGET (window));
#endif
  return window;
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  AkinApplication *self = data;
  const char      *developers[] = { _("The Akin developers"), NULL };
  GtkWidget       *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Akin"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Akin developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("A music player that finds the songs in your library "
                                      "that sound like the one you are playing"),
                        "issue-url", BUGREPORT_URL,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  AkinApplication *self = data;
  GList           *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing the windows (instead of g_application_quit) lets them save
   * their size. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       data)
{
  AkinApplication *self = data;
  GtkWidget       *window;

  window = akin_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                        self->library_manager);
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_analysis_threads_changed (AkinApplication *self)
{
  if (self->library_manager != NULL)
    akin_library_manager_set_n_workers (self->library_manager,
                                        (guint) g_settings_get_int (self->settings,
                                                                    "analysis-threads"));
}

/* From here on the library's folders follow the `music-folders` setting,
 * their one source of truth, and the library rescans. */
static gboolean
follow_folders_idle (gpointer data)
{
  AkinApplication *self = data;

  if (self->library_manager != NULL)
    akin_library_manager_follow_folders (self->library_manager, self->settings);
  return G_SOURCE_REMOVE;
}

/* Opens the library and starts the start-up rescan in the background. */
static void
open_library (AkinApplication *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->library_manager);
  g_clear_error (&self->library_error);
  self->library_manager = akin_library_manager_new (NULL, &error);
  if (self->library_manager == NULL)
    {
      g_autofree char *path = akin_library_default_database_path ();

      if (strstr (error->message, path) == NULL)
        g_prefix_error (&error, "%s: ", path);
      g_message ("The library could not be opened: %s", error->message);
      self->library_error = g_steal_pointer (&error);
      return;
    }
  on_analysis_threads_changed (self);
  /* The start-up rescan waits until the first window is up. */
  g_idle_add_full (G_PRIORITY_LOW, follow_folders_idle, g_object_ref (self), g_object_unref);
}

/* Moves the library file (and SQLite's companions) aside, never deleting
 * it, and opens a new one. */
static void
new_library_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       data)
{
  AkinApplication *self = data;
  g_autofree char *path = akin_library_default_database_path ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  const char *suffixes[] = { "", "-wal", "-shm" };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  g_clear_object (&self->library_manager);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strdup_printf ("%s.damaged-%s%s", path, stamp, suffixes[i]);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        {
          int saved = errno;
          g_autofree char *message = g_strdup_printf (_("Could not move “%s” aside: %s"), from,
                                                      g_strerror (saved));

          if (AKIN_IS_WINDOW (window))
            akin_window_show_toast (AKIN_WINDOW (window), message);
          return;
        }
    }
  open_library (self);
  if (AKIN_IS_WINDOW (window))
    {
      if (self->library_manager != NULL)
        akin_window_set_library_manager (AKIN_WINDOW (window), self->library_manager);
      else
        akin_window_show_library_error (AKIN_WINDOW (window), self->library_error);
    }
}

static const GActionEntry app_entries[] = {
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "new-library", new_library_activated },
  { "quit", quit_activated },
};

static void
akin_application_startup (GApplication *application)
{
  AkinApplication *self = AKIN_APPLICATION (application);

  G_APPLICATION_CLASS (akin_application_parent_class)->startup (application);

  akin_nn_blas_single_thread ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accelerators[i].action,
                                           accelerators[i].accels);

  self->settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  self->playback = akin_playback_new ();

  g_signal_connect_object (self->settings, "changed::analysis-threads",
                           G_CALLBACK (on_analysis_threads_changed), self, G_CONNECT_SWAPPED);
  open_library (self);

  self->mpris = akin_mpris_new (application, self->playback);
}

static void
akin_application_shutdown (GApplication *application)
{
  AkinApplication *self = AKIN_APPLICATION (application);

  if (self->playback != NULL)
    akin_playback_stop (self->playback);
  g_clear_object (&self->mpris);
  g_clear_object (&self->library_manager);

  G_APPLICATION_CLASS (akin_application_parent_class)->shutdown (application);
}

static void
akin_application_activate (GApplication *application)
{
  gtk_window_present (GTK_WINDOW (ensure_window (AKIN_APPLICATION (application))));
}

static void
akin_application_open (GApplication *application,
                       GFile       **files,
                       int           n_files,
                       const char   *hint)
{
  AkinApplication *self = AKIN_APPLICATION (application);
  AkinWindow      *window = ensure_window (self);
  g_autofree char *uri = NULL;

  gtk_window_present (GTK_WINDOW (window));

  /* The first file plays. */
  if (n_files > 0)
    {
      uri = g_file_get_uri (files[0]);
      akin_playback_play_uri (self->playback, uri, NULL);
    }
}

static void
akin_application_finalize (GObject *object)
{
  AkinApplication *self = AKIN_APPLICATION (object);

  g_clear_object (&self->mpris);
  g_clear_object (&self->playback);
  g_clear_object (&self->settings);
  g_clear_object (&self->library_manager);
  g_clear_error (&self->library_error);

  G_OBJECT_CLASS (akin_application_parent_class)->finalize (object);
}

static void
akin_application_class_init (AkinApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = akin_application_finalize;
  app_class->startup = akin_application_startup;
  app_class->shutdown = akin_application_shutdown;
  app_class->activate = akin_application_activate;
  app_class->open = akin_application_open;
}

static void
akin_application_init (AkinApplication *self)
{
}

/**
 * akin_application_new:
 *
 * Returns: (transfer full): the application
 */
AkinApplication *
akin_application_new (void)
{
  return g_object_new (AKIN_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       /* Development builds have another application id;
                        * one resource path finds gtk/help-overlay.ui and
                        * style.css in both. */
                       "resource-base-path", AKIN_RESOURCE_PATH,
                       NULL);
}

/**
 * akin_application_get_playback:
 *
 * Returns: (nullable) (transfer none): the playback, once the application
 *   has started up
 */
AkinPlayback *
akin_application_get_playback (AkinApplication *self)
{
  g_return_val_if_fail (AKIN_IS_APPLICATION (self), NULL);
  return self->playback;
}

/**
 * akin_application_get_library_manager:
 *
 * Returns: (nullable) (transfer none): the library, once the application
 *   has started up; %NULL when its database could not be opened
 */
AkinLibraryManager *
akin_application_get_library_manager (AkinApplication *self)
{
  g_return_val_if_fail (AKIN_IS_APPLICATION (self), NULL);
  return self->library_manager;
}
