/* test-playback-object.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AkinPlayback on its own, without a window: real libvlc (the adummy
 * output), a real library database and tones written by the test. Next,
 * previous and their properties; a file loaded by URI followed to its
 * library track; shuffle and repeat kept with GSettings; MPRIS Next over a
 * private session bus moving the playback directly.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "app-test-library.h"
#include "app-test-wait.h"
#include "akin-playback.h"
#include "akin-track-object.h"
#include "mpris/akin-mpris.h"
#include "test-tmpdir.h"

#define SPIN_UNTIL(func, data) app_test_spin_until ((func), (data), 30 * G_USEC_PER_SEC)

typedef struct
{
  char               *dir;
  char               *db_path;
  char               *music;
  GArray             *ids;
  AkinLibraryManager *manager;
  AkinPlayback       *playback;
  GSettings          *settings;
} Fixture;

static void
reset_settings (GSettings *settings)
{
  const char *keys[] = { "shuffle", "repeat", "play-similar", "resume-uri", "resume-queue" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  double seconds = data != NULL ? *(const double *) data : 8.0;

  f->settings = g_settings_new ("io.github.akinplayer.Akin");
  reset_settings (f->settings);
  f->dir = g_dir_make_tmp ("akin-playback-object-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "library.db", NULL);
  f->music = g_build_filename (f->dir, "music", NULL);
  g_assert_cmpint (g_mkdir (f->music, 0700), ==, 0);
  f->ids = app_test_library_fill (f->db_path, f->music, 3, seconds);
  f->manager = akin_library_manager_new (f->db_path, &error);
  g_assert_no_error (error);
  f->playback = akin_playback_new ();
  akin_playback_set_library_manager (f->playback, f->manager);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  akin_playback_stop (f->playback);
  g_clear_object (&f->playback);
  g_clear_object (&f->manager);
  reset_settings (f->settings);
  g_clear_object (&f->settings);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->music);
  g_array_unref (f->ids);
}

static gint64
song (Fixture *f,
      guint    i)
{
  return g_array_index (f->ids, gint64, i);
}

typedef struct
{
  AkinPlayback *playback;
  gint64        id;
} Wait;

static gboolean
track_playing (gpointer data)
{
  Wait *w = data;

  return akin_playback_get_current_track_id (w->playback) == w->id
         && akin_playback_get_state (w->playback) == AKIN_PLAYER_STATE_PLAYING
         && akin_playback_get_position (w->playback) > 0.05;
}

static void
assert_plays (Fixture *f,
              guint    i)
{
  Wait w = { f->playback, song (f, i) };
  g_autoptr(AkinTrack) track = akin_library_manager_get_track (f->manager, song (f, i));
  g_autofree char *title = g_strdup_printf ("Song %u", i + 1);

  if (!SPIN_UNTIL (track_playing, &w))
    g_error ("waited for song %u to play; current %" G_GINT64_FORMAT ", state %d", i + 1,
             akin_playback_get_current_track_id (f->playback),
             akin_playback_get_state (f->playback));
  g_assert_cmpstr (akin_player_get_uri (akin_playback_get_player (f->playback)), ==, track->uri);
  g_assert_cmpstr (akin_now_playing_get_title (akin_playback_get_now_playing (f->playback)), ==,
                   title);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
list_of_songs (Fixture            *f,
               AkinQueueCandidate *list)
{
  for (guint i = 0; i < 3; i++)
    list[i] = (AkinQueueCandidate) { song (f, i), 1.0f - i * 0.1f, i < 2 ? "Artist A" : "Artist B" };
}

/* Next and previous through a list, and what the properties say on the way. */
static void
test_next_previous (Fixture       *f,
                    gconstpointer  data)
{
  AkinPlayback *pb = f->playback;
  AkinQueueCandidate list[3];
  guint n_current = 0, n_has_next = 0;

  g_signal_connect (pb, "notify::current-track-id", G_CALLBACK (count_notify), &n_current);
  g_signal_connect (pb, "notify::has-next", G_CALLBACK (count_notify), &n_has_next);
  list_of_songs (f, list);

  /* Nothing loaded: nowhere to go, nothing to restart. */
  g_assert_cmpint (akin_playback_get_current_track_id (pb), ==, -1);
  g_assert_false (akin_playback_get_has_next (pb));
  g_assert_false (akin_playback_get_can_go_previous (pb));
  akin_playback_next (pb);
  akin_playback_previous (pb);
  g_assert_null (akin_player_get_uri (akin_playback_get_player (pb)));

  g_assert_true (akin_playback_play_from_list (pb, list, 3, song (f, 0)));
  g_assert_cmpint (akin_playback_get_current_track_id (pb), ==, song (f, 0));
  g_assert_cmpuint (n_current, ==, 1);
  g_assert_true (akin_playback_get_has_next (pb));
  g_assert_cmpuint (n_has_next, ==, 1);
  g_assert_false (akin_playback_get_has_previous (pb));
  /* A loaded track can always be restarted. */
  g_assert_true (akin_playback_get_can_go_previous (pb));
  assert_plays (f, 0);

  akin_playback_next (pb);
  assert_plays (f, 1);
  g_assert_cmpuint (n_current, ==, 2);
  g_assert_true (akin_playback_get_has_previous (pb));

  akin_playback_next (pb);
  assert_plays (f, 2);
  g_assert_false (akin_playback_get_has_next (pb));
  /* At the end of the list: next stays. */
  akin_playback_next (pb);
  g_assert_cmpint (akin_playback_get_current_track_id (pb), ==, song (f, 2));

  /* Near the start, previous goes back a song. */
  g_assert_cmpfloat (akin_playback_get_position (pb), <, AKIN_RESTART_THRESHOLD);
  akin_playback_previous (pb);
  assert_plays (f, 1);
  g_assert_cmpuint (n_current, ==, 4);

  /* A track no longer in the library is an error, and nothing changes. */
  g_assert_false (akin_playback_play_track (pb, 999999, AKIN_QUEUE_SOURCE_LIBRARY));
  g_assert_cmpint (akin_playback_get_current_track_id (pb), ==, song (f, 1));
}

