/* test-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AkinPlayer against the real libvlc with the dummy audio output: a WAV
 * written by the test plays, advances, pauses, seeks and ends; a file that
 * is not audio reports an error.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "akin-player.h"

/* Generous: reaching it is a failure, never a measurement. */
#define DEADLINE_US (45 * G_USEC_PER_SEC)

typedef struct
{
  char       *dir;
  char       *long_uri;  /* 5 s tone */
  char       *short_uri; /* 1 s tone */
  char       *bogus_uri; /* not audio */
  AkinPlayer *player;
  guint       n_eos;
  char       *error;
} Fixture;

static void
put_le16 (GByteArray *out,
          guint16     v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };

  g_byte_array_append (out, b, 2);
}

static void
put_le32 (GByteArray *out,
          guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (out, b, 4);
}

/* A mono 16-bit PCM WAV with a 440 Hz tone. */
static char *
write_wav (const char *dir,
           const char *name,
           double      seconds)
{
  const guint32        rate = 22050;
  const guint32        n = (guint32) (seconds * rate);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree char      *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError)     error = NULL;

  g_byte_array_append (out, (const guint8 *) "RIFF", 4);
  put_le32 (out, 36 + n * 2);
  g_byte_array_append (out, (const guint8 *) "WAVEfmt ", 8);
  put_le32 (out, 16);
  put_le16 (out, 1);        /* PCM */
  put_le16 (out, 1);        /* mono */
  put_le32 (out, rate);
  put_le32 (out, rate * 2); /* bytes per second */
  put_le16 (out, 2);        /* block align */
  put_le16 (out, 16);       /* bits per sample */
  g_byte_array_append (out, (const guint8 *) "data", 4);
  put_le32 (out, n * 2);
  for (guint32 i = 0; i < n; i++)
    put_le16 (out, (guint16) (gint16) (8000 * sin (2 * G_PI * 440 * i / rate)));

  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
  return g_filename_to_uri (path, NULL, NULL);
}

static void
on_eos (AkinPlayer *player,
        Fixture    *f)
{
  f->n_eos++;
}

static void
on_error (AkinPlayer *player,
          const char *message,
          Fixture    *f)
{
  g_free (f->error);
  f->error = g_strdup (message);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char  *bogus = NULL;

  f->dir = g_dir_make_tmp ("akin-player-XXXXXX", &error);
  g_assert_no_error (error);
  f->long_uri = write_wav (f->dir, "long.wav", 5.0);
  f->short_uri = write_wav (f->dir, "short.wav", 1.0);

  bogus = g_build_filename (f->dir, "notes.txt", NULL);
  g_file_set_contents (bogus, "These are not the sounds you are looking for.\n", -1, &error);
  g_assert_no_error (error);
  f->bogus_uri = g_filename_to_uri (bogus, NULL, NULL);

  f->player = akin_player_new ();
  g_signal_connect (f->player, "end-of-stream", G_CALLBACK (on_eos), f);
  g_signal_connect (f->player, "error", G_CALLBACK (on_error), f);
}

static void
remove_file (const char *uri)
{
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);

  g_unlink (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->player);
  remove_file (f->long_uri);
  remove_file (f->short_uri);
  remove_file (f->bogus_uri);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->long_uri);
  g_free (f->short_uri);
  g_free (f->bogus_uri);
  g_free (f->error);
}

typedef gboolean (*Condition) (Fixture *f);

static gboolean
spin_until (Fixture  *f,
            Condition condition)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  while (!condition (f))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static gboolean
is_playing (Fixture *f)
{
  return akin_player_get_state (f->player) == AKIN_PLAYER_STATE_PLAYING;
}

static gboolean
is_paused (Fixture *f)
{
  return akin_player_get_state (f->player) == AKIN_PLAYER_STATE_PAUSED;
}

static gboolean
past_half_second (Fixture *f)
{
  return akin_player_get_position (f->player) > 0.5;
}

static gboolean
past_three_seconds (Fixture *f)
{
  return akin_player_get_position (f->player) > 3.0;
}

static gboolean
has_duration (Fixture *f)
{
  return akin_player_get_duration (f->player) > 0;
}

static gboolean
has_ended (Fixture *f)
{
  return f->n_eos > 0;
}

/* Playing again after the first end: seen playing, or (the tone lasts a
 * second, and a loaded machine may deliver "playing" and "ended" in one
 * main-loop iteration) already at its second end. */
static gboolean
played_again (Fixture *f)
{
  return is_playing (f) || f->n_eos >= 2;
}

static gboolean
has_error (Fixture *f)
{
  return f->error != NULL;
}

