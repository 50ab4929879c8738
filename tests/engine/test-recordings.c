/* test-recordings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fingerprints and recordings, end to end: synthesised 20-second songs
 * that share a key (C major), a tempo (120 BPM) and an instrument (one
 * harmonic profile, one drum) but not their notes, each written as WAV,
 * MP3 at 128 kb/s, Opus at 64 kb/s and a 10-second WAV excerpt, analysed
 * as the library analyses files, stored in a real SQLite library and
 * grouped by akin_recordings_update(). Each song's files must form one
 * recording named by its lossless file, no two songs may share one, the
 * similarity index must show each recording once and never a copy of the
 * anchor, and a damaged fingerprint row must be skipped and reported with
 * its track.
 */

#include "config.h"

#include <gst/gst.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "akin-analyzer.h"
#include "akin-error.h"
#include "akin-library.h"
#include "akin-model.h"
#include "akin-recordings-private.h"
#include "akin-recordings.h"
#include "akin-similarity.h"
#include "gst-test-pipeline.h"
#include "test-tmpdir.h"

#define RATE     44100
#define SECONDS  20
#define EXCERPT  10
#define N_SONGS  3

static const char * const versions[] = { "orig.wav", "mp3.mp3", "opus.ogg", "cut.wav" };
#define N_VERSIONS G_N_ELEMENTS (versions)


/* Song @s: one instrument (a harmonic tone, a kick on every beat) at 120
 * BPM, a melody of C major notes, one per beat, drawn by the song's seed. */
static float *
make_song (guint  s,
           gsize *n)
{
  static const int scale[7] = { 0, 2, 4, 5, 7, 9, 11 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7 + 31 * s);
  const double beat = 0.5, c4 = 261.63;
  guint n_beats = (guint) (SECONDS / beat);
  g_autofree double *freq = g_new (double, n_beats);
  float *y = g_new0 (float, RATE * SECONDS);

  for (guint b = 0; b < n_beats; b++)
    freq[b] = c4 * pow (2.0, (scale[g_rand_int_range (rand, 0, 7)]
                              + 12 * g_rand_int_range (rand, -1, 1)) / 12.0);
  for (gsize i = 0; i < RATE * SECONDS; i++)
    {
      double t = (double) i / RATE;
      guint b = MIN ((guint) (t / beat), n_beats - 1);
      double in_beat = t - b * beat, tone = 0;

      for (guint h = 1; h <= 6; h++)
        tone += pow (0.6, h - 1) * sin (2 * G_PI * freq[b] * h * t);
      y[i] = (float) (0.3 * tone * exp (-2.0 * in_beat)
                      + 0.3 * exp (-in_beat * 30.0) * sin (2 * G_PI * 55 * in_beat));
    }
  *n = RATE * SECONDS;
  return y;
}

static void
make_versions (const char *dir,
               guint       s)
{
  static const char * const encoders[] = {
    NULL,
    "audioconvert ! lamemp3enc target=bitrate bitrate=128 cbr=true ! id3v2mux",
    "audioconvert ! audioresample ! opusenc bitrate=64000 ! oggmux",
  };
  g_autofree float *y = NULL;
  g_autofree char *orig = g_strdup_printf ("%s/s%u-%s", dir, s, versions[0]);
  g_autofree char *cut = g_strdup_printf ("%s/s%u-%s", dir, s, versions[3]);
  gsize n;

  y = make_song (s, &n);
  test_write_wav (orig, y, n, RATE);
  /* Cut 3.3 s in, off the beat grid and off the fingerprint's frames. */
  test_write_wav (cut, y + (gsize) (3.3 * RATE), EXCERPT * RATE, RATE);
  for (guint v = 1; v < G_N_ELEMENTS (encoders); v++)
    {
      g_autofree char *path = g_strdup_printf ("%s/s%u-%s", dir, s, versions[v]);
      g_autofree char *description = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! %s ! "
                                                      "filesink location=\"%s\"", orig,
                                                      encoders[v], path);

      test_run_pipeline (description, NULL);
    }
}

