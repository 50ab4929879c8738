/* akin-cli-duplicates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * akin-cli duplicates [--json]: the recordings the library holds in more
 * than one file (the same recording in another format, bit rate or an
 * excerpt of it, found by the acoustic fingerprints), each with its best
 * copy first, so that a user can tidy the library. The groups are brought
 * up to date first; a damaged fingerprint is reported by track and left
 * out.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "akin-cli.h"
#include "akin-cli-library.h"
#include "akin-engine.h"

static double
kbps (const AkinTrack *track)
{
  if (track->duration <= 0)
    return 0;
  return round (8.0 * (double) track->size / track->duration / 1000.0);
}

static void
print_json (GArray    *members,
            GPtrArray *tracks)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gboolean open = FALSE;

  json_builder_begin_array (builder);
  for (guint i = 0; i < members->len; i++)
    {
      const AkinRecordingMember *m = &g_array_index (members, AkinRecordingMember, i);
      const AkinTrack *track = g_ptr_array_index (tracks, i);

      if (i == 0 || m->recording != g_array_index (members, AkinRecordingMember, i - 1).recording)
        {
          if (open)
            {
              json_builder_end_array (builder);
              json_builder_end_object (builder);
            }
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "recording");
          json_builder_add_int_value (builder, m->recording);
          json_builder_set_member_name (builder, "tracks");
          json_builder_begin_array (builder);
          open = TRUE;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, m->track_id);
      json_builder_set_member_name (builder, "best");
      json_builder_add_boolean_value (builder, m->track_id == m->recording);
      akin_json_builder_add_string_or_null (builder, "uri", track != NULL ? track->uri : NULL);
      akin_json_builder_add_string_or_null (builder, "title",
                                            track != NULL ? track->tags.title : NULL);
      akin_json_builder_add_string_or_null (builder, "artist",
                                            track != NULL ? track->tags.artist : NULL);
      json_builder_set_member_name (builder, "duration");
      json_builder_add_double_value (builder, track != NULL ? round (track->duration * 1000) / 1000 : 0);
      json_builder_set_member_name (builder, "kbps");
      json_builder_add_double_value (builder, track != NULL ? kbps (track) : 0);
      json_builder_set_member_name (builder, "lossless");
      json_builder_add_boolean_value (builder, m->lossless);
      json_builder_end_object (builder);
    }
  if (open)
    {
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = akin_json_to_string (root);
  g_print ("%s\n", text);
}

static void
print_readable (GArray    *members,
                GPtrArray *tracks)
{
  guint n_groups = 0;

  for (guint i = 0; i < members->len; i++)
    {
      const AkinRecordingMember *m = &g_array_index (members, AkinRecordingMember, i);
      const AkinTrack *track = g_ptr_array_index (tracks, i);
      g_autofree char *name = track != NULL
                              ? akin_cli_song_name (track->tags.title, track->tags.artist,
                                                    track->uri)
                              : g_strdup ("?");
      g_autofree char *where = track != NULL ? akin_cli_uri_to_display (track->uri) : g_strdup ("?");
      g_autofree char *duration = akin_cli_format_duration (track != NULL ? track->duration : 0);

      if (i == 0 || m->recording != g_array_index (members, AkinRecordingMember, i - 1).recording)
        {
          g_print ("%s%s\n", n_groups > 0 ? "\n" : "", name);
          n_groups++;
        }
      /* Translators: one file of a recording: best-copy mark, id, file,
       * duration, bit rate, "lossless" or "lossy" */
      g_print (_("  %s #%-6lld %s  (%s, %.0f kb/s, %s)\n"),
               m->track_id == m->recording ? "*" : " ", (long long) m->track_id, where, duration,
               track != NULL ? kbps (track) : 0.0, m->lossless ? _("lossless") : _("lossy"));
    }
  if (n_groups == 0)
    g_print ("%s\n", _("No recording is in the library more than once."));
  else
    g_print (ngettext ("\n%u recording is in the library more than once (* marks the best "
                       "copy).\n",
                       "\n%u recordings are in the library more than once (* marks the best "
                       "copy).\n", n_groups), n_groups);
}

static int
duplicates_main (int    argc,
                 char **argv)
{
  g_auto(AkinCliLibraryOptions) lib = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON array"), NULL },
    AKIN_CLI_DB_OPTION (lib),
    { NULL }
  };

  context = g_option_context_new (_("— list the recordings the library holds more than once"));
  g_option_context_set_summary (context,
                                _("Lists the groups of files that hold one recording (another "
                                  "format, bit rate, or an excerpt), found by their acoustic "
                                  "fingerprints, the best copy first."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 2;
    }
  if (argc > 1)
    {
      akin_cli_printerr ("%s", _("duplicates takes no file; see “akin-cli duplicates --help”"));
      return 2;
    }

  if ((db = akin_cli_open_database (&lib, FALSE)) == NULL)
    return 1;
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_analyzer_problem_free);
  /* A scan leaves the recordings up to date and the library is only read.
   * After a scan that did not finish, the recordings are brought up to
   * date as the scan would have done, which needs writing. */
  if (!akin_recordings_update (db, problems, NULL, NULL, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    {
      g_clear_error (&error);
      g_clear_pointer (&db, akin_database_close);
      g_ptr_array_set_size (problems, 0);
      if ((db = akin_cli_open_database (&lib, TRUE)) == NULL)
        return 1;
      akin_recordings_update (db, problems, NULL, NULL, &error);
    }
  if (error != NULL || (members = akin_database_list_recordings (db, &error)) == NULL)
    {
      akin_cli_print_error (akin_cli_library_db_path (&lib), error);
      return 1;
    }
  for (guint i = 0; i < problems->len; i++)
    {
      AkinAnalyzerProblem *problem = problems->pdata[i];
      g_autofree char *where = akin_cli_uri_to_display (problem->uri);

      akin_cli_print_error (where, problem->error);
    }

  tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_track_free);
  for (guint i = 0; i < members->len; i++)
    g_ptr_array_add (tracks, akin_database_get_track (db, g_array_index (members,
                                                                         AkinRecordingMember,
                                                                         i).track_id, NULL));
  if (json)
    print_json (members, tracks);
  else
    print_readable (members, tracks);
  return 0;
}

const AkinCliCommand akin_cli_duplicates = {
  "duplicates", duplicates_main,
  N_("List the recordings the library holds in more than one file"),
};
