/* akin-problems-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists what could not be analysed, each file with the reason: the failed
 * tracks stored in the database (from any run) and whatever else the last
 * run reported (an unreadable folder, a broken link). Then the files that
 * could not be played (libvlc's failures, as the player reported them to
 * the library manager since the start). Then the recordings
 * the library holds in more than one file (found by the fingerprints), so
 * that a user can tidy the library. Opened from the analysis button's
 * popover. “Try Again” analyses every failed song again (a file that
 * could not be read may be readable now).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "akin-problems-dialog.h"

struct _AkinProblemsDialog
{
  AdwWindow       parent_instance;

  AkinLibraryManager *manager;
  guint           n_problems;
  guint           n_unplayable;
  guint           n_duplicates;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkButton      *retry_button;
  GtkStack       *stack;
  GtkWidget      *failed_label;
  GtkListBox     *list_box;
  GtkWidget      *unplayable_label;
  GtkListBox     *unplayable_box;
  GtkWidget      *duplicates_label;
  GtkListBox     *duplicates_box;
};

G_DEFINE_FINAL_TYPE (AkinProblemsDialog, akin_problems_dialog, ADW_TYPE_WINDOW)

static GtkWidget *
problem_row_new (const char *uri,
                 const char *reason)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *name = basename != NULL ? g_filename_display_name (basename) : g_strdup (uri);
  g_autofree char *path = g_file_get_parse_name (file);
  g_autofree char *title = g_markup_escape_text (name, -1);
  g_autofree char *subtitle = g_markup_escape_text (reason, -1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_tooltip_text (row, path);
  return row;
}

static void
add_row (AkinProblemsDialog *self,
         const char         *uri,
         const char         *reason)
{
  gtk_list_box_append (self->list_box, problem_row_new (uri, reason));
  self->n_problems++;
}

static void
fill_unplayable (AkinProblemsDialog *self,
                 AkinLibraryManager *manager)
{
  g_autoptr(GPtrArray) unplayable = akin_library_manager_dup_playback_problems (manager);

  for (guint i = 0; i < unplayable->len; i++)
    {
      const AkinAnalyzerProblem *p = g_ptr_array_index (unplayable, i);

      gtk_list_box_append (self->unplayable_box, problem_row_new (p->uri, p->error->message));
      self->n_unplayable++;
    }
  gtk_widget_set_visible (self->unplayable_label, self->n_unplayable > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->unplayable_box), self->n_unplayable > 0);
}

static char *
file_name (const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autofree char *basename = g_file_get_basename (file);

  return basename != NULL ? g_filename_display_name (basename) : g_strdup (uri);
}

/* One row per recording: its best copy's name, then each file. */
static void
add_recording (AkinProblemsDialog *self,
               AkinDatabase       *db,
               const AkinRecordingMember *members,
               guint               n)
{
  g_autoptr(GString) files = g_string_new (NULL);
  g_autoptr(AkinTrack) best = akin_database_get_track (db, members[0].recording, NULL);
  g_autofree char *best_name = best != NULL ? file_name (best->uri) : g_strdup ("?");
  g_autofree char *title = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("edit-copy-symbolic");

  if (best != NULL && best->tags.title != NULL && best->tags.artist != NULL)
    title = g_strdup_printf ("%s – %s", best->tags.artist, best->tags.title);
  else if (best != NULL && best->tags.title != NULL)
    title = g_strdup (best->tags.title);
  else
    title = g_strdup (best_name);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AkinTrack) track = akin_database_get_track (db, members[i].track_id, NULL);
      g_autofree char *name = track != NULL ? file_name (track->uri) : g_strdup ("?");

      if (files->len > 0)
        g_string_append_c (files, '\n');
      if (members[i].track_id == members[i].recording)
        /* Translators: the file kept in the similar songs, among a recording's files */
        g_string_append_printf (files, _("%s (best copy)"), name);
      else
        g_string_append (files, name);
    }
  {
    g_autofree char *escaped_title = g_markup_escape_text (title, -1);
    g_autofree char *escaped_files = g_markup_escape_text (files->str, -1);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_files);
  }
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), (int) MIN (n, 8));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (self->duplicates_box, row);
  self->n_duplicates++;
}

static void
fill_duplicates (AkinProblemsDialog *self,
                 AkinDatabase       *db)
{
  g_autoptr(GArray) members = NULL;
  g_autoptr(GError) error = NULL;
  guint start = 0;

  members = akin_database_list_recordings (db, &error);
  if (members == NULL)
    {
      g_debug ("The recordings could not be listed: %s", error->message);
      return;
    }
  for (guint i = 1; i <= members->len; i++)
    if (i == members->len
        || g_array_index (members, AkinRecordingMember, i).recording
           != g_array_index (members, AkinRecordingMember, start).recording)
      {
        add_recording (self, db, &g_array_index (members, AkinRecordingMember, start), i - start);
        start = i;
      }
}

