/* test-decoder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test files are made at start-up by decoder-test-files.c.
 */

#include "config.h"

#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "akin-decoder-private.h"
#include "akin-error.h"
#include "decoder-test-files.h"
#include "gst-test-pipeline.h"

static void
test_formats (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const Format *f = &formats[i];
      g_autoptr(AkinDecodeInfo) info = NULL;
      gsize n = 0;
      g_autofree float *y = decode_ok (f->name, &n, &info);
      double expected = TONE_SECONDS * AKIN_SAMPLE_RATE;
      Measure m = measure (y, n);

      g_test_message ("%s: %" G_GSIZE_FORMAT " samples (%+.1f ms), %.2f Hz, rms %.4f, codec %s",
                      f->name, n, 1000.0 * (n - expected) / AKIN_SAMPLE_RATE, m.freq, m.rms,
                      info->codec ? info->codec : "?");
      /* ±1 %, plus what a codec adds at the ends (Opus and MP3 frames). */
      g_assert_cmpfloat (fabs ((double) n - expected), <=, 0.01 * expected + 0.03 * AKIN_SAMPLE_RATE);
      g_assert_cmpuint (info->n_samples, ==, n);
      g_assert_cmpfloat_with_epsilon (info->duration, (double) n / AKIN_SAMPLE_RATE, 1e-9);
      g_assert_cmpfloat_with_epsilon (m.freq, TONE_FREQ, 0.005 * TONE_FREQ);
      /* audiotestsrc's volume is the peak; the same tone on both channels
       * averages to itself. */
      g_assert_cmpfloat_with_epsilon (m.rms, TONE_VOLUME / G_SQRT2, 0.05 * TONE_VOLUME);
      g_assert_cmpuint (info->source_rate, ==, f->rate);
      g_assert_cmpuint (info->source_channels, ==, f->channels);
      g_assert_nonnull (info->codec);
    }
}

static void
test_tags (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const Format *f = &formats[i];
      g_autoptr(AkinDecodeInfo) info = NULL;
      gsize n = 0;
      g_autofree float *y = NULL;

      if (f->date == NULL)
        continue;
      y = decode_ok (f->name, &n, &info);
      g_test_message ("%s: title %s, date %s", f->name, info->tags->title, info->tags->date);
      g_assert_cmpstr (info->tags->title, ==, f->name);
      g_assert_cmpstr (info->tags->artist, ==, "Some Artist");
      g_assert_cmpstr (info->tags->album, ==, "Some Album");
      g_assert_cmpstr (info->tags->album_artist, ==, "Some Band");
      g_assert_cmpstr (info->tags->genre, ==, "Test");
      g_assert_cmpuint (info->tags->track_number, ==, 3);
      g_assert_cmpuint (info->tags->disc_number, ==, 2);
      g_assert_cmpstr (info->tags->date, ==, f->date);
      g_assert_false (info->tags->has_cover);
    }
}

static void
test_tags_copy (void)
{
  g_autoptr(AkinDecodeInfo) info = NULL;
  g_autoptr(AkinTags) copy = NULL;
  gsize n = 0;
  g_autofree float *y = decode_ok ("cover.mp3", &n, &info);

  g_assert_true (info->tags->has_cover);
  copy = akin_tags_copy (info->tags);
  g_assert_cmpstr (copy->title, ==, "With a cover");
  g_assert_cmpstr (copy->album_artist, ==, "Some Band");
  g_assert_cmpuint (copy->track_number, ==, 3);
  g_assert_cmpuint (copy->disc_number, ==, 2);
  g_assert_true (copy->has_cover);
}

static void
test_cover (void)
{
  g_autoptr(GFile) file = test_file ("cover.mp3");
  g_autoptr(GFile) plain = test_file ("tone.ogg");
  g_autofree char *expected_path = test_path ("image.png");
  g_autofree char *expected = NULL;
  gsize expected_length = 0;
  g_autoptr(GBytes) cover = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (expected_path, &expected, &expected_length, &error);
  g_assert_no_error (error);

  cover = akin_decode_cover (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cover);
  /* The largest of the two GST_TAG_IMAGE pictures, not the preview. */
  g_assert_cmpmem (g_bytes_get_data (cover, NULL), g_bytes_get_size (cover),
                   expected, expected_length);

  none = akin_decode_cover (plain, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);
}

