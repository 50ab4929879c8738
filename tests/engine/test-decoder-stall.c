/* test-decoder-stall.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decoder's stall limit, and the grace after an error kept from a bin:
 * both count the time a decode could run, so a slow consumer or a decode
 * starved of CPU does not fail, while a real hang or error still does (see
 * /decoder/bad/timeout, /decoder/bad/busy and /decoder/bad/error-while-starting
 * in test-decoder-errors.c). The test files are made at start-up by
 * decoder-test-files.c.
 */

/* sched_setaffinity(), SCHED_IDLE */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <gst/gst.h>
#include <math.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "akin-decoder-private.h"
#include "decoder-test-files.h"

typedef struct
{
  GArray *samples;
  guint   calls;
} Chunks;

/* A consumer that takes longer than the stall limit over a buffer (as one
 * that waits for threads of its own may) does not stall the decode: the
 * limit is the decoder's. */
static gboolean
slow_chunk (const float  *samples,
            gsize         n_samples,
            gpointer      user_data,
            GError      **error)
{
  Chunks *c = user_data;

  g_assert_cmpuint (n_samples, >, 0);
  if (c->calls == 0)
    g_usleep (G_USEC_PER_SEC);
  g_array_append_vals (c->samples, samples, n_samples);
  c->calls++;
  return TRUE;
}

static void
test_slow_consumer (void)
{
  g_autoptr(GFile) file = test_file ("tone.wav");
  g_autoptr(GError) error = NULL;
  AkinDecodeOptions options = { .stall_timeout = 0.2 };
  Chunks c = { g_array_new (FALSE, FALSE, sizeof (float)), 0 };
  gsize n = 0;
  g_autofree float *y = decode_ok ("tone.wav", &n, NULL);

  g_assert_true (akin_decode_stream_full (file, &options, slow_chunk, &c, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.samples->len, ==, n);
  g_assert_cmpmem (c.samples->data, n * sizeof (float), y, n * sizeof (float));
  g_array_unref (c.samples);
}

/* A decode on a busy machine: its threads get a CPU now and then, for a
 * moment. Here they run at SCHED_IDLE (the decoding thread, and so the
 * streaming threads it starts) on one CPU, beside threads that spin there;
 * its first buffer takes 10 ms of CPU, posting nothing meanwhile (see
 * test_burn_next_push()), which takes seconds on the wall clock. The
 * stall limit (0.1 s) counts the time the decode could use, not the time
 * it waited for a CPU: the decode must succeed. */
#define STARVED_LIMIT 0.1

typedef struct
{
  double   limit;       /* the stall limit; 0 for the default */
  double   burn;        /* CPU seconds of the first buffer pushed */
  int      cpu;
  int      stop;        /* atomic: the spinning threads stop */
  int      caller;      /* the decoding thread's id */
  guint64  n_samples;
  gboolean ok;
  GError  *error;
  guint64  waited;      /* ns the decoding thread waited for a CPU */
} Starved;

static void
pin_to_cpu (int cpu)
{
  cpu_set_t set;

  CPU_ZERO (&set);
  CPU_SET (cpu, &set);
  g_assert_cmpint (sched_setaffinity (0, sizeof set, &set), ==, 0);
}

/* The calling thread's run_delay: ns spent runnable, waiting for a CPU. */
static guint64
own_wait (void)
{
  g_autofree char *text = NULL;
  char *end = NULL;

  g_assert_true (g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL));
  g_ascii_strtoull (text, &end, 10);
  return g_ascii_strtoull (end, NULL, 10);
}

static gpointer
spin (gpointer data)
{
  Starved *s = data;

  pin_to_cpu (s->cpu);
  while (!g_atomic_int_get (&s->stop))
    ;
  return NULL;
}

/* The first samples: the spinning stops, and the decode's threads may go
 * back to the normal policy (where the system lets them) to finish soon. */
static gboolean
count_starved (const float  *samples,
               gsize         n_samples,
               gpointer      user_data,
               GError      **error)
{
  Starved *s = user_data;
  struct sched_param param = { 0 };

  if (s->n_samples == 0)
    {
      g_atomic_int_set (&s->stop, TRUE);
      sched_setscheduler (0, SCHED_OTHER, &param);
      sched_setscheduler (s->caller, SCHED_OTHER, &param);
    }
  s->n_samples += n_samples;
  return TRUE;
}

static gpointer
decode_starved (gpointer data)
{
  Starved *s = data;
  g_autoptr(GFile) file = test_file ("tone.wav");
  AkinDecodeOptions options = { .stall_timeout = s->limit };
  struct sched_param param = { 0 };
  guint64 before;

  pin_to_cpu (s->cpu);
  g_assert_cmpint (sched_setscheduler (0, SCHED_IDLE, &param), ==, 0);
  s->caller = (int) syscall (SYS_gettid);
  before = own_wait ();
  if (s->burn > 0)
    test_burn_next_push (s->burn);
  s->ok = akin_decode_stream_full (file, &options, count_starved, s, NULL, NULL, &s->error);
  s->waited = own_wait () - before;
  g_atomic_int_set (&s->stop, TRUE);
  return NULL;
}

/* Decodes tone.wav as decode_starved() does, beside as many spinning
 * threads as it takes; checks that every sample came. Returns FALSE
 * (skipped) where the waits for a CPU cannot be read. */
