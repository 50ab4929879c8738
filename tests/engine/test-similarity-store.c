/* test-similarity-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mutual proximity statistics kept in the database: a second index
 * built from the same library computes none and answers bit for bit as the
 * first; stale statistics (of another sample) are never used; new and
 * re-analysed tracks are the only ones computed; a full sample stays the
 * same when tracks that hash lower arrive or a reference leaves.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "akin-database-private.h"
#include "akin-error.h"
#include "akin-similarity-private.h"
#include "test-tmpdir.h"

#define DIM 8
#define N   40

typedef struct
{
  char         *dir;
  char         *path;
  AkinDatabase *db;
  gint64        ids[2 * N];
  guint         n;           /* tracks added */
  guint         n_timbre;    /* of which with a timbre model */
  GRand        *rand;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("akin-sims-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "library.db", NULL);
  f->db = akin_database_open (f->path, 0, &error);
  g_assert_no_error (error);
  f->rand = g_rand_new_with_seed (11);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  akin_database_close (f->db);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_rand_free (f->rand);
}

static void
random_analysis (Fixture            *f,
                 AkinAnalysisResult *r,
                 gboolean            timbre)
{
  float vector[DIM];
  float frames[40 * AKIN_TIMBRE_DIM];
  double offset = g_rand_double_range (f->rand, -2, 2);
  double spread = g_rand_double_range (f->rand, 0.3, 2);

  for (guint j = 0; j < DIM; j++)
    vector[j] = (float) (g_rand_double_range (f->rand, -1, 1) + (j == 0 ? 3 : 0));
  akin_analysis_result_set_vector (r, "m", vector, DIM);
  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    frames[i] = (float) (offset * (i % 3) + spread * g_rand_double_range (f->rand, -1, 1));
  r->has_timbre = timbre;
  akin_timbre_model_fit (frames, 40, &r->timbre);
}

/* Adds @n analysed tracks; every 9th has no timbre model. */
static void
add_tracks (Fixture *f,
            guint    n)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++, f->n++)
    {
      g_autofree char *uri = g_strdup_printf ("file:///m/%u.ogg", f->n);
      g_autoptr(AkinAnalysisResult) r = akin_analysis_result_new ();
      gboolean timbre = f->n % 9 != 4;

      f->ids[f->n] = akin_database_add_file (f->db, uri, f->n, f->n, NULL, &error);
      g_assert_no_error (error);
      random_analysis (f, r, timbre);
      g_assert_true (akin_database_store_analysis (f->db, f->ids[f->n], r, &error));
      g_assert_no_error (error);
      f->n_timbre += timbre;
    }
}

static AkinSimilarityIndex *
build (Fixture *f,
       guint    max_refs,    /* 0: the default */
       guint    computed,
       guint    loaded)
{
  g_autoptr(GError) error = NULL;
  AkinSimilarityIndex *index = akin_similarity_index_new (DIM);
  guint c = G_MAXUINT, l = G_MAXUINT;

  if (max_refs > 0)
    _akin_similarity_index_set_max_references (index, max_refs);
  g_assert_true (_akin_similarity_index_fill_from_database (index, f->db, "m", &error));
  g_assert_no_error (error);
  _akin_similarity_index_get_norm_counts (index, &c, &l);
  g_assert_cmpuint (c, ==, computed);
  g_assert_cmpuint (l, ==, loaded);
  return index;
}

static void
assert_same_answers (Fixture             *f,
                     AkinSimilarityIndex *a,
                     AkinSimilarityIndex *b)
{
  for (guint i = 0; i < f->n; i++)
    {
      g_autoptr(GArray) x = akin_similarity_index_query_track (a, f->ids[i], N, 0, NULL);
      g_autoptr(GArray) y = akin_similarity_index_query_track (b, f->ids[i], N, 0, NULL);

      g_assert_nonnull (x);
      g_assert_nonnull (y);
      g_assert_cmpuint (x->len, ==, MIN (N, f->n - 1));
      g_assert_cmpmem (x->data, x->len * sizeof (AkinSimilarityMatch), y->data,
                       y->len * sizeof (AkinSimilarityMatch));
    }
}

