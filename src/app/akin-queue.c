/* akin-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What plays after (and before) the current track: the part of
 * AkinPlayback (akin-playback.c) that knows the lists, with no widgets and
 * no player. AkinPlayback tells it which track started
 * (akin_queue_set_current()), asks it where to go (akin_queue_next(),
 * akin_queue_previous()) and turns its #AkinQueue::changed signal into
 * its own properties. Three ways to go on:
 *
 *  - the library view's order, through a neighbour function;
 *  - the similar list the current track was started from (a snapshot);
 *  - "Play Similar": the most similar track of the current one that has not
 *    been played in this session, preferring another artist than the
 *    current one. Its candidates are the similar list of the current track
 *    (akin_queue_set_candidates()); when they run out, the list order
 *    takes over. Previous then walks back through what was played.
 *
 * Songs queued by hand (Play Next, Add to Queue) come before all of these;
 * the list then goes on from where it was. While nothing is queued by hand,
 * Play Similar's choice is shown at the end of the up-next list
 * (akin_queue_set_pick(), by AkinPlayback) and played from there. Shuffle and repeat are in
 * akin-queue-up-next.c with the hand-made queue.
 */

#include "config.h"

#include "akin-queue-private.h"

G_DEFINE_FINAL_TYPE (AkinQueue, akin_queue, G_TYPE_OBJECT)

guint _akin_queue_signals[AKIN_QUEUE_N_SIGNALS];

static void
clear_entry (gpointer data)
{
  Entry *e = data;

  g_clear_pointer (&e->artist, g_free);
}

static GArray *
entries_new (void)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (Entry));

  g_array_set_clear_func (array, clear_entry);
  return array;
}

static void
entries_set (GArray                   *array,
             const AkinQueueCandidate *from,
             guint                     n)
{
  g_array_set_size (array, 0);
  for (guint i = 0; i < n; i++)
    {
      Entry e = { from[i].track_id, from[i].score, g_strdup (from[i].artist) };

      g_array_append_val (array, e);
    }
}

static int
entries_find (GArray *array,
              gint64  track_id)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, Entry, i).track_id == track_id)
      return (int) i;
  return -1;
}

static const char *
lookup_artist (AkinQueue *self,
               gint64     track_id)
{
  int i;

  if ((i = entries_find (self->candidates, track_id)) >= 0)
    return g_array_index (self->candidates, Entry, i).artist;
  if ((i = entries_find (self->similar_list, track_id)) >= 0)
    return g_array_index (self->similar_list, Entry, i).artist;
  return NULL;
}

gint64
_akin_queue_pick_next_similar (AkinQueue *self)
{
  g_autofree AkinQueueCandidate *cands = NULL;
  g_autofree gint64 *played = NULL;
  GHashTableIter iter;
  gpointer key;
  guint n_played = 0;
  int pick;

  if (self->candidates_anchor != self->current || self->candidates->len == 0)
    return -1;

  cands = g_new (AkinQueueCandidate, self->candidates->len);
  for (guint i = 0; i < self->candidates->len; i++)
    {
      const Entry *e = &g_array_index (self->candidates, Entry, i);

      cands[i] = (AkinQueueCandidate) { e->track_id, e->score, e->artist };
    }

  played = g_new (gint64, g_hash_table_size (self->played) + 1);
  g_hash_table_iter_init (&iter, self->played);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    played[n_played++] = *(gint64 *) key;
  played[n_played++] = self->current;

  pick = akin_queue_pick_similar (cands, self->candidates->len, played, n_played,
                                  self->current_artist);
  return pick >= 0 ? cands[pick].track_id : -1;
}

/* The song @direction away from @base in the list (a random one for 0);
 * past the end, the first song when @wrap. @base -1 with +1 is the first. */
