/* akin-cli-neighbours.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * akin-cli neighbours --all --tsv: every analysed track's ranked
 * neighbours, one line per track, "ID<TAB>N1<TAB>N2…", the track itself
 * excluded. Ids are the file names without their extension by default
 * (what the corpus scorer reads), or the database ids with --ids db.
 * A name's backslashes, tabs, newlines and carriage returns are written
 * “\\”, “\t”, “\n” and “\r”, so that each track is one line of fields.
 * --similarity picks how tracks are compared (for ablations): the
 * combined similarity (the default, the app's), the encoders' vectors
 * only, the timbre models only, or the plain cosine of the vectors;
 * --weights replaces the model's weights of the combined similarity's
 * parts, to choose them on a validation corpus.
 * The other files of a track's recording (found by the fingerprints: the
 * same song in another format, or an excerpt of it) come first, best copy
 * first; then the similar songs, each recording once.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "akin-cli.h"
#include "akin-cli-library.h"
#include "akin-engine.h"

/* The file name without its extension, as the corpus manifests name songs,
 * escaped for one TSV field. */
static char *
name_id (const AkinTrack *track)
{
  g_autoptr(GFile) file = g_file_new_for_uri (track->uri);
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (basename != NULL ? basename : track->uri);
  char *dot = strrchr (display, '.');
  GString *escaped;

  if (dot != NULL && dot != display)
    *dot = '\0';
  escaped = g_string_sized_new (strlen (display));
  for (const char *c = display; *c != '\0'; c++)
    switch (*c)
      {
      case '\\': g_string_append (escaped, "\\\\"); break;
      case '\t': g_string_append (escaped, "\\t"); break;
      case '\n': g_string_append (escaped, "\\n"); break;
      case '\r': g_string_append (escaped, "\\r"); break;
      default: g_string_append_c (escaped, *c); break;
      }
  return g_string_free (escaped, FALSE);
}

