/* test-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The queue without any widget or player: the choice of "Play Similar"
 * (never a repeat, another artist when there is one) and previous/next
 * over the library order and over a similar list.
 */

#include "config.h"

#include "akin-queue.h"
#include "akin-track-object.h"

static void
test_pick_never_repeats (void)
{
  const AkinQueueCandidate c[] = {
    { 11, 0.95f, "A" }, { 12, 0.90f, "B" }, { 13, 0.80f, "C" }, { 14, 0.70f, "D" },
  };
  const gint64 played[] = { 11, 13 };
  const gint64 all[] = { 14, 13, 12, 11 };

  /* Nothing played: the best. */
  g_assert_cmpint (akin_queue_pick_similar (c, G_N_ELEMENTS (c), NULL, 0, NULL), ==, 0);
  /* The best was played: the next best unplayed. */
  g_assert_cmpint (akin_queue_pick_similar (c, G_N_ELEMENTS (c), played, 2, NULL), ==, 1);
  /* Everything played: nothing. */
  g_assert_cmpint (akin_queue_pick_similar (c, G_N_ELEMENTS (c), all, 4, NULL), ==, -1);
  g_assert_cmpint (akin_queue_pick_similar (NULL, 0, NULL, 0, "A"), ==, -1);
}

static void
test_pick_order_independent (void)
{
  /* Candidates in any order: the score decides, ties keep the earlier one. */
  const AkinQueueCandidate c[] = {
    { 21, 0.5f, "X" }, { 22, 0.9f, "Y" }, { 23, 0.7f, "Z" }, { 24, 0.9f, "W" },
  };

  g_assert_cmpint (akin_queue_pick_similar (c, G_N_ELEMENTS (c), NULL, 0, NULL), ==, 1);
  g_assert_cmpint (akin_queue_pick_similar (c, G_N_ELEMENTS (c), NULL, 0, "y"), ==, 3);
}

static void
test_pick_avoids_artist (void)
{
  const AkinQueueCandidate c[] = {
    { 31, 0.95f, "Nina Simone" }, { 32, 0.93f, "nina simone" }, { 33, 0.60f, "Miles Davis" },
    { 34, 0.90f, "" }, { 35, 0.89f, NULL },
  };
  const gint64 played[] = { 34 };

  /* The two best are by the current artist (in any case): the next one,
   * whose artist is empty and so never "the same". */
  g_assert_cmpint (akin_queue_pick_similar (c, G_N_ELEMENTS (c), NULL, 0, "NINA SIMONE"), ==, 3);
  g_assert_cmpint (akin_queue_pick_similar (c, G_N_ELEMENTS (c), played, 1, "Nina Simone"), ==, 4);
  /* An empty current artist avoids nobody. */
  g_assert_cmpint (akin_queue_pick_similar (c, G_N_ELEMENTS (c), NULL, 0, ""), ==, 0);
}

static void
test_pick_falls_back (void)
{
  const AkinQueueCandidate c[] = {
    { 41, 0.80f, "Bach" }, { 42, 0.95f, "Bach" }, { 43, 0.99f, "Handel" },
  };
  const gint64 played[] = { 43 };

  /* Only the current artist is left: better the same artist than silence. */
  g_assert_cmpint (akin_queue_pick_similar (c, G_N_ELEMENTS (c), played, 1, "Bach"), ==, 1);
}

/* The library order for the tests: ids in an array. */
static gint64
array_neighbour (gpointer source,
                 gint64   track_id,
                 int      direction)
{
  GArray *ids = source;

  if (ids->len == 0)
    return -1;
  if (direction == 0)
    return g_array_index (ids, gint64, g_random_int_range (0, (gint32) ids->len));
  if (track_id <= 0)
    return g_array_index (ids, gint64, direction > 0 ? 0 : ids->len - 1);
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == track_id)
      {
        int j = (int) i + direction;

        return j >= 0 && (guint) j < ids->len ? g_array_index (ids, gint64, j) : -1;
      }
  return -1;
}

/* What AkinPlayback's has-next and has-previous say. */
static gboolean
get_bool (AkinQueue  *queue,
          const char *name)
{
  if (g_str_equal (name, "has-next"))
    return akin_queue_peek_next (queue) > 0;
  g_assert_cmpstr (name, ==, "has-previous");
  return akin_queue_peek_previous (queue) > 0;
}