gint64
_akin_queue_list_step (AkinQueue *self,
                       gint64     base,
                       int        direction,
                       gboolean   wrap)
{
  gint64 id = -1;

  if (self->source == AKIN_QUEUE_SOURCE_SIMILAR)
    {
      int n = (int) self->similar_list->len;
      int i = base > 0 ? entries_find (self->similar_list, base) : -1;

      if (direction == 0 && n > 0)
        i = g_random_int_range (0, n);
      else if (i >= 0 || (base <= 0 && direction > 0))
        i += direction;
      if (i >= n && wrap)
        i = 0;
      if (i >= 0 && i < n)
        id = g_array_index (self->similar_list, Entry, i).track_id;
    }
  else if (self->source == AKIN_QUEUE_SOURCE_LIBRARY && self->neighbour_func != NULL)
    {
      id = self->neighbour_func (self->neighbour_source, base, direction);
      if (id <= 0 && direction > 0 && wrap)
        id = self->neighbour_func (self->neighbour_source, -1, +1);
    }

  return id > 0 ? id : -1;
}

gint64
_akin_queue_list_neighbour (AkinQueue *self,
                            int        direction)
{
  if (self->list_current <= 0)
    return -1;
  /* At the end of the list with repeat all: the first song again. */
  return _akin_queue_list_step (self, self->list_current, direction,
                                self->repeat == AKIN_QUEUE_REPEAT_ALL);
}

/**
 * akin_queue_peek_next:
 *
 * What comes next: the first song queued by hand, else the most similar
 * unplayed song (Play Similar), else a random song of the list (shuffle),
 * else the next song of the list (from its start again with repeat all).
 *
 * Returns: the track akin_queue_next() would move to, or -1
 */
gint64
akin_queue_peek_next (AkinQueue *self)
{
  g_return_val_if_fail (AKIN_IS_QUEUE (self), -1);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->up_next)) > 0)
    {
      g_autoptr(AkinTrackObject) first = g_list_model_get_item (G_LIST_MODEL (self->up_next), 0);

      return akin_track_object_get_id (first);
    }
  if (self->play_similar)
    {
      gint64 id = _akin_queue_pick_next_similar (self);

      if (id > 0)
        return id;
    }
  if (self->shuffle)
    return _akin_queue_shuffle_pick (self);
  return _akin_queue_list_neighbour (self, +1);
}

/**
 * akin_queue_peek_previous:
 *
 * Returns: the track akin_queue_previous() would move to, or -1
 */
gint64
akin_queue_peek_previous (AkinQueue *self)
{
  g_return_val_if_fail (AKIN_IS_QUEUE (self), -1);

  /* Random or similar picks: back through what was played. */
  if (self->play_similar || self->shuffle)
    {
      if (self->back->len >= 2 && g_array_index (self->back, gint64, self->back->len - 1) == self->current)
        return g_array_index (self->back, gint64, self->back->len - 2);
      return -1;
    }
  return _akin_queue_list_neighbour (self, -1);
}

/**
 * akin_queue_refresh:
 *
 * Emits #AkinQueue::changed: what comes next or before may have changed,
 * e.g. after the library view's order changed.
 */
void
akin_queue_refresh (AkinQueue *self)
{
  g_return_if_fail (AKIN_IS_QUEUE (self));

  g_signal_emit (self, _akin_queue_signals[AKIN_QUEUE_SIGNAL_CHANGED], 0);
}

void
_akin_queue_move_to (AkinQueue  *self,
                     gint64      track_id,
                     const char *artist,
                     gboolean    remember)
{
  gboolean changed = track_id != self->current;

  if (changed)
    self->shuffle_pick = -1;

  if (changed && remember && track_id > 0)
    {
      gint64 *key = g_new (gint64, 1);

      *key = track_id;
      g_array_append_val (self->back, track_id);
      g_hash_table_add (self->played, key);
    }
  self->current = track_id > 0 ? track_id : -1;
  if (artist != self->current_artist)
    {
      g_free (self->current_artist);
      self->current_artist = g_strdup (artist);
    }
}