static gboolean
run_starved (Starved *s)
{
  cpu_set_t allowed;
  GThread *decoder;
  GThread *spinners[16];
  guint n_spinners;
  int nice;

  if (!g_file_test ("/proc/thread-self/schedstat", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the kernel does not tell how long a thread waits for a CPU");
      return FALSE;
    }
  g_assert_cmpint (sched_getaffinity (0, sizeof allowed, &allowed), ==, 0);
  while (!CPU_ISSET (s->cpu, &allowed))
    s->cpu++;
  /* As much weight spinning as one thread at nice 0 (each nice step is a
   * factor 1.25): at SCHED_IDLE the decode gets about 3/1024 of the CPU. */
  errno = 0;
  nice = getpriority (PRIO_PROCESS, 0);
  g_assert_cmpint (errno, ==, 0);
  n_spinners = CLAMP ((guint) ceil (pow (1.25, nice)), 1, G_N_ELEMENTS (spinners));

  for (guint i = 0; i < n_spinners; i++)
    spinners[i] = g_thread_new ("spin", spin, s);
  decoder = g_thread_new ("decode", decode_starved, s);
  g_thread_join (decoder);
  for (guint i = 0; i < n_spinners; i++)
    g_thread_join (spinners[i]);

  g_test_message ("%u spinning threads; the decoding thread waited %.2f s for a CPU",
                  n_spinners, s->waited / 1e9);
  g_assert_no_error (s->error);
  g_assert_true (s->ok);
  g_assert_cmpuint (s->n_samples, ==, TONE_SECONDS * 44100 / 2);
  return TRUE;
}

static void
test_starved (void)
{
  Starved s = { .limit = STARVED_LIMIT, .burn = 0.01 };

  if (!run_starved (&s))
    return;
  /* It was starved: it waited longer than the limit. */
  g_assert_cmpuint (s.waited, >, STARVED_LIMIT * 1e9);
}

/* An error that the decode recovers from, on a busy machine. parsebin
 * tries a demuxer that posts an error while it starts, then fails to start
 * (after 10 ms of its thread's CPU time): parsebin filters the error from
 * the bus (akin-decoder-errors.c keeps it), takes the element out and
 * plugs wavparse. The error is forgotten once its element is gone; until
 * then a grace period runs, which must count the time the decode could
 * use, not the seconds its threads wait for a CPU here. */
#define FAILING_DEMUX_GRACE 0.3   /* POSTED_ERROR_GRACE */

typedef GstElement TestFailingDemux;
typedef GstElementClass TestFailingDemuxClass;

static GType test_failing_demux_get_type (void);

G_DEFINE_TYPE (TestFailingDemux, test_failing_demux, GST_TYPE_ELEMENT)

static int failing_demux_starts;  /* atomic */

static GstStateChangeReturn
test_failing_demux_change_state (GstElement     *element,
                                 GstStateChange  transition)
{
  guint64 start;

  if (transition != GST_STATE_CHANGE_NULL_TO_READY)
    return GST_ELEMENT_CLASS (test_failing_demux_parent_class)->change_state (element, transition);
  g_atomic_int_inc (&failing_demux_starts);
  GST_ELEMENT_ERROR (element, RESOURCE, OPEN_READ, ("The test demuxer does not start."), (NULL));
  start = test_thread_cpu_ns ();
  while (test_thread_cpu_ns () - start < 10 * G_GUINT64_CONSTANT (1000000))
    ;
  return GST_STATE_CHANGE_FAILURE;
}

static void
test_failing_demux_class_init (TestFailingDemuxClass *klass)
{
  static GstStaticPadTemplate sink =
    GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
                             GST_STATIC_CAPS ("audio/x-wav"));

  gst_element_class_add_static_pad_template (klass, &sink);
  gst_element_class_set_static_metadata (klass, "Failing WAV demuxer", "Codec/Demuxer",
                                         "Fails to start", "Akin tests");
  klass->change_state = test_failing_demux_change_state;
}

static void
test_failing_demux_init (TestFailingDemux *self)
{
  static GstStaticPadTemplate sink =
    GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
                             GST_STATIC_CAPS ("audio/x-wav"));

  gst_element_add_pad (self, gst_pad_new_from_static_template (&sink, "sink"));
}

static void
test_recovered_error_starved (void)
{
  Starved s = { 0 };
  gsize n = 0;
  g_autofree float *y = NULL;

  /* Ahead of wavparse for WAV files, from now on in this process. */
  g_assert_true (gst_element_register (NULL, "akintestfailingdemux", GST_RANK_PRIMARY + 1,
                                       test_failing_demux_get_type ()));
  /* Not starved: the decode gets over the error. */
  y = decode_ok ("tone.wav", &n, NULL);
  g_assert_cmpuint (n, ==, TONE_SECONDS * 44100 / 2);
  g_assert_cmpint (g_atomic_int_get (&failing_demux_starts), ==, 1);

  if (!run_starved (&s))
    return;
  g_assert_cmpint (g_atomic_int_get (&failing_demux_starts), ==, 2);
  /* It was starved: it waited longer than the grace. */
  g_assert_cmpuint (s.waited, >, FAILING_DEMUX_GRACE * 1e9);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  make_files ();

  g_test_add_func ("/decoder/stall/slow-consumer", test_slow_consumer);
  g_test_add_func ("/decoder/stall/starved", test_starved);
  g_test_add_func ("/decoder/stall/recovered-error-starved", test_recovered_error_starved);

  status = g_test_run ();
  remove_files ();
  return status;
}