typedef struct
{
  char         *dir;
  AkinDatabase *db;
  AkinModel    *model;
  gint64        ids[N_SONGS][N_VERSIONS];
} Library;

static Library *library;

/* Built once: the analysis of twelve files is the slow part. */
static Library *
get_library (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;

  if (library != NULL)
    return library;
  library = g_new0 (Library, 1);
  library->dir = g_dir_make_tmp ("akin-recordings-XXXXXX", &error);
  g_assert_no_error (error);
  library->model = akin_model_load_default (&error);
  g_assert_no_error (error);
  db_path = g_build_filename (library->dir, "library.db", NULL);
  library->db = akin_database_open (db_path, 0, &error);
  g_assert_no_error (error);

  for (guint s = 0; s < N_SONGS; s++)
    {
      make_versions (library->dir, s);
      for (guint v = 0; v < N_VERSIONS; v++)
        {
          g_autofree char *path = g_strdup_printf ("%s/s%u-%s", library->dir, s, versions[v]);
          g_autoptr(GFile) file = g_file_new_for_path (path);
          g_autoptr(AkinAnalysisResult) result = NULL;

          g_assert_true (akin_library_analyze_file (file, library->model, &result, NULL, &error));
          g_assert_no_error (error);
          g_assert_true (result->fingerprinted);
          g_assert_nonnull (result->fingerprint);
          g_assert_cmpint (result->lossless, ==, v == 0 || v == 3);
          library->ids[s][v] = akin_library_add_analyzed_file (library->db, file, result, NULL,
                                                               &error);
          g_assert_no_error (error);
        }
    }
  return library;
}

static gint64
recording_of (AkinDatabase *db,
              gint64        id)
{
  g_autoptr(GError) error = NULL;
  gint64 recording = -1;

  g_assert_true (akin_database_get_recording (db, id, &recording, &error));
  g_assert_no_error (error);
  return recording;
}

/* Every version of a song is one recording, named by the original (the
 * longest lossless file); songs of one key, tempo and instrument stay apart. */