/**
 * akin_queue_set_current:
 * @track_id: the library track that started playing, or -1 for a file
 *   outside the library (or nothing)
 * @artist: (nullable): its artist, for "Play Similar"
 * @source: the list the track was started from
 *
 * Tells the queue which track plays now. A track the queue moved to itself
 * may be reported again (e.g. once its tags are known): only the artist and
 * the source are updated then.
 */
void
akin_queue_set_current (AkinQueue       *self,
                        gint64           track_id,
                        const char      *artist,
                        AkinQueueSource  source)
{
  g_return_if_fail (AKIN_IS_QUEUE (self));

  /* Reported again from the same list (a queued song once it plays, say):
   * the list goes on from where it was. */
  if (track_id > 0 && track_id == self->current && source == self->source)
    {
      _akin_queue_move_to (self, track_id, artist, TRUE);
      akin_queue_refresh (self);
      return;
    }
  self->source = track_id > 0 ? source : AKIN_QUEUE_SOURCE_NONE;
  self->list_current = track_id > 0 ? track_id : -1;
  _akin_queue_move_to (self, track_id, artist, TRUE);
  akin_queue_refresh (self);
}

/**
 * akin_queue_get_current:
 *
 * Returns: the current track, -1 for none
 */
gint64
akin_queue_get_current (AkinQueue *self)
{
  g_return_val_if_fail (AKIN_IS_QUEUE (self), -1);
  return self->current;
}

AkinQueueSource
akin_queue_get_source (AkinQueue *self)
{
  g_return_val_if_fail (AKIN_IS_QUEUE (self), AKIN_QUEUE_SOURCE_NONE);
  return self->source;
}

/**
 * akin_queue_set_neighbour_func:
 * @func: (nullable): the library view's order
 * @source: passed to @func
 * @destroy: (nullable): frees @source when the function is replaced
 *
 * Sets how %AKIN_QUEUE_SOURCE_LIBRARY finds the next and previous tracks.
 */
void
akin_queue_set_neighbour_func (AkinQueue              *self,
                               AkinQueueNeighbourFunc  func,
                               gpointer                source,
                               GDestroyNotify          destroy)
{
  g_return_if_fail (AKIN_IS_QUEUE (self));

  if (self->neighbour_destroy != NULL)
    self->neighbour_destroy (self->neighbour_source);
  self->neighbour_func = func;
  self->neighbour_source = source;
  self->neighbour_destroy = destroy;
  self->shuffle_pick = -1;
  akin_queue_refresh (self);
}

/**
 * akin_queue_set_similar_list:
 * @entries: (array length=n_entries): the similar list, in its order
 *
 * Keeps a copy of the list the user is about to start a track from; set
 * the track with %AKIN_QUEUE_SOURCE_SIMILAR next.
 */
void
akin_queue_set_similar_list (AkinQueue                *self,
                             const AkinQueueCandidate *entries,
                             guint                     n_entries)
{
  g_return_if_fail (AKIN_IS_QUEUE (self));
  g_return_if_fail (entries != NULL || n_entries == 0);

  entries_set (self->similar_list, entries, n_entries);
  self->shuffle_pick = -1;
  akin_queue_refresh (self);
}

/**
 * akin_queue_set_candidates:
 * @anchor_id: the track the candidates are similar to
 * @candidates: (array length=n_candidates): its similar tracks
 *
 * The candidates of "Play Similar"; used while @anchor_id is current.
 */
void
akin_queue_set_candidates (AkinQueue                *self,
                           gint64                    anchor_id,
                           const AkinQueueCandidate *candidates,
                           guint                     n_candidates)
{
  g_return_if_fail (AKIN_IS_QUEUE (self));
  g_return_if_fail (candidates != NULL || n_candidates == 0);

  self->candidates_anchor = anchor_id;
  entries_set (self->candidates, candidates, n_candidates);
  akin_queue_refresh (self);
}

gboolean
akin_queue_get_play_similar (AkinQueue *self)
{
  g_return_val_if_fail (AKIN_IS_QUEUE (self), FALSE);
  return self->play_similar;
}

