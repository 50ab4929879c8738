/* akin-similarity-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the akin-similarity*.c files only.
 */

#pragma once

#include "akin-similarity.h"
#include "akin-similarity-why.h"

G_BEGIN_DECLS

/* The summary vector: mean ⊕ standard deviation of the timbre frames. */
#define AKIN_SIMILARITY_SUMMARY_DIM    (2 * AKIN_TIMBRE_DIM)
#define AKIN_SIMILARITY_SUMMARY_STRIDE ((AKIN_SIMILARITY_SUMMARY_DIM + 3) & ~3)

/* Off-diagonal values of the packed covariance, plus one spare so the
 * struct has no padding (its bytes are compared, digested and stored). */
#define AKIN_SIMILARITY_TIMBRE_CORR (AKIN_TIMBRE_DIM * (AKIN_TIMBRE_DIM - 1) / 2 + 1)
/* A correlation r is stored as round (r × SCALE). */
#define AKIN_SIMILARITY_TIMBRE_CORR_SCALE 32767.0

/* What the index keeps of a timbre model, 924 bytes instead of 3136: what
 * the Jensen–Shannon divergence and the summary vector read, with the
 * covariance as its diagonal (exact) and the correlations between
 * dimensions in 16-bit fixed point (absolute error ≤ 1.5e-5). See
 * akin-similarity-timbre.c for what that costs in precision. The stored
 * reference sample holds these bytes as they are (akin-similarity-store.c
 * reads a reference of another size as a damaged sample): a new layout of
 * the same size needs a new key for the sample. */
typedef struct
{
  float  mean[AKIN_TIMBRE_DIM];
  float  var[AKIN_TIMBRE_DIM];     /* the covariance's diagonal */
  float  logdet;                   /* ln det of the full-precision covariance */
  gint16 corr[AKIN_SIMILARITY_TIMBRE_CORR]; /* packed upper triangle without
                                             * the diagonal, by rows; last 0 */
} AkinSimilarityTimbre;

/* Where a row's mutual proximity statistics come from. */
enum
{
  AKIN_NORM_NONE,     /* not computed yet */
  AKIN_NORM_STORED,   /* read from, or written to, the database */
  AKIN_NORM_DIRTY,    /* computed, not written yet */
};

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
  gint64          *best_copy;   /* the recording's best copy, 0 when none */

  GHashTable      *by_id;       /* gint64* → row + 1 */
  GHashTable      *interned;    /* normalised key text → guint32 */

  /* The combined similarity (akin-similarity-combined.c). */
  AkinSimilarityMode mode;
  AkinSimilarityWeights weights; /* of the parts in the combined mode */
  float           *ae_inv;      /* capacity: 1 / ‖row z-scored‖ (0 at the mean): the
                                 * z-scored, normalised rows are never stored, a
                                 * query folds the z-scoring into its own vector */
  float           *ae_mean;     /* dim: library statistics of the rows */
  float           *ae_scale;    /* dim: 1 / standard deviation */
  gsize            ae_stats_n;  /* n when they were computed */
  guint8          *has_timbre;  /* capacity */
  AkinSimilarityTimbre *timbre; /* capacity */
  AkinTimbreNorm  *norm;        /* capacity: mutual proximity statistics */
  guint8          *norm_state;  /* capacity: AKIN_NORM_* */
  float           *summary;     /* capacity × SUMMARY_STRIDE: raw summary vectors */
  float           *sum_inv;     /* capacity: the same for the summary vectors */
  float            sum_mean[AKIN_SIMILARITY_SUMMARY_STRIDE];
  float            sum_scale[AKIN_SIMILARITY_SUMMARY_STRIDE];
  gsize            n_timbre;    /* rows with a timbre model */
  gsize            sum_stats_n; /* n_timbre when the summary statistics were computed */
  AkinSimilarityTimbre *refs;   /* the reference sample, by (hash, id) */
  gint64          *ref_ids;
  guint            n_refs;
  gsize            refs_n;      /* n_timbre when the sample was chosen */
  guint            max_refs;
  char             sample_id[17]; /* the sample's identity (hex digest) */
  gboolean         sample_dirty;  /* chosen, not written to the database yet */
  gboolean         defer_norms; /* building from a database: norms at the end */
  guint            norms_computed; /* statistics computed since the index was made */
  guint            norms_loaded;   /* read from the database */
  GArray          *damaged;     /* gint64: tracks whose stored vector was unusable */
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

/* akin-similarity-index.c */
gssize   _akin_similarity_index_find_row    (AkinSimilarityIndex      *self,
                                             gint64                    track_id);
gint64   _akin_similarity_index_shown_id    (AkinSimilarityIndex      *self,
                                             gsize                     row,
                                             gboolean                  merge);
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
float    _akin_similarity_inverse_norm      (const float              *src,
                                             guint                     dim,
                                             const float              *mean,
                                             const float              *scale);
