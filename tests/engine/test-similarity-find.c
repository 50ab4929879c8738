/* test-similarity-find.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finished similar-songs rows (akin_similarity_find[_async]()) over a real
 * library: files written here, scanned by a real analyzer into a SQLite
 * file. The analyzer's stored callback feeds the index from its workers,
 * and that index answers as one loaded from the database; the rows carry
 * the query's ids and scores in order with each track's stored tags and
 * the reasons, never the anchor or the excluded file; errors come back
 * with their codes, synchronously and asynchronously.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "akin-analyzer.h"
#include "akin-database-private.h"
#include "akin-error.h"
#include "akin-similarity-find.h"
#include "byte-analysis.h"
#include "test-tmpdir.h"

#define N_SONGS 8

typedef struct
{
  char   *dir;
  char   *music;
  char   *db_path;
  char   *uris[N_SONGS];
} Fixture;

typedef struct
{
  AkinSimilarityIndex *index;
  GThread             *main_thread;
  gint                 n_calls;
  gint                 n_off_main;
} StoredLog;

static void
on_stored (AkinAnalyzer             *analyzer,
           AkinDatabase             *db,
           gint64                    track_id,
           const AkinAnalysisResult *result,
           gpointer                  user_data)
{
  StoredLog *log = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinTrack) track = NULL;

  /* The worker's own connection already holds the analysis. */
  track = akin_database_get_track (db, track_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (track->status, ==, AKIN_TRACK_STATUS_ANALYZED);
  g_assert_cmpuint (result->dim, ==, BYTE_ANALYSIS_DIM);

  g_assert_true (akin_similarity_index_add_stored (log->index, db, track_id, result, &error));
  g_assert_no_error (error);
  g_atomic_int_inc (&log->n_calls);
  if (g_thread_self () != log->main_thread)
    g_atomic_int_inc (&log->n_off_main);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("akin-find-XXXXXX", &error);
  g_assert_no_error (error);
  f->music = g_build_filename (f->dir, "music", NULL);
  f->db_path = g_build_filename (f->dir, "library.db", NULL);
  g_assert_cmpint (g_mkdir (f->music, 0755), ==, 0);

  for (guint i = 0; i < N_SONGS; i++)
    {
      g_autofree char *title = g_strdup_printf ("Song %u", i);
      g_autofree char *name = g_strdup_printf ("%u.ogg", i);
      g_autofree char *path = g_build_filename (f->music, name, NULL);
      g_autoptr(GBytes) bytes = byte_analysis_make_file (title, i % 2 ? "Band" : "Solo", "LP",
                                                         100 + i, 300 + 7 * i);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), &error));
      g_assert_no_error (error);
      f->uris[i] = g_file_get_uri (file);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->music);
  g_free (f->db_path);
  for (guint i = 0; i < N_SONGS; i++)
    g_free (f->uris[i]);
}

/* Scans the music folder with two workers, feeding @log's index. */
static void
scan (Fixture   *f,
      StoredLog *log)
{
  ByteAnalysis config = { 0 };
  g_autoptr(AkinAnalyzer) analyzer = akin_analyzer_new (f->db_path, BYTE_ANALYSIS_MODEL);
  g_autoptr(GFile) folder = g_file_new_for_path (f->music);
  g_autoptr(GError) error = NULL;

  akin_analyzer_set_analyze_func (analyzer, byte_analysis_analyze, &config, NULL);
  akin_analyzer_set_stored_func (analyzer, on_stored, log, NULL);
  akin_analyzer_set_n_workers (analyzer, 2);
  akin_analyzer_add_folder (analyzer, folder);
  log->main_thread = g_thread_self ();
  g_assert_true (akin_analyzer_run_sync (analyzer, NULL, &error));
  g_assert_no_error (error);
}

static AkinSimilarityIndex *
load_index (AkinDatabase *db)
{
  g_autoptr(GError) error = NULL;
  AkinSimilarityIndex *index = akin_similarity_index_new_from_database (db, BYTE_ANALYSIS_MODEL,
                                                                        BYTE_ANALYSIS_DIM,
                                                                        &error);

  g_assert_no_error (error);
  return index;
}

