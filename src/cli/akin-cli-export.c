/* akin-cli-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * akin-cli export DIR: one JSON file per analysed track, <id>.json, in the
 * prototype's per-track format with the database id as "id". Each file is
 * written atomically (a temporary file renamed over the old one).
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "akin-cli.h"
#include "akin-cli-library.h"
#include "akin-engine.h"

static gboolean
export_track (AkinDatabase     *db,
              const AkinTrack  *track,
              const char       *dir,
              GError          **error)
{
  g_auto(AkinDescriptorRecord) record = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (!akin_database_get_descriptors (db, track->id, &record, error))
    return FALSE;
  node = akin_descriptor_record_to_json (&record, track->id);
  text = akin_json_to_string (node);
  name = g_strdup_printf ("%" G_GINT64_FORMAT ".json", track->id);
  path = g_build_filename (dir, name, NULL);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

/* DIR itself is created when absent, but only in a folder that exists:
 * a mistyped path is an error, not a new tree of folders. */
static gboolean
make_folder (const char *dir)
{
  g_autofree char *parent = NULL;

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;
  parent = g_path_get_dirname (dir);
  if (!g_file_test (parent, G_FILE_TEST_IS_DIR))
    {
      /* Translators: the first %s is the folder given to export, the second its parent */
      akin_cli_printerr (_("%s: the folder %s does not exist; export creates only the last "
                           "folder of the path"), dir, parent);
      return FALSE;
    }
  if (g_mkdir (dir, 0755) != 0)
    {
      int saved_errno = errno;

      akin_cli_printerr ("%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static int
export_main (int    argc,
             char **argv)
{
  g_auto(AkinCliLibraryOptions) lib = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autofree char *dir = NULL;
  guint n_exported = 0, n_failed = 0;
  const GOptionEntry entries[] = {
    AKIN_CLI_DB_OPTION (lib),
    { NULL }
  };

  context = g_option_context_new (_("DIR — write each analysed track’s descriptors as JSON"));
  g_option_context_set_summary (context,
                                _("Writes DIR/ID.json for every analysed track of the library: "
                                  "the descriptors (tempo, key, roll-off…) in the prototype’s "
                                  "format, with the library’s track id."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 2;
    }
  if (argc != 2)
    {
      akin_cli_printerr ("%s", _("give one folder; see “akin-cli export --help”"));
      return 2;
    }
  dir = g_strdup (argv[1]);

  if ((db = akin_cli_open_database (&lib, FALSE)) == NULL)
    return 1;
  tracks = akin_database_list_tracks (db, NULL, AKIN_TRACK_SORT_ID, FALSE, 0, G_MAXUINT, &error);
  if (tracks == NULL)
    {
      akin_cli_print_error (akin_cli_library_db_path (&lib), error);
      return 1;
    }
  if (!make_folder (dir))
    return 1;

  for (guint i = 0; i < tracks->len; i++)
    {
      const AkinTrack *track = g_ptr_array_index (tracks, i);
      g_autoptr(GError) track_error = NULL;

      if (track->status != AKIN_TRACK_STATUS_ANALYZED)
        continue;
      if (export_track (db, track, dir, &track_error))
        {
          n_exported++;
        }
      else
        {
          g_autofree char *name = akin_cli_uri_to_display (track->uri);

          akin_cli_print_error (name, track_error);
          n_failed++;
        }
    }

  g_printerr (g_dngettext (GETTEXT_PACKAGE, "Exported %u track to %s.\n",
                           "Exported %u tracks to %s.\n", n_exported), n_exported, dir);
  return n_failed == 0 ? 0 : 1;
}

const AkinCliCommand akin_cli_export = {
  "export", export_main, N_("Write each analysed track’s descriptors as JSON files"),
};