/* A library file loaded by URI, behind the playback's back, becomes the
 * current track with its tags; a file outside the library is no track. */
static void
test_follows_uri (Fixture       *f,
                  gconstpointer  data)
{
  AkinPlayback *pb = f->playback;
  AkinPlayer *player = akin_playback_get_player (pb);
  g_autoptr(AkinTrack) track = akin_library_manager_get_track (f->manager, song (f, 2));
  g_autofree char *outside = g_build_filename (f->dir, "outside.wav", NULL);
  g_autofree char *outside_uri = g_filename_to_uri (outside, NULL, NULL);
  AkinNowPlaying *np;

  akin_player_set_uri (player, track->uri);
  g_assert_cmpint (akin_playback_get_current_track_id (pb), ==, song (f, 2));
  np = akin_playback_get_now_playing (pb);
  g_assert_nonnull (np);
  g_assert_cmpstr (akin_now_playing_get_title (np), ==, "Song 3");
  g_assert_cmpstr (akin_now_playing_get_artist (np), ==, "Artist B");
  g_assert_true (akin_playback_get_can_go_previous (pb));

  app_test_write_wav (outside, 330, 1.0);
  akin_playback_play_uri (pb, outside_uri, NULL);
  g_assert_cmpint (akin_playback_get_current_track_id (pb), ==, -1);
  g_assert_cmpstr (akin_now_playing_get_title (akin_playback_get_now_playing (pb)), ==,
                   "outside");

  akin_player_set_uri (player, NULL);
  g_assert_false (akin_playback_get_can_go_previous (pb));
}

/* Shuffle and repeat are the playback's, kept in GSettings both ways. */
static void
test_shuffle_repeat (Fixture       *f,
                     gconstpointer  data)
{
  AkinPlayback *pb = f->playback;
  g_autofree char *repeat = NULL;
  guint n_shuffle = 0;

  g_signal_connect (pb, "notify::shuffle", G_CALLBACK (count_notify), &n_shuffle);
  g_settings_set_boolean (f->settings, "shuffle", TRUE);
  g_assert_true (akin_playback_get_shuffle (pb));
  g_assert_cmpuint (n_shuffle, ==, 1);
  akin_playback_set_shuffle (pb, FALSE);
  g_assert_false (g_settings_get_boolean (f->settings, "shuffle"));
  g_assert_cmpuint (n_shuffle, ==, 2);

  akin_playback_set_repeat (pb, AKIN_QUEUE_REPEAT_ONE);
  repeat = g_settings_get_string (f->settings, "repeat");
  g_assert_cmpstr (repeat, ==, "one");
  g_settings_set_string (f->settings, "repeat", "all");
  g_assert_cmpint (akin_playback_get_repeat (pb), ==, AKIN_QUEUE_REPEAT_ALL);
}

static gboolean
next_prepared (gpointer data)
{
  Wait *w = data;
  g_autoptr(AkinTrack) track = akin_library_manager_get_track (
    akin_playback_get_library_manager (w->playback), w->id);

  return g_strcmp0 (akin_player_get_next_uri (akin_playback_get_player (w->playback)),
                    track->uri) == 0;
}

static void
count_end (AkinPlayer *player,
           guint      *count)
{
  (*count)++;
}

/* Each song that starts playing, once. */
static void
record_playing (AkinPlayback *playback,
                GParamSpec   *pspec,
                GArray       *played)
{
  gint64 id = akin_playback_get_current_track_id (playback);

  if (akin_playback_get_state (playback) == AKIN_PLAYER_STATE_PLAYING
      && (played->len == 0 || g_array_index (played, gint64, played->len - 1) != id))
    g_array_append_val (played, id);
}