static AkinDatabase *
open_db (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  AkinDatabase *db = akin_database_open (f->db_path, AKIN_DATABASE_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return db;
}

static gint64
track_id_of (AkinDatabase *db,
             const char   *uri)
{
  g_autoptr(AkinTrack) track = akin_database_get_track_by_uri (db, uri, NULL);

  g_assert_nonnull (track);
  return track->id;
}

/* Each stored analysis reaches the index from the worker that stored it,
 * once, and the index then answers as one loaded from the database. */
static void
test_stored_feeds_index (Fixture       *f,
                         gconstpointer  data)
{
  StoredLog log = { akin_similarity_index_new (BYTE_ANALYSIS_DIM), NULL, 0, 0 };
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(AkinSimilarityIndex) loaded = NULL;

  scan (f, &log);
  g_assert_cmpint (log.n_calls, ==, N_SONGS);
  g_assert_cmpint (log.n_off_main, ==, N_SONGS);
  g_assert_cmpuint (akin_similarity_index_get_size (log.index), ==, N_SONGS);

  db = open_db (f);
  loaded = load_index (db);
  /* Compare like with like: the plain cosine of the stored vectors. */
  akin_similarity_index_set_mode (loaded, AKIN_SIMILARITY_MODE_COSINE);
  akin_similarity_index_set_mode (log.index, AKIN_SIMILARITY_MODE_COSINE);
  for (guint i = 0; i < N_SONGS; i++)
    {
      gint64 id = track_id_of (db, f->uris[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) a = akin_similarity_index_query_track (log.index, id, 5, 0, &error);
      g_autoptr(GArray) b = akin_similarity_index_query_track (loaded, id, 5, 0, &error);

      g_assert_no_error (error);
      g_assert_true (akin_similarity_index_contains (log.index, id));
      g_assert_cmpuint (a->len, ==, b->len);
      for (guint j = 0; j < a->len; j++)
        {
          g_assert_cmpint (g_array_index (a, AkinSimilarityMatch, j).track_id, ==,
                           g_array_index (b, AkinSimilarityMatch, j).track_id);
          g_assert_cmpfloat_with_epsilon (g_array_index (a, AkinSimilarityMatch, j).score,
                                          g_array_index (b, AkinSimilarityMatch, j).score, 1e-6);
        }
    }
  akin_similarity_index_unref (log.index);
}

static void
assert_row_is_track (AkinDatabase            *db,
                     const AkinSimilarityRow *row)
{
  g_autoptr(AkinTrack) track = akin_database_get_track (db, row->track_id, NULL);

  g_assert_nonnull (track);
  g_assert_cmpstr (row->uri, ==, track->uri);
  g_assert_cmpstr (row->title, ==, track->tags.title);
  g_assert_cmpstr (row->artist, ==, track->tags.artist);
  g_assert_cmpstr (row->album, ==, track->tags.album);
  g_assert_true (g_str_has_prefix (row->title, "Song "));
  /* The reasons: the explanation the query left, described. */
  g_assert_true (row->why.has_explanation);
  g_assert_nonnull (row->why.text);
}

/* A library anchor: the query's matches in order, as finished rows. */
static void
test_find_track (Fixture       *f,
                 gconstpointer  data)
{
  StoredLog log = { akin_similarity_index_new (BYTE_ANALYSIS_DIM), NULL, 0, 0 };
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(AkinSimilarityIndex) index = NULL;
  g_autoptr(AkinSimilarityRequest) request = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GError) error = NULL;
  gint64 anchor;

  scan (f, &log);
  akin_similarity_index_unref (log.index);
  db = open_db (f);
  index = load_index (db);
  anchor = track_id_of (db, f->uris[3]);

  request = akin_similarity_request_new_for_track (anchor, 4, AKIN_SIMILARITY_MERGE_DUPLICATES);
  rows = akin_similarity_find (index, db, request, NULL, &error);
  g_assert_no_error (error);
  matches = akin_similarity_index_query_track (index, anchor, 4, AKIN_SIMILARITY_MERGE_DUPLICATES,
                                               &error);
  g_assert_no_error (error);

  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpuint (rows->len, ==, matches->len);
  for (guint i = 0; i < rows->len; i++)
    {
      const AkinSimilarityRow *row = g_ptr_array_index (rows, i);
      const AkinSimilarityMatch *m = &g_array_index (matches, AkinSimilarityMatch, i);

      g_assert_cmpint (row->track_id, !=, anchor);
      g_assert_cmpint (row->track_id, ==, m->track_id);
      g_assert_cmpfloat (row->score, ==, m->score);
      g_assert_cmpfloat (row->why.explanation.score, ==, m->explanation.score);
      assert_row_is_track (db, row);
    }
}

/* A song outside the library (here: a library song's own vector, as a file
 * found under another name): its library entry is left out when excluded,
 * and the list still has k rows. */
static void
test_find_song (Fixture       *f,
                gconstpointer  data)
{
  StoredLog log = { akin_similarity_index_new (BYTE_ANALYSIS_DIM), NULL, 0, 0 };
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(AkinSimilarityIndex) index = NULL;
  g_autoptr(AkinSimilarityRequest) plain = NULL;
  g_autoptr(AkinSimilarityRequest) excluding = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) excluded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *vector = NULL;
  guint dim = 0;
  gint64 self_id;

  scan (f, &log);
  akin_similarity_index_unref (log.index);
  db = open_db (f);
  index = load_index (db);
  self_id = track_id_of (db, f->uris[5]);
  vector = akin_database_get_vector (db, self_id, BYTE_ANALYSIS_MODEL, &dim, &error);
  g_assert_no_error (error);

  plain = akin_similarity_request_new_for_song (vector, dim, NULL, NULL, NULL, 3, 0);
  rows = akin_similarity_find (index, db, plain, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  /* Its own entry is the closest. */
  g_assert_cmpint (((AkinSimilarityRow *) g_ptr_array_index (rows, 0))->track_id, ==, self_id);

  excluding = akin_similarity_request_new_for_song (vector, dim, NULL, NULL, NULL, 3, 0);
  akin_similarity_request_set_exclude_uri (excluding, f->uris[5]);
  excluded = akin_similarity_find (index, db, excluding, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (excluded->len, ==, 3);
  for (guint i = 0; i < excluded->len; i++)
    {
      const AkinSimilarityRow *row = g_ptr_array_index (excluded, i);

      g_assert_cmpint (row->track_id, !=, self_id);
      g_assert_cmpstr (row->uri, !=, f->uris[5]);
      assert_row_is_track (db, row);
      /* The others keep their order. */
      if (i + 1 < rows->len)
        g_assert_cmpint (row->track_id, ==,
                         ((AkinSimilarityRow *) g_ptr_array_index (rows, i + 1))->track_id);
    }
}

typedef struct
{
  gboolean   done;
  GPtrArray *rows;
  GError    *error;
} AsyncResult;

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncResult *r = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  r->rows = akin_similarity_find_finish (result, &r->error);
  r->done = TRUE;
}

static void
wait_for (AsyncResult *r)
{
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

/* The worker opens its own connection and answers as the synchronous call;
 * errors and cancellation come back with their codes. */
static void
test_find_async (Fixture       *f,
                 gconstpointer  data)
{
  StoredLog log = { akin_similarity_index_new (BYTE_ANALYSIS_DIM), NULL, 0, 0 };
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(AkinSimilarityIndex) index = NULL;
  g_autoptr(AkinSimilarityRequest) request = NULL;
  g_autoptr(GPtrArray) sync = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AsyncResult r1 = { 0 }, r2 = { 0 }, r3 = { 0 };
  gint64 anchor;

  scan (f, &log);
  akin_similarity_index_unref (log.index);
  db = open_db (f);
  index = load_index (db);
  anchor = track_id_of (db, f->uris[0]);

  request = akin_similarity_request_new_for_track (anchor, 5, 0);
  sync = akin_similarity_find (index, db, request, NULL, &error);
  g_assert_no_error (error);
  akin_similarity_find_async (index, f->db_path, akin_similarity_request_new_for_track (anchor, 5, 0),
                              NULL, store_result, &r1);
  wait_for (&r1);
  g_assert_no_error (r1.error);
  g_assert_cmpuint (r1.rows->len, ==, sync->len);
  for (guint i = 0; i < sync->len; i++)
    {
      const AkinSimilarityRow *a = g_ptr_array_index (sync, i);
      const AkinSimilarityRow *b = g_ptr_array_index (r1.rows, i);

      g_assert_cmpint (a->track_id, ==, b->track_id);
      g_assert_cmpfloat (a->score, ==, b->score);
      g_assert_cmpstr (a->uri, ==, b->uri);
      g_assert_cmpstr (a->why.text, ==, b->why.text);
    }
  g_ptr_array_unref (r1.rows);

  /* A track the index does not hold. */
  akin_similarity_request_free (request);
  request = akin_similarity_request_new_for_track (anchor + 1000, 5, 0);
  g_assert_null (akin_similarity_find (index, db, request, NULL, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED);
  akin_similarity_find_async (index, f->db_path,
                              akin_similarity_request_new_for_track (anchor + 1000, 5, 0),
                              NULL, store_result, &r2);
  wait_for (&r2);
  g_assert_null (r2.rows);
  g_assert_error (r2.error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED);
  g_error_free (r2.error);

  g_cancellable_cancel (cancelled);
  akin_similarity_find_async (index, f->db_path, akin_similarity_request_new_for_track (anchor, 5, 0),
                              cancelled, store_result, &r3);
  wait_for (&r3);
  g_assert_null (r3.rows);
  g_assert_error (r3.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_error_free (r3.error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/similarity-find/stored-feeds-index", test_stored_feeds_index);
  ADD ("/similarity-find/track", test_find_track);
  ADD ("/similarity-find/song", test_find_song);
  ADD ("/similarity-find/async", test_find_async);
#undef ADD

  return g_test_run ();
}