static void
test_second_build (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AkinSimilarityIndex) first = NULL;
  g_autoptr(AkinSimilarityIndex) second = NULL;
  g_autoptr(AkinAnalysisResult) outside = akin_analysis_result_new ();

  add_tracks (f, N);
  first = build (f, 0, f->n_timbre, 0);
  second = build (f, 0, 0, f->n_timbre);
  assert_same_answers (f, first, second);

  /* A song from outside is compared against the same (stored) sample. */
  random_analysis (f, outside, TRUE);
  {
    const float *v = outside->vector;
    g_autoptr(GArray) x = NULL;
    g_autoptr(GArray) y = NULL;

    x = akin_similarity_index_query_external (first, v, DIM, &outside->timbre, NULL, 10, 0, NULL);
    y = akin_similarity_index_query_external (second, v, DIM, &outside->timbre, NULL, 10, 0, NULL);
    g_assert_cmpuint (x->len, ==, 10);
    g_assert_cmpmem (x->data, x->len * sizeof (AkinSimilarityMatch), y->data,
                     y->len * sizeof (AkinSimilarityMatch));
  }
}

static void
test_stale (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(AkinSimilarityIndex) first = NULL;
  g_autoptr(AkinSimilarityIndex) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree AkinTimbreNorm *garbage = g_new (AkinTimbreNorm, N);

  add_tracks (f, N);
  first = build (f, 0, f->n_timbre, 0);

  /* Statistics of another sample, however plausible, are recomputed. */
  for (guint i = 0; i < N; i++)
    garbage[i] = (AkinTimbreNorm) { 1.0f + i, 0.5f };
  g_assert_true (akin_database_store_timbre_norms (f->db, AKIN_TIMBRE_FORMAT_ID, "0123456789abcdef",
                                                   f->ids, garbage, N, &error));
  g_assert_no_error (error);
  again = build (f, 0, f->n_timbre, 0);
  assert_same_answers (f, first, again);
  g_clear_pointer (&again, akin_similarity_index_unref);

  /* So are those of a sample whose models changed under the same ids. */
  {
    g_autofree gint64 *ids = g_memdup2 (first->ref_ids, first->n_refs * sizeof (gint64));
    g_autofree AkinSimilarityTimbre *refs = g_memdup2 (first->refs,
                                                       first->n_refs * sizeof *refs);

    refs[0].mean[0] += 0.25f;
    g_assert_true (akin_database_set_timbre_references (f->db, AKIN_TIMBRE_FORMAT_ID, ids, refs,
                                                        sizeof *refs, first->n_refs, &error));
    g_assert_no_error (error);
    again = build (f, 0, f->n_timbre, 0);
    g_assert_cmpstr (again->sample_id, !=, first->sample_id);
    g_clear_pointer (&again, akin_similarity_index_unref);
    /* … and stored against the new sample. */
    again = build (f, 0, 0, f->n_timbre);
  }
}

static void
test_updates (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AkinSimilarityIndex) index = NULL;
  g_autoptr(AkinSimilarityIndex) again = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  add_tracks (f, N);
  g_clear_pointer (&index, akin_similarity_index_unref);
  index = build (f, 0, f->n_timbre, 0);
  g_clear_pointer (&index, akin_similarity_index_unref);

  /* Three new tracks (the sample is not full and has not doubled: kept)
   * and one analysed again: only those four are computed. */
  before = f->n_timbre;
  add_tracks (f, 3);
  {
    g_autoptr(AkinAnalysisResult) r = akin_analysis_result_new ();

    random_analysis (f, r, TRUE);
    g_assert_true (akin_database_store_analysis (f->db, f->ids[0], r, &error));
    g_assert_no_error (error);
  }
  index = build (f, 0, f->n_timbre - before + 1, before - 1);
  g_clear_pointer (&index, akin_similarity_index_unref);
  index = build (f, 0, 0, f->n_timbre);

  /* A track added to a built index, as the app does, and saved. */
  before = f->n_timbre;
  add_tracks (f, 1);
  {
    g_autofree float *v = NULL;
    AkinTimbreModel model;
    guint dim = 0;
    guint computed, loaded;

    v = akin_database_get_vector (f->db, f->ids[f->n - 1], "m", &dim, &error);
    g_assert_true (akin_database_get_timbre (f->db, f->ids[f->n - 1], &model, &error));
    g_assert_true (akin_similarity_index_set (index, f->ids[f->n - 1], v, dim, NULL, &error));
    g_assert_true (akin_similarity_index_set_timbre (index, f->ids[f->n - 1], &model, &error));
    _akin_similarity_index_get_norm_counts (index, &computed, &loaded);
    g_assert_cmpuint (computed, ==, 1);
    g_assert_true (akin_similarity_index_save_statistics (index, f->db, &error));
    g_assert_no_error (error);
  }
  /* (Its answers differ in the last bits: the built index refreshed the
   * library's z-scoring statistics, the other kept them.) */
  again = build (f, 0, 0, f->n_timbre);
  g_assert_cmpmem (&index->norm[_akin_similarity_index_find_row (index, f->ids[f->n - 1])],
                   sizeof (AkinTimbreNorm),
                   &again->norm[_akin_similarity_index_find_row (again, f->ids[f->n - 1])],
                   sizeof (AkinTimbreNorm));
}

