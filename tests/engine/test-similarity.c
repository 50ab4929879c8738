/* test-similarity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every query is checked against a brute-force answer computed here in
 * double precision: score all tracks, drop what the rules drop, sort.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "akin-error.h"
#include "akin-similarity-private.h"
#include "akin-similarity.h"

#define DIM 32

typedef struct
{
  guint    n;
  float   *vectors;     /* n × DIM, not normalised */
  gint64  *ids;
  char   **artist;
  char   **album;
  char   **hash;
} Library;

static void
library_free (Library *lib)
{
  for (guint i = 0; i < lib->n; i++)
    {
      g_free (lib->artist[i]);
      g_free (lib->album[i]);
      g_free (lib->hash[i]);
    }
  g_free (lib->artist);
  g_free (lib->album);
  g_free (lib->hash);
  g_free (lib->vectors);
  g_free (lib->ids);
  g_free (lib);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Library, library_free)

/* Random vectors; artists, albums and duplicate groups drawn from small sets. */
static Library *
make_library (guint   n,
              guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Library *lib = g_new0 (Library, 1);

  lib->n = n;
  lib->vectors = g_new (float, (gsize) n * DIM);
  lib->ids = g_new (gint64, n);
  lib->artist = g_new0 (char *, n);
  lib->album = g_new0 (char *, n);
  lib->hash = g_new0 (char *, n);
  for (guint i = 0; i < n; i++)
    {
      guint a = g_rand_int_range (rand, 0, 20);

      for (guint j = 0; j < DIM; j++)
        lib->vectors[i * DIM + j] = (float) g_rand_double_range (rand, -1.0, 1.0);
      lib->ids[i] = 1000 + 3 * i;
      lib->artist[i] = a == 0 ? NULL : g_strdup_printf (a % 2 ? "Artist %u" : "ARTIST %u", a / 2);
      lib->album[i] = g_strdup_printf ("Album %u", g_rand_int_range (rand, 0, 5));
      /* One track in four shares its content with others. */
      if (g_rand_int_range (rand, 0, 4) == 0)
        lib->hash[i] = g_strdup_printf ("dup-%u", g_rand_int_range (rand, 0, 30));
      else
        lib->hash[i] = g_strdup_printf ("unique-%u", i);
    }
  return lib;
}

static AkinSimilarityIndex *
make_index (const Library *lib)
{
  AkinSimilarityIndex *index = akin_similarity_index_new (DIM);

  for (guint i = 0; i < lib->n; i++)
    {
      AkinSimilarityKeys keys = { lib->artist[i], NULL, lib->album[i], lib->hash[i] };
      g_autoptr(GError) error = NULL;

      g_assert_true (akin_similarity_index_set (index, lib->ids[i], lib->vectors + i * DIM, DIM,
                                                &keys, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (akin_similarity_index_get_size (index), ==, lib->n);
  return index;
}

static double
cosine (const float *a,
        const float *b)
{
  double ab = 0, aa = 0, bb = 0;

  for (guint j = 0; j < DIM; j++)
    {
      ab += (double) a[j] * b[j];
      aa += (double) a[j] * a[j];
      bb += (double) b[j] * b[j];
    }
  return ab / sqrt (aa * bb);
}

typedef struct
{
  guint  row;
  double score;
} Scored;

static int
by_score (gconstpointer a,
          gconstpointer b)
{
  const Scored *x = a, *y = b;

  return x->score > y->score ? -1 : x->score < y->score;
}

static gboolean
same_tag (const char *a,
          const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);
  return g_strcmp0 (fa, fb) == 0;
}

/* The expected answer. @anchor_row < 0 for an external anchor. */
static GArray *
brute_force (const Library       *lib,
             const float         *query,
             int                  anchor_row,
             const char          *artist,
             const char          *album,
             const char          *hash,
             guint                k,
             AkinSimilarityFlags  flags)
{
  g_autoptr(GArray) scored = g_array_new (FALSE, FALSE, sizeof (Scored));
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Scored));

  for (guint i = 0; i < lib->n; i++)
    {
      Scored s = { i, cosine (query, lib->vectors + i * DIM) };

      if ((int) i == anchor_row)
        continue;
      if ((flags & AKIN_SIMILARITY_SKIP_SAME_ARTIST) && same_tag (artist, lib->artist[i]))
        continue;
      /* An album is the owner (artist) plus the title; no artist: no album match. */
      if ((flags & AKIN_SIMILARITY_SKIP_SAME_ALBUM) && same_tag (album, lib->album[i])
          && same_tag (artist, lib->artist[i]))
        continue;
      if ((flags & AKIN_SIMILARITY_MERGE_DUPLICATES) && hash != NULL
          && g_strcmp0 (hash, lib->hash[i]) == 0)
        continue;
      g_array_append_val (scored, s);
    }
  g_array_sort (scored, by_score);
  for (guint i = 0; i < scored->len && out->len < k; i++)
    {
      Scored *s = &g_array_index (scored, Scored, i);

      if (flags & AKIN_SIMILARITY_MERGE_DUPLICATES)
        {
          if (g_hash_table_contains (groups, lib->hash[s->row]))
            continue;
          g_hash_table_add (groups, lib->hash[s->row]);
        }
      g_array_append_val (out, *s);
    }
  return out;
}

