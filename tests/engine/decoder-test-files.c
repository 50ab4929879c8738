/* decoder-test-files.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decoder tests' audio: made at start-up in a temporary directory with
 * GStreamer's own encoders (audiotestsrc ! … ! filesink) or, for exact
 * multichannel content, written here as WAV. And a measure of a decoded
 * tone.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/tag/tag.h>
#include <math.h>
#include <time.h>

#include "decoder-test-files.h"
#include "gst-test-pipeline.h"
#include "test-tmpdir.h"

char *tmpdir;

char *
test_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

GFile *
test_file (const char *name)
{
  g_autofree char *path = test_path (name);

  return g_file_new_for_path (path);
}


/* 16-bit PCM WAV, WAVE_FORMAT_EXTENSIBLE with a channel mask. */
static void
write_wav (const char  *name,
           guint        rate,
           guint        channels,
           guint32      mask,
           const float *interleaved,
           gsize        n_frames)
{
  g_autofree char *path = test_path (name);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint32 data_size = (guint32) (n_frames * channels * 2);
  guint32 u32;
  guint16 u16;
  static const guint8 pcm_guid[14] = { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                       0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71 };
  g_autoptr(GError) error = NULL;

#define PUT(bytes, n) g_byte_array_append (out, (const guint8 *) (bytes), n)
#define PUT32(v) (u32 = GUINT32_TO_LE (v), PUT (&u32, 4))
#define PUT16(v) (u16 = GUINT16_TO_LE (v), PUT (&u16, 2))
  PUT ("RIFF", 4);
  PUT32 (4 + 8 + 40 + 8 + data_size);
  PUT ("WAVEfmt ", 8);
  PUT32 (40);
  PUT16 (0xfffe);
  PUT16 (channels);
  PUT32 (rate);
  PUT32 (rate * channels * 2);
  PUT16 (channels * 2);
  PUT16 (16);
  PUT16 (22);
  PUT16 (16);
  PUT32 (mask);
  PUT16 (1);
  PUT (pcm_guid, sizeof pcm_guid);
  PUT ("data", 4);
  PUT32 (data_size);
  for (gsize i = 0; i < n_frames * channels; i++)
    {
      double v = CLAMP (interleaved[i], -1.0, 32767.0 / 32768.0);

      PUT16 ((guint16) (gint16) lrint (v * 32768.0));
    }
#undef PUT16
#undef PUT32
#undef PUT

  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
}

static void
write_tone_wav (const char *name,
                guint       rate,
                double      seconds,
                double      amplitude)
{
  gsize n = (gsize) (rate * seconds);
  g_autofree float *y = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    y[i] = (float) (amplitude * sin (2.0 * G_PI * TONE_FREQ * (double) i / rate));
  write_wav (name, rate, 1, 0x4, y, n);
}


const Format formats[N_FORMATS] = {
  { "tone.wav", "wavenc", 44100, 1, NULL },
  { "tone.flac", "flacenc name=tagger", 48000, 2, "2019-05-04" },
  { "tone.ogg", "vorbisenc name=tagger ! oggmux", 44100, 2, "2019-05-04" },
  { "tone.opus", "opusenc name=tagger ! oggmux", 48000, 2, "2019-05-04" },
  /* id3v2mux writes an ID3v2.3 year (TYER) only. */
  { "tone.mp3", "lamemp3enc ! id3v2mux name=tagger", 44100, 2, "2019" },
};

static GstTagList *
make_tags (const char *title)
{
  GstTagList *tags = gst_tag_list_new_empty ();
  g_autoptr(GstDateTime) datetime = gst_date_time_new_ymd (2019, 5, 4);
  g_autoptr(GDate) date = g_date_new_dmy (4, G_DATE_MAY, 2019);

  gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE,
                    GST_TAG_TITLE, title,
                    GST_TAG_ARTIST, "Some Artist",
                    GST_TAG_ALBUM, "Some Album",
                    GST_TAG_ALBUM_ARTIST, "Some Band",
                    GST_TAG_GENRE, "Test",
                    GST_TAG_TRACK_NUMBER, 3,
                    GST_TAG_ALBUM_VOLUME_NUMBER, 2,
                    GST_TAG_DATE_TIME, datetime,
                    GST_TAG_DATE, date,
                    NULL);
  return tags;
}

static GstSample *
png_sample (const char *name,
            guint       size)
{
  g_autofree char *path = test_path (name);
  g_autofree char *description = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  description = g_strdup_printf ("videotestsrc num-buffers=1 ! video/x-raw,width=%u,height=%u "
                                 "! pngenc ! filesink location=\"%s\"", size, size, path);
  test_run_pipeline (description, NULL);
  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return gst_tag_image_data_to_image_sample ((const guint8 *) data, (guint) length,
                                             GST_TAG_IMAGE_TYPE_FRONT_COVER);
}

