/* akin-similarity-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the akin-similarity*.c files only.
 */

#pragma once

#include "akin-similarity.h"

G_BEGIN_DECLS

/* The summary vector: mean ⊕ standard deviation of the timbre frames. */
#define AKIN_SIMILARITY_SUMMARY_DIM    (2 * AKIN_TIMBRE_DIM)
#define AKIN_SIMILARITY_SUMMARY_STRIDE ((AKIN_SIMILARITY_SUMMARY_DIM + 3) & ~3)

/* ref_count and lock must stay the first members, and dim the next:
 * akin_similarity_index_load_from_database() swaps everything after them. */
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

  /* The combined similarity (akin-similarity-combined.c). */
  AkinSimilarityMode mode;
  float           *zrows;       /* capacity × stride: rows z-scored, L2-normalised */
  float           *ae_mean;     /* dim: library statistics of the rows */
  float           *ae_scale;    /* dim: 1 / standard deviation */
  gsize            ae_stats_n;  /* n when they were computed */
  guint8          *has_timbre;  /* capacity */
  AkinTimbreModel *timbre;      /* capacity */
  AkinTimbreNorm  *norm;        /* capacity: mutual proximity statistics */
  float           *summary;     /* capacity × SUMMARY_STRIDE: raw summary vectors */
  float           *zsummary;    /* capacity × SUMMARY_STRIDE: z-scored, L2-normalised */
  float            sum_mean[AKIN_SIMILARITY_SUMMARY_STRIDE];
  float            sum_scale[AKIN_SIMILARITY_SUMMARY_STRIDE];
  gsize            n_timbre;    /* rows with a timbre model */
  gsize            sum_stats_n; /* n_timbre when the summary statistics were computed */
  AkinTimbreModel *refs;        /* the reference sample of mutual proximity */
  guint            n_refs;
  gsize            refs_n;      /* n_timbre when the sample was chosen */
  guint            max_refs;
  gboolean         defer_norms; /* building from a database: norms at the end */
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

/* akin-similarity-combined.c */
void     _akin_similarity_standardise       (float                    *dest,
                                             guint                     stride,
                                             const float              *src,
                                             guint                     dim,
                                             const float              *mean,
                                             const float              *scale);
void     _akin_similarity_summary_of        (const AkinTimbreModel    *model,
                                             float                    *out);
void     _akin_similarity_combined_init     (AkinSimilarityIndex      *self);
void     _akin_similarity_combined_clear    (AkinSimilarityIndex      *self);
void     _akin_similarity_combined_grow     (AkinSimilarityIndex      *self,
                                             gsize                     old_capacity,
                                             gboolean                  stride_changed);
void     _akin_similarity_combined_row_set  (AkinSimilarityIndex      *self,
                                             gsize                     row,
                                             gboolean                  is_new);
void     _akin_similarity_combined_row_move (AkinSimilarityIndex      *self,
                                             gsize                     to,
                                             gsize                     from);
void     _akin_similarity_combined_removed  (AkinSimilarityIndex      *self,
                                             gsize                     row);
void     _akin_similarity_index_begin_build (AkinSimilarityIndex      *self);
void     _akin_similarity_index_finish_build (AkinSimilarityIndex     *self);
/* akin-similarity-combined-query.c */
GArray  *_akin_similarity_combined_query    (AkinSimilarityIndex      *self,
                                             gssize                    anchor_row,
                                             const float              *vector,
                                             const AkinTimbreModel    *timbre,
                                             const Anchor             *anchor,
                                             guint                     k,
                                             AkinSimilarityFlags       flags);

/* For the benchmark and the tests: the size of the reference sample
 * (before any timbre model is added). */
void     _akin_similarity_index_set_max_references (AkinSimilarityIndex *self,
                                                    guint                max_refs);

/* For the benchmark: the index's rows, valid until the next set()/remove(). */
const float *_akin_similarity_index_peek_rows (AkinSimilarityIndex *self,
                                              gsize               *n,
                                              guint               *stride);

G_END_DECLS
