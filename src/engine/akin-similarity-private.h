/* akin-similarity-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by akin-similarity.c and akin-similarity-kernel.c only.
 */

#pragma once

#include "akin-similarity.h"

G_BEGIN_DECLS

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

/* For the benchmark: the index's rows, valid until the next set()/remove(). */
const float *_akin_similarity_index_peek_rows (AkinSimilarityIndex *self,
                                              gsize               *n,
                                              guint               *stride);

G_END_DECLS
