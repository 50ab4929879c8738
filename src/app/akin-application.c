/* akin-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application owns the one AkinPlayer and the MPRIS service, creates the
 * window, sets every keyboard accelerator, and plays files handed over by the
 * command line or a file manager.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-application.h"
#include "akin-window.h"
#include "mpris/akin-mpris.h"

struct _AkinApplication
{
  AdwApplication  parent_instance;

  AkinPlayer     *player;
  AkinMpris      *mpris;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (AkinApplication, akin_application, ADW_TYPE_APPLICATION)

static const struct {
  const char *action;
  const char *accels[3];
} accelerators[] = {
  /* Space is a shortcut of the window (akin-window.ui) in the bubble phase,
   * so it keeps working as a key in entries and buttons. */
  { "player.seek-backward", { "<Alt>Left", NULL } },
  { "player.seek-forward", { "<Alt>Right", NULL } },
  /* Installed by the library view. */
  { "win.search", { "<Primary>f", NULL } },
  { "library.add-folder", { "<Primary>o", NULL } },
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

static void
on_mpris_next_requested (AkinApplication *self)
{
  AkinWindow *window = get_window (self);

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "player.next", NULL);
}

static void
on_mpris_previous_requested (AkinApplication *self)
{
  AkinWindow *window = get_window (self);

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "player.previous", NULL);
}

static AkinWindow *
ensure_window (AkinApplication *self)
{
  AkinWindow *window = get_window (self);

  if (window != NULL)
    return window;

  window = akin_window_new (ADW_APPLICATION (self), self->player);
  g_object_bind_property (window, "now-playing", self->mpris, "now-playing",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (window, "can-go-next", self->mpris, "can-go-next",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (window, "can-go-previous", self->mpris, "can-go-previous",
                          G_BINDING_SYNC_CREATE);
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

static const GActionEntry app_entries[] = {
  { "about", about_activated },
  { "quit", quit_activated },
};

static void
akin_application_startup (GApplication *application)
{
  AkinApplication *self = AKIN_APPLICATION (application);

  G_APPLICATION_CLASS (akin_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accelerators[i].action,
                                           accelerators[i].accels);

  self->settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  self->player = akin_player_new ();
  g_settings_bind (self->settings, "volume", self->player, "volume", G_SETTINGS_BIND_DEFAULT);

  self->mpris = akin_mpris_new (application, self->player);
  g_signal_connect_object (self->mpris, "next-requested", G_CALLBACK (on_mpris_next_requested),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mpris, "previous-requested",
                           G_CALLBACK (on_mpris_previous_requested), self, G_CONNECT_SWAPPED);
}

static void
akin_application_shutdown (GApplication *application)
{
  AkinApplication *self = AKIN_APPLICATION (application);

  if (self->player != NULL)
    akin_player_stop (self->player);
  g_clear_object (&self->mpris);

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

  /* One track at a time until there is a queue: play the first file. */
  if (n_files > 0)
    {
      uri = g_file_get_uri (files[0]);
      akin_window_play_uri (window, uri, NULL);
    }
}

static void
akin_application_finalize (GObject *object)
{
  AkinApplication *self = AKIN_APPLICATION (object);

  g_clear_object (&self->mpris);
  g_clear_object (&self->player);
  g_clear_object (&self->settings);

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
 * akin_application_get_player:
 *
 * Returns: (nullable) (transfer none): the player, once the application
 *   has started up
 */
AkinPlayer *
akin_application_get_player (AkinApplication *self)
{
  g_return_val_if_fail (AKIN_IS_APPLICATION (self), NULL);
  return self->player;
}