static void
test_library_order (void)
{
  g_autoptr(AkinQueue) queue = akin_queue_new ();
  const gint64         order[] = { 7, 3, 9, 1 };
  GArray              *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_vals (ids, order, G_N_ELEMENTS (order));
  akin_queue_set_neighbour_func (queue, array_neighbour, ids, (GDestroyNotify) g_array_unref);

  /* Nothing playing: nowhere to go. */
  g_assert_false (get_bool (queue, "has-next"));
  g_assert_cmpint (akin_queue_next (queue), ==, -1);

  akin_queue_set_current (queue, 3, "A", AKIN_QUEUE_SOURCE_LIBRARY);
  g_assert_true (get_bool (queue, "has-next"));
  g_assert_true (get_bool (queue, "has-previous"));
  g_assert_cmpint (akin_queue_next (queue), ==, 9);
  g_assert_cmpint (akin_queue_get_current (queue), ==, 9);
  g_assert_cmpint (akin_queue_next (queue), ==, 1);
  /* The end of the list. */
  g_assert_false (get_bool (queue, "has-next"));
  g_assert_cmpint (akin_queue_next (queue), ==, -1);
  g_assert_cmpint (akin_queue_get_current (queue), ==, 1);

  g_assert_cmpint (akin_queue_previous (queue), ==, 9);
  g_assert_cmpint (akin_queue_previous (queue), ==, 3);
  g_assert_cmpint (akin_queue_previous (queue), ==, 7);
  g_assert_false (get_bool (queue, "has-previous"));
  g_assert_cmpint (akin_queue_previous (queue), ==, -1);

  /* A file outside the library: no list around it. */
  akin_queue_set_current (queue, -1, NULL, AKIN_QUEUE_SOURCE_LIBRARY);
  g_assert_cmpint (akin_queue_get_source (queue), ==, AKIN_QUEUE_SOURCE_NONE);
  g_assert_false (get_bool (queue, "has-next"));
  g_assert_false (get_bool (queue, "has-previous"));
}

static void
test_similar_list (void)
{
  g_autoptr(AkinQueue)     queue = akin_queue_new ();
  const AkinQueueCandidate list[] = { { 5, 0.9f, "A" }, { 6, 0.8f, "B" }, { 2, 0.7f, "C" } };
  const gint64             order[] = { 1, 2, 3, 4, 5, 6 };
  GArray                  *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_vals (ids, order, G_N_ELEMENTS (order));
  akin_queue_set_neighbour_func (queue, array_neighbour, ids, (GDestroyNotify) g_array_unref);

  /* Started from the similar list: its order, not the library's. */
  akin_queue_set_similar_list (queue, list, G_N_ELEMENTS (list));
  akin_queue_set_current (queue, 6, "B", AKIN_QUEUE_SOURCE_SIMILAR);
  g_assert_cmpint (akin_queue_peek_next (queue), ==, 2);
  g_assert_cmpint (akin_queue_peek_previous (queue), ==, 5);
  g_assert_cmpint (akin_queue_next (queue), ==, 2);
  g_assert_false (get_bool (queue, "has-next"));
  g_assert_cmpint (akin_queue_get_source (queue), ==, AKIN_QUEUE_SOURCE_SIMILAR);

  /* The user picks a track in the library: the library order again. */
  akin_queue_set_current (queue, 2, "C", AKIN_QUEUE_SOURCE_LIBRARY);
  g_assert_cmpint (akin_queue_peek_next (queue), ==, 3);
  g_assert_cmpint (akin_queue_peek_previous (queue), ==, 1);
}

/* A library of 12 tracks by 4 artists (id % 4), where similarity falls
 * with the distance between ids. */
static const char *artists[] = { "Alpha", "Beta", "Gamma", "Delta" };

static void
give_candidates (AkinQueue *queue)
{
  gint64             anchor = akin_queue_get_current (queue);
  AkinQueueCandidate c[11];
  guint              n = 0;

  for (gint64 id = 1; id <= 12; id++)
    if (id != anchor)
      c[n++] = (AkinQueueCandidate) { id, 1.0f - 0.05f * (float) ABS (id - anchor),
                                      artists[id % 4] };
  akin_queue_set_candidates (queue, anchor, c, n);
}

