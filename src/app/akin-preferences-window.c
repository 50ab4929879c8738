/* akin-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences: the music folders, how many songs are analysed at once,
 * the similar-songs rules, and cleaning up songs whose files are gone.
 * Everything but the clean-up is a GSettings key; the application follows
 * `music-folders` and `analysis-threads` into the library manager.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-preferences-window.h"

struct _AkinPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  AkinLibraryManager   *manager;   /* nullable */
  GtkFileChooserNative *chooser;
  guint                 n_folders;

  /* Template children */
  GtkListBox           *folders_list;
  GtkSpinButton        *threads_spin;
  GtkButton            *clean_button;
  GtkSwitch            *skip_artist_switch;
  GtkSwitch            *skip_album_switch;
};

G_DEFINE_FINAL_TYPE (AkinPreferencesWindow, akin_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
set_folders (AkinPreferencesWindow *self,
             GStrv                  folders)
{
  g_settings_set_strv (self->settings, "music-folders", (const char * const *) folders);
}

static void
on_remove_clicked (GtkButton             *button,
                   AkinPreferencesWindow *self)
{
  const char *uri = g_object_get_data (G_OBJECT (button), "uri");
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "music-folders");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; folders[i] != NULL; i++)
    if (g_strcmp0 (folders[i], uri) != 0)
      g_strv_builder_add (builder, folders[i]);
  kept = g_strv_builder_end (builder);
  set_folders (self, kept);
}

static void
fill_folders (AkinPreferencesWindow *self)
{
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "music-folders");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->folders_list))) != NULL)
    gtk_list_box_remove (self->folders_list, child);

  self->n_folders = g_strv_length (folders);
  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (folders[i]);
      g_autofree char *path = g_file_get_parse_name (file);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *title = g_markup_escape_text (name != NULL ? name : path, -1);
      g_autofree char *subtitle = g_markup_escape_text (path, -1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("folder-music-symbolic"));
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, _("Remove From Library"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove From Library"), -1);
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data_full (G_OBJECT (remove), "uri", g_strdup (folders[i]), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->folders_list, row);
    }
  if (folders[0] == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No music folders yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->folders_list, row);
    }
}

static void
on_chooser_response (AkinPreferencesWindow *self,
                     int                    response,
                     GtkFileChooserNative  *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *uri = folder != NULL ? g_file_get_uri (folder) : NULL;
      g_auto(GStrv) folders = g_settings_get_strv (self->settings, "music-folders");

      if (uri != NULL && !g_strv_contains ((const char * const *) folders, uri))
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) updated = NULL;

          g_strv_builder_addv (builder, (const char **) folders);
          g_strv_builder_add (builder, uri);
          updated = g_strv_builder_end (builder);
          set_folders (self, updated);
        }
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

static void
on_add_folder_clicked (AkinPreferencesWindow *self)
{
  if (self->chooser == NULL)
    {
      self->chooser = gtk_file_chooser_native_new (_("Add Music Folder"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                   _("_Add"), _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
      g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_clean_response (AkinPreferencesWindow *self,
                   const char            *response)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  if (g_strcmp0 (response, "clean") != 0 || self->manager == NULL)
    return;
  if (!akin_library_manager_clean_missing (self->manager, &n, &error))
    message = g_strdup_printf (_("Could not clean up: %s"), error->message);
  else if (n == 0)
    message = g_strdup (_("No songs are missing"));
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Forgot %u missing song",
                                            "Forgot %u missing songs", n), n);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
on_clean_clicked (AkinPreferencesWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Clean Up Missing Songs?"),
                                                       _("Songs whose files were not found by "
                                                         "the last scan are removed from the "
                                                         "library with their analyses. If the "
                                                         "files come back, they are analysed "
                                                         "again.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "clean", _("_Clean Up"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "clean", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_clean_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
akin_preferences_window_dispose (GObject *object)
{
  AkinPreferencesWindow *self = AKIN_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), AKIN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (akin_preferences_window_parent_class)->dispose (object);
}

static void
akin_preferences_window_class_init (AkinPreferencesWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = akin_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/akinplayer/Akin/ui/akin-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AkinPreferencesWindow, folders_list);
  gtk_widget_class_bind_template_child (widget_class, AkinPreferencesWindow, threads_spin);
  gtk_widget_class_bind_template_child (widget_class, AkinPreferencesWindow, clean_button);
  gtk_widget_class_bind_template_child (widget_class, AkinPreferencesWindow, skip_artist_switch);
  gtk_widget_class_bind_template_child (widget_class, AkinPreferencesWindow, skip_album_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_add_folder_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_clean_clicked);
}

static void
akin_preferences_window_init (AkinPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (AKIN_SETTINGS_SCHEMA_ID);
  g_settings_bind (self->settings, "analysis-threads", self->threads_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "skip-same-artist", self->skip_artist_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "skip-same-album", self->skip_album_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::music-folders", G_CALLBACK (fill_folders),
                           self, G_CONNECT_SWAPPED);
  fill_folders (self);
}

/**
 * akin_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @manager: (nullable): the library, for cleaning up; the button is
 *   insensitive without one
 *
 * Returns: (transfer floating): a new preferences window
 */
GtkWidget *
akin_preferences_window_new (GtkWindow          *parent,
                             AkinLibraryManager *manager)
{
  AkinPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (manager == NULL || AKIN_IS_LIBRARY_MANAGER (manager), NULL);

  self = g_object_new (AKIN_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  if (manager != NULL)
    self->manager = g_object_ref (manager);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clean_button), manager != NULL);
  return GTK_WIDGET (self);
}

/**
 * akin_preferences_window_get_n_folders:
 *
 * Returns: how many music folders the window lists
 */
guint
akin_preferences_window_get_n_folders (AkinPreferencesWindow *self)
{
  g_return_val_if_fail (AKIN_IS_PREFERENCES_WINDOW (self), 0);
  return self->n_folders;
}