/* @expected holds a few more than asked for: float and double orders may
 * differ between near-equal scores, so ids are compared through their
 * true scores, and positions through the scores. */
static void
assert_same (const Library *lib,
             GArray        *got,
             GArray        *expected,
             guint          k)
{
  g_autoptr(GHashTable) true_score = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GHashTable) returned = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < expected->len; i++)
    {
      const Scored *e = &g_array_index (expected, Scored, i);

      g_hash_table_insert (true_score, &lib->ids[e->row], g_memdup2 (&e->score, sizeof (double)));
    }
  g_assert_cmpuint (got->len, ==, MIN (k, expected->len));
  for (guint i = 0; i < got->len; i++)
    {
      const AkinSimilarityMatch *m = &g_array_index (got, AkinSimilarityMatch, i);
      const Scored *e = &g_array_index (expected, Scored, i);
      const double *score = g_hash_table_lookup (true_score, &m->track_id);

      g_assert_nonnull (score);
      g_assert_cmpfloat_with_epsilon (m->score, *score, 1e-5);
      g_assert_cmpfloat_with_epsilon (m->score, e->score, 1e-5);
      if (m->track_id != lib->ids[e->row])
        g_assert_cmpfloat_with_epsilon (*score, e->score, 1e-6);
      g_assert_true (g_hash_table_add (returned, (gpointer) &m->track_id));
      if (i > 0)
        g_assert_cmpfloat (m->score, <=, g_array_index (got, AkinSimilarityMatch, i - 1).score);
    }
}

static void
check_track_query (const Library       *lib,
                   AkinSimilarityIndex *index,
                   guint                row,
                   guint                k,
                   AkinSimilarityFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) got = akin_similarity_index_query_track (index, lib->ids[row], k, flags, &error);
  g_autoptr(GArray) expected = brute_force (lib, lib->vectors + row * DIM, row, lib->artist[row],
                                            lib->album[row], lib->hash[row], k + 20, flags);

  g_assert_no_error (error);
  for (guint i = 0; i < got->len; i++)
    g_assert_cmpint (g_array_index (got, AkinSimilarityMatch, i).track_id, !=, lib->ids[row]);
  assert_same (lib, got, expected, k);
}

static void
test_topk (void)
{
  g_autoptr(Library) lib = make_library (3000, 1);
  g_autoptr(AkinSimilarityIndex) index = make_index (lib);
  static const guint ks[] = { 1, 10, 100, 500 };

  for (guint row = 0; row < lib->n; row += 97)
    for (guint i = 0; i < G_N_ELEMENTS (ks); i++)
      check_track_query (lib, index, row, ks[i], AKIN_SIMILARITY_FLAGS_NONE);
}

static void
test_rules (void)
{
  g_autoptr(Library) lib = make_library (2000, 2);
  g_autoptr(AkinSimilarityIndex) index = make_index (lib);
  static const AkinSimilarityFlags flags[] = {
    AKIN_SIMILARITY_SKIP_SAME_ARTIST,
    AKIN_SIMILARITY_SKIP_SAME_ALBUM,
    AKIN_SIMILARITY_MERGE_DUPLICATES,
    AKIN_SIMILARITY_SKIP_SAME_ARTIST | AKIN_SIMILARITY_MERGE_DUPLICATES,
    AKIN_SIMILARITY_SKIP_SAME_ALBUM | AKIN_SIMILARITY_MERGE_DUPLICATES,
  };

  for (guint row = 0; row < lib->n; row += 61)
    for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
      {
        check_track_query (lib, index, row, 10, flags[i]);
        check_track_query (lib, index, row, 200, flags[i]);
      }
}

