/* akin-cli-similar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * akin-cli similar (FILE | --id N): the library's songs that sound most
 * like an anchor. An anchor in the library (by id, or by a file analysed
 * with the current model) is queried by its stored vector; any other file
 * is analysed on the fly and queried by its vector and timbre model (so
 * that it is ranked as it would be in the library), and added to the
 * library only with --add. The anchor never appears in its own results.
 * The rows, with why each is similar, come finished from the engine
 * (akin_similarity_find()), as the app's similar list does. A file
 * outside the library that holds a library song's recording (a copy in
 * another format, or an excerpt, found by its acoustic fingerprint) says
 * so, and lists that song's similar songs.
 *
 * A file outside the library makes the user wait for its analysis; the
 * library's similarity index and fingerprints, which grow with the
 * library, are read meanwhile on a second thread (the database is used
 * by that thread alone until it is joined). The fingerprints need
 * Chromaprint, whose loading holds the dynamic linker's lock (GStreamer's
 * initialisation and plugins need it too): that thread waits until the
 * analysis has loaded it, on its second thread once the decode is under
 * way.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "akin-cli.h"
#include "akin-cli-library.h"
#include "akin-engine.h"

typedef struct
{
  gint64      id;      /* 0 for a file outside the library */
  char       *uri;
  char       *title;
  char       *artist;
  double      duration;
  AkinTrack  *copy_of; /* the library song a file outside it holds, or NULL */
  double      offset;  /* where in it the file starts, in seconds */
} Anchor;

static void
anchor_clear (Anchor *anchor)
{
  g_free (anchor->uri);
  g_free (anchor->title);
  g_free (anchor->artist);
  g_clear_pointer (&anchor->copy_of, akin_track_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Anchor, anchor_clear)

static void
anchor_from_track (Anchor          *anchor,
                   const AkinTrack *track)
{
  anchor->id = track->id;
  anchor->uri = g_strdup (track->uri);
  anchor->title = g_strdup (track->tags.title);
  anchor->artist = g_strdup (track->tags.artist);
  anchor->duration = track->duration;
}

/* Scores are floats: round them so that JSON shows what they mean. */
static double
score_value (float score)
{
  return round ((double) score * 1e6) / 1e6;
}

static void
add_why (JsonBuilder             *builder,
         const AkinSimilarityWhy *why)
{
  static const char * const names[AKIN_SIMILARITY_N_ASPECTS] = {
    "timbre", "encoders", "key", "tempo", "brightness",
  };

  json_builder_set_member_name (builder, "why");
  json_builder_begin_object (builder);
  akin_json_builder_add_string_or_null (builder, "text", why->text);
  for (guint a = 0; a < AKIN_SIMILARITY_N_ASPECTS; a++)
    {
      json_builder_set_member_name (builder, names[a]);
      if (why->has[a])
        json_builder_add_double_value (builder, score_value (why->contribution[a]));
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
}

static void
print_json (const Anchor *anchor,
            const char   *model_id,
            GPtrArray    *rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "anchor");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  if (anchor->id > 0)
    json_builder_add_int_value (builder, anchor->id);
  else
    json_builder_add_null_value (builder);
  akin_json_builder_add_string_or_null (builder, "uri", anchor->uri);
  akin_json_builder_add_string_or_null (builder, "title", anchor->title);
  akin_json_builder_add_string_or_null (builder, "artist", anchor->artist);
  json_builder_set_member_name (builder, "copy_of");
  if (anchor->copy_of != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, anchor->copy_of->id);
      akin_json_builder_add_string_or_null (builder, "uri", anchor->copy_of->uri);
      akin_json_builder_add_string_or_null (builder, "title", anchor->copy_of->tags.title);
      akin_json_builder_add_string_or_null (builder, "artist", anchor->copy_of->tags.artist);
      json_builder_set_member_name (builder, "offset");
      json_builder_add_double_value (builder, round (anchor->offset * 10) / 10);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  akin_json_builder_add_string_or_null (builder, "model", model_id);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const AkinSimilarityRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, row->track_id);
      akin_json_builder_add_string_or_null (builder, "uri", row->uri);
      akin_json_builder_add_string_or_null (builder, "title", row->title);
      akin_json_builder_add_string_or_null (builder, "artist", row->artist);
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, score_value (row->score));
      add_why (builder, &row->why);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = akin_json_to_string (root);
  g_print ("%s\n", text);
}

