/* test-odd-input.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analysis on odd input that is still audio: too short to analyse,
 * near-silence, tags of absurd length. Real files, real decoding.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "akin-analysis.h"
#include "akin-error.h"
#include "fixture-signals.h"
#include "gst-test-pipeline.h"
#include "test-tmpdir.h"

static char *tmp_dir;

static GFile *
wav_file (const char  *name,
          const float *y,
          gsize        n,
          guint        rate)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  test_write_wav (path, y, n, rate);
  return g_file_new_for_path (path);
}

static void
test_too_short (void)
{
  static const struct { const char *name; gsize n; } cases[] = {
    { "one-sample.wav", 1 },
    { "ten-ms.wav", 441 },
    { "almost-a-second.wav", 39690 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree float *y = g_new (float, cases[c].n);
      g_autoptr(GFile) file = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(AkinFeatures) features = NULL;

      for (gsize i = 0; i < cases[c].n; i++)
        y[i] = 0.5f * (float) sin (2.0 * G_PI * 440.0 * (double) i / 44100.0);
      file = wav_file (cases[c].name, y, cases[c].n, 44100);
      features = akin_analyze_features (file, NULL, NULL, NULL, &error);
      g_test_message ("%s: %s", cases[c].name, error != NULL ? error->message : "analysed");
      g_assert_error (error, AKIN_ERROR, AKIN_ERROR_TOO_SHORT);
      g_assert_null (features);
      g_assert_nonnull (strstr (error->message, cases[c].name));
      g_assert_nonnull (strstr (error->message, "too short to analyse"));
    }

  /* A second and a bit is enough. */
  {
    gsize n = 44100 + 4410;
    g_autofree float *y = g_new (float, n);
    g_autoptr(GFile) file = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(AkinFeatures) features = NULL;

    for (gsize i = 0; i < n; i++)
      y[i] = 0.5f * (float) sin (2.0 * G_PI * 440.0 * (double) i / 44100.0);
    file = wav_file ("a-second.wav", y, n, 44100);
    features = akin_analyze_features (file, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (features);
  }
}

/* Chords in C major over clicks at 120 BPM, scaled by @gain. */
static float *
make_song (float  gain,
           gsize *n)
{
  gsize n_chords, n_clicks;
  g_autofree float *chords = fixture_signal_make ("d_c_major_prog", &n_chords);
  g_autofree float *clicks = fixture_signal_make ("b_clicks_120bpm", &n_clicks);
  float *y;

  *n = MIN (n_chords, n_clicks);
  y = g_new (float, *n);
  for (gsize i = 0; i < *n; i++)
    y[i] = gain * (0.7f * chords[i] + 0.3f * clicks[i]);
  return y;
}

static void
test_near_silence (void)
{
  gsize n = 12 * 44100;
  g_autofree float *dither = g_new (float, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinFeatures) features = NULL;
  g_autoptr(AkinFeatures) loud = NULL;
  g_autoptr(AkinFeatures) quiet = NULL;
  g_autofree float *song = NULL;
  g_autofree float *quiet_song = NULL;
  gsize n_song;

  /* ±1 bit of 16: what a "silent" track of a CD holds after dithering. */
  for (gsize i = 0; i < n; i++)
    dither[i] = (float) g_rand_int_range (rand, -1, 2) / 32768.0f;
  file = wav_file ("dither.wav", dither, n, 44100);
  features = akin_analyze_features (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("dither: tempo %.3f, key %d", features->descriptors.tempo_bpm,
                  features->descriptors.key_tonic);
  g_assert_cmpfloat (features->descriptors.tempo_bpm, ==, 0.0);
  g_assert_cmpint (features->descriptors.key_tonic, ==, -1);
  g_assert_cmpint (features->descriptors.key_mode, ==, AKIN_MODE_UNKNOWN);
  g_clear_object (&file);

  /* A song keeps its tempo and key, and so does the same song 40 dB
   * quieter: the gate is for near-silence, not for quiet music. */
  song = make_song (0.8f, &n_song);
  file = wav_file ("song.wav", song, n_song, FIXTURE_RATE);
  loud = akin_analyze_features (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&file);
  quiet_song = make_song (0.008f, &n_song);
  file = wav_file ("quiet-song.wav", quiet_song, n_song, FIXTURE_RATE);
  quiet = akin_analyze_features (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("song: tempo %.3f, key %d; 40 dB quieter: tempo %.3f, key %d",
                  loud->descriptors.tempo_bpm, loud->descriptors.key_tonic,
                  quiet->descriptors.tempo_bpm, quiet->descriptors.key_tonic);
  g_assert_cmpfloat (fabs (loud->descriptors.tempo_bpm - 120.0), <, 3.0);
  g_assert_cmpint (loud->descriptors.key_tonic, ==, 0);
  g_assert_cmpint (loud->descriptors.key_mode, ==, AKIN_MODE_MAJOR);
  g_assert_cmpfloat (fabs (quiet->descriptors.tempo_bpm - loud->descriptors.tempo_bpm), <, 1.0);
  g_assert_cmpint (quiet->descriptors.key_tonic, ==, loud->descriptors.key_tonic);
  g_assert_cmpint (quiet->descriptors.key_mode, ==, loud->descriptors.key_mode);
}

static void
test_long_title (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "long title.ogg", NULL);
  g_autofree char *description = NULL;
  g_autoptr(GstTagList) tags = gst_tag_list_new_empty ();
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinFeatures) features = NULL;
  AkinDecodeInfo *info = NULL;
  const char *stored;

  /* A megabyte, with characters of two and three bytes among the ASCII. */
  while (title->len < 1024 * 1024)
    g_string_append (title, "Endless é ♫ title ");
  gst_tag_list_add (tags, GST_TAG_MERGE_APPEND, GST_TAG_TITLE, title->str,
                    GST_TAG_ARTIST, "Someone", NULL);
  description = g_strdup_printf ("audiotestsrc num-buffers=100 "
                                 "! audio/x-raw,rate=44100,channels=1 ! audioconvert "
                                 "! vorbisenc name=tagger ! oggmux "
                                 "! filesink location=\"%s\"", path);
  test_run_pipeline (description, tags);
  file = g_file_new_for_path (path);

  features = akin_analyze_features (file, NULL, &info, NULL, &error);
  g_assert_no_error (error);
  stored = info->tags->title;
  g_assert_nonnull (stored);
  g_test_message ("title: %zu bytes, %ld characters", strlen (stored),
                  g_utf8_strlen (stored, -1));
  g_assert_true (g_utf8_validate (stored, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (stored, -1), ==, AKIN_TAG_MAX_CHARS);
  g_assert_true (g_str_has_suffix (stored, "…"));
  g_assert_true (strncmp (stored, title->str, strlen (stored) - strlen ("…")) == 0);
  g_assert_cmpstr (info->tags->artist, ==, "Someone");
  akin_decode_info_free (info);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  tmp_dir = g_dir_make_tmp ("akin-odd-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/odd-input/too-short", test_too_short);
  g_test_add_func ("/odd-input/near-silence", test_near_silence);
  g_test_add_func ("/odd-input/long-title", test_long_title);

  status = g_test_run ();
  test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