/* Exact copies: the duplicate rule must keep exactly one per content. */
static void
test_duplicates (void)
{
  g_autoptr(AkinSimilarityIndex) index = akin_similarity_index_new (DIM);
  g_autoptr(GArray) plain = NULL;
  g_autoptr(GArray) merged = NULL;
  g_autoptr(GError) error = NULL;
  float anchor[DIM], near[DIM], far[DIM];

  for (guint j = 0; j < DIM; j++)
    {
      anchor[j] = (float) (j + 1);
      near[j] = (float) (j + 1) + (j == 0 ? 0.5f : 0.0f);
      far[j] = (float) (DIM - j);
    }
  {
    AkinSimilarityKeys a = { "X", NULL, "A", "h-anchor" };
    AkinSimilarityKeys n = { "Y", NULL, "B", "h-near" };
    AkinSimilarityKeys f = { "Z", NULL, "C", "h-far" };

    g_assert_true (akin_similarity_index_set (index, 1, anchor, DIM, &a, &error));
    g_assert_true (akin_similarity_index_set (index, 2, anchor, DIM, &a, &error));   /* copy of the anchor */
    g_assert_true (akin_similarity_index_set (index, 3, near, DIM, &n, &error));
    g_assert_true (akin_similarity_index_set (index, 4, near, DIM, &n, &error));     /* two copies */
    g_assert_true (akin_similarity_index_set (index, 5, near, DIM, &n, &error));
    g_assert_true (akin_similarity_index_set (index, 6, far, DIM, &f, &error));
  }
  plain = akin_similarity_index_query_track (index, 1, 10, 0, &error);
  g_assert_cmpuint (plain->len, ==, 5);
  g_assert_cmpint (g_array_index (plain, AkinSimilarityMatch, 0).track_id, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (plain, AkinSimilarityMatch, 0).score, 1.0, 1e-6);

  merged = akin_similarity_index_query_track (index, 1, 10, AKIN_SIMILARITY_MERGE_DUPLICATES,
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpuint (merged->len, ==, 2);
  /* Equal scores: the lowest id wins. */
  g_assert_cmpint (g_array_index (merged, AkinSimilarityMatch, 0).track_id, ==, 3);
  g_assert_cmpint (g_array_index (merged, AkinSimilarityMatch, 1).track_id, ==, 6);
}

static void
test_external (void)
{
  g_autoptr(Library) lib = make_library (1500, 3);
  g_autoptr(AkinSimilarityIndex) index = make_index (lib);
  g_autoptr(GRand) rand = g_rand_new_with_seed (33);

  for (guint trial = 0; trial < 10; trial++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) got = NULL;
      g_autoptr(GArray) expected = NULL;
      float query[DIM];

      for (guint j = 0; j < DIM; j++)
        query[j] = (float) g_rand_double_range (rand, -3.0, 3.0);
      got = akin_similarity_index_query_vector (index, query, DIM, NULL, 25, 0, &error);
      g_assert_no_error (error);
      expected = brute_force (lib, query, -1, NULL, NULL, NULL, 45, 0);
      assert_same (lib, got, expected, 25);
    }

  /* A library track's vector as an external anchor, with its keys: the rules
   * apply and, with the duplicate rule, the track itself (same content) is left out. */
  for (guint row = 0; row < lib->n; row += 101)
    {
      AkinSimilarityKeys keys = { lib->artist[row], NULL, lib->album[row], lib->hash[row] };
      AkinSimilarityFlags flags = AKIN_SIMILARITY_MERGE_DUPLICATES | AKIN_SIMILARITY_SKIP_SAME_ARTIST;
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) got = akin_similarity_index_query_vector (index, lib->vectors + row * DIM,
                                                                  DIM, &keys, 15, flags, &error);
      g_autoptr(GArray) expected = brute_force (lib, lib->vectors + row * DIM, -1,
                                                lib->artist[row], lib->album[row], lib->hash[row],
                                                35, flags);

      g_assert_no_error (error);
      assert_same (lib, got, expected, 15);
    }
}