void     _akin_similarity_summary_of        (const AkinSimilarityTimbre *model,
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
void     _akin_similarity_refresh_summary   (AkinSimilarityIndex      *self);
void     _akin_similarity_refresh_ae        (AkinSimilarityIndex      *self);
gboolean _akin_similarity_stale             (gsize                     now,
                                             gsize                     then);
/* akin-similarity-timbre.c */
void     _akin_similarity_timbre_from_model (const AkinTimbreModel    *model,
                                             AkinSimilarityTimbre     *out);
double   _akin_similarity_timbre_divergence (const AkinSimilarityTimbre *a,
                                             const AkinSimilarityTimbre *b);
void     _akin_similarity_timbre_norm       (const AkinSimilarityTimbre *model,
                                             const AkinSimilarityTimbre *references,
                                             guint                     n_references,
                                             AkinTimbreNorm           *norm);
guint64  _akin_similarity_hash_id           (gint64                    id);
void     _akin_similarity_set_references    (AkinSimilarityIndex      *self,
                                             const gint64             *ids,
                                             const AkinSimilarityTimbre *models,
                                             guint                     n);
void     _akin_similarity_choose_references (AkinSimilarityIndex      *self);
void     _akin_similarity_compute_norms     (AkinSimilarityIndex      *self);
void     _akin_similarity_index_begin_build (AkinSimilarityIndex      *self);
void     _akin_similarity_index_finish_build (AkinSimilarityIndex     *self);
/* akin-similarity-store.c */
gboolean _akin_similarity_index_fill_from_database (AkinSimilarityIndex *self,
                                                    AkinDatabase        *db,
                                                    const char          *model_id,
                                                    GError             **error);
gboolean _akin_similarity_index_load_statistics (AkinSimilarityIndex *self,
                                                 AkinDatabase        *db,
                                                 GError             **error);
/* For the tests and the benchmark: statistics computed and read from the
 * database since the index was made. */
void     _akin_similarity_index_get_norm_counts (AkinSimilarityIndex *self,
                                                 guint               *computed,
                                                 guint               *loaded);
/* akin-similarity-combined-query.c */
GArray  *_akin_similarity_combined_query    (AkinSimilarityIndex      *self,
                                             gssize                    anchor_row,
                                             const float              *vector,
                                             const AkinTimbreModel    *timbre,
                                             const Anchor             *anchor,
                                             guint                     k,
                                             AkinSimilarityFlags       flags);
void     _akin_similarity_combined_explain  (AkinSimilarityIndex      *self,
                                             gssize                    anchor_row,
                                             const float              *vector,
                                             const AkinTimbreModel    *timbre,
                                             const gssize             *rows,
                                             guint                     n_rows,
                                             AkinSimilarityExplanation *out);

/* For the benchmark and the tests: the size of the reference sample
 * (before any timbre model is added). */
void     _akin_similarity_index_set_max_references (AkinSimilarityIndex *self,
                                                    guint                max_refs);

/* For the benchmark: the index's rows, valid until the next set()/remove(). */
const float *_akin_similarity_index_peek_rows (AkinSimilarityIndex *self,
                                              gsize               *n,
                                              guint               *stride);

/* For the tests: a query by a bare vector, the mode and weights in use, and
 * the scale a combined score is reported on (akin-similarity-query.c,
 * akin-similarity-combined.c, akin-similarity-combined-query.c). */
GArray              *akin_similarity_index_query_vector  (AkinSimilarityIndex       *self,
                                                          const float               *vector,
                                                          guint                      dim,
                                                          const AkinSimilarityKeys  *keys,
                                                          guint                      k,
                                                          AkinSimilarityFlags        flags,
                                                          GError                   **error);
AkinSimilarityMode   akin_similarity_index_get_mode      (AkinSimilarityIndex       *self);
void                 akin_similarity_index_get_weights   (AkinSimilarityIndex       *self,
                                                          AkinSimilarityWeights     *weights);
float                akin_similarity_display_score       (float                      combined);

/* For the tests: why one neighbour is similar (akin-similarity-why.c). */
gboolean akin_similarity_why                  (AkinSimilarityIndex        *index,
                                               gint64                      anchor_id,
                                               gint64                      other_id,
                                               const AkinDescriptorRecord *anchor,
                                               const AkinDescriptorRecord *other,
                                               AkinSimilarityWhy          *out,
                                               GError                    **error);

/* The contributions of the descriptor aspects (akin-similarity-why.c). */
float    akin_similarity_key_contribution     (AkinKeyRelation             relation);
float    akin_similarity_tempo_contribution   (double                      ratio);
float    akin_similarity_brightness_contribution (double                   log2_ratio);

G_END_DECLS