void
make_files (void)
{
  g_autoptr(GError) error = NULL;
  guint n = (guint) (TONE_SECONDS * 10);

  tmpdir = g_dir_make_tmp ("akin-decoder-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const Format *f = &formats[i];
      g_autofree char *path = test_path (f->name);
      g_autofree char *description = NULL;
      g_autoptr(GstTagList) tags = f->date != NULL ? make_tags (f->name) : NULL;

      description = g_strdup_printf ("audiotestsrc wave=sine freq=%g volume=%g "
                                     "samplesperbuffer=%u num-buffers=%u "
                                     "! audio/x-raw,format=S16LE,rate=%u,channels=%u "
                                     "! audioconvert ! %s ! filesink location=\"%s\"",
                                     TONE_FREQ, TONE_VOLUME, f->rate / 10, n, f->rate,
                                     f->channels, f->encoder, path);
      test_run_pipeline (description, tags);
    }

  /* Six seconds, long enough that half a file still holds whole pages. */
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "long.ogg" : "long.mp3";
      const char *encoder = i == 0 ? "vorbisenc ! oggmux" : "lamemp3enc ! id3v2mux";
      g_autofree char *path = test_path (name);
      g_autofree char *description = NULL;

      description = g_strdup_printf ("audiotestsrc wave=sine freq=%g volume=%g "
                                     "samplesperbuffer=4410 num-buffers=60 "
                                     "! audio/x-raw,rate=44100,channels=2 ! audioconvert "
                                     "! %s ! filesink location=\"%s\"",
                                     TONE_FREQ, TONE_VOLUME, encoder, path);
      test_run_pipeline (description, NULL);
    }

  /* The second song of a chained Ogg: another rate and channel count. */
  {
    g_autofree char *path = test_path ("mono.ogg");
    g_autofree char *description = NULL;

    description = g_strdup_printf ("audiotestsrc wave=sine freq=%g volume=%g "
                                   "samplesperbuffer=2205 num-buffers=20 "
                                   "! audio/x-raw,rate=22050,channels=1 ! audioconvert "
                                   "! vorbisenc ! oggmux ! filesink location=\"%s\"",
                                   TONE_FREQ, TONE_VOLUME, path);
    test_run_pipeline (description, NULL);
  }

  /* A WAV header and no samples. */
  {
    g_autofree char *path = test_path ("header-only.wav");
    g_autofree char *description = NULL;

    description = g_strdup_printf ("audiotestsrc num-buffers=0 ! audio/x-raw,rate=44100,channels=1 "
                                   "! wavenc ! filesink location=\"%s\"", path);
    test_run_pipeline (description, NULL);
  }

  /* An MP3 with two covers of different sizes and a preview. */
  {
    g_autofree char *path = test_path ("cover.mp3");
    g_autofree char *description = NULL;
    g_autoptr(GstTagList) tags = make_tags ("With a cover");
    g_autoptr(GstSample) small = png_sample ("small.png", 8);
    g_autoptr(GstSample) large = png_sample ("image.png", 48);
    g_autoptr(GstSample) preview = png_sample ("preview.png", 16);

    g_assert_nonnull (small);
    g_assert_nonnull (large);
    gst_tag_list_add (tags, GST_TAG_MERGE_APPEND, GST_TAG_IMAGE, small, NULL);
    gst_tag_list_add (tags, GST_TAG_MERGE_APPEND, GST_TAG_IMAGE, large, NULL);
    gst_tag_list_add (tags, GST_TAG_MERGE_APPEND, GST_TAG_PREVIEW_IMAGE, preview, NULL);
    description = g_strdup_printf ("audiotestsrc num-buffers=10 ! audioconvert ! lamemp3enc "
                                   "! id3v2mux name=tagger ! filesink location=\"%s\"", path);
    test_run_pipeline (description, tags);
  }

  /* Video only, no audio stream. */
  {
    g_autofree char *path = test_path ("video.ogv");
    g_autofree char *description = NULL;

    description = g_strdup_printf ("videotestsrc num-buffers=10 ! video/x-raw,width=64,height=48 "
                                   "! theoraenc ! oggmux ! filesink location=\"%s\"", path);
    test_run_pipeline (description, NULL);
  }

  write_tone_wav ("ten-seconds.wav", 22050, 10.0, TONE_VOLUME);

  /* Float stereo at 44.1 kHz, an odd number of frames (11 × 4411): the
   * decoder halves it itself (akin-decoder-decimate.c). Noise, to reach
   * every tap. */
  {
    g_autofree char *path = test_path ("noise-44100.wav");
    g_autofree char *description = NULL;

    description = g_strdup_printf ("audiotestsrc wave=white-noise volume=0.5 "
                                   "samplesperbuffer=4411 num-buffers=11 "
                                   "! audio/x-raw,format=F32LE,rate=44100,channels=2 "
                                   "! wavenc ! filesink location=\"%s\"", path);
    test_run_pipeline (description, NULL);
  }

  {
    gsize n_frames = 2 * 48000;
    g_autofree float *zero = g_new0 (float, n_frames * 2);
    g_autofree float *six = g_new0 (float, n_frames * 6);

    write_wav ("silence.wav", 48000, 2, 0x3, zero, n_frames);

    /* 5.1 with a tone on the front left only: the mean of six channels is
     * a sixth of it. */
    for (gsize i = 0; i < n_frames; i++)
      six[i * 6] = (float) (0.6 * sin (2.0 * G_PI * TONE_FREQ * (double) i / 48000));
    write_wav ("surround.wav", 48000, 6, 0x3f, six, n_frames);
  }
}