static void
test_surround (void)
{
  g_autoptr(AkinDecodeInfo) info = NULL;
  gsize n = 0;
  g_autofree float *y = decode_ok ("surround.wav", &n, &info);
  Measure m = measure (y, n);

  g_assert_cmpuint (info->source_channels, ==, 6);
  g_assert_cmpuint (info->source_rate, ==, 48000);
  g_assert_cmpuint (n, ==, 2 * AKIN_SAMPLE_RATE);
  g_assert_cmpfloat_with_epsilon (m.freq, TONE_FREQ, 0.005 * TONE_FREQ);
  /* The plain mean: 0.6 / 6 peak. */
  g_assert_cmpfloat_with_epsilon (m.peak, 0.1, 0.002);
  g_assert_cmpfloat_with_epsilon (m.rms, 0.1 / G_SQRT2, 0.002);
}

static void
test_silence (void)
{
  g_autoptr(AkinDecodeInfo) info = NULL;
  gsize n = 0;
  g_autofree float *y = decode_ok ("silence.wav", &n, &info);

  g_assert_cmpuint (n, ==, 2 * AKIN_SAMPLE_RATE);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat (y[i], ==, 0.0f);
}

static void
test_ten_seconds (void)
{
  g_autoptr(AkinDecodeInfo) info = NULL;
  gsize n = 0;
  g_autofree float *y = decode_ok ("ten-seconds.wav", &n, &info);
  Measure m = measure (y, n);

  /* Same rate as the file: no resampling, every sample kept. */
  g_assert_cmpuint (n, ==, 10 * AKIN_SAMPLE_RATE);
  g_assert_cmpfloat_with_epsilon (info->duration, 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.freq, TONE_FREQ, 0.002 * TONE_FREQ);
  for (gsize i = 0; i < n; i += 997)
    g_assert_cmpfloat_with_epsilon (y[i], TONE_VOLUME * sin (2 * G_PI * TONE_FREQ * i / 22050.0),
                                    1e-4);
}

/* Float at 44.1 kHz skips audioconvert and audioresample: the decoder's
 * own decimation gives what they would, to float rounding. */
static void
test_decimation (void)
{
  g_autofree char *path = test_path ("noise-44100.wav");
  g_autofree char *reference_path = test_path ("noise-22050.raw");
  g_autofree char *description = NULL;
  g_autofree char *reference = NULL;
  g_autoptr(AkinDecodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gsize n = 0;
  g_autofree float *y = decode_ok ("noise-44100.wav", &n, &info);
  const float *r;
  double worst = 0;

  description = g_strdup_printf ("filesrc location=\"%s\" ! wavparse "
                                 "! audioconvert mix-matrix=\"<<(float)0.5, (float)0.5>>\" "
                                 "! audioresample "
                                 "! audio/x-raw,format=F32LE,rate=22050,channels=1 "
                                 "! filesink location=\"%s\"", path, reference_path);
  test_run_pipeline (description, NULL);
  g_file_get_contents (reference_path, &reference, &length, &error);
  g_assert_no_error (error);
  r = (const float *) (const void *) reference;

  g_assert_cmpuint (info->source_rate, ==, 44100);
  g_assert_cmpuint (info->source_channels, ==, 2);
  /* ⌈n / 2⌉ samples for n frames, as audioresample gives. */
  g_assert_cmpuint (n, ==, (11 * 4411 + 1) / 2);
  g_assert_cmpuint (length, ==, n * sizeof (float));
  for (gsize i = 0; i < n; i++)
    worst = MAX (worst, fabs ((double) y[i] - r[i]));
  g_test_message ("largest difference from audioconvert ! audioresample: %g", worst);
  g_assert_cmpfloat (worst, <, 1e-6);
}

typedef struct
{
  GArray *samples;
  guint   calls;
} Chunks;

static gboolean
append_chunk (const float  *samples,
              gsize         n_samples,
              gpointer      user_data,
              GError      **error)
{
  Chunks *c = user_data;

  g_assert_cmpuint (n_samples, >, 0);
  g_array_append_vals (c->samples, samples, n_samples);
  c->calls++;
  return TRUE;
}

static void
test_stream_matches_all (void)
{
  g_autoptr(GFile) file = test_file ("tone.ogg");
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDecodeInfo) info = NULL;
  Chunks c = { g_array_new (FALSE, FALSE, sizeof (float)), 0 };
  gsize n = 0;
  g_autofree float *y = decode_ok ("tone.ogg", &n, NULL);

  g_assert_true (akin_decode_stream (file, append_chunk, &c, &info, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.calls, >, 1);
  g_assert_cmpuint (c.samples->len, ==, n);
  g_assert_cmpuint (info->n_samples, ==, n);
  g_assert_cmpmem (c.samples->data, n * sizeof (float), y, n * sizeof (float));
  g_array_unref (c.samples);
}

typedef struct
{
  const char *name;
  float      *samples;
  gsize       n;
} Job;

static gpointer
decode_job (gpointer data)
{
  Job *job = data;

  job->samples = decode_ok (job->name, &job->n, NULL);
  return NULL;
}

/* Decodes run in parallel threads, each with its own pipeline, and give
 * the same samples as one at a time. */
static void
test_threads (void)
{
  Job jobs[] = { { "tone.ogg" }, { "tone.mp3" }, { "tone.flac" }, { "surround.wav" } };
  GThread *threads[G_N_ELEMENTS (jobs)];

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    threads[i] = g_thread_new ("decode", decode_job, &jobs[i]);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      gsize n = 0;
      g_autofree float *alone = NULL;

      g_thread_join (threads[i]);
      alone = decode_ok (jobs[i].name, &n, NULL);
      g_assert_cmpuint (jobs[i].n, ==, n);
      g_assert_cmpmem (jobs[i].samples, n * sizeof (float), alone, n * sizeof (float));
      g_free (jobs[i].samples);
    }
}