static void
print_readable (const Anchor *anchor,
                GPtrArray    *rows)
{
  g_autofree char *anchor_name = NULL;

  if (anchor->title != NULL && anchor->artist != NULL)
    anchor_name = g_strdup_printf ("%s – %s", anchor->artist, anchor->title);
  else if (anchor->title != NULL)
    anchor_name = g_strdup (anchor->title);
  else
    anchor_name = akin_cli_uri_to_display (anchor->uri);

  if (anchor->copy_of != NULL)
    {
      const AkinTrack *copy = anchor->copy_of;
      g_autofree char *song = akin_cli_song_name (copy->tags.title, copy->tags.artist, copy->uri);

      g_print (_("This is “%s” from your library (#%lld).\n"), song,
               (long long) anchor->copy_of->id);
      g_print (_("Songs like #%lld %s:\n"), (long long) anchor->copy_of->id, song);
    }
  else if (anchor->id > 0)
    g_print (_("Songs like #%lld %s:\n"), (long long) anchor->id, anchor_name);
  else
    g_print (_("Songs like %s (not in the library):\n"), anchor_name);

  if (rows->len == 0)
    g_print ("  %s\n", _("(no other analysed song in the library)"));

  for (guint i = 0; i < rows->len; i++)
    {
      const AkinSimilarityRow *row = g_ptr_array_index (rows, i);
      g_autofree char *name = akin_cli_song_name (row->title, row->artist, row->uri);
      g_autofree char *duration = akin_cli_format_duration (row->duration);

      g_print ("%3u. %5.1f %%  #%-6" G_GINT64_FORMAT " %s  (%s)\n", i + 1, row->score * 100.0,
               row->track_id, name, duration);
      if (row->why.text != NULL && *row->why.text != '\0')
        g_print ("               %s\n", row->why.text);
    }
}

/* Analyses a file that is not (yet) in the library with the current model;
 * fills @anchor and returns its analysis. */
static AkinAnalysisResult *
analyse_outside (GFile         *file,
                 AkinModel     *model,
                 Anchor        *anchor,
                 char         **content_hash)
{
  g_autoptr(AkinAnalysisResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *display = g_filename_display_name (path != NULL ? path : "");

  /* The user waits for this one song: a second core, when there is one,
   * takes the spectral work beside the decoder. */
  if (!akin_library_analyze_file_threads (file, model, MIN (g_get_num_processors (), 2), &result,
                                          NULL, &error))
    {
      akin_cli_print_error (display, error);
      return NULL;
    }
  *content_hash = akin_content_hash_file (file, NULL, NULL, NULL);
  anchor->title = g_strdup (result->tags.title);
  anchor->artist = g_strdup (result->tags.artist);
  anchor->duration = result->duration;
  return g_steal_pointer (&result);
}

/* What the query needs of the library: read on a second thread while a
 * file outside it is analysed, or on the calling thread. */
typedef struct
{
  AkinDatabase          *db;
  const AkinModelSummary *summary;
  gboolean               fingerprints;   /* also the fingerprint index */
  AkinSimilarityIndex   *index;
  GError                *index_error;
  AkinFingerprintIndex  *fingerprint_index;
  GPtrArray             *problems;       /* damaged fingerprints */
  GError                *fingerprint_error;
  GCancellable          *analysed;       /* cancelled when the analysis is over */
  gboolean               prepared;       /* weights set, damage reported */
} LibraryLoad;

static void
library_load_clear (LibraryLoad *load)
{
  g_clear_pointer (&load->index, akin_similarity_index_unref);
  g_clear_error (&load->index_error);
  g_clear_pointer (&load->fingerprint_index, akin_fingerprint_index_free);
  g_clear_pointer (&load->problems, g_ptr_array_unref);
  g_clear_error (&load->fingerprint_error);
  g_clear_object (&load->analysed);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LibraryLoad, library_load_clear)

static gpointer
library_load (gpointer data)
{
  LibraryLoad *load = data;

  if (load->index == NULL)
    load->index = akin_similarity_index_new_from_database (load->db, load->summary->id,
                                                           load->summary->vector_size,
                                                           &load->index_error);
  if (load->fingerprints && load->index != NULL)
    {
      /* Not before the analysis has loaded Chromaprint, or is over. */
      akin_fingerprint_wait_loaded (load->analysed);
      load->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_analyzer_problem_free);
      load->fingerprint_index = akin_fingerprint_index_new_from_database (load->db, load->problems,
                                                                          &load->fingerprint_error);
      /* Its postings too, which the lookup would build after the analysis. */
      if (load->fingerprint_index != NULL)
        akin_fingerprint_index_prepare (load->fingerprint_index);
    }
  return NULL;
}

