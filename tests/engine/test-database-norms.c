/* test-database-norms.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stored mutual proximity statistics of the similarity index: the
 * reference sample and each track's statistics round trip, statistics of
 * another sample are never returned, a new timbre model drops its track's,
 * and a schema-4 file migrates to 5 with its data.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

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

  f->dir = g_dir_make_tmp ("akin-dbn-XXXXXX", &error);
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

static gint64
add_analysed (AkinDatabase *db,
              guint         i,
              float         offset)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("file:///m/%u.ogg", i);
  g_autoptr(AkinAnalysisResult) r = akin_analysis_result_new ();
  gint64 id = akin_database_add_file (db, uri, 100 + i, i, NULL, &error);
  float v[2] = { 1.0f, (float) i };
  float frames[3 * AKIN_TIMBRE_DIM];

  g_assert_no_error (error);
  for (guint f = 0; f < G_N_ELEMENTS (frames); f++)
    frames[f] = offset + (float) ((f * 7 + i) % 5);
  akin_analysis_result_set_vector (r, "m", v, 2);
  r->has_timbre = TRUE;
  akin_timbre_model_fit (frames, 3, &r->timbre);
  g_assert_true (akin_database_store_analysis (db, id, r, &error));
  g_assert_no_error (error);
  return id;
}

typedef struct
{
  GArray *ids;
  GArray *floats;
  gsize   n_floats;
} References;

static void
collect_reference (gint64        track_id,
                   gconstpointer data,
                   gsize         size,
                   gpointer      user_data)
{
  References *refs = user_data;

  g_assert_cmpuint (size % sizeof (float), ==, 0);
  g_array_append_val (refs->ids, track_id);
  g_array_append_vals (refs->floats, data, size / sizeof (float));
  refs->n_floats = size / sizeof (float);
}

static void
collect_norm (gint64                track_id,
              const AkinTimbreNorm *norm,
              gpointer              user_data)
{
  GHashTable *norms = user_data;

  g_hash_table_insert (norms, g_memdup2 (&track_id, sizeof track_id),
                       g_memdup2 (norm, sizeof *norm));
}

static GHashTable *
read_norms (AkinDatabase *db,
            const char   *sample)
{
  g_autoptr(GError) error = NULL;
  GHashTable *norms = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  g_assert_true (akin_database_foreach_timbre_norm (db, AKIN_TIMBRE_FORMAT_ID, sample, collect_norm,
                                                    norms, &error));
  g_assert_no_error (error);
  return norms;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = akin_database_open (f->path, 0, &error);
  gint64 ids[4];
  float floats[3 * 5];
  AkinTimbreNorm norms[4] = { { 1.5f, 0.25f }, { 2.0f, 1e-7f }, { 3.25f, 0.5f }, { 0.1f, 0.2f } };
  References refs = { g_array_new (FALSE, FALSE, sizeof (gint64)),
                      g_array_new (FALSE, FALSE, sizeof (float)), 0 };
  g_autoptr(GHashTable) got = NULL;
  g_autoptr(GHashTable) other = NULL;
  const gint64 gone = 999;

  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    ids[i] = add_analysed (db, i, (float) i);
  for (guint j = 0; j < G_N_ELEMENTS (floats); j++)
    floats[j] = 0.5f * (float) j - 3.0f;

  /* Three references of five floats, then a replacement with one. */
  g_assert_true (akin_database_set_timbre_references (db, AKIN_TIMBRE_FORMAT_ID,
                                                      (gint64[]) { ids[2], ids[0], 77 }, floats,
                                                      5 * sizeof (float), 3, &error));
  g_assert_true (akin_database_set_timbre_references (db, "other-format", ids, floats,
                                                      5 * sizeof (float), 1, &error));
  g_assert_true (akin_database_foreach_timbre_reference (db, AKIN_TIMBRE_FORMAT_ID,
                                                         collect_reference, &refs, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (refs.ids->len, ==, 3);
  g_assert_cmpuint (refs.n_floats, ==, 5);
  /* In id order; a reference need not be a track any more (77). */
  g_assert_cmpint (g_array_index (refs.ids, gint64, 0), ==, ids[0]);
  g_assert_cmpint (g_array_index (refs.ids, gint64, 1), ==, ids[2]);
  g_assert_cmpint (g_array_index (refs.ids, gint64, 2), ==, 77);
  g_assert_cmpmem (&g_array_index (refs.floats, float, 0), 5 * sizeof (float), floats + 5,
                   5 * sizeof (float));
  g_assert_cmpmem (&g_array_index (refs.floats, float, 5), 5 * sizeof (float), floats,
                   5 * sizeof (float));
  g_array_set_size (refs.ids, 0);
  g_array_set_size (refs.floats, 0);
  g_assert_true (akin_database_set_timbre_references (db, AKIN_TIMBRE_FORMAT_ID, ids + 3,
                                                      floats + 10, 5 * sizeof (float), 1, &error));
  g_assert_true (akin_database_foreach_timbre_reference (db, AKIN_TIMBRE_FORMAT_ID,
                                                         collect_reference, &refs, &error));
  g_assert_cmpuint (refs.ids->len, ==, 1);
  g_assert_cmpint (g_array_index (refs.ids, gint64, 0), ==, ids[3]);
  g_assert_cmpmem (refs.floats->data, 5 * sizeof (float), floats + 10, 5 * sizeof (float));

  /* Statistics: exact floats back, only those of the sample asked for; a
   * track no longer in the library is skipped. */
  g_assert_true (akin_database_store_timbre_norms (db, AKIN_TIMBRE_FORMAT_ID, "sample-a", ids,
                                                   norms, 3, &error));
  g_assert_true (akin_database_store_timbre_norms (db, AKIN_TIMBRE_FORMAT_ID, "sample-b", ids + 3,
                                                   norms + 3, 1, &error));
  g_assert_true (akin_database_store_timbre_norms (db, AKIN_TIMBRE_FORMAT_ID, "sample-a", &gone,
                                                   norms, 1, &error));
  g_assert_no_error (error);
  got = read_norms (db, "sample-a");
  g_assert_cmpuint (g_hash_table_size (got), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      AkinTimbreNorm *n = g_hash_table_lookup (got, &ids[i]);

      g_assert_nonnull (n);
      g_assert_cmpmem (n, sizeof *n, &norms[i], sizeof norms[i]);
    }
  other = read_norms (db, "sample-c");
  g_assert_cmpuint (g_hash_table_size (other), ==, 0);
  g_clear_pointer (&other, g_hash_table_unref);

  /* Replacing: track 1's statistics move to sample b; a new timbre model
   * for track 2 drops its statistics. */
  g_assert_true (akin_database_store_timbre_norms (db, AKIN_TIMBRE_FORMAT_ID, "sample-b", ids + 1,
                                                   norms + 3, 1, &error));
  {
    g_autoptr(AkinAnalysisResult) r = akin_analysis_result_new ();
    float frames[2 * AKIN_TIMBRE_DIM] = { 0 };

    frames[3] = 1.0f;
    r->has_timbre = TRUE;
    akin_timbre_model_fit (frames, 2, &r->timbre);
    akin_analysis_result_set_vector (r, "m", (float[]) { 1.0f, 1.0f }, 2);
    g_assert_true (akin_database_store_analysis (db, ids[2], r, &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&got, g_hash_table_unref);
  got = read_norms (db, "sample-a");
  g_assert_cmpuint (g_hash_table_size (got), ==, 1);
  g_assert_nonnull (g_hash_table_lookup (got, &ids[0]));
  other = read_norms (db, "sample-b");
  g_assert_cmpuint (g_hash_table_size (other), ==, 2);
  g_assert_cmpmem (g_hash_table_lookup (other, &ids[1]), sizeof (AkinTimbreNorm), &norms[3],
                   sizeof norms[3]);

  g_array_unref (refs.ids);
  g_array_unref (refs.floats);
}

/* A schema-4 file with a track, its vector and timbre model opens as
 * schema 5 with all of them, and the new tables work. */
static void
test_migrate_4_to_5 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(AkinTrack) track = NULL;
  g_autoptr(GHashTable) got = NULL;
  g_autofree float *vector = NULL;
  AkinTimbreModel model, back;
  float frames[4 * AKIN_TIMBRE_DIM];
  AkinTimbreNorm norm = { 4.5f, 0.75f };
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;
  guint dim = 0;

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    frames[i] = (float) ((i * 13) % 11) - 5.0f;
  akin_timbre_model_fit (frames, 4, &model);

  g_assert_cmpint (sqlite3_open (f->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (_akin_database_migrate (raw, 0, 4, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (raw, "INSERT INTO tracks (id, uri, title, status, added, updated)"
                                 " VALUES (7, 'file:///old.ogg', 'Old', 'analyzed', 1, 1);"
                                 "INSERT INTO vectors (track_id, model_id, dim, data)"
                                 " VALUES (7, 'm', 1, x'0000803f')", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "INSERT INTO timbre (track_id, format_id, data)"
                                       " VALUES (7, ?1, ?2)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, AKIN_TIMBRE_FORMAT_ID, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, akin_timbre_model_as_floats (&model), sizeof model, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (raw, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  db = akin_database_open (f->path, AKIN_DATABASE_CHECK_INTEGRITY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (AKIN_DATABASE_SCHEMA_VERSION, >=, 5);
  g_assert_cmpint (akin_database_get_schema_version (db), ==, AKIN_DATABASE_SCHEMA_VERSION);
  track = akin_database_get_track (db, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (track->tags.title, ==, "Old");
  vector = akin_database_get_vector (db, 7, "m", &dim, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dim, ==, 1);
  g_assert_cmpfloat (vector[0], ==, 1.0f);
  g_assert_true (akin_database_get_timbre (db, 7, &back, &error));
  g_assert_cmpmem (&back, sizeof back, &model, sizeof model);

  got = read_norms (db, "s");
  g_assert_cmpuint (g_hash_table_size (got), ==, 0);
  g_clear_pointer (&got, g_hash_table_unref);
  g_assert_true (akin_database_store_timbre_norms (db, AKIN_TIMBRE_FORMAT_ID, "s",
                                                   (gint64[]) { 7 }, &norm, 1, &error));
  g_assert_no_error (error);
  got = read_norms (db, "s");
  g_assert_cmpuint (g_hash_table_size (got), ==, 1);
}

/* A file of the next schema is still refused. */
static void
test_newer_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d",
                                             AKIN_DATABASE_SCHEMA_VERSION + 1);
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  g_assert_null (akin_database_open (f->path, 0, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_SCHEMA_TOO_NEW);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/database-norms/round-trip", test_round_trip);
  ADD ("/database-norms/migrate-4-to-5", test_migrate_4_to_5);
  ADD ("/database-norms/newer-refused", test_newer_refused);
#undef ADD

  return g_test_run ();
}