static gboolean
has_state (gpointer data)
{
  Wait *w = data;

  return akin_playback_get_state (w->playback) == (AkinPlayerState) w->id;
}

typedef struct
{
  AkinPlayback *playback;
  guint        *n_ended;
} Ends;

static gboolean
all_ended (gpointer data)
{
  Ends *e = data;

  return *e->n_ended == 3 && akin_playback_get_state (e->playback) == AKIN_PLAYER_STATE_STOPPED;
}

/* Songs play back to back: the next one is opened ahead while the current
 * one plays, and starts when it ends; after the last, playback stops.
 * (libvlc's adummy output plays what it has read ahead at once: nothing
 * here depends on how long a song takes.) */
static void
test_back_to_back (Fixture       *f,
                   gconstpointer  data)
{
  AkinPlayback *pb = f->playback;
  AkinQueueCandidate list[3];
  Wait playing = { pb, AKIN_PLAYER_STATE_PLAYING };
  Wait paused = { pb, AKIN_PLAYER_STATE_PAUSED };
  Wait next = { pb, song (f, 1) };
  g_autoptr(GArray) played = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_ended = 0;
  Ends ends = { pb, &n_ended };

  g_signal_connect (akin_playback_get_player (pb), "end-of-stream", G_CALLBACK (count_end),
                    &n_ended);
  g_signal_connect (pb, "notify::state", G_CALLBACK (record_playing), played);
  list_of_songs (f, list);
  g_assert_true (akin_playback_play_from_list (pb, list, 3, song (f, 0)));
  g_assert_true (SPIN_UNTIL (has_state, &playing));
  akin_playback_pause (pb);
  g_assert_true (SPIN_UNTIL (has_state, &paused));
  /* The second song is opened while the first one plays (or pauses). */
  g_assert_true (SPIN_UNTIL (next_prepared, &next));
  g_assert_cmpuint (n_ended, ==, 0);

  /* Nobody asks for them: each end starts the next song. */
  akin_playback_play (pb);
  g_assert_true (SPIN_UNTIL (all_ended, &ends));
  g_assert_cmpuint (played->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (g_array_index (played, gint64, i), ==, song (f, i));
  g_assert_cmpint (akin_playback_get_current_track_id (pb), ==, song (f, 2));
  g_assert_null (akin_player_get_next_uri (akin_playback_get_player (pb)));
}

static gint64
queued (AkinQueue *queue,
        guint      position)
{
  g_autoptr(AkinTrackObject) item = g_list_model_get_item (akin_queue_get_up_next (queue),
                                                           position);

  g_assert_nonnull (item);
  return akin_track_object_get_id (item);
}

/* With Play Similar on, its choice for the next song is in the queue while
 * the current one plays, and next plays it. */
static void
test_similar_pick (Fixture       *f,
                   gconstpointer  data)
{
  AkinPlayback *pb = f->playback;
  AkinQueue *queue = akin_playback_get_queue (pb);
  GListModel *up_next = akin_queue_get_up_next (queue);
  /* Songs 1 and 2 are by Artist A, song 3 by Artist B. */
  const AkinQueueCandidate of_first[] = {
    { song (f, 1), 0.9f, "Artist A" }, { song (f, 2), 0.8f, "Artist B" },
  };
  const AkinQueueCandidate of_third[] = {
    { song (f, 0), 0.9f, "Artist A" }, { song (f, 1), 0.7f, "Artist A" },
  };
  g_autoptr(GVariant) saved = NULL;

  akin_playback_set_play_similar (pb, TRUE);
  g_assert_true (akin_playback_play_track (pb, song (f, 0), AKIN_QUEUE_SOURCE_LIBRARY));
  /* The similar list is not known yet: nothing is chosen. */
  g_assert_cmpuint (g_list_model_get_n_items (up_next), ==, 0);
  g_assert_false (akin_playback_get_has_next (pb));

  /* Another artist first: song 3, in the queue while song 1 plays. */
  akin_playback_set_candidates (pb, song (f, 0), of_first, G_N_ELEMENTS (of_first));
  g_assert_cmpuint (g_list_model_get_n_items (up_next), ==, 1);
  g_assert_cmpint (queued (queue, 0), ==, song (f, 2));
  g_assert_true (akin_playback_get_has_next (pb));
  assert_plays (f, 0);

  /* The choice is not kept as a queued song for the next start. */
  akin_playback_save_resume (pb);
  saved = g_settings_get_value (f->settings, "resume-queue");
  g_assert_cmpuint (g_variant_n_children (saved), ==, 0);

  /* Play Similar off takes it away, on brings it back. */
  akin_playback_set_play_similar (pb, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (up_next), ==, 0);
  akin_playback_set_play_similar (pb, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (up_next), ==, 1);

  /* Next plays it; the next choice waits for song 3's similar list, and
   * skips what was played. */
  akin_playback_next (pb);
  g_assert_cmpint (akin_playback_get_current_track_id (pb), ==, song (f, 2));
  g_assert_cmpuint (g_list_model_get_n_items (up_next), ==, 0);
  akin_playback_set_candidates (pb, song (f, 2), of_third, G_N_ELEMENTS (of_third));
  g_assert_cmpuint (g_list_model_get_n_items (up_next), ==, 1);
  g_assert_cmpint (queued (queue, 0), ==, song (f, 1));
  assert_plays (f, 2);

  /* A song queued by hand comes first; Play Similar waits for it. */
  g_assert_true (akin_playback_queue_track (pb, song (f, 0), FALSE));
  g_assert_cmpuint (g_list_model_get_n_items (up_next), ==, 1);
  g_assert_cmpint (queued (queue, 0), ==, song (f, 0));
  g_assert_cmpint (akin_queue_get_pick (queue), ==, -1);
  akin_queue_clear (queue);
  g_assert_cmpuint (g_list_model_get_n_items (up_next), ==, 1);
  g_assert_cmpint (queued (queue, 0), ==, song (f, 1));

  /* Removed from the queue, the choice is skipped: nothing is left. */
  akin_queue_remove (queue, 0);
  g_assert_cmpuint (g_list_model_get_n_items (up_next), ==, 0);
  g_assert_false (akin_playback_get_has_next (pb));
}

typedef struct
{
  gboolean owned;
  gboolean replied;
} Bus;

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         data)
{
  ((Bus *) data)->owned = TRUE;
}

