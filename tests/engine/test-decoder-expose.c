/* test-decoder-expose.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decoder links the audio pad parsebin exposes while another thread
 * streams through it. For an MP3 with an ID3v2 tag, id3demux's thread
 * exposes mpegaudioparse's pad before its caps are known, and
 * mpegaudioparse's own thread (pull mode) then sends the caps and the
 * first buffer. A tracer holds one thread at the point where each race
 * went wrong, until the other thread has done what it would do in the
 * meantime (or, when the decoder makes it wait, for a while):
 *
 *  - caps-then-buffer: the exposing thread is held in the decoder's
 *    pad-added handler (the caps query it makes of a pad without caps)
 *    while the streaming thread sends the caps and a buffer: the buffer
 *    must not find the pad unlinked (not-linked);
 *
 *  - caps-twice: the streaming thread is held while it plugs a decoder for
 *    the caps, and the exposing thread sends the pad's pending sticky
 *    events (the caps again) ahead of a stream-collection event: the pad
 *    must be linked once, not fail with "No decoder for ...".
 */

#include "config.h"

#include <gst/audio/audio.h>
#include <gst/gst.h>
#include <string.h>

#include "akin-decoder.h"
#include "decoder-test-files.h"

/* How long a held thread waits for the other one at most. */
#define HOLD_US (2 * G_USEC_PER_SEC)

typedef enum
{
  RACE_NONE,
  RACE_CAPS_THEN_BUFFER,
  RACE_CAPS_TWICE,
} Race;

static GMutex race_lock;
static GCond race_cond;
static Race race;
static gboolean held;          /* the first thread has been held */
static gboolean other_done;    /* the other thread did what it would do */
static gboolean timed_out;     /* the held thread waited HOLD_US in vain */