static gboolean
parse_mode (const char         *text,
            AkinSimilarityMode *mode)
{
  static const struct { const char *name; AkinSimilarityMode mode; } modes[] = {
    { "combined", AKIN_SIMILARITY_MODE_COMBINED },
    { "ae", AKIN_SIMILARITY_MODE_AE_ONLY },
    { "others", AKIN_SIMILARITY_MODE_OTHERS_ONLY },
    { "cosine", AKIN_SIMILARITY_MODE_COSINE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_strcmp0 (text, modes[i].name) == 0)
      {
        *mode = modes[i].mode;
        return TRUE;
      }
  return FALSE;
}

static int
neighbours_main (int    argc,
                 char **argv)
{
  g_auto(AkinCliLibraryOptions) lib = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(AkinModelSummary) model = NULL;
  g_autoptr(AkinSimilarityIndex) index = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) recordings = NULL;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *ids = NULL;
  g_autofree char *similarity = NULL;
  g_autofree char *weights_text = NULL;
  AkinSimilarityWeights weights;
  float w[3];
  AkinSimilarityMode mode = AKIN_SIMILARITY_MODE_COMBINED;
  gboolean all = FALSE, tsv = FALSE, db_ids;
  gint k = 20;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("List the neighbours of every analysed track"),
      NULL },
    { "k", 'k', 0, G_OPTION_ARG_INT, &k, N_("Neighbours per track (default 20)"), N_("K") },
    { "tsv", 0, 0, G_OPTION_ARG_NONE, &tsv, N_("Tab-separated output (the only format)"), NULL },
    { "ids", 0, 0, G_OPTION_ARG_STRING, &ids,
      N_("Name tracks by file name without extension (“name”, the default) or by database id "
         "(“db”)"), N_("KIND") },
    { "similarity", 0, 0, G_OPTION_ARG_STRING, &similarity,
      N_("How tracks are compared: “combined” (the default), “ae” (the encoders’ vectors "
         "only), “others” (the timbre models only) or “cosine” (plain cosine of the vectors)"),
      N_("MODE") },
    { "weights", 0, 0, G_OPTION_ARG_STRING, &weights_text,
      N_("Weights of the combined similarity’s parts — encoders, timbre summary, timbre "
         "model — instead of the model’s (e.g. “1,1,1”)"), N_("E,S,T") },
    AKIN_CLI_DB_OPTION (lib),
    AKIN_CLI_MODEL_OPTION (lib),
    { NULL }
  };

  context = g_option_context_new (_("--all --tsv — list every track’s most similar tracks"));
  g_option_context_set_summary (context,
                                _("Prints one line per analysed track: its id, then its "
                                  "neighbours’ ids, most similar first, tab-separated — the "
                                  "input of the corpus scorer."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 2;
    }
  if (!all || argc > 1)
    {
      akin_cli_printerr ("%s", _("give --all; see “akin-cli neighbours --help”"));
      return 2;
    }
  if (k < 1 || k > AKIN_SIMILARITY_MAX_K)
    {
      akin_cli_printerr (_("-k must be between 1 and %d"), AKIN_SIMILARITY_MAX_K);
      return 2;
    }
  if (ids != NULL && strcmp (ids, "name") != 0 && strcmp (ids, "db") != 0)
    {
      akin_cli_printerr (_("--ids must be “name” or “db”, not “%s”"), ids);
      return 2;
    }
  db_ids = ids != NULL && strcmp (ids, "db") == 0;
  if (weights_text != NULL && !akin_cli_parse_weights (weights_text, w))
    {
      akin_cli_printerr (_("--weights must be three numbers, none negative and not all 0, "
                           "separated by commas, not “%s”"), weights_text);
      return 2;
    }
  if (similarity != NULL && !parse_mode (similarity, &mode))
    {
      akin_cli_printerr (_("--similarity must be “combined”, “ae”, “others” or “cosine”, not “%s”"),
                         similarity);
      return 2;
    }

  if ((model = akin_cli_load_model_summary (&lib)) == NULL)
    return 1;
  if ((db = akin_cli_open_database (&lib, FALSE)) == NULL)
    return 1;
  index = akin_similarity_index_new_from_database (db, model->id, model->vector_size, &error);
  if (index != NULL)
    {
      akin_similarity_index_set_mode (index, mode);
      if (weights_text == NULL)
        akin_similarity_weights_from_combination (model->combination, &weights);
      else
        weights = (AkinSimilarityWeights) { w[0], w[1], w[2] };
      akin_similarity_index_set_weights (index, &weights);
      akin_cli_report_damaged (index, db);
    }
  if (index != NULL)
    members = akin_database_list_recordings (db, &error);
  tracks = members != NULL ? akin_database_list_tracks (db, NULL, AKIN_TRACK_SORT_ID, FALSE, 0,
                                                        G_MAXUINT, &error)
                           : NULL;
  if (tracks == NULL)
    {
      akin_cli_print_error (akin_cli_library_db_path (&lib), error);
      return 1;
    }

  names = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  for (guint i = 0; i < tracks->len; i++)
    {
      AkinTrack *track = g_ptr_array_index (tracks, i);

      g_hash_table_insert (names, &track->id,
                           db_ids ? g_strdup_printf ("%" G_GINT64_FORMAT, track->id)
                                  : name_id (track));
    }

  /* Each recording's files, best copy first, by any member's id. */
  recordings = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                      (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < members->len; i++)
    {
      AkinRecordingMember *m = &g_array_index (members, AkinRecordingMember, i);
      GArray *group = g_hash_table_lookup (recordings, &m->recording);

      if (group == NULL)
        {
          group = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (recordings, &m->recording, group);
        }
      g_array_append_val (group, m->track_id);
    }
  for (guint i = 0; i < members->len; i++)
    {
      AkinRecordingMember *m = &g_array_index (members, AkinRecordingMember, i);

      if (m->track_id != m->recording)
        g_hash_table_insert (recordings, &m->track_id,
                             g_array_ref (g_hash_table_lookup (recordings, &m->recording)));
    }

  for (guint i = 0; i < tracks->len; i++)
    {
      AkinTrack *track = g_ptr_array_index (tracks, i);
      g_autoptr(GArray) matches = NULL;
      GArray *copies = g_hash_table_lookup (recordings, &track->id);
      guint n = 0;

      if (!akin_similarity_index_contains (index, track->id))
        continue;
      matches = akin_similarity_index_query_track (index, track->id, k,
                                                   AKIN_SIMILARITY_MERGE_DUPLICATES, &error);
      if (matches == NULL)
        {
          akin_cli_printerr ("%s", error->message);
          return 1;
        }
      g_string_assign (line, g_hash_table_lookup (names, &track->id));
      for (guint c = 0; copies != NULL && c < copies->len && n < (guint) k; c++)
        {
          gint64 id = g_array_index (copies, gint64, c);

          if (id == track->id)
            continue;
          g_string_append_c (line, '\t');
          g_string_append (line, g_hash_table_lookup (names, &id));
          n++;
        }
      for (guint m = 0; m < matches->len && n < (guint) k; m++, n++)
        {
          gint64 id = g_array_index (matches, AkinSimilarityMatch, m).track_id;
          const char *name = g_hash_table_lookup (names, &id);
          g_autofree char *fallback = NULL;

          /* A neighbour the track list left out (its file went missing). */
          if (name == NULL)
            name = fallback = g_strdup_printf ("%" G_GINT64_FORMAT, id);
          g_string_append_c (line, '\t');
          g_string_append (line, name);
        }
      g_print ("%s\n", line->str);
    }
  return 0;
}

const AkinCliCommand akin_cli_neighbours = {
  "neighbours", neighbours_main, N_("List every track’s most similar tracks, for evaluation"),
};
