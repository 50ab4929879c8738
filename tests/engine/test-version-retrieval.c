/* test-version-retrieval.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Version retrieval, end to end: a few synthesised 20-second "songs" of
 * distinct timbres and rhythms, each in five versions (the original WAV,
 * MP3 at 128 kb/s, Opus at 64 kb/s, resampled to 22.05 kHz mono, and a
 * 10-second excerpt from the middle), analysed as the library analyses
 * files (the shipped model, the timbre model), added to a library, and
 * queried with the combined similarity: every version's nearest neighbour
 * must be another version of the same song.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "akin-library.h"
#include "akin-model.h"
#include "akin-similarity-private.h"
#include "akin-similarity.h"
#include "gst-test-pipeline.h"

#define RATE     44100
#define SECONDS  20
#define EXCERPT  10
#define N_SONGS  4

static const char * const versions[] = { "orig.wav", "mp3.mp3", "opus.ogg", "low.wav", "cut.wav" };
#define N_VERSIONS G_N_ELEMENTS (versions)


/* Song @s: a pitched layer (harmonic profile and register by song), a
 * percussive layer (tempo and noise colour by song), with a melody. */
static float *
make_song (guint  s,
           gsize *n)
{
  static const double tempo[N_SONGS] = { 120, 150, 72, 96 };
  static const double root[N_SONGS] = { 110, 220, 55, 330 };
  static const double brightness[N_SONGS] = { 0.7, 0.35, 0.15, 0.9 };
  static const int melody[8] = { 0, 4, 7, 12, 7, 4, 5, 2 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (100 + s);
  float *y = g_new0 (float, RATE * SECONDS);
  double beat = 60.0 / tempo[s], noise_state = 0;

  for (gsize i = 0; i < RATE * SECONDS; i++)
    {
      double t = (double) i / RATE;
      guint b = (guint) (t / beat);
      double in_beat = t - b * beat;
      double f = root[s] * pow (2.0, melody[(b / 2) % 8] / 12.0);
      double tone = 0, hit, noise;

      /* Odd harmonics only for songs 1 and 3 (square-like), all for others. */
      for (guint h = 1; h <= 12; h++)
        if (s % 2 == 0 || h % 2 == 1)
          tone += pow (brightness[s], h - 1) * sin (2 * G_PI * f * h * t) / h;
      noise = g_rand_double_range (rand, -1, 1);
      /* Song 2's noise is low-passed (a brushed drum), the others' bright. */
      noise_state = s == 2 ? 0.95 * noise_state + 0.05 * noise : noise;
      hit = exp (-in_beat * (s == 1 ? 40.0 : 12.0))
            * (s == 0 ? sin (2 * G_PI * 60 * in_beat) : (s == 2 ? 6.0 : 1.0) * noise_state);
      y[i] = (float) (0.25 * tone * (0.6 + 0.4 * cos (2 * G_PI * t / beat)) + 0.3 * hit);
    }
  *n = RATE * SECONDS;
  return y;
}

static void
run_pipeline (const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  message = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
                                        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* Writes the five versions of song @s into @dir. */
static void
make_versions (const char *dir,
               guint       s)
{
  static const char * const encoders[] = {
    NULL,
    "audioconvert ! lamemp3enc target=bitrate bitrate=128 cbr=true ! id3v2mux",
    "audioconvert ! audioresample ! opusenc bitrate=64000 ! oggmux",
    "audioconvert ! audioresample ! audio/x-raw,rate=22050,channels=1 ! wavenc",
  };
  g_autofree float *y = NULL;
  g_autofree char *orig = g_strdup_printf ("%s/s%u-%s", dir, s, versions[0]);
  g_autofree char *cut = g_strdup_printf ("%s/s%u-%s", dir, s, versions[4]);
  gsize n;

  y = make_song (s, &n);
  test_write_wav (orig, y, n, RATE);
  test_write_wav (cut, y + (n - EXCERPT * RATE) / 2, EXCERPT * RATE, RATE);
  for (guint v = 1; v < G_N_ELEMENTS (encoders); v++)
    {
      g_autofree char *path = g_strdup_printf ("%s/s%u-%s", dir, s, versions[v]);
      g_autofree char *description = g_strdup_printf ("filesrc location=\"%s\" ! wavparse ! %s ! "
                                                      "filesink location=\"%s\"", orig,
                                                      encoders[v], path);

      run_pipeline (description);
    }
}

static void
test_version_retrieval (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("akin-versions-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(AkinModel) model = akin_model_load_default (&error);
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(AkinSimilarityIndex) index = NULL;
  gint64 ids[N_SONGS][N_VERSIONS];
  guint found = 0;

  g_assert_no_error (error);
  db = akin_database_open (db_path, 0, &error);
  g_assert_no_error (error);

  for (guint s = 0; s < N_SONGS; s++)
    {
      make_versions (dir, s);
      for (guint v = 0; v < N_VERSIONS; v++)
        {
          g_autofree char *path = g_strdup_printf ("%s/s%u-%s", dir, s, versions[v]);
          g_autoptr(GFile) file = g_file_new_for_path (path);
          g_autoptr(AkinAnalysisResult) result = NULL;

          g_assert_true (akin_library_analyze_file (file, model, &result, NULL, &error));
          g_assert_no_error (error);
          g_assert_true (result->has_timbre);
          ids[s][v] = akin_library_add_analyzed_file (db, file, result, NULL, &error);
          g_assert_no_error (error);
        }
    }

  index = akin_similarity_index_new_from_database (db, akin_model_get_id (model),
                                                   akin_model_get_vector_size (model), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (akin_similarity_index_get_size (index), ==, N_SONGS * N_VERSIONS);
  g_assert_cmpint (akin_similarity_index_get_mode (index), ==, AKIN_SIMILARITY_MODE_COMBINED);

  for (guint s = 0; s < N_SONGS; s++)
    for (guint v = 0; v < N_VERSIONS; v++)
      {
        g_autoptr(GArray) matches = akin_similarity_index_query_track (index, ids[s][v], 1, 0,
                                                                       &error);
        gint64 best;
        gboolean same = FALSE;

        g_assert_no_error (error);
        g_assert_cmpuint (matches->len, ==, 1);
        best = g_array_index (matches, AkinSimilarityMatch, 0).track_id;
        for (guint w = 0; w < N_VERSIONS; w++)
          same |= w != v && ids[s][w] == best;
        if (same)
          found++;
        else
          g_test_message ("song %u, %s: nearest is track %" G_GINT64_FORMAT, s, versions[v], best);
      }
  g_test_message ("%u of %u versions retrieved a version of their song", found,
                  (guint) (N_SONGS * N_VERSIONS));
  g_assert_cmpuint (found, ==, N_SONGS * N_VERSIONS);

  g_clear_pointer (&db, akin_database_close);
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/version-retrieval/synthesised", test_version_retrieval);
  return g_test_run ();
}