static void
test_edges (void)
{
  g_autoptr(AkinSimilarityIndex) empty = akin_similarity_index_new (DIM);
  g_autoptr(Library) lib = make_library (7, 4);
  g_autoptr(AkinSimilarityIndex) index = make_index (lib);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) result = NULL;
  float zero[DIM] = { 0 };
  float q[DIM];

  for (guint j = 0; j < DIM; j++)
    q[j] = 1.0f;

  /* Empty index. */
  result = akin_similarity_index_query_vector (empty, q, DIM, NULL, 10, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->len, ==, 0);
  g_clear_pointer (&result, g_array_unref);
  g_assert_null (akin_similarity_index_query_track (empty, 1, 10, 0, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED);
  g_clear_error (&error);

  /* k larger than the library: everything but the anchor. */
  result = akin_similarity_index_query_track (index, lib->ids[3], 100, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->len, ==, lib->n - 1);
  g_clear_pointer (&result, g_array_unref);
  result = akin_similarity_index_query_track (index, lib->ids[3], 0, 0, &error);
  g_assert_cmpuint (result->len, ==, 0);
  g_clear_pointer (&result, g_array_unref);

  /* Errors. */
  g_assert_null (akin_similarity_index_query_track (index, lib->ids[0], AKIN_SIMILARITY_MAX_K + 1,
                                                    0, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (akin_similarity_index_query_vector (index, q, DIM - 1, NULL, 5, 0, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_DIMENSION_MISMATCH);
  g_clear_error (&error);
  g_assert_false (akin_similarity_index_set (index, 99, q, DIM + 1, NULL, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_DIMENSION_MISMATCH);
  g_clear_error (&error);
  g_assert_false (akin_similarity_index_set (index, 99, zero, DIM, NULL, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (akin_similarity_index_contains (index, 99));

  /* Update and remove. */
  g_assert_true (akin_similarity_index_set (index, lib->ids[5], q, DIM, NULL, &error));
  g_assert_cmpuint (akin_similarity_index_get_size (index), ==, lib->n);
  result = akin_similarity_index_query_vector (index, q, DIM, NULL, 1, 0, &error);
  g_assert_cmpint (g_array_index (result, AkinSimilarityMatch, 0).track_id, ==, lib->ids[5]);
  g_assert_cmpfloat_with_epsilon (g_array_index (result, AkinSimilarityMatch, 0).score, 1.0, 1e-6);
  g_clear_pointer (&result, g_array_unref);
  g_assert_true (akin_similarity_index_remove (index, lib->ids[5]));
  g_assert_false (akin_similarity_index_remove (index, lib->ids[5]));
  g_assert_false (akin_similarity_index_contains (index, lib->ids[5]));
  g_assert_true (akin_similarity_index_contains (index, lib->ids[6]));   /* moved into its row */
  result = akin_similarity_index_query_track (index, lib->ids[6], 100, 0, &error);
  g_assert_cmpuint (result->len, ==, lib->n - 2);
  for (guint i = 0; i < result->len; i++)
    g_assert_cmpint (g_array_index (result, AkinSimilarityMatch, i).track_id, !=, lib->ids[5]);
}

/* Other dimensions go through the generic kernel. */
static void
test_other_dims (void)
{
  static const guint dims[] = { 1, 3, 8, 13, 64 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  for (guint d = 0; d < G_N_ELEMENTS (dims); d++)
    {
      guint dim = dims[d], n = 300;
      g_autoptr(AkinSimilarityIndex) index = akin_similarity_index_new (0);
      g_autofree float *v = g_new (float, n * dim);
      g_autoptr(GArray) got = NULL;
      g_autoptr(GError) error = NULL;
      double best = -2;
      guint best_row = 0;

      for (guint i = 0; i < n * dim; i++)
        v[i] = (float) g_rand_double_range (rand, -1, 1);
      for (guint i = 0; i < n; i++)
        g_assert_true (akin_similarity_index_set (index, i + 1, v + i * dim, dim, NULL, &error));
      g_assert_cmpuint (akin_similarity_index_get_dim (index), ==, dim);
      for (guint i = 1; i < n; i++)
        {
          double ab = 0, aa = 0, bb = 0;

          for (guint j = 0; j < dim; j++)
            {
              ab += (double) v[j] * v[i * dim + j];
              aa += (double) v[j] * v[j];
              bb += (double) v[i * dim + j] * v[i * dim + j];
            }
          if (ab / sqrt (aa * bb) > best)
            {
              best = ab / sqrt (aa * bb);
              best_row = i;
            }
        }
      got = akin_similarity_index_query_track (index, 1, 1, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (got->len, ==, 1);
      g_assert_cmpint (g_array_index (got, AkinSimilarityMatch, 0).track_id, ==, best_row + 1);
      g_assert_cmpfloat_with_epsilon (g_array_index (got, AkinSimilarityMatch, 0).score, best, 1e-5);
    }
}

typedef struct
{
  AkinSimilarityIndex *index;
  const Library       *lib;
  gint                 stop;
} Concurrent;

static gpointer
query_thread (gpointer data)
{
  Concurrent *c = data;
  guint n = 0;

  while (!g_atomic_int_get (&c->stop) || n < 20)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) r = akin_similarity_index_query_track (c->index, c->lib->ids[n % 50], 10, 0,
                                                               &error);

      g_assert_no_error (error);
      g_assert_cmpuint (r->len, ==, 10);
      n++;
    }
  return NULL;
}

/* Queries in two threads while a third adds tracks: no torn reads. */
static void
test_concurrent (void)
{
  g_autoptr(Library) lib = make_library (4000, 6);
  g_autoptr(AkinSimilarityIndex) index = akin_similarity_index_new (DIM);
  Concurrent c = { index, lib, 0 };
  GThread *threads[2];

  for (guint i = 0; i < 100; i++)
    g_assert_true (akin_similarity_index_set (index, lib->ids[i], lib->vectors + i * DIM, DIM,
                                              NULL, NULL));
  threads[0] = g_thread_new ("q0", query_thread, &c);
  threads[1] = g_thread_new ("q1", query_thread, &c);
  for (guint i = 100; i < lib->n; i++)
    g_assert_true (akin_similarity_index_set (index, lib->ids[i], lib->vectors + i * DIM, DIM,
                                              NULL, NULL));
  g_atomic_int_set (&c.stop, 1);
  g_thread_join (threads[0]);
  g_thread_join (threads[1]);
  check_track_query (lib, index, 7, 50, 0);
}

/* Built from the database, the index answers like one built by hand. */
static void
test_from_database (void)
{
  g_autoptr(Library) lib = make_library (200, 8);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("akin-sim-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  AkinDatabase *db = akin_database_open (path, 0, &error);
  g_autoptr(AkinSimilarityIndex) index = NULL;
  g_autoptr(Library) stored = g_new0 (Library, 1);

  g_assert_no_error (error);
  for (guint i = 0; i < lib->n; i++)
    {
      g_autofree char *uri = g_strdup_printf ("file:///m/%u.ogg", i);
      g_autoptr(AkinAnalysisResult) r = akin_analysis_result_new ();
      gint64 id = akin_database_add_file (db, uri, i, i, lib->hash[i], &error);

      r->tags.artist = g_strdup (lib->artist[i]);
      r->tags.album = g_strdup (lib->album[i]);
      akin_analysis_result_set_vector (r, i % 10 == 0 ? "other-model" : "m", lib->vectors + i * DIM,
                                       DIM);
      g_assert_true (akin_database_store_analysis (db, id, r, &error));
      lib->ids[i] = id;
    }
  g_assert_no_error (error);

  index = akin_similarity_index_new_from_database (db, "m", DIM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (akin_similarity_index_get_size (index), ==, lib->n - lib->n / 10);
  g_assert_false (akin_similarity_index_contains (index, lib->ids[0]));
  /* A library index combines parts; the vectors alone are the cosine mode. */
  g_assert_cmpint (akin_similarity_index_get_mode (index), ==, AKIN_SIMILARITY_MODE_COMBINED);
  akin_similarity_index_set_mode (index, AKIN_SIMILARITY_MODE_COSINE);

  /* The expected answer over the tracks of model "m" only. */
  stored->vectors = g_new (float, lib->n * DIM);
  stored->ids = g_new (gint64, lib->n);
  stored->artist = g_new0 (char *, lib->n);
  stored->album = g_new0 (char *, lib->n);
  stored->hash = g_new0 (char *, lib->n);
  for (guint i = 0; i < lib->n; i++)
    if (i % 10 != 0)
      {
        guint s = stored->n++;

        memcpy (stored->vectors + s * DIM, lib->vectors + i * DIM, DIM * sizeof (float));
        stored->ids[s] = lib->ids[i];
        stored->artist[s] = g_strdup (lib->artist[i]);
        stored->album[s] = g_strdup (lib->album[i]);
        stored->hash[s] = g_strdup (lib->hash[i]);
      }
  for (guint row = 0; row < stored->n; row += 17)
    check_track_query (stored, index, row, 20,
                       AKIN_SIMILARITY_MERGE_DUPLICATES | AKIN_SIMILARITY_SKIP_SAME_ALBUM);

  akin_database_close (db);
  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/similarity/top-k", test_topk);
  g_test_add_func ("/similarity/rules", test_rules);
  g_test_add_func ("/similarity/duplicates", test_duplicates);
  g_test_add_func ("/similarity/external", test_external);
  g_test_add_func ("/similarity/edges", test_edges);
  g_test_add_func ("/similarity/other-dims", test_other_dims);
  g_test_add_func ("/similarity/concurrent", test_concurrent);
  g_test_add_func ("/similarity/from-database", test_from_database);

  return g_test_run ();
}
