/* test-decoder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test file is made at start-up in a temporary directory, with
 * GStreamer's own encoders (audiotestsrc ! … ! filesink) or, for exact
 * multichannel content, written here as WAV.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/tag/tag.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "akin-decoder-private.h"
#include "akin-error.h"

#define TONE_FREQ     440.0
#define TONE_VOLUME   0.5
#define TONE_SECONDS  2.0

static char *tmpdir;

static char *
test_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static GFile *
test_file (const char *name)
{
  g_autofree char *path = test_path (name);

  return g_file_new_for_path (path);
}

/* Runs a gst-launch style description to the end. A "tagger" element, when
 * @tags is given, gets them through GstTagSetter. */
static void
run_pipeline (const char *description,
              GstTagList *tags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  gst_object_ref_sink (pipeline);
  if (tags != NULL)
    {
      g_autoptr(GstElement) tagger = gst_bin_get_by_name (GST_BIN (pipeline), "tagger");

      g_assert_nonnull (tagger);
      gst_tag_setter_merge_tags (GST_TAG_SETTER (tagger), tags, GST_TAG_MERGE_REPLACE);
    }
  bus = gst_element_get_bus (pipeline);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_error ("making a test file with \"%s\": %s", description, gst_error->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
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

typedef struct
{
  const char *name;
  const char *encoder;
  guint       rate;
  guint       channels;
  const char *date;   /* as read back; NULL for an untagged file */
} Format;

static const Format formats[] = {
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
  run_pipeline (description, NULL);
  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return gst_tag_image_data_to_image_sample ((const guint8 *) data, (guint) length,
                                             GST_TAG_IMAGE_TYPE_FRONT_COVER);
}

static void
make_files (void)
{
  guint n = (guint) (TONE_SECONDS * 10);

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
      run_pipeline (description, tags);
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
      run_pipeline (description, NULL);
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
    run_pipeline (description, NULL);
  }

  /* A WAV header and no samples. */
  {
    g_autofree char *path = test_path ("header-only.wav");
    g_autofree char *description = NULL;

    description = g_strdup_printf ("audiotestsrc num-buffers=0 ! audio/x-raw,rate=44100,channels=1 "
                                   "! wavenc ! filesink location=\"%s\"", path);
    run_pipeline (description, NULL);
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
    run_pipeline (description, tags);
  }

  /* Video only, no audio stream. */
  {
    g_autofree char *path = test_path ("video.ogv");
    g_autofree char *description = NULL;

    description = g_strdup_printf ("videotestsrc num-buffers=10 ! video/x-raw,width=64,height=48 "
                                   "! theoraenc ! oggmux ! filesink location=\"%s\"", path);
    run_pipeline (description, NULL);
  }

  write_tone_wav ("ten-seconds.wav", 22050, 10.0, TONE_VOLUME);

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

/* Helpers over decoded signals */

typedef struct
{
  double   freq;
  double   rms;
  double   peak;
} Measure;

/* Dominant frequency by upward zero crossings, and the level, over the
 * middle of the signal (away from codec start-up and tail). */
static Measure
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

static float *
decode (const char      *name,
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

static void
test_formats (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const Format *f = &formats[i];
      g_autoptr(AkinDecodeInfo) info = NULL;
      gsize n = 0;
      g_autofree float *y = decode (f->name, &n, &info);
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
      y = decode (f->name, &n, &info);
      g_test_message ("%s: title %s, date %s", f->name, info->tags->title, info->tags->date);
      g_assert_cmpstr (info->tags->title, ==, f->name);
      g_assert_cmpstr (info->tags->artist, ==, "Some Artist");
      g_assert_cmpstr (info->tags->album, ==, "Some Album");
      g_assert_cmpstr (info->tags->album_artist, ==, "Some Band");
      g_assert_cmpstr (info->tags->genre, ==, "Test");
      g_assert_cmpuint (info->tags->track_number, ==, 3);
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
  g_autofree float *y = decode ("cover.mp3", &n, &info);

  g_assert_true (info->tags->has_cover);
  copy = akin_tags_copy (info->tags);
  g_assert_cmpstr (copy->title, ==, "With a cover");
  g_assert_cmpstr (copy->album_artist, ==, "Some Band");
  g_assert_cmpuint (copy->track_number, ==, 3);
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
  g_autofree float *y = decode ("surround.wav", &n, &info);
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
  g_autofree float *y = decode ("silence.wav", &n, &info);

  g_assert_cmpuint (n, ==, 2 * AKIN_SAMPLE_RATE);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat (y[i], ==, 0.0f);
}

static void
test_ten_seconds (void)
{
  g_autoptr(AkinDecodeInfo) info = NULL;
  gsize n = 0;
  g_autofree float *y = decode ("ten-seconds.wav", &n, &info);
  Measure m = measure (y, n);

  /* Same rate as the file: no resampling, every sample kept. */
  g_assert_cmpuint (n, ==, 10 * AKIN_SAMPLE_RATE);
  g_assert_cmpfloat_with_epsilon (info->duration, 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.freq, TONE_FREQ, 0.002 * TONE_FREQ);
  for (gsize i = 0; i < n; i += 997)
    g_assert_cmpfloat_with_epsilon (y[i], TONE_VOLUME * sin (2 * G_PI * TONE_FREQ * i / 22050.0),
                                    1e-4);
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
  g_autofree float *y = decode ("tone.ogg", &n, NULL);

  g_assert_true (akin_decode_stream (file, append_chunk, &c, &info, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.calls, >, 1);
  g_assert_cmpuint (c.samples->len, ==, n);
  g_assert_cmpuint (info->n_samples, ==, n);
  g_assert_cmpmem (c.samples->data, n * sizeof (float), y, n * sizeof (float));
  g_array_unref (c.samples);
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

  y = decode ("chained.ogg", &n, &info);
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

/* Bad inputs */

static void
assert_decode_error (const char *name,
                     GQuark      domain,
                     int         code)
{
  g_autoptr(GFile) file = test_file (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) cover_error = NULL;
  g_autoptr(GBytes) cover = NULL;
  AkinDecodeInfo *info = NULL;
  gsize n = 99;
  float *y;

  y = akin_decode_all (file, &n, &info, NULL, &error);
  g_test_message ("%s: %s", name, error ? error->message : "no error");
  g_assert_error (error, domain, code);
  g_assert_null (y);
  g_assert_null (info);
  g_assert_cmpuint (n, ==, 0);
  /* Every message names the file. */
  g_assert_nonnull (strstr (error->message, name));

  cover = akin_decode_cover (file, NULL, &cover_error);
  g_assert_error (cover_error, domain, code);
  g_assert_null (cover);
}

static void
test_missing (void)
{
  assert_decode_error ("no-such-file.mp3", G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_directory (void)
{
  g_autofree char *path = test_path ("folder.mp3");

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  assert_decode_error ("folder.mp3", G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
}

static void
test_fifo_refused (void)
{
  g_autofree char *path = test_path ("pipe.ogg");

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  assert_decode_error ("pipe.ogg", G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
}

static void
test_unreadable (void)
{
  g_autofree char *source = test_path ("tone.ogg");
  g_autofree char *path = test_path ("unreadable.ogg");
  g_autofree char *data = NULL;
  gsize length = 0;

  if (geteuid () == 0)
    {
      g_test_skip ("permissions do not apply to root");
      return;
    }
  g_assert_true (g_file_get_contents (source, &data, &length, NULL));
  g_assert_true (g_file_set_contents (path, data, length, NULL));
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  assert_decode_error ("unreadable.ogg", G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
}

static void
test_empty (void)
{
  g_autofree char *path = test_path ("empty.ogg");

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  assert_decode_error ("empty.ogg", AKIN_ERROR, AKIN_ERROR_EMPTY);
}

static void
test_text (void)
{
  g_autofree char *path = test_path ("notes.mp3");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (text, "Line %u of a plain text file, not music.\n", i);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  assert_decode_error ("notes.mp3", AKIN_ERROR, AKIN_ERROR_NOT_AUDIO);
}

static void
test_noise (void)
{
  g_autofree char *path = test_path ("noise.ogg");
  g_autofree guint8 *bytes = g_new (guint8, 20000);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 20000; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (path, (const char *) bytes, 20000, NULL));
  assert_decode_error ("noise.ogg", AKIN_ERROR, AKIN_ERROR_NOT_AUDIO);
}

static void
test_image (void)
{
  assert_decode_error ("image.png", AKIN_ERROR, AKIN_ERROR_NOT_AUDIO);
}

static void
test_video_only (void)
{
  assert_decode_error ("video.ogv", AKIN_ERROR, AKIN_ERROR_NOT_AUDIO);
}

/* The first half of a file: decodes what is there. */
static void
check_truncated (const char *source_name,
                 const char *name,
                 double      seconds)
{
  g_autofree char *source = test_path (source_name);
  g_autofree char *path = test_path (name);
  g_autofree char *data = NULL;
  g_autofree float *y = NULL;
  gsize length = 0;
  gsize n = 0;
  Measure m;

  g_assert_true (g_file_get_contents (source, &data, &length, NULL));
  g_assert_true (g_file_set_contents (path, data, length / 2, NULL));
  y = decode (name, &n, NULL);
  m = measure (y, n);
  g_test_message ("%s: %.3f s of %.1f", name, (double) n / AKIN_SAMPLE_RATE, seconds);
  g_assert_cmpfloat (n, >, 0.3 * seconds * AKIN_SAMPLE_RATE);
  g_assert_cmpfloat (n, <, 0.6 * seconds * AKIN_SAMPLE_RATE);
  g_assert_cmpfloat_with_epsilon (m.freq, TONE_FREQ, 0.01 * TONE_FREQ);
}

static void
test_truncated (void)
{
  check_truncated ("long.mp3", "half.mp3", 6.0);
  check_truncated ("long.ogg", "half.ogg", 6.0);
  check_truncated ("tone.flac", "half.flac", TONE_SECONDS);
  check_truncated ("tone.wav", "half.wav", TONE_SECONDS);
}

/* Cut inside the first audio page: the Vorbis headers and nothing to
 * decode. GStreamer's own error comes through, with the file's name. */
static void
test_truncated_headers (void)
{
  g_autofree char *source = test_path ("tone.ogg");
  g_autofree char *path = test_path ("headers.ogg");
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (source, &data, &length, NULL));
  g_assert_true (g_file_set_contents (path, data, 4500, NULL));
  assert_decode_error ("headers.ogg", GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE);
}

/* A valid header and no samples: AKIN_ERROR_EMPTY, but no error for the
 * cover, which only needs the tags. */
static void
test_header_only (void)
{
  g_autoptr(GFile) file = test_file ("header-only.wav");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cover = NULL;
  gsize n = 99;
  float *y;

  y = akin_decode_all (file, &n, NULL, NULL, &error);
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_EMPTY);
  g_assert_null (y);
  g_clear_error (&error);

  cover = akin_decode_cover (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (cover);
}

/* A FIFO whose writer sends a few bytes and then stays silent: the decoder
 * sees no buffer and no message, and must give up on its own. */
typedef struct
{
  char     *path;
  gboolean  opened;
} Writer;

static gpointer
stalled_writer (gpointer data)
{
  Writer *w = data;
  /* O_RDWR: never blocks, and the pipe keeps a reader, so the write cannot
   * raise SIGPIPE while filesrc closes and reopens the file. */
  int fd = open (w->path, O_RDWR);

  g_assert_cmpint (fd, >=, 0);
  w->opened = TRUE;
  g_assert_cmpint (write (fd, "RIFF", 4), ==, 4);
  /* Long enough for the decoder's 0.2 s limit; the pipeline can only be
   * torn down once the writer closes, because filesrc blocks in read(). */
  g_usleep (2 * G_USEC_PER_SEC);
  close (fd);
  return NULL;
}

static void
test_timeout (void)
{
  g_autofree char *path = test_path ("stalled.wav");
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  AkinDecodeOptions options = { .stall_timeout = 0.2 };
  AkinDecodeInfo *info = NULL;
  Chunks c = { g_array_new (FALSE, FALSE, sizeof (float)), 0 };
  Writer w = { path, FALSE };
  GThread *thread;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  thread = g_thread_new ("writer", stalled_writer, &w);
  g_assert_false (_akin_decode_uri (uri, "stalled.wav", 0, AKIN_DECODE_MODE_STREAM, &options,
                                    append_chunk, &c, &info, NULL, NULL, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "stalled.wav"));
  g_assert_null (info);
  g_assert_cmpuint (c.calls, ==, 0);
  g_thread_join (thread);
  g_assert_true (w.opened);
  g_array_unref (c.samples);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  tmpdir = g_dir_make_tmp ("akin-decoder-XXXXXX", &error);
  g_assert_no_error (error);
  make_files ();

  g_test_add_func ("/decoder/formats", test_formats);
  g_test_add_func ("/decoder/tags", test_tags);
  g_test_add_func ("/decoder/tags-copy", test_tags_copy);
  g_test_add_func ("/decoder/cover", test_cover);
  g_test_add_func ("/decoder/surround", test_surround);
  g_test_add_func ("/decoder/silence", test_silence);
  g_test_add_func ("/decoder/ten-seconds", test_ten_seconds);
  g_test_add_func ("/decoder/stream-matches-all", test_stream_matches_all);
  g_test_add_func ("/decoder/chained-ogg", test_chained_ogg);
  g_test_add_func ("/decoder/excerpt", test_excerpt);
  g_test_add_func ("/decoder/callback-error", test_callback_error);
  g_test_add_func ("/decoder/cancel/before", test_cancel_before);
  g_test_add_func ("/decoder/cancel/from-thread", test_cancel_from_thread);
  g_test_add_func ("/decoder/bad/missing", test_missing);
  g_test_add_func ("/decoder/bad/directory", test_directory);
  g_test_add_func ("/decoder/bad/fifo", test_fifo_refused);
  g_test_add_func ("/decoder/bad/unreadable", test_unreadable);
  g_test_add_func ("/decoder/bad/empty", test_empty);
  g_test_add_func ("/decoder/bad/text", test_text);
  g_test_add_func ("/decoder/bad/noise", test_noise);
  g_test_add_func ("/decoder/bad/image", test_image);
  g_test_add_func ("/decoder/bad/video-only", test_video_only);
  g_test_add_func ("/decoder/bad/truncated", test_truncated);
  g_test_add_func ("/decoder/bad/truncated-headers", test_truncated_headers);
  g_test_add_func ("/decoder/bad/header-only", test_header_only);
  g_test_add_func ("/decoder/bad/timeout", test_timeout);

  status = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