static void
test_play_similar (void)
{
  g_autoptr(AkinQueue) queue = akin_queue_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray)    played = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64               id = 6;

  akin_queue_set_play_similar (queue, TRUE);
  akin_queue_set_current (queue, id, artists[id % 4], AKIN_QUEUE_SOURCE_LIBRARY);
  g_array_append_val (played, id);

  /* Without candidates for the current track (the query is still running)
   * and without a library order there is no next yet. */
  g_assert_false (get_bool (queue, "has-next"));

  for (guint step = 0; step < 11; step++)
    {
      gint64 next;

      give_candidates (queue);
      g_assert_true (get_bool (queue, "has-next"));
      next = akin_queue_next (queue);
      g_assert_cmpint (next, >=, 1);
      g_assert_cmpint (next, <=, 12);
      /* Never a repeat. */
      for (guint i = 0; i < played->len; i++)
        g_assert_cmpint (g_array_index (played, gint64, i), !=, next);
      /* Another artist whenever an unplayed one by another artist exists. */
      if (next % 4 == id % 4)
        for (gint64 other = 1; other <= 12; other++)
          {
            gboolean was_played = FALSE;

            for (guint i = 0; i < played->len; i++)
              was_played |= g_array_index (played, gint64, i) == other;
            g_assert_true (was_played || other % 4 == id % 4);
          }
      id = next;
      g_array_append_val (played, id);
      /* The window reports the track it started, with its tags. */
      akin_queue_set_current (queue, id, artists[id % 4], AKIN_QUEUE_SOURCE_LIBRARY);
      g_assert_cmpint (akin_queue_get_current (queue), ==, id);
    }

  /* The first choices are the closest tracks by other artists. */
  g_assert_cmpint (g_array_index (played, gint64, 1), ==, 5);
  g_assert_cmpint (g_array_index (played, gint64, 2), ==, 4);
  g_assert_cmpint (played->len, ==, 12);
  give_candidates (queue);
  g_assert_false (get_bool (queue, "has-next"));
  g_assert_cmpint (akin_queue_next (queue), ==, -1);

  /* Previous walks back through what was played, in reverse. */
  for (guint i = played->len - 1; i > 0; i--)
    {
      g_assert_true (get_bool (queue, "has-previous"));
      g_assert_cmpint (akin_queue_previous (queue), ==, g_array_index (played, gint64, i - 1));
    }
  g_assert_false (get_bool (queue, "has-previous"));
  for (guint i = 0; i < played->len; i++)
    g_assert_true (akin_queue_has_played (queue, g_array_index (played, gint64, i)));
  g_assert_false (akin_queue_has_played (queue, 13));
}

static void
count_changed (AkinQueue *queue,
               guint     *count)
{
  (*count)++;
}

/* Every change of what comes next, before or now is announced. */
static void
test_notifications (void)
{
  g_autoptr(AkinQueue)     queue = akin_queue_new ();
  const AkinQueueCandidate list[] = { { 1, 0.9f, "A" }, { 2, 0.8f, "B" } };
  guint                    n_changed = 0;

  g_signal_connect (queue, "changed", G_CALLBACK (count_changed), &n_changed);

  akin_queue_set_similar_list (queue, list, 2);
  g_assert_cmpuint (n_changed, ==, 1);
  akin_queue_set_current (queue, 1, "A", AKIN_QUEUE_SOURCE_SIMILAR);
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_cmpint (akin_queue_next (queue), ==, 2);
  g_assert_cmpuint (n_changed, ==, 3);
  akin_queue_set_shuffle (queue, TRUE);
  g_assert_cmpuint (n_changed, ==, 4);
  /* No change, no signal. */
  akin_queue_set_shuffle (queue, TRUE);
  g_assert_cmpuint (n_changed, ==, 4);
}

static AkinTrackObject *
track_object (gint64      id,
              const char *artist)
{
  AkinTrack track = { 0 };

  track.id = id;
  track.uri = g_strdup_printf ("file:///music/%" G_GINT64_FORMAT ".ogg", id);
  track.tags.artist = (char *) artist;
  {
    AkinTrackObject *object = akin_track_object_new (&track);

    g_free (track.uri);
    return object;
  }
}

/* The queue keeps its own reference. */
static AkinTrackObject *
take_track (gint64 id)
{
  static GPtrArray *keep;

  if (keep == NULL)
    keep = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (keep, track_object (id, "Q"));
  return keep->pdata[keep->len - 1];
}

static gint64
up_next_id (AkinQueue *queue,
            guint      position)
{
  g_autoptr(AkinTrackObject) item = g_list_model_get_item (akin_queue_get_up_next (queue),
                                                           position);

  return item != NULL ? akin_track_object_get_id (item) : -1;
}

/* Songs queued by hand come first, in their order; the list then goes on
 * after the song it was at. */
