/* akin-cli-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers shared by the library commands: which database and model to
 * use, one-line errors that name what failed, and how a track is shown.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "akin-cli.h"
#include "akin-cli-library.h"
#include "akin-engine.h"

void
akin_cli_library_options_clear (AkinCliLibraryOptions *options)
{
  g_clear_pointer (&options->db_path, g_free);
  g_clear_pointer (&options->model_path, g_free);
}

/* The --db option, else the library the app uses. */
const char *
akin_cli_library_db_path (AkinCliLibraryOptions *options)
{
  if (options->db_path == NULL)
    options->db_path = akin_library_default_database_path ();
  return options->db_path;
}

/* @text with its control characters (a newline, a tab in a file name)
 * written as escapes (“\n”, “\t”, “\x1b”), so that it never splits the
 * line it is printed on. */
static char *
escape_controls (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '\n')
        g_string_append (out, "\\n");
      else if (*c == '\t')
        g_string_append (out, "\\t");
      else if (*c == '\r')
        g_string_append (out, "\\r");
      else if ((guchar) *c < 0x20 || *c == 0x7f)
        g_string_append_printf (out, "\\x%02x", (guchar) *c);
      else
        g_string_append_c (out, *c);
    }
  return g_string_free (out, FALSE);
}

/* "SUBJECT: MESSAGE", or only the message when it already names SUBJECT;
 * on one line. */
char *
akin_cli_format_error (const char   *subject,
                       const GError *error)
{
  g_autofree char *message = g_utf8_make_valid (error->message, -1);
  g_autofree char *escaped = escape_controls (message);

  if (subject == NULL || strstr (escaped, subject) != NULL)
    return g_steal_pointer (&escaped);
  return g_strdup_printf ("%s: %s", subject, escaped);
}

/* Prints "akin-cli: SUBJECT: MESSAGE" (see akin_cli_format_error()). */
void
akin_cli_print_error (const char   *subject,
                      const GError *error)
{
  g_autofree char *text = akin_cli_format_error (subject, error);

  akin_cli_printerr ("%s", text);
}

/* Opens the library with an integrity check, printing the error on
 * failure. With @write, creates the database (and its folder) when absent
 * and brings its schema up to date; without, opens an existing database
 * read-only: nothing is created or written (a read-only folder is fine). */
AkinDatabase *
akin_cli_open_database (AkinCliLibraryOptions *options,
                        gboolean               write)
{
  const char *path = akin_cli_library_db_path (options);
  g_autoptr(GError) error = NULL;
  AkinDatabase *db;

  if (!write && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      akin_cli_printerr (_("%s: no library database there; run “akin-cli scan DIR” first"), path);
      return NULL;
    }
  if (write)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          int saved_errno = errno;

          akin_cli_printerr ("%s: %s", dir, g_strerror (saved_errno));
          return NULL;
        }
    }

  db = akin_database_open (path, AKIN_DATABASE_CHECK_INTEGRITY
                                 | (write ? 0 : AKIN_DATABASE_READ_ONLY), &error);
  if (db == NULL && g_error_matches (error, AKIN_ERROR, AKIN_ERROR_SCHEMA_TOO_OLD))
    {
      /* Translators: %s is the library database's file */
      akin_cli_printerr (_("%s: the library database is from an older version of Akin or holds "
                           "no library; run “akin-cli scan DIR” to update it"), path);
      return NULL;
    }
  if (db == NULL)
    akin_cli_print_error (path, error);
  return db;
}

/* Loads --model, else the shipped model, printing the error on failure. */
AkinModel *
akin_cli_load_model (AkinCliLibraryOptions *options)
{
  g_autoptr(GError) error = NULL;
  AkinModel *model;

  akin_nn_blas_single_thread ();
  if (options->model_path != NULL)
    model = akin_model_load (options->model_path, &error);
  else
    model = akin_model_load_default (&error);
  if (model == NULL)
    akin_cli_print_error (options->model_path, error);
  return model;
}

/* What a query needs of --model (else of the shipped model), without its
 * networks; prints the error on failure. */
AkinModelSummary *
akin_cli_load_model_summary (AkinCliLibraryOptions *options)
{
  g_autoptr(GError) error = NULL;
  AkinModelSummary *summary = akin_model_summary_load (options->model_path, &error);

  if (summary == NULL)
    akin_cli_print_error (options->model_path, error);
  return summary;
}

/* A local path for file:// URIs, the URI itself otherwise; valid UTF-8 on
 * one line (see escape_controls()). */
char *
akin_cli_uri_to_display (const char *uri)
{
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
  g_autofree char *text = path != NULL ? g_filename_display_name (path)
                                       : g_utf8_make_valid (uri, -1);

  return escape_controls (text);
}

/* "Artist – Title" when tagged, else the file name. */
char *
akin_cli_song_name (const char *title,
                    const char *artist,
                    const char *uri)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *basename = NULL;

  if (title != NULL && artist != NULL)
    return g_strdup_printf ("%s – %s", artist, title);
  if (title != NULL)
    return g_strdup (title);
  file = g_file_new_for_uri (uri);
  basename = g_file_get_basename (file);
  return basename != NULL ? g_filename_display_name (basename) : g_strdup (uri);
}

/* m:ss, or h:mm:ss from an hour on. */
char *
akin_cli_format_duration (double seconds)
{
  guint s = seconds > 0 ? (guint) (seconds + 0.5) : 0;

  if (s >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
  return g_strdup_printf ("%u:%02u", s / 60, s % 60);
}

/* Names each track whose stored vector was damaged and left out of @index
 * (the index removed it: the next scan analyses the track again). */
void
akin_cli_report_damaged (AkinSimilarityIndex *index,
                         AkinDatabase        *db)
{
  g_autoptr(GArray) damaged = akin_similarity_index_dup_damaged (index);

  for (guint i = 0; i < damaged->len; i++)
    {
      gint64 id = g_array_index (damaged, gint64, i);
      g_autoptr(AkinTrack) track = akin_database_get_track (db, id, NULL);
      g_autofree char *name = track != NULL ? akin_cli_uri_to_display (track->uri)
                                            : g_strdup_printf ("%" G_GINT64_FORMAT, id);

      /* Translators: %s is a song's file */
      akin_cli_printerr (_("%s: its stored analysis is damaged; it is left out until the next "
                           "scan analyses it again"), name);
    }
}