static void
test_excerpt (void)
{
  g_autoptr(GFile) file = test_file ("ten-seconds.wav");
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinDecodeInfo) info = NULL;
  AkinDecodeOptions options = { .max_duration = 1.5 };
  g_autofree float *y = NULL;
  g_autofree float *whole = NULL;
  gsize n = 0;

  y = akin_decode_all_full (file, &options, &n, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, (gsize) (1.5 * AKIN_SAMPLE_RATE));
  g_assert_cmpuint (info->n_samples, ==, n);
  g_assert_cmpfloat_with_epsilon (info->duration, 1.5, 1e-9);

  /* Asked to fail instead of cutting: at once from the announced duration
   * when it is far beyond the limit, else when the samples pass it. */
  options.fail_if_longer = TRUE;
  whole = akin_decode_all_full (file, &options, &n, NULL, NULL, &error);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_TOO_LONG);
  g_assert_null (whole);
  g_assert_cmpuint (n, ==, 0);
  g_clear_error (&error);
  options.max_duration = 9.5;
  whole = akin_decode_all_full (file, &options, &n, NULL, NULL, &error);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_TOO_LONG);
  g_assert_null (whole);
  g_clear_error (&error);

  /* A limit beyond the end is no failure. */
  options.max_duration = 10.0;
  whole = akin_decode_all_full (file, &options, &n, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 10 * AKIN_SAMPLE_RATE);
}

/* Ogg files one after the other are a valid chained Ogg, one song after
 * another: all of them decode, whatever their rates and channels. */
static void
test_chained_ogg (void)
{
  g_autofree char *first = test_path ("tone.ogg");
  g_autofree char *second = test_path ("mono.ogg");
  g_autofree char *path = test_path ("chained.ogg");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GString) both = g_string_new (NULL);
  g_autoptr(AkinDecodeInfo) info = NULL;
  g_autofree float *y = NULL;
  gsize la = 0, lb = 0, n = 0;
  double expected = 2 * TONE_SECONDS * AKIN_SAMPLE_RATE;

  g_assert_true (g_file_get_contents (first, &a, &la, NULL));
  g_assert_true (g_file_get_contents (second, &b, &lb, NULL));
  g_string_append_len (both, a, la);
  g_string_append_len (both, b, lb);
  g_assert_true (g_file_set_contents (path, both->str, both->len, NULL));

  y = decode_ok ("chained.ogg", &n, &info);
  g_assert_cmpfloat (fabs ((double) n - expected), <=, 0.01 * expected);
  /* The first song's format. */
  g_assert_cmpuint (info->source_rate, ==, 44100);
  g_assert_cmpuint (info->source_channels, ==, 2);
  g_assert_cmpfloat_with_epsilon (measure (y + n / 2, n / 2).freq, TONE_FREQ, 0.005 * TONE_FREQ);
  g_assert_cmpfloat_with_epsilon (measure (y + n / 2, n / 2).rms, TONE_VOLUME / G_SQRT2,
                                  0.05 * TONE_VOLUME);
}

