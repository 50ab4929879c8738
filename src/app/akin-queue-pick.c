/* akin-queue-pick.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The choice of "Play Similar", a pure function over the candidates, the
 * tracks already played and the current artist.
 */

#include "config.h"

#include "akin-queue.h"

static gboolean
same_artist (const char *a,
             const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
    return FALSE;
  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);
  return g_strcmp0 (fa, fb) == 0;
}

static gboolean
contains_id (const gint64 *ids,
             guint         n,
             gint64        id)
{
  for (guint i = 0; i < n; i++)
    if (ids[i] == id)
      return TRUE;
  return FALSE;
}

/**
 * akin_queue_pick_similar:
 * @candidates: (array length=n_candidates): similar tracks, in any order
 * @n_candidates: how many
 * @played: (array length=n_played) (nullable): tracks already played,
 *   including the current one
 * @n_played: how many
 * @last_artist: (nullable): the artist of the current track
 *
 * The choice of "Play Similar": the best-scoring candidate that was not
 * played and is not by @last_artist (compared case-insensitively; an empty
 * artist matches nothing); when every unplayed candidate is by that artist,
 * the best-scoring unplayed one. Ties keep the earlier candidate. A pure
 * function: any thread may call it.
 *
 * Returns: the index of the chosen candidate, or -1 when all were played
 */
int
akin_queue_pick_similar (const AkinQueueCandidate *candidates,
                         guint                     n_candidates,
                         const gint64             *played,
                         guint                     n_played,
                         const char               *last_artist)
{
  int best = -1, fallback = -1;

  g_return_val_if_fail (candidates != NULL || n_candidates == 0, -1);
  g_return_val_if_fail (played != NULL || n_played == 0, -1);

  for (guint i = 0; i < n_candidates; i++)
    {
      const AkinQueueCandidate *c = &candidates[i];

      if (c->track_id <= 0 || contains_id (played, n_played, c->track_id))
        continue;
      if (fallback < 0 || c->score > candidates[fallback].score)
        fallback = (int) i;
      if (same_artist (c->artist, last_artist))
        continue;
      if (best < 0 || c->score > candidates[best].score)
        best = (int) i;
    }

  return best >= 0 ? best : fallback;
}
