/* akin-library-model-keys.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key column's order for the library model: round the circle of
 * fifths rather than alphabetically (akin_key_fifths_rank(): C major,
 * A minor, G major, E minor, …, each major key followed by its relative
 * minor), unknown keys last in either direction, ties by id in the
 * direction. The database sorts the key strings; this reads the keys of
 * the listed ids (in pages, through the worker's connection) and sorts
 * again, so it costs a pass over the visible tracks' rows.
 */

#include "config.h"

#include <stdlib.h>

#include "akin-library-model-private.h"
#include "akin-similarity-reason.h"

#define KEY_PAGE 512

typedef struct
{
  gint64 id;
  int    rank;
} Ranked;

static int
compare_ascending (gconstpointer a,
                   gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id);
}

static int
compare_descending (gconstpointer a,
                    gconstpointer b)
{
  const Ranked *x = a, *y = b;

  /* Unknown keys stay last. */
  if (x->rank != y->rank)
    {
      if (x->rank == AKIN_KEY_RANK_UNKNOWN || y->rank == AKIN_KEY_RANK_UNKNOWN)
        return x->rank == AKIN_KEY_RANK_UNKNOWN ? 1 : -1;
      return x->rank > y->rank ? -1 : 1;
    }
  return x->id > y->id ? -1 : (x->id < y->id);
}

/**
 * _akin_library_model_sort_by_key:
 * @db: a connection
 * @ids: (element-type gint64): the visible track ids, reordered in place
 * @descending: reverse the order of the keys (unknown keys stay last)
 * @error: the reason
 *
 * Sorts @ids by key round the circle of fifths. From the model's id
 * worker thread.
 *
 * Returns: %TRUE on success
 */
gboolean
_akin_library_model_sort_by_key (AkinDatabase  *db,
                                 GArray        *ids,
                                 gboolean       descending,
                                 GError       **error)
{
  g_autofree Ranked *ranked = g_new (Ranked, MAX (ids->len, 1));
  const gint64 *id = (const gint64 *) (void *) ids->data;

  for (guint start = 0; start < ids->len; start += KEY_PAGE)
    {
      guint n = MIN (KEY_PAGE, ids->len - start);
      g_autoptr(GPtrArray) tracks = akin_database_get_tracks (db, id + start, n, error);

      if (tracks == NULL)
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          const AkinTrack *track = g_ptr_array_index (tracks, i);

          ranked[start + i].id = id[start + i];
          ranked[start + i].rank = akin_key_fifths_rank (track != NULL ? track->key_signature
                                                                       : NULL);
        }
    }
  qsort (ranked, ids->len, sizeof *ranked, descending ? compare_descending : compare_ascending);
  for (guint i = 0; i < ids->len; i++)
    g_array_index (ids, gint64, i) = ranked[i].id;
  return TRUE;
}