void
remove_files (void)
{
  test_remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

Measure
measure (const float *y,
         gsize        n)
{
  gsize start = n / 5;
  gsize end = n - n / 5;
  gsize first = 0;
  gsize last = 0;
  guint crossings = 0;
  double sum = 0;
  Measure m = { 0 };

  for (gsize i = start; i < end; i++)
    {
      sum += (double) y[i] * y[i];
      m.peak = MAX (m.peak, fabs (y[i]));
      if (i > start && y[i - 1] < 0 && y[i] >= 0)
        {
          if (crossings == 0)
            first = i;
          last = i;
          crossings++;
        }
    }
  m.rms = sqrt (sum / (double) (end - start));
  if (crossings > 1)
    m.freq = (crossings - 1) * (double) AKIN_SAMPLE_RATE / (double) (last - first);
  return m;
}

/* Decodes a test file with akin_decode_all(), which must succeed. */
float *
decode_ok (const char      *name,
           gsize           *n,
           AkinDecodeInfo **info)
{
  g_autoptr(GFile) file = test_file (name);
  g_autoptr(GError) error = NULL;
  float *y = akin_decode_all (file, n, info, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (y);
  return y;
}

/* Work in a streaming thread, as a slow demuxer or decoder would do it:
 * busy, posting nothing. */
static GMutex burn_lock;
static guint64 burn_next;  /* ns of CPU time for the next buffer pushed */

/* The calling thread's CPU time, in ns. */
guint64
test_thread_cpu_ns (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts), ==, 0);
  return (guint64) ts.tv_sec * G_GUINT64_CONSTANT (1000000000) + (guint64) ts.tv_nsec;
}

static gboolean
pad_flushing (GstPad *pad)
{
  gboolean flushing;

  GST_OBJECT_LOCK (pad);
  flushing = GST_PAD_IS_FLUSHING (pad);
  GST_OBJECT_UNLOCK (pad);
  return flushing;
}

static void
on_pad_push_pre (GObject      *tracer,
                 GstClockTime  ts,
                 GstPad       *pad,
                 GstBuffer    *buffer)
{
  guint64 burn;
  guint64 start;

  g_mutex_lock (&burn_lock);
  burn = burn_next;
  burn_next = 0;
  g_mutex_unlock (&burn_lock);
  if (burn == 0)
    return;
  start = test_thread_cpu_ns ();
  while (test_thread_cpu_ns () - start < burn && !pad_flushing (pad))
    ;
}

typedef GstTracer TestBurnTracer;
typedef GstTracerClass TestBurnTracerClass;

static GType test_burn_tracer_get_type (void);

G_DEFINE_TYPE (TestBurnTracer, test_burn_tracer, GST_TYPE_TRACER)

static void
test_burn_tracer_class_init (TestBurnTracerClass *klass)
{
}

static void
test_burn_tracer_init (TestBurnTracer *self)
{
  gst_tracing_register_hook (self, "pad-push-pre", G_CALLBACK (on_pad_push_pre));
}

/* The next buffer pushed in any pipeline first keeps the thread that
 * pushes it busy for @cpu_seconds of that thread's own CPU time, or until
 * the pad flushes (the pipeline stops). */
void
test_burn_next_push (double cpu_seconds)
{
  static GstTracer *tracer;

  if (tracer == NULL)
    tracer = gst_object_ref_sink (g_object_new (test_burn_tracer_get_type (), NULL));
  g_mutex_lock (&burn_lock);
  burn_next = (guint64) (cpu_seconds * 1e9);
  g_mutex_unlock (&burn_lock);
}
