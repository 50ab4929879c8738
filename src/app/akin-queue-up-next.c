/* akin-queue-up-next.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The queue's songs queued by hand (Play Next puts a song first, Add to
 * Queue last; they can be moved, removed and cleared), played before the
 * list goes on; Play Similar's choice, shown at the end of them while
 * nothing is queued by hand; and shuffle and repeat. Shuffle draws the next song at
 * random from the list, preferring songs not played in this session, and
 * keeps the draw until the current song changes so that peeking and moving
 * agree. Repeat one is the caller's (it replays a song that ended).
 */

#include "config.h"

#include "akin-queue-private.h"

/* A draw that was played already looks that far along the list for one
 * that was not. */
#define SHUFFLE_WALK 1000

static gboolean
unplayed (AkinQueue *self,
          gint64     id)
{
  return id > 0 && id != self->current && !g_hash_table_contains (self->played, &id);
}

gint64
_akin_queue_shuffle_pick (AkinQueue *self)
{
  gint64 drawn, id;

  if (self->shuffle_pick > 0)
    return self->shuffle_pick;

  drawn = _akin_queue_list_neighbour (self, 0);
  if (drawn <= 0)
    return -1;
  /* Played already: the first unplayed song after it, round the list. */
  id = drawn;
  for (guint i = 0; i < SHUFFLE_WALK && !unplayed (self, id); i++)
    {
      id = _akin_queue_list_step (self, id, +1, TRUE);
      if (id == drawn || id <= 0)
        break;
    }
  /* Everything was played: any song but the current one. */
  if (!unplayed (self, id))
    id = drawn != self->current ? drawn : _akin_queue_list_step (self, drawn, +1, TRUE);
  if (id == self->current)
    id = -1;
  self->shuffle_pick = id;
  return id;
}

/**
 * akin_queue_get_up_next:
 *
 * Returns: (transfer none): the songs queued by hand (AkinTrackObject), in
 *   the order they will play
 */
GListModel *
akin_queue_get_up_next (AkinQueue *self)
{
  g_return_val_if_fail (AKIN_IS_QUEUE (self), NULL);
  return G_LIST_MODEL (self->up_next);
}

/**
 * akin_queue_add:
 * @track: an AkinTrackObject of a library song
 * @play_next: %TRUE to put it first (Play Next), %FALSE last (Add to Queue)
 */
void
akin_queue_add (AkinQueue *self,
                GObject   *track,
                gboolean   play_next)
{
  g_return_if_fail (AKIN_IS_QUEUE (self));
  g_return_if_fail (AKIN_IS_TRACK_OBJECT (track));

  if (play_next)
    g_list_store_insert (self->up_next, 0, track);
  else
    g_list_store_append (self->up_next, track);
  akin_queue_refresh (self);
}

guint
_akin_queue_n_by_hand (AkinQueue *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->up_next)) - (self->pick != NULL);
}

/* The queued song at @position leaves the queue; Play Similar's choice
 * leaving this way is not chosen again in this session. */
static void
take_out (AkinQueue *self,
          guint      position,
          gboolean   skip_pick)
{
  g_autoptr(AkinTrackObject) item = g_list_model_get_item (G_LIST_MODEL (self->up_next), position);

  if (item == NULL)
    return;
  if (item == self->pick)
    {
      self->pick = NULL;
      if (skip_pick)
        {
          gint64 *key = g_new (gint64, 1);

          *key = akin_track_object_get_id (item);
          g_hash_table_add (self->played, key);
        }
    }
  g_list_store_remove (self->up_next, position);
}

void
akin_queue_remove (AkinQueue *self,
                   guint      position)
{
  g_return_if_fail (AKIN_IS_QUEUE (self));

  take_out (self, position, TRUE);
  akin_queue_refresh (self);
}

/**
 * akin_queue_move:
 * @from: a queued song's position
 * @to: its new position (counted before it is taken out)
 *
 * Moves a queued song, as dragging it in the queue does.
 */
void
akin_queue_move (AkinQueue *self,
                 guint      from,
                 guint      to)
{
  guint n;
  g_autoptr(GObject) item = NULL;

  g_return_if_fail (AKIN_IS_QUEUE (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->up_next));
  if (from >= n || from == to)
    return;
  to = MIN (to, n - 1);
  item = g_list_model_get_item (G_LIST_MODEL (self->up_next), from);
  g_list_store_remove (self->up_next, from);
  g_list_store_insert (self->up_next, to, item);
  akin_queue_refresh (self);
}

void
akin_queue_clear (AkinQueue *self)
{
  g_return_if_fail (AKIN_IS_QUEUE (self));

  self->pick = NULL;
  g_list_store_remove_all (self->up_next);
  akin_queue_refresh (self);
}