static void
fill (AkinProblemsDialog *self,
      AkinLibraryManager *manager)
{
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GPtrArray) problems = akin_library_manager_dup_problems (manager);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *subtitle = NULL;
  g_autoptr(GError) error = NULL;

  failed = akin_database_list_failed (akin_library_manager_get_database (manager), &error);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), failed != NULL && failed->len > 0);
  for (guint i = 0; failed != NULL && i < failed->len; i++)
    {
      const AkinTrack *track = g_ptr_array_index (failed, i);

      add_row (self, track->uri, track->last_error != NULL ? track->last_error : _("Unknown error"));
      g_hash_table_add (listed, track->uri);
    }
  for (guint i = 0; i < problems->len; i++)
    {
      const AkinAnalyzerProblem *p = g_ptr_array_index (problems, i);

      if (!g_hash_table_contains (listed, p->uri))
        add_row (self, p->uri, p->error->message);
    }
  if (error != NULL)
    add_row (self, akin_library_manager_get_database_path (manager), error->message);
  fill_unplayable (self, manager);
  fill_duplicates (self, akin_library_manager_get_database (manager));

  gtk_widget_set_visible (self->failed_label, self->n_problems > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), self->n_problems > 0);
  gtk_widget_set_visible (self->duplicates_label, self->n_duplicates > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_box), self->n_duplicates > 0);
  if (self->n_problems + self->n_unplayable > 0)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files",
                                             self->n_problems + self->n_unplayable),
                                self->n_problems + self->n_unplayable);
  else if (self->n_duplicates > 0)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u song in several files",
                                             "%u songs in several files", self->n_duplicates),
                                self->n_duplicates);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack,
                                    self->n_problems + self->n_unplayable + self->n_duplicates > 0
                                      ? "list" : "empty");
}

static void
on_retry_clicked (AkinProblemsDialog *self)
{
  akin_library_manager_retry_failed (self->manager);
  gtk_window_close (GTK_WINDOW (self));
}

static void
akin_problems_dialog_dispose (GObject *object)
{
  AkinProblemsDialog *self = AKIN_PROBLEMS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), AKIN_TYPE_PROBLEMS_DIALOG);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (akin_problems_dialog_parent_class)->dispose (object);
}

static void
akin_problems_dialog_class_init (AkinProblemsDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = akin_problems_dialog_dispose;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/akinplayer/Akin/ui/akin-problems-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AkinProblemsDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, AkinProblemsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, AkinProblemsDialog, failed_label);
  gtk_widget_class_bind_template_child (widget_class, AkinProblemsDialog, list_box);
  gtk_widget_class_bind_template_child (widget_class, AkinProblemsDialog, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
  gtk_widget_class_bind_template_child (widget_class, AkinProblemsDialog, unplayable_label);
  gtk_widget_class_bind_template_child (widget_class, AkinProblemsDialog, unplayable_box);
  gtk_widget_class_bind_template_child (widget_class, AkinProblemsDialog, duplicates_label);
  gtk_widget_class_bind_template_child (widget_class, AkinProblemsDialog, duplicates_box);
}

static void
akin_problems_dialog_init (AkinProblemsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * akin_problems_dialog_new:
 * @manager: the library
 *
 * Returns: (transfer floating): a dialog listing the current problems
 */
GtkWidget *
akin_problems_dialog_new (AkinLibraryManager *manager)
{
  AkinProblemsDialog *self;

  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (manager), NULL);

  self = g_object_new (AKIN_TYPE_PROBLEMS_DIALOG, NULL);
  self->manager = g_object_ref (manager);
  fill (self, manager);
  return GTK_WIDGET (self);
}

guint
akin_problems_dialog_get_n_problems (AkinProblemsDialog *self)
{
  g_return_val_if_fail (AKIN_IS_PROBLEMS_DIALOG (self), 0);
  return self->n_problems;
}

/**
 * akin_problems_dialog_get_retry_button:
 *
 * Returns: (transfer none): the “Try Again” button, shown when songs failed
 */
GtkButton *
akin_problems_dialog_get_retry_button (AkinProblemsDialog *self)
{
  g_return_val_if_fail (AKIN_IS_PROBLEMS_DIALOG (self), NULL);
  return self->retry_button;
}

/**
 * akin_problems_dialog_get_list_box:
 *
 * Returns: (transfer none): the list of AdwActionRow, one per problem
 */
GtkListBox *
akin_problems_dialog_get_list_box (AkinProblemsDialog *self)
{
  g_return_val_if_fail (AKIN_IS_PROBLEMS_DIALOG (self), NULL);
  return self->list_box;
}

/**
 * akin_problems_dialog_get_unplayable_box:
 *
 * Returns: (transfer none): the list of AdwActionRow, one per file that
 *   could not be played
 */
GtkListBox *
akin_problems_dialog_get_unplayable_box (AkinProblemsDialog *self)
{
  g_return_val_if_fail (AKIN_IS_PROBLEMS_DIALOG (self), NULL);
  return self->unplayable_box;
}
