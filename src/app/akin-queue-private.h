/* akin-queue-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by akin-queue.c (the list, the similar list, Play Similar and the
 * history) and akin-queue-up-next.c (the songs queued by hand, shuffle and
 * repeat).
 */

#pragma once

#include "akin-queue.h"
#include "akin-track-object.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  track_id;
  float   score;
  char   *artist;
} Entry;

struct _AkinQueue
{
  GObject                 parent_instance;

  AkinQueueNeighbourFunc  neighbour_func;
  gpointer                neighbour_source;
  GDestroyNotify          neighbour_destroy;

  gint64                  current;
  char                   *current_artist;
  AkinQueueSource         source;

  GArray                 *similar_list;     /* Entry: the list playback started from */
  GArray                 *candidates;       /* Entry: the similar list of candidates_anchor */
  gint64                  candidates_anchor;

  GArray                 *back;             /* gint64: played order, the last is current */
  GHashTable             *played;           /* gint64 set: everything played */

  gboolean                play_similar;

  /* akin-queue-up-next.c */
  GListStore             *up_next;          /* AkinTrackObject: played before the list */
  AkinTrackObject        *pick;             /* in up_next: Play Similar's choice, shown ahead */
  gint64                  list_current;     /* where the list goes on from */
  gboolean                shuffle;
  AkinQueueRepeat         repeat;
  gint64                  shuffle_pick;     /* the next random track, once drawn */
};

enum {
  AKIN_QUEUE_SIGNAL_CHANGED,
  AKIN_QUEUE_N_SIGNALS
};

extern guint _akin_queue_signals[AKIN_QUEUE_N_SIGNALS];

gint64 _akin_queue_list_neighbour (AkinQueue *self,
                                   int        direction);
gint64 _akin_queue_list_step      (AkinQueue *self,
                                   gint64     base,
                                   int        direction,
                                   gboolean   wrap);
gint64 _akin_queue_shuffle_pick   (AkinQueue *self);
guint  _akin_queue_n_by_hand      (AkinQueue *self);
gint64 _akin_queue_pick_next_similar (AkinQueue *self);
void   _akin_queue_move_to        (AkinQueue  *self,
                                   gint64      track_id,
                                   const char *artist,
                                   gboolean    remember);

G_END_DECLS