static gboolean
refuse_chunk (const float  *samples,
              gsize         n_samples,
              gpointer      user_data,
              GError      **error)
{
  guint *calls = user_data;

  (*calls)++;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "consumer is full");
  return FALSE;
}

static void
test_callback_error (void)
{
  g_autoptr(GFile) file = test_file ("tone.flac");
  g_autoptr(GError) error = NULL;
  AkinDecodeInfo *info = NULL;
  guint calls = 0;

  g_assert_false (akin_decode_stream (file, refuse_chunk, &calls, &info, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpstr (error->message, ==, "consumer is full");
  g_assert_cmpuint (calls, ==, 1);
  g_assert_null (info);
}

static void
test_cancel_before (void)
{
  g_autoptr(GFile) file = test_file ("tone.wav");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gsize n = 99;
  float *y;

  g_cancellable_cancel (cancellable);
  y = akin_decode_all (file, &n, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (y);
  g_assert_cmpuint (n, ==, 0);
}

typedef struct
{
  GCancellable *cancellable;
  GMutex        lock;
  GCond         cond;
  gboolean      started;
  guint64       received;
} CancelState;

static gpointer
cancel_thread (gpointer data)
{
  CancelState *s = data;

  g_mutex_lock (&s->lock);
  while (!s->started)
    g_cond_wait (&s->cond, &s->lock);
  g_mutex_unlock (&s->lock);
  g_cancellable_cancel (s->cancellable);
  return NULL;
}

static gboolean
wait_for_cancel (const float  *samples,
                 gsize         n_samples,
                 gpointer      user_data,
                 GError      **error)
{
  CancelState *s = user_data;

  s->received += n_samples;
  g_mutex_lock (&s->lock);
  s->started = TRUE;
  g_cond_signal (&s->cond);
  g_mutex_unlock (&s->lock);
  /* Holds the first chunk until the other thread has cancelled, so the
   * decode cannot finish first. */
  for (guint i = 0; i < 5000 && !g_cancellable_is_cancelled (s->cancellable); i++)
    g_usleep (1000);
  return TRUE;
}

static void
test_cancel_from_thread (void)
{
  g_autoptr(GFile) file = test_file ("ten-seconds.wav");
  g_autoptr(GError) error = NULL;
  CancelState s = { g_cancellable_new () };
  GThread *thread;

  g_mutex_init (&s.lock);
  g_cond_init (&s.cond);
  thread = g_thread_new ("cancel", cancel_thread, &s);
  g_assert_false (akin_decode_stream (file, wait_for_cancel, &s, NULL, s.cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (s.received, >, 0);
  g_assert_cmpuint (s.received, <, 10 * AKIN_SAMPLE_RATE);
  g_thread_join (thread);
  g_mutex_clear (&s.lock);
  g_cond_clear (&s.cond);
  g_object_unref (s.cancellable);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  make_files ();

  g_test_add_func ("/decoder/formats", test_formats);
  g_test_add_func ("/decoder/tags", test_tags);
  g_test_add_func ("/decoder/tags-copy", test_tags_copy);
  g_test_add_func ("/decoder/cover", test_cover);
  g_test_add_func ("/decoder/surround", test_surround);
  g_test_add_func ("/decoder/silence", test_silence);
  g_test_add_func ("/decoder/ten-seconds", test_ten_seconds);
  g_test_add_func ("/decoder/decimation", test_decimation);
  g_test_add_func ("/decoder/stream-matches-all", test_stream_matches_all);
  g_test_add_func ("/decoder/chained-ogg", test_chained_ogg);
  g_test_add_func ("/decoder/threads", test_threads);
  g_test_add_func ("/decoder/excerpt", test_excerpt);
  g_test_add_func ("/decoder/callback-error", test_callback_error);
  g_test_add_func ("/decoder/cancel/before", test_cancel_before);
  g_test_add_func ("/decoder/cancel/from-thread", test_cancel_from_thread);

  status = g_test_run ();
  remove_files ();
  return status;
}
