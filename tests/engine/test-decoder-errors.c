/* test-decoder-errors.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decoder on bad input: every case with its exact error domain and code.
 * The test files are made at start-up by decoder-test-files.c.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "akin-decoder-private.h"
#include "akin-error.h"
#include "decoder-test-files.h"

static gboolean
count_chunk (const float  *samples,
             gsize         n_samples,
             gpointer      user_data,
             GError      **error)
{
  guint *calls = user_data;

  (*calls)++;
  return TRUE;
}

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
  y = decode_ok (name, &n, NULL);
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
  guint calls = 0;
  Writer w = { path, FALSE };
  GThread *thread;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  thread = g_thread_new ("writer", stalled_writer, &w);
  g_assert_false (_akin_decode_uri (uri, "stalled.wav", 0, AKIN_DECODE_MODE_STREAM, &options,
                                    count_chunk, &calls, &info, NULL, NULL, &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "stalled.wav"));
  g_assert_null (info);
  g_assert_cmpuint (calls, ==, 0);
  g_thread_join (thread);
  g_assert_true (w.opened);
}

/* A decoder that keeps its thread busy and never hands anything on (a
 * demuxer in a loop): the decode gives up at its stall limit, though its
 * thread never waits. The limit leaves out only the time the decode's
 * threads wait for a CPU, not the time they use. */
static void
test_busy (void)
{
  g_autoptr(GFile) file = test_file ("tone.wav");
  g_autoptr(GError) error = NULL;
  AkinDecodeOptions options = { .stall_timeout = 0.2 };
  AkinDecodeInfo *info = NULL;
  guint calls = 0;

  /* Busy until the pipeline stops. */
  test_burn_next_push (600.0);
  g_assert_false (akin_decode_stream_full (file, &options, count_chunk, &calls, &info, NULL,
                                           &error));
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "tone.wav: decoding made no progress"));
  g_assert_null (info);
  g_assert_cmpuint (calls, ==, 0);
}

/* A demuxer that finds no stream in its input and says so while it starts,
 * as qtdemux does for an MP4 without a playable track. decodebin is then
 * still trying the element and filters its errors out of the bus; they
 * must reach the decode all the same, at once and with their reason. */
typedef GstElement TestNoStreamsDemux;
typedef GstElementClass TestNoStreamsDemuxClass;

static GType test_no_streams_demux_get_type (void);

G_DEFINE_TYPE (TestNoStreamsDemux, test_no_streams_demux, GST_TYPE_ELEMENT)

#define NO_STREAMS_CAPS "application/x-akin-test-no-streams"
#define NO_STREAMS_MAGIC "AKIN-TEST-NO-STREAMS"

static GstStateChangeReturn
test_no_streams_demux_change_state (GstElement     *element,
                                    GstStateChange  transition)
{
  GstStateChangeReturn ret =
    GST_ELEMENT_CLASS (test_no_streams_demux_parent_class)->change_state (element, transition);

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED)
    GST_ELEMENT_ERROR (element, STREAM, DEMUX, ("This file contains no playable streams."),
                       (NULL));
  return ret;
}

static void
test_no_streams_demux_class_init (TestNoStreamsDemuxClass *klass)
{
  static GstStaticPadTemplate sink =
    GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
                             GST_STATIC_CAPS (NO_STREAMS_CAPS));

  gst_element_class_add_static_pad_template (klass, &sink);
  gst_element_class_set_static_metadata (klass, "No streams", "Codec/Demuxer",
                                         "Finds no stream", "Akin tests");
  klass->change_state = test_no_streams_demux_change_state;
}

/* Nothing in the input is a stream: the data is dropped. */
static GstFlowReturn
test_no_streams_demux_chain (GstPad    *pad,
                             GstObject *parent,
                             GstBuffer *buffer)
{
  gst_buffer_unref (buffer);
  return GST_FLOW_OK;
}

static void
test_no_streams_demux_init (TestNoStreamsDemux *self)
{
  static GstStaticPadTemplate sink =
    GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
                             GST_STATIC_CAPS (NO_STREAMS_CAPS));
  GstPad *pad = gst_pad_new_from_static_template (&sink, "sink");

  gst_pad_set_chain_function (pad, test_no_streams_demux_chain);
  gst_element_add_pad (self, pad);
}

static void
no_streams_type_find (GstTypeFind *find,
                      gpointer     user_data)
{
  const guint8 *data = gst_type_find_peek (find, 0, strlen (NO_STREAMS_MAGIC));

  if (data != NULL && memcmp (data, NO_STREAMS_MAGIC, strlen (NO_STREAMS_MAGIC)) == 0)
    gst_type_find_suggest_empty_simple (find, GST_TYPE_FIND_MAXIMUM, NO_STREAMS_CAPS);
}

static void
test_error_while_starting (void)
{
  g_autofree char *path = test_path ("no-streams.bin");
  g_autoptr(GString) data = g_string_new (NO_STREAMS_MAGIC);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  gsize n = 99;
  float *y;

  g_assert_true (gst_element_register (NULL, "akintestnostreams", GST_RANK_PRIMARY + 1,
                                       test_no_streams_demux_get_type ()));
  g_assert_true (gst_type_find_register (NULL, "akin-test-no-streams", GST_RANK_PRIMARY + 1,
                                         no_streams_type_find, NULL, NULL, NULL, NULL));
  for (guint i = 0; i < 4096; i++)
    g_string_append_c (data, (char) (i * 7));
  g_assert_true (g_file_set_contents (path, data->str, (gssize) data->len, NULL));
  file = g_file_new_for_path (path);

  start = g_get_monotonic_time ();
  y = akin_decode_all (file, &n, NULL, NULL, &error);
  g_test_message ("%s after %.1f s", error ? error->message : "no error",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DEMUX);
  g_assert_nonnull (strstr (error->message, "no-streams.bin"));
  g_assert_nonnull (strstr (error->message, "no playable streams"));
  g_assert_null (y);
  g_assert_cmpuint (n, ==, 0);
}