/**
 * akin_queue_play_queued:
 * @position: a queued song
 *
 * Takes the song at @position out of the queue and makes it current; the
 * caller plays it. The list goes on from where it was afterwards.
 *
 * Returns: its track, or -1 when @position is out of range
 */
gint64
akin_queue_play_queued (AkinQueue *self,
                        guint      position)
{
  g_autoptr(AkinTrackObject) item = NULL;
  g_autofree char *artist = NULL;
  gint64 id;

  g_return_val_if_fail (AKIN_IS_QUEUE (self), -1);

  item = g_list_model_get_item (G_LIST_MODEL (self->up_next), position);
  if (item == NULL)
    return -1;
  id = akin_track_object_get_id (item);
  artist = g_strdup (akin_track_object_get_artist (item));
  take_out (self, position, FALSE);
  _akin_queue_move_to (self, id, artist, TRUE);
  akin_queue_refresh (self);
  return id;
}

/**
 * akin_queue_dup_up_next_ids:
 *
 * Returns: (transfer full) (element-type gint64): the songs queued by
 *   hand (not Play Similar's choice)
 */
GArray *
akin_queue_dup_up_next_ids (AkinQueue *self)
{
  GListModel *model;
  GArray *ids;

  g_return_val_if_fail (AKIN_IS_QUEUE (self), NULL);

  model = G_LIST_MODEL (self->up_next);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_list_model_get_n_items (model));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AkinTrackObject) item = g_list_model_get_item (model, i);
      gint64 id = akin_track_object_get_id (item);

      if (item != self->pick)
        g_array_append_val (ids, id);
    }
  return ids;
}

/**
 * akin_queue_get_similar_choice:
 *
 * Returns: what Play Similar would play next, while it is on and nothing
 *   is queued by hand: the best unplayed candidate of the current track,
 *   or -1
 */
gint64
akin_queue_get_similar_choice (AkinQueue *self)
{
  g_return_val_if_fail (AKIN_IS_QUEUE (self), -1);

  if (!self->play_similar || _akin_queue_n_by_hand (self) > 0)
    return -1;
  return _akin_queue_pick_next_similar (self);
}

/**
 * akin_queue_get_pick:
 *
 * Returns: the track of Play Similar's choice in the up-next list, or -1
 */
gint64
akin_queue_get_pick (AkinQueue *self)
{
  g_return_val_if_fail (AKIN_IS_QUEUE (self), -1);
  return self->pick != NULL ? akin_track_object_get_id (self->pick) : -1;
}

/**
 * akin_queue_set_pick:
 * @track: (nullable): an AkinTrackObject of the choice, or %NULL for none
 *
 * Shows Play Similar's choice at the end of the up-next list (replacing
 * the one there), where next takes it like a queued song. Removing it
 * there skips it: Play Similar chooses another.
 */
void
akin_queue_set_pick (AkinQueue *self,
                     GObject   *track)
{
  guint position;

  g_return_if_fail (AKIN_IS_QUEUE (self));
  g_return_if_fail (track == NULL || AKIN_IS_TRACK_OBJECT (track));

  if (self->pick != NULL && g_list_store_find (self->up_next, self->pick, &position))
    g_list_store_remove (self->up_next, position);
  self->pick = NULL;
  if (track != NULL)
    {
      self->pick = AKIN_TRACK_OBJECT (track);
      g_list_store_append (self->up_next, track);
    }
  akin_queue_refresh (self);
}

gboolean
akin_queue_get_shuffle (AkinQueue *self)
{
  g_return_val_if_fail (AKIN_IS_QUEUE (self), FALSE);
  return self->shuffle;
}

void
akin_queue_set_shuffle (AkinQueue *self,
                        gboolean   shuffle)
{
  g_return_if_fail (AKIN_IS_QUEUE (self));

  shuffle = !!shuffle;
  if (self->shuffle == shuffle)
    return;
  self->shuffle = shuffle;
  self->shuffle_pick = -1;
  akin_queue_refresh (self);
}

AkinQueueRepeat
akin_queue_get_repeat (AkinQueue *self)
{
  g_return_val_if_fail (AKIN_IS_QUEUE (self), AKIN_QUEUE_REPEAT_OFF);
  return self->repeat;
}

void
akin_queue_set_repeat (AkinQueue       *self,
                       AkinQueueRepeat  repeat)
{
  g_return_if_fail (AKIN_IS_QUEUE (self));
  g_return_if_fail (repeat <= AKIN_QUEUE_REPEAT_ONE);

  if (self->repeat == repeat)
    return;
  self->repeat = repeat;
  akin_queue_refresh (self);
}
