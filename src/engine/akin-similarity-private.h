/* akin-similarity-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the akin-similarity*.c files only.
 */

#pragma once

#include "akin-similarity.h"

G_BEGIN_DECLS

struct _AkinSimilarityIndex
{
  gatomicrefcount  ref_count;
  GRWLock          lock;

  guint            dim;
  guint            stride;      /* dim rounded up to a multiple of 4 */
  gsize            n;
  gsize            capacity;
  float           *rows;        /* capacity × stride */
  gint64          *ids;
  guint32         *artist;
  guint32         *album;
  guint32         *content;

  GHashTable      *by_id;       /* gint64* → row + 1 */
  GHashTable      *interned;    /* normalised key text → guint32 */
};

typedef struct
{
  gboolean has_id;      /* FALSE for an external anchor */
  gint64  anchor_id;
  guint32 artist;
  guint32 album;
  guint32 content;
} Anchor;

typedef struct
{
  float   score;
  gint64  id;
  guint32 group;     /* content key when merging duplicates, else 0 */
} HeapEntry;

void _akin_similarity_heap_offer (HeapEntry *heap,
                                  guint     *n,
                                  guint      k,
                                  HeapEntry  candidate,
                                  gboolean   merge);

/* akin-similarity.c */
gssize   _akin_similarity_index_find_row    (AkinSimilarityIndex      *self,
                                             gint64                    track_id);
gboolean _akin_similarity_normalise_into    (float                    *dest,
                                             guint                     stride,
                                             const float              *vector,
                                             guint                     dim,
                                             GError                  **error);
void     _akin_similarity_index_anchor_keys (AkinSimilarityIndex      *self,
                                             const AkinSimilarityKeys *keys,
                                             Anchor                   *anchor);

/* For the benchmark: the index's rows, valid until the next set()/remove(). */
const float *_akin_similarity_index_peek_rows (AkinSimilarityIndex *self,
                                              gsize               *n,
                                              guint               *stride);

G_END_DECLS