/* The library track whose recording @fingerprint holds, as its recording's
 * best copy, or NULL. */
static AkinTrack *
find_copy_of (AkinDatabase          *db,
              LibraryLoad           *load,
              const AkinFingerprint *fingerprint,
              double                *offset)
{
  AkinSimilarityIndex *index = load->index;
  g_autoptr(GArray) matches = NULL;
  gint64 id, recording = 0;

  if (fingerprint == NULL)
    return NULL;
  for (guint i = 0; load->problems != NULL && i < load->problems->len; i++)
    {
      AkinAnalyzerProblem *problem = load->problems->pdata[i];
      g_autofree char *where = akin_cli_uri_to_display (problem->uri);

      akin_cli_print_error (where, problem->error);
    }
  if (load->fingerprint_index == NULL)
    {
      akin_cli_print_error (akin_database_get_path (db), load->fingerprint_error);
      return NULL;
    }
  matches = akin_fingerprint_index_find (load->fingerprint_index, fingerprint, 0);
  if (matches->len == 0)
    return NULL;
  id = g_array_index (matches, AkinRecordingMatch, 0).track_id;
  *offset = g_array_index (matches, AkinRecordingMatch, 0).offset;
  /* Name the recording by its best copy when the index has it. */
  if (akin_database_get_recording (db, id, &recording, NULL) && recording > 0
      && akin_similarity_index_contains (index, recording))
    id = recording;
  if (!akin_similarity_index_contains (index, id))
    return NULL;
  return akin_database_get_track (db, id, NULL);
}

/* The similarity index with the model's weights, loaded now unless the
 * loader did; NULL after printing why it could not be read. */
static AkinSimilarityIndex *
similar_index (LibraryLoad           *load,
               AkinCliLibraryOptions *lib)
{
  AkinSimilarityWeights weights;
  gboolean loaded = load->index != NULL || load->index_error != NULL;

  if (!loaded)
    library_load (load);
  if (load->index == NULL)
    {
      akin_cli_print_error (akin_cli_library_db_path (lib), load->index_error);
      return NULL;
    }
  if (!load->prepared)
    {
      load->prepared = TRUE;
      akin_similarity_weights_from_combination (load->summary->combination, &weights);
      akin_similarity_index_set_weights (load->index, &weights);
      akin_cli_report_damaged (load->index, load->db);
    }
  return load->index;
}