static gboolean
name_owned (gpointer data)
{
  return ((Bus *) data)->owned;
}

static void
on_next_replied (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             &error);

  g_assert_no_error (error);
  ((Bus *) data)->replied = TRUE;
}

static gboolean
replied (gpointer data)
{
  return ((Bus *) data)->replied;
}

/* MPRIS Next, with no window anywhere: the service calls the playback. */
static void
test_mpris_next (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GApplication) app = g_application_new ("io.github.akinplayer.Akin.PlaybackTest",
                                                    G_APPLICATION_NON_UNIQUE);
  g_autoptr(AkinMpris) mpris = akin_mpris_new (app, f->playback);
  g_autoptr(GDBusConnection) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  AkinQueueCandidate list[3];
  Bus bus = { FALSE, FALSE };
  guint watch;

  g_assert_no_error (error);
  client = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);
  watch = g_bus_watch_name_on_connection (client, akin_mpris_get_bus_name (mpris),
                                          G_BUS_NAME_WATCHER_FLAGS_NONE, on_name_appeared, NULL,
                                          &bus, NULL);
  g_assert_true (SPIN_UNTIL (name_owned, &bus));

  list_of_songs (f, list);
  g_assert_true (akin_playback_play_from_list (f->playback, list, 3, song (f, 0)));
  assert_plays (f, 0);

  g_dbus_connection_call (client, akin_mpris_get_bus_name (mpris), "/org/mpris/MediaPlayer2",
                          "org.mpris.MediaPlayer2.Player", "Next", NULL, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_next_replied, &bus);
  g_assert_true (SPIN_UNTIL (replied, &bus));
  /* The reply comes after the method ran: the playback has moved. */
  g_assert_cmpint (akin_playback_get_current_track_id (f->playback), ==, song (f, 1));
  assert_plays (f, 1);

  g_bus_unwatch_name (watch);
}

int
main (int   argc,
      char *argv[])
{
  static const double short_songs = 1.0;
  /* Longer than libvlc reads ahead (1 s): these play in real time. */
  static const double three_seconds = 3.0;
  g_autoptr(GTestDBus) bus = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  g_test_add ("/playback-object/next-previous", Fixture, NULL, fixture_set_up,
              test_next_previous, fixture_tear_down);
  g_test_add ("/playback-object/follows-uri", Fixture, &short_songs, fixture_set_up,
              test_follows_uri, fixture_tear_down);
  g_test_add ("/playback-object/shuffle-repeat", Fixture, &short_songs, fixture_set_up,
              test_shuffle_repeat, fixture_tear_down);
  g_test_add ("/playback-object/back-to-back", Fixture, &three_seconds, fixture_set_up,
              test_back_to_back, fixture_tear_down);
  g_test_add ("/playback-object/similar-pick", Fixture, NULL, fixture_set_up, test_similar_pick,
              fixture_tear_down);
  g_test_add ("/playback-object/mpris-next", Fixture, NULL, fixture_set_up, test_mpris_next,
              fixture_tear_down);

  status = g_test_run ();
  g_test_dbus_down (bus);
  return status;
}