static void
test_up_next (void)
{
  g_autoptr(AkinQueue) queue = akin_queue_new ();
  const gint64         order[] = { 7, 3, 9, 1 };
  GArray              *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray)    saved = NULL;

  g_array_append_vals (ids, order, G_N_ELEMENTS (order));
  akin_queue_set_neighbour_func (queue, array_neighbour, ids, (GDestroyNotify) g_array_unref);
  akin_queue_set_current (queue, 7, "A", AKIN_QUEUE_SOURCE_LIBRARY);
  g_assert_cmpint (akin_queue_peek_next (queue), ==, 3);

  /* Add to Queue twice, then Play Next: 50, 20, 21. */
  akin_queue_add (queue, G_OBJECT (take_track (20)), FALSE);
  akin_queue_add (queue, G_OBJECT (take_track (21)), FALSE);
  akin_queue_add (queue, G_OBJECT (take_track (50)), TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (akin_queue_get_up_next (queue)), ==, 3);
  g_assert_cmpint (akin_queue_peek_next (queue), ==, 50);

  /* Dragged: 21 first; 50 removed. */
  akin_queue_move (queue, 2, 0);
  g_assert_cmpint (up_next_id (queue, 0), ==, 21);
  g_assert_cmpint (up_next_id (queue, 1), ==, 50);
  g_assert_cmpint (up_next_id (queue, 2), ==, 20);
  akin_queue_remove (queue, 1);
  saved = akin_queue_dup_up_next_ids (queue);
  g_assert_cmpuint (saved->len, ==, 2);
  g_assert_cmpint (g_array_index (saved, gint64, 0), ==, 21);
  g_assert_cmpint (g_array_index (saved, gint64, 1), ==, 20);

  g_assert_cmpint (akin_queue_next (queue), ==, 21);
  /* The player reports the song it started: the queue keeps its place. */
  akin_queue_set_current (queue, 21, "Q", AKIN_QUEUE_SOURCE_LIBRARY);
  g_assert_cmpint (akin_queue_next (queue), ==, 20);
  g_assert_cmpuint (g_list_model_get_n_items (akin_queue_get_up_next (queue)), ==, 0);
  /* The list goes on after 7, where it was. */
  g_assert_cmpint (akin_queue_next (queue), ==, 3);

  akin_queue_add (queue, G_OBJECT (take_track (60)), FALSE);
  g_assert_true (get_bool (queue, "has-next"));
  akin_queue_clear (queue);
  g_assert_cmpint (akin_queue_peek_next (queue), ==, 9);
}

/* Repeat all starts the list again; shuffle visits every song before
 * repeating one, and previous goes back through what played. */
static void
test_shuffle_repeat (void)
{
  g_autoptr(AkinQueue) queue = akin_queue_new ();
  const gint64         order[] = { 7, 3, 9, 1, 4, 8 };
  GArray              *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GArray              *history = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_vals (ids, order, G_N_ELEMENTS (order));
  akin_queue_set_neighbour_func (queue, array_neighbour, ids, (GDestroyNotify) g_array_unref);
  akin_queue_set_current (queue, 8, "A", AKIN_QUEUE_SOURCE_LIBRARY);
  g_assert_false (get_bool (queue, "has-next"));
  akin_queue_set_repeat (queue, AKIN_QUEUE_REPEAT_ALL);
  g_assert_true (get_bool (queue, "has-next"));
  g_assert_cmpint (akin_queue_next (queue), ==, 7);
  g_assert_cmpint (akin_queue_next (queue), ==, 3);
  akin_queue_set_repeat (queue, AKIN_QUEUE_REPEAT_OFF);

  /* 8, 7 and 3 were played: the first draws are 9, 1 and 4 in some order. */
  akin_queue_set_shuffle (queue, TRUE);
  g_array_append_val (history, order[1]);
  for (guint i = 0; i < 5; i++)
    {
      gint64 peeked = akin_queue_peek_next (queue);
      gint64 id;

      /* The draw stays put until the song changes. */
      g_assert_cmpint (akin_queue_peek_next (queue), ==, peeked);
      id = akin_queue_next (queue);
      g_assert_cmpint (id, ==, peeked);
      g_assert_cmpint (id, !=, g_array_index (history, gint64, history->len - 1));
      g_array_append_val (history, id);
      if (i < 3)
        {
          gint64 *key = g_new (gint64, 1);

          g_assert_true (id == 9 || id == 1 || id == 4);
          *key = id;
          g_assert_false (g_hash_table_contains (seen, key));
          g_hash_table_add (seen, key);
        }
    }
  /* Previous walks back through the draws. */
  for (guint i = history->len - 1; i > 0; i--)
    g_assert_cmpint (akin_queue_previous (queue), ==, g_array_index (history, gint64, i - 1));
  g_array_unref (history);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/queue/pick/never-repeats", test_pick_never_repeats);
  g_test_add_func ("/queue/pick/order-independent", test_pick_order_independent);
  g_test_add_func ("/queue/pick/avoids-artist", test_pick_avoids_artist);
  g_test_add_func ("/queue/pick/falls-back", test_pick_falls_back);
  g_test_add_func ("/queue/library-order", test_library_order);
  g_test_add_func ("/queue/similar-list", test_similar_list);
  g_test_add_func ("/queue/play-similar", test_play_similar);
  g_test_add_func ("/queue/notifications", test_notifications);
  g_test_add_func ("/queue/up-next", test_up_next);
  g_test_add_func ("/queue/shuffle-repeat", test_shuffle_repeat);

  return g_test_run ();
}
