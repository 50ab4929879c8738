/* bench-gap.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The silence between two songs, through libvlc 3 as the app uses it.
 * Each song's samples go to an audio callback output
 * (libvlc_audio_set_callbacks), which timestamps them as libvlc hands them
 * over. Printed: the time from the first song's EndReached event to the
 * second song's first samples, and from the first song's last samples to
 * the second's (libvlc hands samples over ahead of time, about 100 ms
 * here, and reports EndReached when that buffer has played out, so the
 * second figure includes the output's buffer). Two ways, measured in one
 * run on the same files:
 *
 *   load-at-end  what the app did until now: at EndReached, the main loop
 *                loads the next song into the same media player and plays it;
 *   prepared     the next song is loaded into a second media player before
 *                the first ends, started, paused at its first samples and
 *                rewound (its samples are dropped until then); at
 *                EndReached it is resumed (akin-player-next.c).
 *
 * Usage: bench-gap [ROUNDS] [SONG_A SONG_B]
 * Without files it writes two 2-second tones. Prints medians in ms and the
 * ratio of the two ways.
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <math.h>
#include <vlc/vlc.h>

#define RATE     44100
#define CHANNELS 2

typedef struct Bench Bench;

typedef struct Track
{
  Bench                 *bench;
  libvlc_media_player_t *mp;
  gboolean               armed;        /* samples now count */
  gint64                 first_sample; /* monotonic µs of the first counted samples */
  gint64                 last_sample_end;
  gboolean               prerolled;    /* prepared: paused at its first samples */
  struct Track          *next;         /* load-at-end: the player's samples now are its */
} Track;

struct Bench
{
  libvlc_instance_t *vlc;
  GMutex             lock;
  GCond              cond;
  gint64             end_reached;     /* of the first song */
  gboolean           b_playing;
};

static void
on_play (void       *data,
         const void *samples,
         unsigned    count,
         int64_t     pts)
{
  Track *t = data;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&t->bench->lock);
  if (t->next != NULL)
    t = t->next;
  if (!t->armed)
    {
      /* A preroll's first samples: it may pause now. */
      t->prerolled = TRUE;
      g_cond_broadcast (&t->bench->cond);
      g_mutex_unlock (&t->bench->lock);
      return;
    }
  if (t->first_sample == 0)
    t->first_sample = now;
  t->last_sample_end = now + (gint64) count * G_USEC_PER_SEC / RATE;
  g_cond_broadcast (&t->bench->cond);
  g_mutex_unlock (&t->bench->lock);
}

/* The callback output has no buffer of its own: what it was handed has
 * been "played". Without this, libvlc waits out a nominal latency before
 * EndReached. */
static void
on_drain (void *data)
{
}

static void
on_end_reached (const libvlc_event_t *event,
                void                 *data)
{
  Track *t = data;

  g_mutex_lock (&t->bench->lock);
  t->bench->end_reached = g_get_monotonic_time ();
  g_cond_broadcast (&t->bench->cond);
  g_mutex_unlock (&t->bench->lock);
}

static libvlc_media_player_t *
new_player (Bench *bench,
            Track *track)
{
  libvlc_media_player_t *mp = libvlc_media_player_new (bench->vlc);

  track->bench = bench;
  track->mp = mp;
  libvlc_audio_set_callbacks (mp, on_play, NULL, NULL, NULL, on_drain, track);
  libvlc_audio_set_format (mp, "S16N", RATE, CHANNELS);
  libvlc_event_attach (libvlc_media_player_event_manager (mp), libvlc_MediaPlayerEndReached,
                       on_end_reached, track);
  return mp;
}

static void
set_media (libvlc_media_player_t *mp,
           libvlc_instance_t     *vlc,
           const char            *uri)
{
  libvlc_media_t *media = libvlc_media_new_location (vlc, uri);

  libvlc_media_player_set_media (mp, media);
  libvlc_media_release (media);
}

/* Waits (the lock held) until @cond_func is true or 10 s passed. */
static gboolean
wait_for (Bench     *bench,
          gboolean (*cond_func) (Bench *, Track *),
          Track     *track)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!cond_func (bench, track))
    if (!g_cond_wait_until (&bench->cond, &bench->lock, deadline))
      return FALSE;
  return TRUE;
}

static gboolean
ended (Bench *bench,
       Track *track)
{
  return bench->end_reached != 0;
}

static gboolean
has_samples (Bench *bench,
             Track *track)
{
  return track->first_sample != 0;
}

static gboolean
is_prerolled (Bench *bench,
              Track *track)
{
  return track->prerolled;
}

typedef struct
{
  double from_last_sample; /* ms */
  double from_end_event;   /* ms */
} Gap;