/* A pad parsebin exposes. */
static gboolean
is_exposed (GstPad *pad)
{
  GstObject *parent;

  if (!GST_IS_GHOST_PAD (pad) || GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return FALSE;
  parent = GST_OBJECT_PARENT (pad);
  return parent != NULL && g_strcmp0 (G_OBJECT_TYPE_NAME (parent), "GstParseBin") == 0;
}

/* With race_lock: waits until the other thread is done, or HOLD_US. */
static void
hold (void)
{
  gint64 end = g_get_monotonic_time () + HOLD_US;

  held = TRUE;
  g_cond_broadcast (&race_cond);
  while (!other_done)
    if (!g_cond_wait_until (&race_cond, &race_lock, end))
      {
        timed_out = TRUE;
        break;
      }
}

/* With race_lock. */
static void
done (void)
{
  other_done = TRUE;
  g_cond_broadcast (&race_cond);
}

/* caps-then-buffer: the exposing thread asks the new pad for its caps. */
static void
on_query_pre (GObject      *tracer,
              GstClockTime  ts,
              GstPad       *pad,
              GstQuery     *query)
{
  if (GST_QUERY_TYPE (query) != GST_QUERY_CAPS || !is_exposed (pad))
    return;
  g_mutex_lock (&race_lock);
  if (race == RACE_CAPS_THEN_BUFFER && !held)
    hold ();
  g_mutex_unlock (&race_lock);
}

/* caps-then-buffer: the streaming thread pushes a buffer. */
static void
on_push_pre (GObject      *tracer,
             GstClockTime  ts,
             GstPad       *pad,
             GstBuffer    *buffer)
{
  if (!is_exposed (pad))
    return;
  g_mutex_lock (&race_lock);
  if (race == RACE_CAPS_THEN_BUFFER && held)
    done ();
  g_mutex_unlock (&race_lock);
}

/* caps-twice: a decoder is added while the pad's caps go through. */
static void
on_bin_add_pre (GObject      *tracer,
                GstClockTime  ts,
                GstBin       *bin,
                GstElement   *element)
{
  if (!GST_IS_PIPELINE (bin) || !GST_IS_AUDIO_DECODER (element))
    return;
  g_mutex_lock (&race_lock);
  if (race == RACE_CAPS_TWICE && !held)
    hold ();
  g_mutex_unlock (&race_lock);
}

/* caps-twice: the exposing thread's stream-collection event, before and
 * after it (and the sticky events pending before it) went through. */
static void
on_push_event_pre (GObject      *tracer,
                   GstClockTime  ts,
                   GstPad       *pad,
                   GstEvent     *event)
{
  gint64 end = g_get_monotonic_time () + HOLD_US;

  if (GST_EVENT_TYPE (event) != GST_EVENT_STREAM_COLLECTION || !is_exposed (pad))
    return;
  g_mutex_lock (&race_lock);
  /* Sent before the caps, it would have nothing pending to send: it waits
   * for the streaming thread to get to the decoder. */
  while (race == RACE_CAPS_TWICE && !held)
    if (!g_cond_wait_until (&race_cond, &race_lock, end))
      break;
  g_mutex_unlock (&race_lock);
}

static void
on_push_event_post (GObject      *tracer,
                    GstClockTime  ts,
                    GstPad       *pad,
                    gboolean      res)
{
  if (!is_exposed (pad))
    return;
  g_mutex_lock (&race_lock);
  if (race == RACE_CAPS_TWICE && held)
    done ();
  g_mutex_unlock (&race_lock);
}

typedef GstTracer TestRaceTracer;
typedef GstTracerClass TestRaceTracerClass;

static GType test_race_tracer_get_type (void);

G_DEFINE_TYPE (TestRaceTracer, test_race_tracer, GST_TYPE_TRACER)

static void
test_race_tracer_class_init (TestRaceTracerClass *klass)
{
}

static void
test_race_tracer_init (TestRaceTracer *self)
{
  gst_tracing_register_hook (self, "pad-query-pre", G_CALLBACK (on_query_pre));
  gst_tracing_register_hook (self, "pad-push-pre", G_CALLBACK (on_push_pre));
  gst_tracing_register_hook (self, "bin-add-pre", G_CALLBACK (on_bin_add_pre));
  gst_tracing_register_hook (self, "pad-push-event-pre", G_CALLBACK (on_push_event_pre));
  gst_tracing_register_hook (self, "pad-push-event-post", G_CALLBACK (on_push_event_post));
}

/* Decodes tone.mp3 with @r set up: the result must be the same samples as
 * without it. */
static void
decode_racing (Race r)
{
  g_autofree float *expected = NULL;
  g_autofree float *y = NULL;
  g_autoptr(AkinDecodeInfo) info = NULL;
  gsize n_expected, n;

  expected = decode_ok ("tone.mp3", &n_expected, NULL);

  g_mutex_lock (&race_lock);
  race = r;
  held = other_done = timed_out = FALSE;
  g_mutex_unlock (&race_lock);

  y = decode_ok ("tone.mp3", &n, &info);

  g_mutex_lock (&race_lock);
  race = RACE_NONE;
  if (held)
    g_test_message ("the held thread %s", timed_out ? "waited in vain: the other one waited for it"
                                                    : "saw the other one go on");
  g_mutex_unlock (&race_lock);

  g_assert_cmpuint (n, ==, n_expected);
  g_assert_cmpmem (y, n * sizeof (float), expected, n_expected * sizeof (float));
  g_assert_cmpuint (info->n_samples, ==, n);
  /* The pad had its caps when it was exposed (the parser's thread was
   * that quick): no thread was held, the race was not run. */
  if (!held)
    g_test_skip ("the exposed pad had its caps already");
}

static void
test_caps_then_buffer (void)
{
  decode_racing (RACE_CAPS_THEN_BUFFER);
}

static void
test_caps_twice (void)
{
  decode_racing (RACE_CAPS_TWICE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GstTracer) tracer = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  tracer = gst_object_ref_sink (g_object_new (test_race_tracer_get_type (), NULL));

  make_files ();

  g_test_add_func ("/decoder/expose/caps-then-buffer", test_caps_then_buffer);
  g_test_add_func ("/decoder/expose/caps-twice", test_caps_twice);

  status = g_test_run ();
  remove_files ();
  return status;
}
