/* akin-queue.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * AkinQueueCandidate:
 * @track_id: a library track
 * @score: its similarity to the anchor
 * @artist: (nullable): its artist tag
 *
 * One entry of a similar list, as the queue sees it.
 */
typedef struct
{
  gint64      track_id;
  float       score;
  const char *artist;
} AkinQueueCandidate;

/**
 * AkinQueueSource:
 * @AKIN_QUEUE_SOURCE_NONE: no list: nothing comes after the current track
 * @AKIN_QUEUE_SOURCE_LIBRARY: the library view's order (its neighbour function)
 * @AKIN_QUEUE_SOURCE_SIMILAR: the similar list the current track was started from
 *
 * Which list previous and next walk through.
 */
typedef enum
{
  AKIN_QUEUE_SOURCE_NONE,
  AKIN_QUEUE_SOURCE_LIBRARY,
  AKIN_QUEUE_SOURCE_SIMILAR,
} AkinQueueSource;

/**
 * AkinQueueRepeat:
 * @AKIN_QUEUE_REPEAT_OFF: playback stops at the end of the list
 * @AKIN_QUEUE_REPEAT_ALL: the list starts again after its last song
 * @AKIN_QUEUE_REPEAT_ONE: a song that ends plays again
 *
 * The `repeat` setting.
 */
typedef enum
{
  AKIN_QUEUE_REPEAT_OFF,
  AKIN_QUEUE_REPEAT_ALL,
  AKIN_QUEUE_REPEAT_ONE,
} AkinQueueRepeat;

/**
 * AkinQueueNeighbourFunc:
 * @source: the object the function was registered with
 * @track_id: a track, or -1 for the list's start (with +1) or end (with -1)
 * @direction: +1 for the next track, -1 for the previous one, 0 for a
 *   random track of the list
 *
 * Returns: the neighbour of @track_id in the list's order, or a value
 *   <= 0 when there is none (or @track_id is not in the list)
 */
typedef gint64 (*AkinQueueNeighbourFunc) (gpointer source,
                                          gint64   track_id,
                                          int      direction);

int akin_queue_pick_similar (const AkinQueueCandidate *candidates,
                             guint                     n_candidates,
                             const gint64             *played,
                             guint                     n_played,
                             const char               *last_artist);

#define AKIN_TYPE_QUEUE (akin_queue_get_type ())

G_DECLARE_FINAL_TYPE (AkinQueue, akin_queue, AKIN, QUEUE, GObject)

/* Main thread only. */

AkinQueue      *akin_queue_new                 (void);
void            akin_queue_set_neighbour_func  (AkinQueue                *self,
                                                AkinQueueNeighbourFunc    func,
                                                gpointer                  source,
                                                GDestroyNotify            destroy);
void            akin_queue_set_current         (AkinQueue                *self,
                                                gint64                    track_id,
                                                const char               *artist,
                                                AkinQueueSource           source);
gint64          akin_queue_get_current         (AkinQueue                *self);
AkinQueueSource akin_queue_get_source          (AkinQueue                *self);
void            akin_queue_set_similar_list    (AkinQueue                *self,
                                                const AkinQueueCandidate *entries,
                                                guint                     n_entries);
void            akin_queue_set_candidates      (AkinQueue                *self,
                                                gint64                    anchor_id,
                                                const AkinQueueCandidate *candidates,
                                                guint                     n_candidates);
gboolean        akin_queue_get_play_similar    (AkinQueue                *self);
void            akin_queue_set_play_similar    (AkinQueue                *self,
                                                gboolean                  play_similar);
gboolean        akin_queue_has_played          (AkinQueue                *self,
                                                gint64                    track_id);
gint64          akin_queue_peek_next           (AkinQueue                *self);
gint64          akin_queue_peek_previous       (AkinQueue                *self);
gint64          akin_queue_next                (AkinQueue                *self);
gint64          akin_queue_previous            (AkinQueue                *self);
void            akin_queue_refresh             (AkinQueue                *self);

GListModel     *akin_queue_get_up_next         (AkinQueue                *self);
void            akin_queue_add                 (AkinQueue                *self,
                                                GObject                  *track,
                                                gboolean                  play_next);
void            akin_queue_remove              (AkinQueue                *self,
                                                guint                     position);
void            akin_queue_move                (AkinQueue                *self,
                                                guint                     from,
                                                guint                     to);
void            akin_queue_clear               (AkinQueue                *self);
gint64          akin_queue_play_queued         (AkinQueue                *self,
                                                guint                     position);
GArray         *akin_queue_dup_up_next_ids     (AkinQueue                *self);
gint64          akin_queue_get_similar_choice  (AkinQueue                *self);
gint64          akin_queue_get_pick            (AkinQueue                *self);
void            akin_queue_set_pick            (AkinQueue                *self,
                                                GObject                  *track);
gboolean        akin_queue_get_shuffle         (AkinQueue                *self);
void            akin_queue_set_shuffle         (AkinQueue                *self,
                                                gboolean                  shuffle);
AkinQueueRepeat akin_queue_get_repeat          (AkinQueue                *self);
void            akin_queue_set_repeat          (AkinQueue                *self,
                                                AkinQueueRepeat           repeat);

G_END_DECLS