static void
test_groups (void)
{
  Library *lib = get_library ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_analyzer_problem_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) members = NULL;
  guint n_changed = 0;

  /* Not compared yet. */
  g_assert_cmpint (recording_of (lib->db, lib->ids[0][1]), ==, 0);
  g_assert_true (akin_recordings_update (lib->db, problems, &n_changed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (n_changed, ==, N_SONGS * N_VERSIONS);

  for (guint s = 0; s < N_SONGS; s++)
    for (guint v = 0; v < N_VERSIONS; v++)
      g_assert_cmpint (recording_of (lib->db, lib->ids[s][v]), ==, lib->ids[s][0]);

  members = akin_database_list_recordings (lib->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, N_SONGS * N_VERSIONS);
  for (guint i = 0; i < members->len; i++)
    {
      AkinRecordingMember *m = &g_array_index (members, AkinRecordingMember, i);

      /* The best copy first in each group. */
      if (i % N_VERSIONS == 0)
        g_assert_cmpint (m->track_id, ==, m->recording);
    }

  /* Nothing changed: nothing to do. */
  g_assert_true (akin_recordings_update (lib->db, problems, &n_changed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 0);
}

/* The excerpt is found in its song at the offset it was cut from, through
 * the index and by the exhaustive comparison alike. */
static void
test_excerpt_offset (void)
{
  Library *lib = get_library ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinFingerprintIndex) index = NULL;
  g_autoptr(GArray) matches = NULL;
  const AkinFingerprint *cut, *orig, *other;
  AkinRecordingMatch m;

  index = akin_fingerprint_index_new_from_database (lib->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (akin_fingerprint_index_get_size (index), ==, N_SONGS * N_VERSIONS);
  cut = akin_fingerprint_index_lookup (index, lib->ids[1][3]);
  orig = akin_fingerprint_index_lookup (index, lib->ids[1][0]);
  other = akin_fingerprint_index_lookup (index, lib->ids[2][0]);

  matches = akin_fingerprint_index_find (index, cut, lib->ids[1][3]);
  g_assert_cmpuint (matches->len, ==, N_VERSIONS - 1);
  for (guint i = 0; i < matches->len; i++)
    {
      AkinRecordingMatch *x = &g_array_index (matches, AkinRecordingMatch, i);
      gboolean found = FALSE;

      for (guint v = 0; v < N_VERSIONS; v++)
        found |= x->track_id == lib->ids[1][v];
      g_assert_true (found);
      g_assert_cmpfloat_with_epsilon (x->offset, 3.3, 0.25);
      g_assert_cmpfloat (x->coverage, >=, 0.95f);
    }

  /* Postings built ahead of the query: the same matches, and the query
   * builds nothing more. */
  {
    g_autoptr(AkinFingerprintIndex) prepared = NULL;
    g_autoptr(GArray) again = NULL;
    gsize memory;

    prepared = akin_fingerprint_index_new_from_database (lib->db, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (akin_fingerprint_index_get_memory (prepared), ==, 0);
    akin_fingerprint_index_prepare (prepared);
    memory = akin_fingerprint_index_get_memory (prepared);
    g_assert_cmpuint (memory, >, 0);
    again = akin_fingerprint_index_find (prepared, cut, lib->ids[1][3]);
    g_assert_cmpuint (akin_fingerprint_index_get_memory (prepared), ==, memory);
    g_assert_cmpuint (again->len, ==, matches->len);
    g_assert_cmpmem (again->data, again->len * sizeof (AkinRecordingMatch),
                     matches->data, matches->len * sizeof (AkinRecordingMatch));
  }

  g_assert_true (akin_fingerprint_compare (cut, orig, &m));
  g_assert_cmpfloat_with_epsilon (m.offset, 3.3, 0.25);
  g_assert_cmpfloat (m.similarity, >=, 0.9f);
  g_assert_false (akin_fingerprint_compare (cut, other, &m));
  g_assert_cmpfloat (m.similarity, <, AKIN_RECORDING_MIN_SIMILARITY);
}

/* The similar list shows each recording once, as its best copy, and never
 * a copy of the anchor. */
static void
test_similar_once (void)
{
  Library *lib = get_library ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinSimilarityIndex) index = NULL;

  g_assert_true (akin_recordings_update (lib->db, NULL, NULL, NULL, &error));
  index = akin_similarity_index_new_from_database (lib->db, akin_model_get_id (lib->model),
                                                   akin_model_get_vector_size (lib->model),
                                                   &error);
  g_assert_no_error (error);
  for (guint v = 0; v < N_VERSIONS; v++)
    {
      g_autoptr(GArray) matches = akin_similarity_index_query_track (index, lib->ids[0][v], 20,
                                                                     AKIN_SIMILARITY_MERGE_DUPLICATES,
                                                                     &error);
      g_autoptr(GArray) plain = akin_similarity_index_query_track (index, lib->ids[0][v], 20,
                                                                   0, &error);

      g_assert_no_error (error);
      /* The other songs, once each, as their original WAV. */
      g_assert_cmpuint (matches->len, ==, N_SONGS - 1);
      for (guint i = 0; i < matches->len; i++)
        {
          gint64 id = g_array_index (matches, AkinSimilarityMatch, i).track_id;

          g_assert_true (id == lib->ids[1][0] || id == lib->ids[2][0]);
        }
      g_assert_cmpint (g_array_index (matches, AkinSimilarityMatch, 0).track_id, !=,
                       g_array_index (matches, AkinSimilarityMatch, 1).track_id);
      /* Without the rule every other file is there. */
      g_assert_cmpuint (plain->len, ==, N_SONGS * N_VERSIONS - 1);
    }
}

/* A damaged fingerprint row is skipped and reported with its track; the
 * other tracks are still grouped. */
static void
test_damaged_row (void)
{
  Library *lib = get_library ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) akin_analyzer_problem_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinTrack) track = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *id_text = NULL;
  sqlite3 *raw;
  AkinAnalyzerProblem *problem;
  gint64 damaged = lib->ids[2][1];

  g_assert_cmpint (sqlite3_open (akin_database_get_path (lib->db), &raw), ==, SQLITE_OK);
  /* Flip a byte in the middle of the blob, and ask for a new grouping. */
  sql = g_strdup_printf ("UPDATE fingerprints SET data = substr (data, 1, 20)"
                         " || x'5a' || substr (data, 22) WHERE track_id = %" G_GINT64_FORMAT ";"
                         "UPDATE fingerprints SET recording = 0;", damaged);
  g_assert_cmpint (sqlite3_exec (raw, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  g_assert_true (akin_recordings_update (lib->db, problems, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = problems->pdata[0];
  track = akin_database_get_track (lib->db, damaged, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (problem->uri, ==, track->uri);
  g_assert_error (problem->error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT);
  id_text = g_strdup_printf ("Track %" G_GINT64_FORMAT ":", damaged);
  g_assert_true (g_str_has_prefix (problem->error->message, id_text));

  /* Left as it was (not compared), the rest grouped again. */
  g_assert_cmpint (recording_of (lib->db, damaged), ==, 0);
  for (guint s = 0; s < N_SONGS; s++)
    for (guint v = 0; v < N_VERSIONS; v++)
      if (lib->ids[s][v] != damaged)
        g_assert_cmpint (recording_of (lib->db, lib->ids[s][v]), ==, lib->ids[s][0]);
}

/* Audio too short or too quiet has no fingerprint, and a stored blob is
 * checked when read back. */
static void
test_no_fingerprint (void)
{
  g_autoptr(AkinFingerprinter) quiet = akin_fingerprinter_new ();
  g_autoptr(AkinFingerprinter) shortfp = akin_fingerprinter_new ();
  g_autoptr(AkinFingerprinter) steady = akin_fingerprinter_new ();
  g_autoptr(AkinFingerprinter) music = akin_fingerprinter_new ();
  g_autoptr(AkinFingerprint) fp = NULL;
  g_autoptr(AkinFingerprint) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *silence = g_new0 (float, 22050 * 10);
  g_autofree float *tone = g_new (float, 22050 * 10);
  g_autofree float *song = NULL;
  g_autofree float *song22 = NULL;
  g_autofree guint8 *damaged = NULL;
  gsize n, size;

  for (guint i = 0; i < 22050 * 10; i++)
    {
      silence[i] = (float) (1e-5 * sin (i * 0.1));
      tone[i] = (float) (0.5 * sin (2 * G_PI * 440.0 * i / 22050.0));
    }
  akin_fingerprinter_push (quiet, silence, 22050 * 10);
  g_assert_null (akin_fingerprinter_finish (quiet));
  akin_fingerprinter_push (steady, tone, 22050 * 10);
  g_assert_null (akin_fingerprinter_finish (steady));

  song = make_song (0, &n);
  song22 = g_new (float, n / 2);
  for (gsize i = 0; i < n / 2; i++)
    song22[i] = song[2 * i];
  akin_fingerprinter_push (shortfp, song22, 22050 * 2);
  g_assert_null (akin_fingerprinter_finish (shortfp));
  akin_fingerprinter_push (music, song22, n / 2);
  fp = akin_fingerprinter_finish (music);
  g_assert_nonnull (fp);
  g_assert_cmpuint (fp->n_values, >, 120);

  bytes = akin_fingerprint_encode (fp);
  /* Compact: under 3 bytes a value. */
  g_assert_cmpuint (g_bytes_get_size (bytes), <, 3 * fp->n_values);
  back = akin_fingerprint_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (back->values, back->n_values * 4, fp->values, fp->n_values * 4);

  damaged = g_bytes_unref_to_data (g_steal_pointer (&bytes), &size);
  damaged[size - 3] ^= 0x10;
  g_assert_null (akin_fingerprint_decode (damaged, size, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT);
  g_clear_error (&error);
  g_assert_null (akin_fingerprint_decode (damaged, 5, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT);
}

/* Only the first AKIN_FINGERPRINT_MAX_SECONDS are fingerprinted: a longer
 * stream gives the fingerprint of its start, so neither grows with the file. */
static void
test_fingerprint_cap (void)
{
  g_autoptr(AkinFingerprinter) capped = akin_fingerprinter_new ();
  g_autoptr(AkinFingerprinter) longer = akin_fingerprinter_new ();
  g_autoptr(AkinFingerprint) a = NULL;
  g_autoptr(AkinFingerprint) b = NULL;
  g_autofree float *song = NULL;
  g_autofree float *song22 = NULL;
  gsize n, piece;
  guint n_pieces;

  song = make_song (1, &n);
  piece = n / 2;
  song22 = g_new (float, piece);
  for (gsize i = 0; i < piece; i++)
    song22[i] = song[2 * i];
  n_pieces = AKIN_FINGERPRINT_MAX_SECONDS * 22050 / piece;
  g_assert_cmpuint ((gsize) n_pieces * piece, ==, (gsize) AKIN_FINGERPRINT_MAX_SECONDS * 22050);

  for (guint k = 0; k < n_pieces; k++)
    akin_fingerprinter_push (capped, song22, piece);
  /* Three pieces more, the last two in uneven parts. */
  for (guint k = 0; k < n_pieces + 1; k++)
    akin_fingerprinter_push (longer, song22, piece);
  akin_fingerprinter_push (longer, song22, 1001);
  akin_fingerprinter_push (longer, song22 + 1001, piece - 1001);
  akin_fingerprinter_push (longer, song22, piece);

  a = akin_fingerprinter_finish (capped);
  b = akin_fingerprinter_finish (longer);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpfloat (fabs (a->n_values * AKIN_FINGERPRINT_ITEM_SECONDS
                           - AKIN_FINGERPRINT_MAX_SECONDS), <, 5.0);
  g_assert_cmpmem (b->values, b->n_values * 4, a->values, a->n_values * 4);
}

static gpointer
wait_loaded (gpointer cancellable)
{
  return GINT_TO_POINTER (akin_fingerprint_wait_loaded (cancellable));
}

/* A thread that needs Chromaprint later waits until another loads it (the
 * analysis), or until it is told the analysis is over. In a process of
 * its own, where Chromaprint is not loaded yet. */
static void
test_wait_loaded (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GCancellable) over = g_cancellable_new ();
      g_autoptr(GCancellable) never = g_cancellable_new ();
      GThread *waiter, *until_over;

      until_over = g_thread_new ("until-over", wait_loaded, over);
      g_cancellable_cancel (over);
      g_assert_false (GPOINTER_TO_INT (g_thread_join (until_over)));

      waiter = g_thread_new ("waiter", wait_loaded, never);
      akin_fingerprinter_free (akin_fingerprinter_new ());
      g_assert_true (GPOINTER_TO_INT (g_thread_join (waiter)));
      /* Once loaded, a cancelled wait says so too. */
      g_assert_true (akin_fingerprint_wait_loaded (over));
      g_assert_true (akin_fingerprint_wait_loaded (NULL));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/recordings/no-fingerprint", test_no_fingerprint);
  g_test_add_func ("/recordings/fingerprint-cap", test_fingerprint_cap);
  g_test_add_func ("/recordings/groups", test_groups);
  g_test_add_func ("/recordings/excerpt-offset", test_excerpt_offset);
  g_test_add_func ("/recordings/similar-once", test_similar_once);
  g_test_add_func ("/recordings/damaged-row", test_damaged_row);
  g_test_add_func ("/recordings/wait-loaded", test_wait_loaded);
  status = g_test_run ();
  if (library != NULL)
    {
      akin_database_close (library->db);
      akin_model_free (library->model);
      test_remove_tree (library->dir);
      g_free (library->dir);
      g_free (library);
    }
  return status;
}