/* A connection that cannot write still builds the index; what it could
 * not store is written by a later save. */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AkinSimilarityIndex) index = NULL;
  g_autoptr(AkinSimilarityIndex) again = NULL;
  g_autoptr(GError) error = NULL;

  add_tracks (f, N);
  g_assert_cmpint (sqlite3_exec (f->db->db, "PRAGMA query_only = ON", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  index = build (f, 0, f->n_timbre, 0);
  again = build (f, 0, f->n_timbre, 0);
  g_clear_pointer (&again, akin_similarity_index_unref);
  g_assert_false (akin_similarity_index_save_statistics (index, f->db, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_exec (f->db->db, "PRAGMA query_only = OFF", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_true (akin_similarity_index_save_statistics (index, f->db, &error));
  g_assert_no_error (error);
  again = build (f, 0, 0, f->n_timbre);
  assert_same_answers (f, index, again);
}

#define SMALL_SAMPLE 8

static void
test_full_sample_stable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AkinSimilarityIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *ref_ids = NULL;
  char sample_id[sizeof index->sample_id];
  guint64 highest = 0;
  guint lower = 0, removed_timbre, before, n_refs;

  add_tracks (f, N);
  index = build (f, SMALL_SAMPLE, f->n_timbre, 0);
  g_assert_cmpuint (index->n_refs, ==, SMALL_SAMPLE);
  n_refs = index->n_refs;
  ref_ids = g_memdup2 (index->ref_ids, n_refs * sizeof (gint64));
  memcpy (sample_id, index->sample_id, sizeof sample_id);
  for (guint r = 0; r < n_refs; r++)
    highest = MAX (highest, _akin_similarity_hash_id (ref_ids[r]));
  g_clear_pointer (&index, akin_similarity_index_unref);

  /* Tracks arrive, some hashing lower than the sample's; a reference
   * track leaves the library. */
  before = f->n_timbre;
  add_tracks (f, N);
  for (guint i = N; i < 2 * N; i++)
    lower += _akin_similarity_hash_id (f->ids[i]) < highest && i % 9 != 4;
  g_assert_cmpuint (lower, >, 0);
  g_assert_true (akin_database_mark_missing (f->db, ref_ids[0], &error));
  g_assert_true (akin_database_clean_missing (f->db, NULL, &error));
  g_assert_no_error (error);
  removed_timbre = 1;   /* references have a model */

  index = build (f, SMALL_SAMPLE, f->n_timbre - before, before - removed_timbre);
  g_assert_cmpuint (index->n_refs, ==, n_refs);
  g_assert_cmpmem (index->ref_ids, n_refs * sizeof (gint64), ref_ids, n_refs * sizeof (gint64));
  g_assert_cmpstr (index->sample_id, ==, sample_id);
  g_assert_false (akin_similarity_index_contains (index, ref_ids[0]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/similarity-store/second-build", test_second_build);
  ADD ("/similarity-store/stale", test_stale);
  ADD ("/similarity-store/updates", test_updates);
  ADD ("/similarity-store/full-sample-stable", test_full_sample_stable);
  ADD ("/similarity-store/read-only", test_read_only);
#undef ADD

  return g_test_run ();
}