/* One transition from @a to @b; @prepared picks the way. */
static gboolean
transition (Bench      *bench,
            const char *a,
            const char *b,
            gboolean    prepared,
            Gap        *gap)
{
  Track ta = { 0 }, tb = { 0 };
  libvlc_media_player_t *first = new_player (bench, &ta);
  libvlc_media_player_t *second = NULL;
  gboolean ok = TRUE;

  bench->end_reached = 0;
  ta.armed = TRUE;
  set_media (first, bench->vlc, a);

  if (prepared)
    {
      second = new_player (bench, &tb);
      set_media (second, bench->vlc, b);
      libvlc_media_player_play (second);
      g_mutex_lock (&bench->lock);
      ok = wait_for (bench, is_prerolled, &tb);
      g_mutex_unlock (&bench->lock);
      libvlc_media_player_set_pause (second, 1);
      libvlc_media_player_set_time (second, 0);
      g_mutex_lock (&bench->lock);
      tb.armed = TRUE;
      g_mutex_unlock (&bench->lock);
    }

  libvlc_media_player_play (first);
  g_mutex_lock (&bench->lock);
  ok = ok && wait_for (bench, ended, &ta);
  g_mutex_unlock (&bench->lock);

  if (ok && prepared)
    libvlc_media_player_set_pause (second, 0);
  else if (ok)
    {
      /* The app's path: the event reaches the main loop, which loads the
       * next song into the same player (set_media stops the old one). */
      g_main_context_iteration (NULL, FALSE);
      g_mutex_lock (&bench->lock);
      tb.bench = bench;
      tb.mp = first;
      tb.armed = TRUE;
      ta.next = &tb;
      g_mutex_unlock (&bench->lock);
      set_media (first, bench->vlc, b);
      libvlc_media_player_play (first);
    }

  g_mutex_lock (&bench->lock);
  ok = ok && wait_for (bench, has_samples, &tb);
  if (ok)
    {
      gap->from_last_sample = (tb.first_sample - ta.last_sample_end) / 1000.0;
      gap->from_end_event = (tb.first_sample - bench->end_reached) / 1000.0;
    }
  g_mutex_unlock (&bench->lock);

  libvlc_media_player_stop (first);
  libvlc_media_player_release (first);
  if (second != NULL)
    {
      libvlc_media_player_stop (second);
      libvlc_media_player_release (second);
    }
  return ok;
}

static void
write_tone (const char *path,
            double      freq,
            double      seconds)
{
  guint n = (guint) (RATE * seconds);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint32 u32;
  guint16 u16;

#define PUT(bytes, len) g_byte_array_append (out, (const guint8 *) (bytes), len)
  PUT ("RIFF", 4);
  u32 = GUINT32_TO_LE (36 + n * 2);
  PUT (&u32, 4);
  PUT ("WAVEfmt ", 8);
  u32 = GUINT32_TO_LE (16);
  PUT (&u32, 4);
  u16 = GUINT16_TO_LE (1);
  PUT (&u16, 2);
  PUT (&u16, 2);
  u32 = GUINT32_TO_LE (RATE);
  PUT (&u32, 4);
  u32 = GUINT32_TO_LE (RATE * 2);
  PUT (&u32, 4);
  u16 = GUINT16_TO_LE (2);
  PUT (&u16, 2);
  u16 = GUINT16_TO_LE (16);
  PUT (&u16, 2);
  PUT ("data", 4);
  u32 = GUINT32_TO_LE (n * 2);
  PUT (&u32, 4);
  for (guint i = 0; i < n; i++)
    {
      gint16 s = GINT16_TO_LE ((gint16) (12000 * sin (2 * G_PI * freq * i / RATE)));

      PUT (&s, 2);
    }
#undef PUT
  g_file_set_contents (path, (const char *) out->data, out->len, NULL);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return values->len > 0 ? g_array_index (values, double, values->len / 2) : NAN;
}

int
main (int   argc,
      char *argv[])
{
  const char *vlc_args[] = { "--quiet", "--no-video" };
  int rounds = argc > 1 ? atoi (argv[1]) : 5;
  g_autofree char *dir = g_dir_make_tmp ("akin-bench-gap-XXXXXX", NULL);
  g_autofree char *a = NULL, *b = NULL;
  Bench bench = { 0 };
  const char *names[] = { "load-at-end", "prepared" };
  double last[2], event[2];

  if (argc > 3)
    {
      a = g_filename_to_uri (argv[2], NULL, NULL);
      b = g_filename_to_uri (argv[3], NULL, NULL);
    }
  else
    {
      g_autofree char *pa = g_build_filename (dir, "a.wav", NULL);
      g_autofree char *pb = g_build_filename (dir, "b.wav", NULL);

      write_tone (pa, 440, 2.0);
      write_tone (pb, 660, 2.0);
      a = g_filename_to_uri (pa, NULL, NULL);
      b = g_filename_to_uri (pb, NULL, NULL);
    }

  bench.vlc = libvlc_new (G_N_ELEMENTS (vlc_args), vlc_args);
  if (bench.vlc == NULL)
    {
      g_printerr ("libvlc could not be started\n");
      return 1;
    }
  g_mutex_init (&bench.lock);
  g_cond_init (&bench.cond);

  for (int way = 0; way < 2; way++)
    {
      g_autoptr(GArray) from_last = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) from_event = g_array_new (FALSE, FALSE, sizeof (double));

      for (int r = 0; r < rounds; r++)
        {
          Gap gap;

          if (!transition (&bench, a, b, way == 1, &gap))
            {
              g_printerr ("%s: round %d timed out\n", names[way], r + 1);
              continue;
            }
          g_array_append_val (from_last, gap.from_last_sample);
          g_array_append_val (from_event, gap.from_end_event);
        }
      last[way] = median (from_last);
      event[way] = median (from_event);
      g_print ("%-12s first sample of the next song %7.1f ms after EndReached, %7.1f ms "
               "after the last samples were handed over (medians of %u)\n", names[way],
               event[way], last[way], from_last->len);
    }
  g_print ("prepared / load-at-end: %.2f (after EndReached), %.2f (after the last samples)\n",
           event[1] / event[0], last[1] / last[0]);

  libvlc_release (bench.vlc);
  if (argc <= 3)
    {
      g_autofree char *pa = g_build_filename (dir, "a.wav", NULL);
      g_autofree char *pb = g_build_filename (dir, "b.wav", NULL);

      g_remove (pa);
      g_remove (pb);
      g_rmdir (dir);
    }
  return 0;
}