static int
similar_main (int    argc,
              char **argv)
{
  g_auto(AkinCliLibraryOptions) lib = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(AkinModelSummary) summary = NULL;
  g_autoptr(AkinModel) model = NULL;
  g_auto(LibraryLoad) load = { 0 };
  AkinSimilarityIndex *index;
  g_autoptr(AkinAnalysisResult) outside = NULL;
  g_autoptr(AkinSimilarityRequest) request = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *content_hash = NULL;
  g_auto(GStrv) files = NULL;
  g_auto(Anchor) anchor = { 0 };
  gint64 id = 0;
  gint k = 10;
  gboolean no_same_artist = FALSE, no_same_album = FALSE, json = FALSE, add = FALSE;
  AkinSimilarityFlags flags = AKIN_SIMILARITY_MERGE_DUPLICATES;
  const GOptionEntry entries[] = {
    { "id", 0, 0, G_OPTION_ARG_INT64, &id, N_("Use the library’s track N as the anchor"),
      N_("N") },
    { "k", 'k', 0, G_OPTION_ARG_INT, &k, N_("How many songs to list (default 10)"), N_("K") },
    { "no-same-artist", 0, 0, G_OPTION_ARG_NONE, &no_same_artist,
      N_("Leave out songs by the anchor’s artist"), NULL },
    { "no-same-album", 0, 0, G_OPTION_ARG_NONE, &no_same_album,
      N_("Leave out songs from the anchor’s album"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { "add", 0, 0, G_OPTION_ARG_NONE, &add,
      N_("Add FILE to the library when it is not there yet"), NULL },
    AKIN_CLI_DB_OPTION (lib),
    AKIN_CLI_MODEL_OPTION (lib),
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("(FILE | --id N) — list the songs that sound most like one"));
  g_option_context_set_summary (context,
                                _("Lists the library’s songs closest to FILE or to track N, "
                                  "best first, with their similarity. A FILE outside the "
                                  "library is analysed on the fly."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 2;
    }
  if ((id > 0) == (files != NULL && files[0] != NULL) || (files != NULL && g_strv_length (files) > 1))
    {
      akin_cli_printerr ("%s", _("give one FILE or --id N; see “akin-cli similar --help”"));
      return 2;
    }
  if (k < 1 || k > AKIN_SIMILARITY_MAX_K)
    {
      akin_cli_printerr (_("-k must be between 1 and %d"), AKIN_SIMILARITY_MAX_K);
      return 2;
    }
  if (no_same_artist)
    flags |= AKIN_SIMILARITY_SKIP_SAME_ARTIST;
  if (no_same_album)
    flags |= AKIN_SIMILARITY_SKIP_SAME_ALBUM;

  /* Only a file outside the library needs the networks (loaded then): a
   * query needs the model's id, vector size and weights. */
  if ((summary = akin_cli_load_model_summary (&lib)) == NULL)
    return 1;
  if ((db = akin_cli_open_database (&lib, add)) == NULL)
    return 1;
  load.db = db;
  load.summary = summary;

  if (id > 0)
    {
      g_autoptr(AkinTrack) track = NULL;

      if ((index = similar_index (&load, &lib)) == NULL)
        return 1;
      track = akin_database_get_track (db, id, &error);
      if (track == NULL)
        {
          akin_cli_printerr (_("no track %lld in %s"), (long long) id,
                             akin_cli_library_db_path (&lib));
          return 1;
        }
      if (!akin_similarity_index_contains (index, id))
        {
          akin_cli_printerr (_("track %lld has not been analysed with model %s; "
                               "run “akin-cli scan” first"), (long long) id, summary->id);
          return 1;
        }
      anchor_from_track (&anchor, track);
    }
  else
    {
      g_autoptr(AkinTrack) track = NULL;
      g_autofree char *uri = NULL;
      GThread *loader;

      file = g_file_new_for_commandline_arg (files[0]);
      uri = g_file_get_uri (file);
      track = akin_database_get_track_by_uri (db, uri, NULL);
      if (track != NULL && (index = similar_index (&load, &lib)) == NULL)
        return 1;
      if (track != NULL && akin_similarity_index_contains (index, track->id))
        {
          anchor_from_track (&anchor, track);
        }
      else
        {
          anchor.uri = g_steal_pointer (&uri);
          /* The library is read while the file is analysed. */
          load.fingerprints = TRUE;
          load.analysed = g_cancellable_new ();
          loader = g_thread_new ("akin-library", library_load, &load);
          if ((model = akin_cli_load_model (&lib)) != NULL)
            outside = analyse_outside (file, model, &anchor, &content_hash);
          g_cancellable_cancel (load.analysed);
          g_thread_join (loader);
          if (outside == NULL)
            return 1;
          if ((index = similar_index (&load, &lib)) == NULL)
            return 1;
          anchor.copy_of = find_copy_of (db, &load, outside->fingerprint, &anchor.offset);
        }
    }

  if (anchor.copy_of != NULL)
    {
      request = akin_similarity_request_new_for_track (anchor.copy_of->id, k, flags);
    }
  else if (outside == NULL)
    {
      request = akin_similarity_request_new_for_track (anchor.id, k, flags);
    }
  else
    {
      AkinSimilarityKeys keys = {
        outside->tags.artist, outside->tags.album_artist, outside->tags.album, content_hash,
      };

      request = akin_similarity_request_new_for_song (outside->vector, outside->dim,
                                                      outside->has_timbre ? &outside->timbre : NULL,
                                                      &keys,
                                                      outside->has_descriptors ? &outside->descriptors : NULL,
                                                      k, flags);
    }
  /* Finished rows: the matches' tracks and reasons, read by the engine. */
  if ((rows = akin_similarity_find (index, db, request, NULL, &error)) == NULL)
    {
      akin_cli_printerr ("%s", error->message);
      return 1;
    }

  if (outside != NULL && add)
    {
      anchor.id = akin_library_add_analyzed_file (db, file, outside, NULL, &error);
      if (anchor.id == 0)
        {
          akin_cli_print_error (akin_cli_library_db_path (&lib), error);
          return 1;
        }
    }

  if (json)
    print_json (&anchor, summary->id, rows);
  else
    print_readable (&anchor, rows);
  if (outside != NULL && add && !json)
    g_print (_("Added to the library as #%lld.\n"), (long long) anchor.id);
  return 0;
}

const AkinCliCommand akin_cli_similar = {
  "similar", similar_main, N_("List the songs that sound most like a song"),
};