void
akin_queue_set_play_similar (AkinQueue *self,
                             gboolean   play_similar)
{
  g_return_if_fail (AKIN_IS_QUEUE (self));

  play_similar = !!play_similar;
  if (self->play_similar == play_similar)
    return;
  self->play_similar = play_similar;
  akin_queue_refresh (self);
}

/**
 * akin_queue_has_played:
 *
 * Returns: whether @track_id was current at some point in this session
 */
gboolean
akin_queue_has_played (AkinQueue *self,
                       gint64     track_id)
{
  g_return_val_if_fail (AKIN_IS_QUEUE (self), FALSE);
  return g_hash_table_contains (self->played, &track_id);
}

/**
 * akin_queue_next:
 *
 * Moves to the next track (see akin_queue_peek_next()); the caller plays it.
 *
 * Returns: the new current track, or -1 (the queue did not move)
 */
gint64
akin_queue_next (AkinQueue *self)
{
  gint64 id;

  g_return_val_if_fail (AKIN_IS_QUEUE (self), -1);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->up_next)) > 0)
    return akin_queue_play_queued (self, 0);

  id = akin_queue_peek_next (self);
  if (id > 0)
    {
      self->list_current = id;
      _akin_queue_move_to (self, id, lookup_artist (self, id), TRUE);
      akin_queue_refresh (self);
    }
  return id;
}

/**
 * akin_queue_previous:
 *
 * Moves to the previous track (see akin_queue_peek_previous()); the caller
 * plays it. With "Play Similar", the current track leaves the back history
 * but stays played.
 *
 * Returns: the new current track, or -1 (the queue did not move)
 */
gint64
akin_queue_previous (AkinQueue *self)
{
  gint64 id;

  g_return_val_if_fail (AKIN_IS_QUEUE (self), -1);

  id = akin_queue_peek_previous (self);
  if (id <= 0)
    return -1;

  self->list_current = id;
  if (self->play_similar || self->shuffle)
    {
      g_array_set_size (self->back, self->back->len - 1);
      _akin_queue_move_to (self, id, lookup_artist (self, id), FALSE);
    }
  else
    {
      _akin_queue_move_to (self, id, lookup_artist (self, id), TRUE);
    }
  akin_queue_refresh (self);
  return id;
}

static void
akin_queue_finalize (GObject *object)
{
  AkinQueue *self = AKIN_QUEUE (object);

  if (self->neighbour_destroy != NULL)
    self->neighbour_destroy (self->neighbour_source);
  g_clear_pointer (&self->current_artist, g_free);
  g_clear_pointer (&self->similar_list, g_array_unref);
  g_clear_pointer (&self->candidates, g_array_unref);
  g_clear_pointer (&self->back, g_array_unref);
  g_clear_pointer (&self->played, g_hash_table_unref);
  g_clear_object (&self->up_next);

  G_OBJECT_CLASS (akin_queue_parent_class)->finalize (object);
}

static void
akin_queue_class_init (AkinQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = akin_queue_finalize;

  /**
   * AkinQueue::changed:
   *
   * What akin_queue_peek_next(), akin_queue_peek_previous() or
   * akin_queue_get_current() answer may have changed. AkinPlayback turns
   * this into its own properties.
   */
  _akin_queue_signals[AKIN_QUEUE_SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
akin_queue_init (AkinQueue *self)
{
  self->current = -1;
  self->list_current = -1;
  self->shuffle_pick = -1;
  self->up_next = g_list_store_new (AKIN_TYPE_TRACK_OBJECT);
  self->candidates_anchor = -1;
  self->similar_list = entries_new ();
  self->candidates = entries_new ();
  self->back = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->played = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/**
 * akin_queue_new:
 *
 * Returns: (transfer full): an empty queue
 */
AkinQueue *
akin_queue_new (void)
{
  return g_object_new (AKIN_TYPE_QUEUE, NULL);
}