/* A demuxer that fails without a word: its chain function returns an
 * error, so the element upstream posts GStreamer's catch-all "Internal
 * data stream error."; with a 'G' after the magic it first posts an error
 * with no text of its own ("GStreamer encountered a general stream
 * error."). The decode names a reason a listener understands instead,
 * with the same domain and code. */
typedef GstElement TestSilentDemux;
typedef GstElementClass TestSilentDemuxClass;

static GType test_silent_demux_get_type (void);

G_DEFINE_TYPE (TestSilentDemux, test_silent_demux, GST_TYPE_ELEMENT)

#define SILENT_CAPS "application/x-akin-test-silent"
#define SILENT_MAGIC "AKIN-TEST-SILENT"

static void
test_silent_demux_class_init (TestSilentDemuxClass *klass)
{
  static GstStaticPadTemplate sink =
    GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
                             GST_STATIC_CAPS (SILENT_CAPS));

  gst_element_class_add_static_pad_template (klass, &sink);
  gst_element_class_set_static_metadata (klass, "Silent failure", "Codec/Demuxer",
                                         "Fails without saying why", "Akin tests");
}

static GstFlowReturn
test_silent_demux_chain (GstPad    *pad,
                         GstObject *parent,
                         GstBuffer *buffer)
{
  GstMapInfo map;
  gboolean general = FALSE;

  if (gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      general = map.size > strlen (SILENT_MAGIC) && map.data[strlen (SILENT_MAGIC)] == 'G';
      gst_buffer_unmap (buffer, &map);
    }
  gst_buffer_unref (buffer);
  if (general)
    GST_ELEMENT_ERROR (parent, STREAM, FAILED, (NULL), ("the test element gave up"));
  return GST_FLOW_ERROR;
}

static void
test_silent_demux_init (TestSilentDemux *self)
{
  static GstStaticPadTemplate sink =
    GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
                             GST_STATIC_CAPS (SILENT_CAPS));
  GstPad *pad = gst_pad_new_from_static_template (&sink, "sink");

  gst_pad_set_chain_function (pad, test_silent_demux_chain);
  gst_element_add_pad (self, pad);
}

static void
silent_type_find (GstTypeFind *find,
                  gpointer     user_data)
{
  const guint8 *data = gst_type_find_peek (find, 0, strlen (SILENT_MAGIC));

  if (data != NULL && memcmp (data, SILENT_MAGIC, strlen (SILENT_MAGIC)) == 0)
    gst_type_find_suggest_empty_simple (find, GST_TYPE_FIND_MAXIMUM, SILENT_CAPS);
}

static void
test_generic_reworded (void)
{
  static const char * const variants[] = { "F", "G" };

  g_assert_true (gst_element_register (NULL, "akintestsilent", GST_RANK_PRIMARY + 1,
                                       test_silent_demux_get_type ()));
  g_assert_true (gst_type_find_register (NULL, "akin-test-silent", GST_RANK_PRIMARY + 1,
                                         silent_type_find, NULL, NULL, NULL, NULL));
  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      g_autofree char *name = g_strdup_printf ("silent-%s.bin", variants[v]);
      g_autofree char *path = test_path (name);
      g_autofree char *expected = NULL;
      g_autoptr(GString) data = g_string_new (SILENT_MAGIC);
      g_autoptr(GFile) file = NULL;
      g_autoptr(GError) error = NULL;
      gsize n = 99;
      float *y;

      g_string_append (data, variants[v]);
      for (guint i = 0; i < 4096; i++)
        g_string_append_c (data, (char) (i * 7));
      g_assert_true (g_file_set_contents (path, data->str, (gssize) data->len, NULL));
      file = g_file_new_for_path (path);

      y = akin_decode_all (file, &n, NULL, NULL, &error);
      g_test_message ("%s: %s", name, error ? error->message : "no error");
      g_assert_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED);
      expected = g_strdup_printf ("%s: the file is damaged or not in a format the installed "
                                  "decoders read", path);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_null (y);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

/* A name that is not UTF-8 is shown as a path with U+FFFD for the bad
 * bytes, not as an escaped URI. */
static void
test_name_not_utf8 (void)
{
  g_autofree char *path = test_path ("bad \xff\xfe name.mp3");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  gsize n = 99;
  float *y;

  g_assert_true (g_file_set_contents (path, "This is a text file, not an MP3.\n", -1, NULL));
  file = g_file_new_for_path (path);
  y = akin_decode_all (file, &n, NULL, NULL, &error);
  g_test_message ("%s", error ? error->message : "no error");
  g_assert_error (error, AKIN_ERROR, AKIN_ERROR_NOT_AUDIO);
  g_assert_null (y);
  expected = g_filename_display_name (path);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_nonnull (strstr (error->message, "bad \xef\xbf\xbd\xef\xbf\xbd name.mp3: "));
  g_assert_null (strstr (error->message, "file://"));
  g_assert_null (strstr (error->message, "%FF"));
  g_assert_cmpint (g_unlink (path), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  make_files ();

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
  g_test_add_func ("/decoder/bad/busy", test_busy);
  g_test_add_func ("/decoder/bad/error-while-starting", test_error_while_starting);
  g_test_add_func ("/decoder/bad/generic-reworded", test_generic_reworded);
  g_test_add_func ("/decoder/bad/name-not-utf8", test_name_not_utf8);

  status = g_test_run ();
  remove_files ();
  return status;
}
