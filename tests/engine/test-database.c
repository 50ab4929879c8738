/* test-database.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "akin-database-private.h"
#include "akin-error.h"
#include "test-tmpdir.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("akin-db-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "library.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* The schema as SQLite prints it, sorted, for comparing two files. */
static char *
dump_schema (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, sql FROM sqlite_master"
                                       " ORDER BY type, name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s %s %s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static AkinAnalysisResult *
make_result (const char *title,
             const char *artist,
             const char *model,
             float       base)
{
  AkinAnalysisResult *r = akin_analysis_result_new ();
  float v[32];

  for (guint i = 0; i < 32; i++)
    v[i] = base + (float) i;
  r->tags.title = g_strdup (title);
  r->tags.artist = g_strdup (artist);
  r->tags.album = g_strdup ("Album");
  r->tags.track_number = 3;
  r->tags.disc_number = 2;
  r->duration = 12.5;
  r->has_descriptors = TRUE;
  r->descriptors.filename = g_strdup ("x.ogg");
  r->descriptors.title = g_strdup (title);
  r->descriptors.samplefreq = 22050;
  r->descriptors.sample_points = 275625;
  r->descriptors.tempo_bpm = 103.359375;
  r->descriptors.rolloff_freq = 4588.0;
  r->descriptors.tuning = -0.44;
  r->descriptors.duration = 12.5;
  r->descriptors.tonic = g_strdup ("C#");
  r->descriptors.key_signature = g_strdup ("C# Minor");
  r->descriptors.z_dist_avg_to_tonic = 1.2345;
  akin_analysis_result_set_vector (r, model, v, 32);
  r->fingerprinted = TRUE;   /* the audio has no fingerprint */
  {
    float frames[4 * AKIN_TIMBRE_DIM];

    for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
      frames[i] = base + (float) ((i * 7u) % 13u) - 0.5f * (float) (i % AKIN_TIMBRE_DIM);
    r->has_timbre = TRUE;
    akin_timbre_model_fit (frames, 4, &r->timbre);
  }
  return r;
}

static void
test_open_new (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (f->path, AKIN_DATABASE_CHECK_INTEGRITY, &error);
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (akin_database_get_schema_version (db), ==, AKIN_DATABASE_SCHEMA_VERSION);
  g_assert_cmpint (sqlite3_prepare_v2 (db->db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db->db, "PRAGMA foreign_keys", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  g_assert_true (akin_database_check_integrity (db, &error));
  g_assert_no_error (error);
}

/* Builds a file at every schema version with a track in it (from version
 * 1), opens it, and checks the result is the current schema exactly, with
 * the data kept. */
/* The version whose migration added tracks.failure_transient. */
#define FAILURE_KIND_VERSION 6

static void
test_migrations (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *fresh_schema = NULL;
  g_autofree char *fresh_path = g_build_filename (f->dir, "fresh.db", NULL);

  {
    g_autoptr(AkinDatabase) db = akin_database_open (fresh_path, 0, NULL);

    g_assert_nonnull (db);
    fresh_schema = dump_schema (db->db);
  }

  for (int version = 0; version <= AKIN_DATABASE_SCHEMA_VERSION; version++)
    {
      g_autofree char *path = g_strdup_printf ("%s/v%d.db", f->dir, version);
      g_autoptr(GError) error = NULL;
      g_autoptr(AkinDatabase) db = NULL;
      g_autoptr(AkinTrack) track = NULL;
      g_autofree char *schema = NULL;
      sqlite3 *raw = NULL;

      g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (raw, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_true (_akin_database_migrate (raw, 0, version, &error));
      g_assert_no_error (error);
      if (version >= 1)
        g_assert_cmpint (sqlite3_exec (raw, "INSERT INTO tracks (uri, size, mtime, title, status,"
                                       " added, updated) VALUES ('file:///old.ogg', 10, 20,"
                                       " 'Old', 'analyzed', 1, 1)", NULL, NULL, NULL), ==, SQLITE_OK);
      if (version >= 1 && version < FAILURE_KIND_VERSION)
        g_assert_cmpint (sqlite3_exec (raw, "INSERT INTO tracks (uri, status, last_error, added,"
                                       " updated) VALUES ('file:///failed.ogg', 'failed', 'x',"
                                       " 1, 1)", NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (raw, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (raw);

      db = akin_database_open (path, AKIN_DATABASE_CHECK_INTEGRITY, &error);
      g_assert_no_error (error);
      g_assert_cmpint (akin_database_get_schema_version (db), ==, AKIN_DATABASE_SCHEMA_VERSION);
      schema = dump_schema (db->db);
      g_assert_cmpstr (schema, ==, fresh_schema);

      track = akin_database_get_track_by_uri (db, "file:///old.ogg", &error);
      if (version >= 1)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (track->tags.title, ==, "Old");
          /* Unknown until the file is read again. */
          g_assert_cmpuint (track->tags.disc_number, ==, 0);
          g_assert_cmpint (track->status, ==, AKIN_TRACK_STATUS_ANALYZED);
          g_assert_cmpuint (track->size, ==, 10);
        }
      else
        g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_FOUND);

      /* Failures stored before their kind was: tried once more. */
      if (version >= 1 && version < FAILURE_KIND_VERSION)
        {
          g_autoptr(AkinTrack) failed = akin_database_get_track_by_uri (db, "file:///failed.ogg",
                                                                        &error);
          g_autoptr(GArray) needing = NULL;

          g_assert_no_error (error);
          needing = akin_database_list_needing_analysis (db, "m", &error);
          g_assert_no_error (error);
          g_assert_cmpuint (needing->len, >=, 1);
          g_assert_cmpint (g_array_index (needing, gint64, needing->len - 1), ==, failed->id);
          g_assert_cmpint (sqlite3_exec (db->db, "DELETE FROM tracks WHERE uri = 'file:///failed.ogg'",
                                         NULL, NULL, NULL), ==, SQLITE_OK);
        }

      /* Tracks analysed before the timbre table existed have no timbre
       * model: they are analysed again, even with a vector of the model. */
      if (version >= 1 && version < 4)
        {
          g_autoptr(GArray) needing = NULL;

          g_assert_cmpint (sqlite3_exec (db->db, "INSERT INTO vectors (track_id, model_id, dim, data)"
                                         " SELECT id, 'm', 1, x'0000803f' FROM tracks",
                                         NULL, NULL, NULL), ==, SQLITE_OK);
          needing = akin_database_list_needing_analysis (db, "m", &error);
          g_assert_no_error (error);
          g_assert_cmpuint (needing->len, ==, 1);
          g_assert_cmpint (g_array_index (needing, gint64, 0), ==, track->id);
        }
    }
}

static void
count_timbre (gint64                 track_id,
              const AkinTimbreModel *model,
              gpointer               user_data)
{
  guint *seen = user_data;

  g_assert_cmpfloat (model->n_frames, ==, 4.0f);
  (*seen)++;
}

/* The timbre model is stored with the vector, read back bit for bit, and
 * a track without one (or with one of another format) needs analysis. */
static void
test_timbre (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AkinDatabase) db = akin_database_open (f->path, 0, NULL);
  g_autoptr(AkinAnalysisResult) with = make_result ("With", "A", "model-a", 1.0f);
  g_autoptr(AkinAnalysisResult) without = make_result ("Without", "B", "model-a", 2.0f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) needing = NULL;
  AkinTimbreModel back;
  gint64 a, b;
  guint seen = 0;

  a = akin_database_add_file (db, "file:///t/a.ogg", 1, 1, "ha", &error);
  b = akin_database_add_file (db, "file:///t/b.ogg", 1, 1, "hb", &error);
  g_assert_no_error (error);
  without->has_timbre = FALSE;
  g_assert_true (akin_database_store_analysis (db, a, with, &error));
  g_assert_true (akin_database_store_analysis (db, b, without, &error));
  g_assert_no_error (error);

  g_assert_true (akin_database_get_timbre (db, a, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (&back, sizeof back, &with->timbre, sizeof with->timbre);
  g_assert_false (akin_database_get_timbre (db, b, &back, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED);
  g_clear_error (&error);

  needing = akin_database_list_needing_analysis (db, "model-a", &error);
  g_assert_cmpuint (needing->len, ==, 1);
  g_assert_cmpint (g_array_index (needing, gint64, 0), ==, b);
  g_clear_pointer (&needing, g_array_unref);

  /* A model of another definition does not count. */
  g_assert_cmpint (sqlite3_exec (db->db, "UPDATE timbre SET format_id = 'older'", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  needing = akin_database_list_needing_analysis (db, "model-a", &error);
  g_assert_cmpuint (needing->len, ==, 2);
  g_clear_pointer (&needing, g_array_unref);
  g_assert_true (akin_database_store_analysis (db, a, with, &error));
  g_assert_true (akin_database_foreach_timbre (db, count_timbre, &seen, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen, ==, 1);

  /* A non-finite model is refused, and nothing of the result is written. */
  with->timbre.mean[3] = NAN;
  g_assert_false (akin_database_store_analysis (db, b, with, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A changed file loses its timbre model with the rest of its analysis. */
  g_assert_true (akin_database_update_file (db, a, 2, 2, "ha2", TRUE, &error));
  g_assert_false (akin_database_get_timbre (db, a, &back, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED);
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  AkinDatabase *db;
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE future (x); INSERT INTO future VALUES (1);"
                                 " PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  g_assert_true (g_file_get_contents (f->path, &before, &before_len, NULL));

  db = akin_database_open (f->path, AKIN_DATABASE_CHECK_INTEGRITY, &error);
  g_assert_null (db);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_SCHEMA_TOO_NEW);

  g_assert_true (g_file_get_contents (f->path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  /* The same for a newer file in WAL mode whose last writes are still in
   * its WAL: opening must not checkpoint them into the file. */
  {
    g_autofree char *wal_path = g_build_filename (f->dir, "newer-wal.db", NULL);
    g_autofree char *wal_file = g_strconcat (wal_path, "-wal", NULL);
    g_autofree char *main_before = NULL, *main_after = NULL, *wal_before = NULL, *wal_after = NULL;
    gsize mb, ma, wb, wa;

    g_assert_cmpint (sqlite3_open (wal_path, &raw), ==, SQLITE_OK);
    sqlite3_db_config (raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    g_assert_cmpint (sqlite3_exec (raw, "PRAGMA journal_mode=WAL; CREATE TABLE future (x);"
                                   " INSERT INTO future VALUES (1); PRAGMA user_version = 99",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (raw);
    g_assert_true (g_file_get_contents (wal_path, &main_before, &mb, NULL));
    g_assert_true (g_file_get_contents (wal_file, &wal_before, &wb, NULL));
    g_assert_cmpuint (wb, >, 0);

    g_clear_error (&error);
    db = akin_database_open (wal_path, AKIN_DATABASE_FLAGS_NONE, &error);
    g_assert_null (db);
    g_assert_error (error, AKIN_ERROR, AKIN_ERROR_SCHEMA_TOO_NEW);
    g_assert_true (g_file_get_contents (wal_path, &main_after, &ma, NULL));
    g_assert_true (g_file_get_contents (wal_file, &wal_after, &wa, NULL));
    g_assert_cmpmem (main_before, mb, main_after, ma);
    g_assert_cmpmem (wal_before, wb, wal_after, wa);
  }
}

static void
test_garbage (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  char garbage[8192];
  AkinDatabase *db;

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (f->path, garbage, sizeof garbage, NULL));
  db = akin_database_open (f->path, AKIN_DATABASE_FLAGS_NONE, &error);
  g_assert_null (db);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT);

  /* A text file too. */
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (f->path, "hello, I am not a database\n", -1, NULL));
  db = akin_database_open (f->path, AKIN_DATABASE_FLAGS_NONE, &error);
  g_assert_null (db);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT);
}

/* A real database whose inner pages were overwritten. */
static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  AkinDatabase *db;

  db = akin_database_open (f->path, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *uri = g_strdup_printf ("file:///music/track-%04u-with-a-long-name.ogg", i);
      g_autoptr(AkinAnalysisResult) r = make_result (uri, "Artist", "m", (float) i);
      gint64 id = akin_database_add_file (db, uri, i, i, "hash", &error);

      g_assert_no_error (error);
      g_assert_true (akin_database_store_analysis (db, id, r, &error));
    }
  akin_database_close (db);   /* checkpoints the WAL into the file */

  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8 * 4096);
  for (gsize i = 2 * 4096; i < length - 4096; i += 4096)
    memset (contents + i + 100, 0x5a, 1000);
  g_assert_true (g_file_set_contents (f->path, contents, length, NULL));

  db = akin_database_open (f->path, AKIN_DATABASE_CHECK_INTEGRITY, &error);
  g_assert_null (db);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT);
}

static void
test_tracks (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (f->path, 0, &error);
  g_autoptr(AkinAnalysisResult) r = NULL;
  g_autoptr(AkinTrack) track = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) needing = NULL;
  g_autofree float *v = NULL;
  AkinDescriptorRecord d;
  AkinStatusCounts counts;
  guint dim = 0, n = 0;
  gint64 a, b, c;

  g_assert_no_error (error);
  a = akin_database_add_file (db, "file:///m/a%20song.ogg", 100, 1000, "h1", &error);
  b = akin_database_add_file (db, "file:///m/b.ogg", 200, 2000, "h2", &error);
  c = akin_database_add_file (db, "file:///m/sub/c.ogg", 300, 3000, "h3", &error);
  g_assert_no_error (error);
  g_assert_cmpint (a, >, 0);
  g_assert_cmpint (b, >, a);
  /* Adding a known URI again returns its id. */
  g_assert_cmpint (akin_database_add_file (db, "file:///m/b.ogg", 1, 1, NULL, &error), ==, b);

  r = make_result ("Zebra 100% \"quoted\"", "Alpha", "model-a", 1.0f);
  g_assert_true (akin_database_store_analysis (db, a, r, &error));
  g_assert_no_error (error);
  g_clear_pointer (&r, akin_analysis_result_free);
  r = make_result ("apple", "Beta", "model-a", 2.0f);
  g_assert_true (akin_database_store_analysis (db, b, r, &error));
  g_assert_true (akin_database_store_failure (db, c, "c.ogg: not an audio file", &error));
  g_assert_no_error (error);

  track = akin_database_get_track (db, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (track->uri, ==, "file:///m/a%20song.ogg");
  g_assert_cmpstr (track->tags.title, ==, "Zebra 100% \"quoted\"");
  g_assert_cmpstr (track->tags.artist, ==, "Alpha");
  g_assert_cmpuint (track->tags.track_number, ==, 3);
  g_assert_cmpuint (track->tags.disc_number, ==, 2);
  g_assert_cmpfloat (track->duration, ==, 12.5);
  g_assert_cmpint (track->status, ==, AKIN_TRACK_STATUS_ANALYZED);
  g_assert_cmpint (track->analyzed, >, 0);
  g_clear_pointer (&track, akin_track_free);

  g_assert_true (akin_database_get_descriptors (db, a, &d, &error));
  g_assert_cmpstr (d.key_signature, ==, "C# Minor");
  g_assert_cmpfloat (d.tempo_bpm, ==, 103.359375);
  g_assert_cmpuint (d.sample_points, ==, 275625);
  g_assert_cmpfloat (d.z_dist_avg_to_tonic, ==, 1.2345);
  akin_descriptor_record_clear (&d);

  v = akin_database_get_vector (db, b, "model-a", &dim, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dim, ==, 32);
  g_assert_cmpfloat (v[5], ==, 7.0f);
  g_assert_null (akin_database_get_vector (db, b, "model-b", &dim, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED);
  g_clear_error (&error);

  /* Search is bound, never formatted: quotes and % are plain text. */
  g_assert_true (akin_database_count_tracks (db, "100% \"q", &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (akin_database_count_tracks (db, "'; DROP TABLE tracks; --", &n, &error));
  g_assert_cmpuint (n, ==, 0);
  g_assert_true (akin_database_count_tracks (db, "BETA", &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (akin_database_count_tracks (db, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 3);

  list = akin_database_list_tracks (db, NULL, AKIN_TRACK_SORT_TITLE, FALSE, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (((AkinTrack *) list->pdata[0])->id, ==, b);   /* apple */
  g_assert_cmpint (((AkinTrack *) list->pdata[1])->id, ==, a);   /* Zebra */
  g_assert_cmpint (((AkinTrack *) list->pdata[2])->id, ==, c);   /* no title */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = akin_database_list_tracks (db, NULL, AKIN_TRACK_SORT_ID, TRUE, 1, 1, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((AkinTrack *) list->pdata[0])->id, ==, b);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (akin_database_count_by_status (db, &counts, &error));
  g_assert_cmpuint (counts.n[AKIN_TRACK_STATUS_ANALYZED], ==, 2);
  g_assert_cmpuint (counts.n[AKIN_TRACK_STATUS_FAILED], ==, 1);
  g_assert_cmpuint (counts.total, ==, 3);
  g_assert_true (akin_database_count_with_status (db, AKIN_TRACK_STATUS_ANALYZED, &n, &error));
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (akin_database_count_with_status (db, AKIN_TRACK_STATUS_FAILED, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (akin_database_count_with_status (db, AKIN_TRACK_STATUS_PENDING, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  g_assert_no_error (error);

  list = akin_database_list_failed (db, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((AkinTrack *) list->pdata[0])->last_error, ==, "c.ogg: not an audio file");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A new model id means re-analysis of analysed tracks, not failed ones. */
  needing = akin_database_list_needing_analysis (db, "model-a", &error);
  g_assert_cmpuint (needing->len, ==, 0);
  g_clear_pointer (&needing, g_array_unref);
  needing = akin_database_list_needing_analysis (db, "model-b", &error);
  g_assert_cmpuint (needing->len, ==, 2);
  g_clear_pointer (&needing, g_array_unref);

  /* A changed file goes back to pending and loses its analysis. */
  g_assert_true (akin_database_update_file (db, b, 201, 2001, "h2b", TRUE, &error));
  needing = akin_database_list_needing_analysis (db, "model-a", &error);
  g_assert_cmpuint (needing->len, ==, 1);
  g_assert_cmpint (g_array_index (needing, gint64, 0), ==, b);
  g_assert_null (akin_database_get_vector (db, b, "model-a", &dim, &error));
  g_clear_error (&error);

  /* Move: same id, analysis kept. */
  g_assert_true (akin_database_mark_missing (db, a, &error));
  list = akin_database_find_by_hash (db, "h1", 100, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (akin_database_move_track (db, a, "file:///elsewhere/a.ogg", 100, 1000, &error));
  track = akin_database_get_track_by_uri (db, "file:///elsewhere/a.ogg", &error);
  g_assert_no_error (error);
  g_assert_cmpint (track->id, ==, a);
  g_assert_cmpint (track->status, ==, AKIN_TRACK_STATUS_ANALYZED);
  g_clear_pointer (&track, akin_track_free);

  /* Missing, then cleaned: descriptors and vectors go too. */
  g_assert_true (akin_database_mark_missing (db, a, &error));
  g_assert_true (akin_database_count_tracks (db, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (akin_database_clean_missing (db, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_null (akin_database_get_track (db, a, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (akin_database_get_descriptors (db, a, &d, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED);
  g_clear_error (&error);

  /* Storing for a track that is gone changes nothing. */
  g_assert_false (akin_database_store_analysis (db, a, r, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_FOUND);
}

static void
test_claims (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db1 = akin_database_open (f->path, 0, &error);
  g_autoptr(AkinDatabase) db2 = akin_database_open (f->path, 0, &error);
  g_autoptr(AkinAnalysisResult) r = make_result ("t", "a", "m", 0.5f);
  g_autofree char *uri = NULL;
  g_autofree char *sql = NULL;
  GPid dead = 0;
  gint64 id;

  g_assert_no_error (error);
  id = akin_database_add_file (db1, "file:///x.ogg", 1, 1, NULL, &error);

  g_assert_true (akin_database_claim_track (db1, id, "m", "owner-1", 600, &uri, &error));
  g_assert_cmpstr (uri, ==, "file:///x.ogg");
  /* Held by a live owner: another owner cannot take it. */
  g_assert_false (akin_database_claim_track (db2, id, "m", "owner-2", 600, NULL, &error));
  g_assert_no_error (error);

  /* A claim whose process is gone is taken over at once. */
  {
    const char *argv[] = { "true", NULL };
    int status;

    g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                  G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                  &dead, &error));
    g_assert_cmpint (waitpid (dead, &status, 0), ==, dead);
  }
  sql = g_strdup_printf ("UPDATE tracks SET claim_pid = %d", (int) dead);
  g_assert_cmpint (sqlite3_exec (db1->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (akin_database_claim_track (db2, id, "m", "owner-2", 600, NULL, &error));

  /* A lapsed lease too. */
  g_assert_cmpint (sqlite3_exec (db1->db, "UPDATE tracks SET claim_expires = 1", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_true (akin_database_claim_track (db1, id, "m", "owner-1", 600, NULL, &error));

  /* Stored: no longer claimable by anyone. */
  g_assert_true (akin_database_store_analysis (db1, id, r, &error));
  g_assert_false (akin_database_claim_track (db2, id, "m", "owner-2", 600, NULL, &error));
  g_assert_no_error (error);
  /* But claimable for another model. */
  g_assert_true (akin_database_claim_track (db2, id, "m2", "owner-2", 600, NULL, &error));
  g_assert_true (akin_database_release_claims (db2, "owner-2", &error));
  g_assert_true (akin_database_claim_track (db1, id, "m2", "owner-1", 600, NULL, &error));
  g_assert_no_error (error);
}

/* Transactions nest, roll back as a whole, and take the write lock first. */
static void
test_transactions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (f->path, 0, &error);
  g_autoptr(AkinTrack) track = NULL;

  g_assert_true (akin_database_begin (db, &error));
  g_assert_cmpint (akin_database_add_file (db, "file:///1.ogg", 1, 1, NULL, &error), >, 0);
  g_assert_true (akin_database_begin (db, &error));
  g_assert_cmpint (akin_database_add_file (db, "file:///2.ogg", 1, 1, NULL, &error), >, 0);
  akin_database_rollback (db);
  g_assert_false (akin_database_commit (db, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_FAILED);
  g_clear_error (&error);
  track = akin_database_get_track_by_uri (db, "file:///1.ogg", &error);
  g_assert_null (track);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_FOUND);
}

typedef struct
{
  const char *path;
  guint       n;
  gint        done;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (w->path, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < w->n; i++)
    {
      g_autofree char *uri = g_strdup_printf ("file:///w/%04u.ogg", i);
      g_autoptr(AkinAnalysisResult) r = make_result (uri, "W", "m", (float) i);
      gint64 id;

      /* Insert and analyse in one transaction: readers see both or none. */
      g_assert_true (akin_database_begin (db, &error));
      id = akin_database_add_file (db, uri, i, i, NULL, &error);
      g_assert_true (akin_database_store_analysis (db, id, r, &error));
      g_assert_true (akin_database_commit (db, &error));
      g_assert_no_error (error);
    }
  g_atomic_int_set (&w->done, 1);
  return NULL;
}

/* Whether anything but missing tracks is left: false on an empty library
 * and on one whose every track is missing. */
static void
test_has_tracks_besides (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (f->path, 0, &error);
  gboolean any = TRUE;
  gint64 a, b;

  g_assert_no_error (error);
  g_assert_true (akin_database_has_tracks_besides (db, AKIN_TRACK_STATUS_MISSING, &any, &error));
  g_assert_false (any);

  a = akin_database_add_file (db, "file:///m/a.ogg", 1, 1, NULL, &error);
  g_assert_true (akin_database_has_tracks_besides (db, AKIN_TRACK_STATUS_MISSING, &any, &error));
  g_assert_true (any);
  g_assert_true (akin_database_has_tracks_besides (db, AKIN_TRACK_STATUS_PENDING, &any, &error));
  g_assert_false (any);

  g_assert_true (akin_database_mark_missing (db, a, &error));
  g_assert_true (akin_database_has_tracks_besides (db, AKIN_TRACK_STATUS_MISSING, &any, &error));
  g_assert_false (any);

  b = akin_database_add_file (db, "file:///m/b.ogg", 1, 1, NULL, &error);
  g_assert_cmpint (b, >, a);
  g_assert_true (akin_database_has_tracks_besides (db, AKIN_TRACK_STATUS_MISSING, &any, &error));
  g_assert_true (any);
  g_assert_no_error (error);
}

/* A reader inside begin_read sees one snapshot while another thread writes. */
static void
test_reader_snapshot (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) reader = akin_database_open (f->path, 0, &error);
  Writer w = { f->path, 300, 0 };
  GThread *thread;
  guint rounds = 0;
  guint last = 0;

  g_assert_no_error (error);
  thread = g_thread_new ("writer", writer_thread, &w);
  while (!g_atomic_int_get (&w.done) || rounds < 3)
    {
      AkinStatusCounts counts;
      g_autoptr(GPtrArray) list = NULL;
      guint n = 0, n_again = 0;

      g_assert_true (akin_database_begin_read (reader, &error));
      g_assert_true (akin_database_count_tracks (reader, NULL, &n, &error));
      list = akin_database_list_tracks (reader, NULL, AKIN_TRACK_SORT_URI, FALSE, 0, 10000, &error);
      g_assert_true (akin_database_count_by_status (reader, &counts, &error));
      g_usleep (500);
      g_assert_true (akin_database_count_tracks (reader, NULL, &n_again, &error));
      akin_database_end_read (reader);
      g_assert_no_error (error);

      g_assert_cmpuint (n, ==, n_again);
      g_assert_cmpuint (list->len, ==, n);
      g_assert_cmpuint (counts.n[AKIN_TRACK_STATUS_ANALYZED], ==, n);
      g_assert_cmpuint (counts.n[AKIN_TRACK_STATUS_PENDING], ==, 0);
      g_assert_cmpuint (n, >=, last);
      for (guint i = 0; i < list->len; i++)
        g_assert_cmpint (((AkinTrack *) list->pdata[i])->status, ==, AKIN_TRACK_STATUS_ANALYZED);
      last = n;
      rounds++;
    }
  g_thread_join (thread);
  g_assert_true (akin_database_count_tracks (reader, NULL, &last, &error));
  g_assert_cmpuint (last, ==, w.n);
}

static GArray *
ids_of (AkinDatabase  *db,
        const char    *search,
        AkinTrackSort  sort,
        gboolean       descending)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = akin_database_list_track_ids (db, search, sort, descending, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}

#define assert_ids(ids, ...)                                              \
  G_STMT_START {                                                          \
    const gint64 expected_[] = { __VA_ARGS__ };                           \
    g_assert_cmpmem ((ids)->data, (ids)->len * sizeof (gint64),           \
                     expected_, sizeof expected_);                        \
  } G_STMT_END

/* The id list a list view keeps, and the windows of rows it pages in. */
static void
test_track_ids (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (f->path, 0, &error);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) many = NULL;
  const char *titles[] = { "delta", "Alpha", "charlie", "bravo" };
  const double bpm[] = { 90.0, 140.0, 120.0, 0.0 };
  gint64 id[5];
  gint64 missing_id = 0;
  AkinTrack *t;

  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      /* The untagged one is found by its file name, as the list shows it. */
      g_autofree char *uri = i == 4 ? g_strdup ("file:///m/Night%20Drive%2C%20Slow.ogg")
                                    : g_strdup_printf ("file:///m/%u.ogg", i);

      id[i] = akin_database_add_file (db, uri, 10, 10, NULL, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(AkinAnalysisResult) r = make_result (titles[i], i < 2 ? "Same" : "Other",
                                                     "m", (float) i);

      r->descriptors.tempo_bpm = bpm[i];
      if (i == 3)
        g_clear_pointer (&r->descriptors.key_signature, g_free);
      g_assert_true (akin_database_store_analysis (db, id[i], r, &error));
      g_assert_no_error (error);
    }
  /* id[4] stays pending (no tags, no descriptors); a missing track is never listed. */
  missing_id = akin_database_add_file (db, "file:///m/gone.ogg", 1, 1, NULL, &error);
  g_assert_true (akin_database_mark_missing (db, missing_id, &error));
  g_assert_no_error (error);

  ids = ids_of (db, NULL, AKIN_TRACK_SORT_TITLE, FALSE);
  assert_ids (ids, id[1], id[3], id[2], id[0], id[4]);
  g_clear_pointer (&ids, g_array_unref);
  /* Empty values stay last when the order is reversed. */
  ids = ids_of (db, NULL, AKIN_TRACK_SORT_TITLE, TRUE);
  assert_ids (ids, id[0], id[2], id[3], id[1], id[4]);
  g_clear_pointer (&ids, g_array_unref);
  ids = ids_of (db, NULL, AKIN_TRACK_SORT_BPM, FALSE);
  assert_ids (ids, id[3], id[0], id[2], id[1], id[4]);
  g_clear_pointer (&ids, g_array_unref);
  ids = ids_of (db, NULL, AKIN_TRACK_SORT_KEY, FALSE);
  assert_ids (ids, id[0], id[1], id[2], id[3], id[4]);
  g_clear_pointer (&ids, g_array_unref);
  /* Artist, then album (all the same), then track number (same), then title. */
  ids = ids_of (db, NULL, AKIN_TRACK_SORT_ARTIST, FALSE);
  assert_ids (ids, id[3], id[2], id[1], id[0], id[4]);
  g_clear_pointer (&ids, g_array_unref);
  ids = ids_of (db, NULL, AKIN_TRACK_SORT_STATUS, TRUE);
  assert_ids (ids, id[4], id[3], id[2], id[1], id[0]);
  g_clear_pointer (&ids, g_array_unref);
  /* The filter is case-insensitive and treats % literally. */
  ids = ids_of (db, "HARL", AKIN_TRACK_SORT_ID, FALSE);
  assert_ids (ids, id[2]);
  g_clear_pointer (&ids, g_array_unref);
  ids = ids_of (db, "same", AKIN_TRACK_SORT_ID, TRUE);
  assert_ids (ids, id[1], id[0]);
  g_clear_pointer (&ids, g_array_unref);
  ids = ids_of (db, "%", AKIN_TRACK_SORT_ID, FALSE);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  /* File names match unescaped, the folders above them do not. */
  ids = ids_of (db, "night drive, s", AKIN_TRACK_SORT_ID, FALSE);
  assert_ids (ids, id[4]);
  g_clear_pointer (&ids, g_array_unref);
  ids = ids_of (db, "2.ogg", AKIN_TRACK_SORT_ID, FALSE);
  assert_ids (ids, id[2]);
  g_clear_pointer (&ids, g_array_unref);
  ids = ids_of (db, "/m/", AKIN_TRACK_SORT_ID, FALSE);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  {
    guint n = 0;

    g_assert_true (akin_database_count_tracks (db, "Night Drive", &n, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 1);
  }

  /* Rows come back in the order asked, with tempo and key, NULL for unknown ids. */
  {
    const gint64 want[] = { id[2], 999999, id[4], id[2] };

    rows = akin_database_get_tracks (db, want, G_N_ELEMENTS (want), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 4);
    t = g_ptr_array_index (rows, 0);
    g_assert_cmpint (t->id, ==, id[2]);
    g_assert_cmpstr (t->tags.title, ==, "charlie");
    g_assert_cmpfloat (t->tempo_bpm, ==, 120.0);
    g_assert_cmpstr (t->key_signature, ==, "C# Minor");
    g_assert_cmpint (t->status, ==, AKIN_TRACK_STATUS_ANALYZED);
    g_assert_null (g_ptr_array_index (rows, 1));
    t = g_ptr_array_index (rows, 2);
    g_assert_cmpint (t->status, ==, AKIN_TRACK_STATUS_PENDING);
    g_assert_cmpfloat (t->tempo_bpm, ==, 0.0);
    g_assert_null (t->key_signature);
    t = g_ptr_array_index (rows, 3);
    g_assert_true (t != g_ptr_array_index (rows, 0));
    g_assert_cmpstr (t->key_signature, ==, "C# Minor");
    g_clear_pointer (&rows, g_ptr_array_unref);
  }

  /* More ids than one statement takes. */
  many = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < 150; i++)
    g_array_append_val (many, id[i % 5]);
  rows = akin_database_get_tracks (db, (gint64 *) many->data, many->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 150);
  for (guint i = 0; i < 150; i++)
    {
      t = g_ptr_array_index (rows, i);
      g_assert_nonnull (t);
      g_assert_cmpint (t->id, ==, id[i % 5]);
    }
  t = akin_track_copy (g_ptr_array_index (rows, 0));
  g_assert_cmpstr (t->key_signature, ==, "C# Minor");
  akin_track_free (t);
}

/* A read-only connection reads, writes nothing and never migrates. */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(AkinDatabase) ro = NULL;
  g_autoptr(AkinTrack) track = NULL;
  g_autofree char *empty = g_build_filename (f->dir, "empty.db", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  g_autofree char *contents = NULL;
  gsize length = 1;
  gint64 id;
  sqlite3 *raw = NULL;

  db = akin_database_open (f->path, AKIN_DATABASE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  id = akin_database_add_file (db, "file:///music/a.ogg", 10, 20, "hash", &error);
  g_assert_no_error (error);
  g_clear_pointer (&db, akin_database_close);

  ro = akin_database_open (f->path, AKIN_DATABASE_READ_ONLY | AKIN_DATABASE_CHECK_INTEGRITY,
                           &error);
  g_assert_no_error (error);
  track = akin_database_get_track (ro, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (track->uri, ==, "file:///music/a.ogg");
  g_assert_false (akin_database_begin (ro, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_cmpint (akin_database_add_file (ro, "file:///music/b.ogg", 1, 2, "other", &error),
                   ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_clear_pointer (&ro, akin_database_close);

  /* An empty file gets no schema; a missing one is not created. */
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_null (akin_database_open (empty, AKIN_DATABASE_READ_ONLY, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_SCHEMA_TOO_OLD);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (empty, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, 0);
  g_assert_null (akin_database_open (missing, AKIN_DATABASE_READ_ONLY, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* An older schema is left as it is. */
  g_assert_cmpint (sqlite3_open (f->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA user_version = 1", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (raw);
  g_assert_null (akin_database_open (f->path, AKIN_DATABASE_READ_ONLY, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_SCHEMA_TOO_OLD);
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_open (f->path, &raw), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (raw, "PRAGMA user_version", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (raw);
}

/* An album on two discs comes disc by disc, songs without a disc number
 * (an older library, an album on one disc) first in track order; the
 * album's year is the earliest of its songs' dates. */
static void
test_album_order (Fixture       *f,
                  gconstpointer  data)
{
  /* disc, track, date, in the order they are stored */
  static const struct { guint disc, track; const char *date; } songs[] = {
    { 2, 1, "2003" }, { 1, 2, "2001-05-04" }, { 0, 3, NULL }, { 1, 1, "2001" }, { 2, 2, NULL },
  };
  static const guint expected[] = { 2, 3, 1, 0, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (f->path, 0, &error);
  g_autoptr(GPtrArray) albums = NULL;
  g_autoptr(GPtrArray) artists = NULL;
  g_autoptr(GArray) order = NULL;
  gint64 ids[G_N_ELEMENTS (songs)];

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (songs); i++)
    {
      g_autofree char *uri = g_strdup_printf ("file:///m/%u.ogg", i);
      g_autoptr(AkinAnalysisResult) r = make_result ("Song", "Band", "model-a", (float) i);

      ids[i] = akin_database_add_file (db, uri, 1, 1, NULL, &error);
      g_assert_no_error (error);
      r->tags.disc_number = songs[i].disc;
      r->tags.track_number = songs[i].track;
      r->tags.date = g_strdup (songs[i].date);
      g_assert_true (akin_database_store_analysis (db, ids[i], r, &error));
      g_assert_no_error (error);
    }

  order = akin_database_list_album_track_ids (db, "Album", "Band", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (order->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < order->len; i++)
    g_assert_cmpint (g_array_index (order, gint64, i), ==, ids[expected[i]]);

  albums = akin_database_list_albums (db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (albums->len, ==, 1);
  g_assert_cmpuint (((AkinAlbum *) albums->pdata[0])->year, ==, 2001);
  artists = akin_database_list_artists (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (artists->len, ==, 1);
  g_assert_cmpuint (((AkinAlbum *) artists->pdata[0])->year, ==, 2001);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/database/open-new", test_open_new);
  ADD ("/database/migrations", test_migrations);
  ADD ("/database/timbre", test_timbre);
  ADD ("/database/too-new", test_too_new);
  ADD ("/database/garbage", test_garbage);
  ADD ("/database/damaged", test_damaged);
  ADD ("/database/tracks", test_tracks);
  ADD ("/database/album-order", test_album_order);
  ADD ("/database/has-tracks-besides", test_has_tracks_besides);
  ADD ("/database/track-ids", test_track_ids);
  ADD ("/database/claims", test_claims);
  ADD ("/database/transactions", test_transactions);
  ADD ("/database/reader-snapshot", test_reader_snapshot);
  ADD ("/database/read-only", test_read_only);
#undef ADD

  return g_test_run ();
}