static void
test_player_defaults (Fixture       *f,
                      gconstpointer  data)
{
  g_assert_null (akin_player_get_uri (f->player));
  g_assert_cmpint (akin_player_get_state (f->player), ==, AKIN_PLAYER_STATE_STOPPED);
  g_assert_cmpfloat (akin_player_get_position (f->player), ==, 0);
  g_assert_cmpfloat (akin_player_get_duration (f->player), ==, 0);
  g_assert_cmpfloat (akin_player_get_volume (f->player), ==, 1);
  g_assert_false (akin_player_get_can_seek (f->player));

  akin_player_set_volume (f->player, 1.7);
  g_assert_cmpfloat (akin_player_get_volume (f->player), ==, 1);
  akin_player_set_volume (f->player, 0.25);
  g_assert_cmpfloat (akin_player_get_volume (f->player), ==, 0.25);

  /* Nothing loaded: these are no-ops, not errors. */
  akin_player_play (f->player);
  akin_player_seek (f->player, 3);
  g_assert_cmpint (akin_player_get_state (f->player), ==, AKIN_PLAYER_STATE_STOPPED);
  g_assert_null (f->error);
}

static void
test_player_play_pause_seek (Fixture       *f,
                             gconstpointer  data)
{
  double paused_at;

  akin_player_set_uri (f->player, f->long_uri);
  g_assert_cmpstr (akin_player_get_uri (f->player), ==, f->long_uri);
  akin_player_play (f->player);

  g_assert_true (spin_until (f, is_playing));
  g_assert_true (spin_until (f, past_half_second));
  g_assert_true (spin_until (f, has_duration));
  g_assert_cmpfloat_with_epsilon (akin_player_get_duration (f->player), 5.0, 0.1);
  g_assert_true (akin_player_get_can_seek (f->player));

  akin_player_pause (f->player);
  g_assert_true (spin_until (f, is_paused));
  paused_at = akin_player_get_position (f->player);
  /* A paused player stays where it is across many main loop turns. */
  for (int i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_cmpfloat (akin_player_get_position (f->player), ==, paused_at);

  /* Seeking while paused moves the position at once. */
  akin_player_seek (f->player, 3.25);
  g_assert_cmpfloat (akin_player_get_position (f->player), ==, 3.25);

  akin_player_toggle (f->player);
  g_assert_true (spin_until (f, is_playing));
  g_assert_true (spin_until (f, past_three_seconds));
  g_assert_cmpfloat (akin_player_get_position (f->player), >=, 3.25);

  akin_player_stop (f->player);
  g_assert_cmpint (akin_player_get_state (f->player), ==, AKIN_PLAYER_STATE_STOPPED);
  g_assert_cmpfloat (akin_player_get_position (f->player), ==, 0);
  g_assert_null (f->error);
  g_assert_cmpuint (f->n_eos, ==, 0);
}

static void
test_player_end_of_stream (Fixture       *f,
                           gconstpointer  data)
{
  akin_player_set_uri (f->player, f->short_uri);
  akin_player_play (f->player);

  g_assert_true (spin_until (f, has_ended));
  g_assert_cmpuint (f->n_eos, ==, 1);
  g_assert_cmpint (akin_player_get_state (f->player), ==, AKIN_PLAYER_STATE_STOPPED);
  g_assert_cmpfloat (akin_player_get_position (f->player), ==, 0);
  g_assert_null (f->error);

  /* The track can be played again after it ended. */
  akin_player_play (f->player);
  g_assert_true (spin_until (f, played_again));
  akin_player_stop (f->player);
}

static void
test_player_not_audio (Fixture       *f,
                       gconstpointer  data)
{
  akin_player_set_uri (f->player, f->bogus_uri);
  akin_player_play (f->player);

  g_assert_true (spin_until (f, has_error));
  g_assert_nonnull (strstr (f->error, "notes.txt"));
  g_assert_cmpint (akin_player_get_state (f->player), ==, AKIN_PLAYER_STATE_STOPPED);
  g_assert_cmpuint (f->n_eos, ==, 0);
}

static void
test_player_missing_file (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "gone.wav", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  akin_player_set_uri (f->player, uri);
  akin_player_play (f->player);

  g_assert_true (spin_until (f, has_error));
  g_assert_nonnull (strstr (f->error, "gone.wav"));
  g_assert_cmpint (akin_player_get_state (f->player), ==, AKIN_PLAYER_STATE_STOPPED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("AKIN_VLC_AOUT", "adummy", TRUE);

  g_test_add ("/player/defaults", Fixture, NULL, fixture_setup, test_player_defaults,
              fixture_teardown);
  g_test_add ("/player/play-pause-seek", Fixture, NULL, fixture_setup,
              test_player_play_pause_seek, fixture_teardown);
  g_test_add ("/player/end-of-stream", Fixture, NULL, fixture_setup, test_player_end_of_stream,
              fixture_teardown);
  g_test_add ("/player/not-audio", Fixture, NULL, fixture_setup, test_player_not_audio,
              fixture_teardown);
  g_test_add ("/player/missing-file", Fixture, NULL, fixture_setup, test_player_missing_file,
              fixture_teardown);

  return g_test_run ();
}
