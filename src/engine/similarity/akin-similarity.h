/* akin-similarity.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "library/akin-database.h"
#include "nn/akin-model.h"
#include "audio/akin-timbre.h"

G_BEGIN_DECLS

/* The largest k a query accepts. */
#define AKIN_SIMILARITY_MAX_K 1000

/* Combined queries compute the timbre part only for the best candidates of
 * the cheap parts (encoders' vectors and summary vectors): this many. */
#define AKIN_SIMILARITY_SHORTLIST 1000

/* At most this many tracks form the reference sample of mutual proximity. */
#define AKIN_SIMILARITY_TIMBRE_REFERENCES 1000

/**
 * AkinSimilarityMode:
 * @AKIN_SIMILARITY_MODE_COSINE: the plain cosine of the stored vectors (the
 *   score is in [-1, 1]); timbre models are ignored
 * @AKIN_SIMILARITY_MODE_AE_ONLY: the encoders' vectors only, each dimension
 *   z-scored over the library, cosine, normalised per anchor
 * @AKIN_SIMILARITY_MODE_OTHERS_ONLY: the timbre parts only: the summary
 *   vector (mean and standard deviation of the timbre frames) z-scored,
 *   cosine, and the timbre Gaussian's Jensen–Shannon divergence turned into
 *   mutual proximity, each normalised per anchor, equal weights
 * @AKIN_SIMILARITY_MODE_COMBINED: all three parts, weighted by the index's
 *   #AkinSimilarityWeights (equal unless akin_similarity_index_set_weights()
 *   says otherwise)
 *
 * How a query scores candidates. In every mode but the first, each part's
 * similarities to the anchor are normalised over the candidates (zero mean,
 * unit standard deviation); the (weighted) mean of the parts is 0 for
 * an average candidate, about 2 to 4 for the closest ones, and the score a query
 * reports is akin_similarity_display_score() of it, in (-1, 1). Parts a
 * track lacks (no timbre model yet) count as average. See docs/results.md.
 */
typedef enum
{
  AKIN_SIMILARITY_MODE_COSINE,
  AKIN_SIMILARITY_MODE_AE_ONLY,
  AKIN_SIMILARITY_MODE_OTHERS_ONLY,
  AKIN_SIMILARITY_MODE_COMBINED,
} AkinSimilarityMode;

/**
 * AkinSimilarityWeights:
 * @encoders: weight of the encoders' part
 * @summary: weight of the timbre summary vector's part
 * @timbre: weight of the timbre Gaussian's part
 *
 * How the combined mode weighs its three normalised parts: the combined
 * similarity is their weighted mean. The model file holds the weights that
 * were chosen for it (akin_model_get_combination()); equal weights are the
 * default. A negative or non-finite weight counts as 0.
 */
typedef struct
{
  float encoders;
  float summary;
  float timbre;
} AkinSimilarityWeights;

/**
 * AkinSimilarityExplanation:
 * @score: the score a query gives the neighbour,
 *   akin_similarity_display_score() of @combined
 * @combined: the sum of the three contributions
 * @encoders: the encoders' part of @combined (its normalised similarity
 *   times its weight, divided by the sum of the weights in use)
 * @summary: the summary vector's part of @combined
 * @timbre: the timbre Gaussian's part of @combined
 * @encoders_cosine: the raw cosine of the z-scored encoders' vectors
 * @summary_cosine: the raw cosine of the z-scored summary vectors
 * @timbre_proximity: the mutual proximity of the timbre models, in [0, 1]
 * @has_timbre: whether both tracks have timbre models (else @summary and
 *   @timbre are 0)
 * @has_encoders: whether the encoders' part counts (else @encoders is 0):
 *   not in the encoders-free modes, nor when its weight is 0
 * @n_parts: how many parts @combined averages (1 to 3); 0 in the cosine
 *   mode, where @encoders is the plain cosine
 * @encoders_normalised: the encoders' normalised similarity, before it is
 *   weighted (0 standard deviations: an average candidate)
 * @timbre_normalised: the same for the timbre Gaussian
 *
 * Why a neighbour scored as it did: akin_similarity_explain(). Parts the
 * mode leaves out are 0. Key, tempo and brightness are not part of the
 * score: read them from the tracks' descriptors.
 */
typedef struct
{
  float    score;
  float    combined;
  float    encoders;
  float    summary;
  float    timbre;
  float    encoders_cosine;
  float    summary_cosine;
  float    timbre_proximity;
  gboolean has_timbre;
  gboolean has_encoders;
  guint    n_parts;
  float    encoders_normalised;
  float    timbre_normalised;
} AkinSimilarityExplanation;

/**
 * AkinSimilarityFlags:
 * @AKIN_SIMILARITY_FLAGS_NONE: plain top-k
 * @AKIN_SIMILARITY_SKIP_SAME_ARTIST: leave out tracks by the anchor's artist
 * @AKIN_SIMILARITY_SKIP_SAME_ALBUM: leave out tracks from the anchor's album
 *   (same album artist, or artist, and same album title)
 * @AKIN_SIMILARITY_MERGE_DUPLICATES: tracks of one recording (the same
 *   content key: the content hash, or the recording found by the
 *   fingerprints) count once, reported as the recording's best copy (see
 *   #AkinSimilarityKeys), and copies of the anchor itself are left out
 *
 * Rules applied to a query. Tags are compared case-insensitively; a track
 * with an empty tag never matches on it.
 */
typedef enum
{
  AKIN_SIMILARITY_FLAGS_NONE       = 0,
  AKIN_SIMILARITY_SKIP_SAME_ARTIST = 1 << 0,
  AKIN_SIMILARITY_SKIP_SAME_ALBUM  = 1 << 1,
  AKIN_SIMILARITY_MERGE_DUPLICATES = 1 << 2,
} AkinSimilarityFlags;

/**
 * AkinSimilarityKeys:
 * @artist: (nullable): the artist tag
 * @album_artist: (nullable): the album artist tag
 * @album: (nullable): the album tag
 * @content_hash: (nullable): the file's content key: its content hash, or
 *   for a track of a recording found by the fingerprints, a key naming the
 *   recording (akin_similarity_index_new_from_database() reads it so)
 * @best_copy: the id of the best copy of the track's recording, 0 when
 *   unknown; merged queries report a recording as that track
 *
 * What the rules compare, for a track in the index or an external anchor.
 */
typedef struct
{
  const char *artist;
  const char *album_artist;
  const char *album;
  const char *content_hash;
  gint64      best_copy;
} AkinSimilarityKeys;

/**
 * AkinSimilarityMatch:
 * @track_id: a similar track
 * @score: the similarity to the anchor: the cosine, in [-1, 1], in
 *   %AKIN_SIMILARITY_MODE_COSINE, else in (-1, 1) too, from the mean of
 *   the normalised parts (see #AkinSimilarityMode)
 * @explanation: how each part made @score, as akin_similarity_explain()
 *   gives it (computed with the query's own statistics, at no extra cost)
 */
typedef struct
{
  gint64                    track_id;
  float                     score;
  AkinSimilarityExplanation explanation;
} AkinSimilarityMatch;

typedef struct _AkinSimilarityIndex AkinSimilarityIndex;

AkinSimilarityIndex *akin_similarity_index_new           (guint                      dim);
GArray              *akin_similarity_index_dup_damaged (AkinSimilarityIndex *self);
AkinSimilarityIndex *akin_similarity_index_new_from_database (AkinDatabase          *db,
                                                          const char                *model_id,
                                                          guint                      dim,
                                                          GError                   **error);
gboolean             akin_similarity_index_load_from_database (AkinSimilarityIndex *self,
                                                          AkinDatabase              *db,
                                                          const char                *model_id,
                                                          GError                   **error);
gboolean             akin_similarity_index_save_statistics (AkinSimilarityIndex     *self,
                                                          AkinDatabase              *db,
                                                          GError                   **error);
AkinSimilarityIndex *akin_similarity_index_ref           (AkinSimilarityIndex       *self);
void                 akin_similarity_index_unref         (AkinSimilarityIndex       *self);
guint                akin_similarity_index_get_dim       (AkinSimilarityIndex       *self);
guint                akin_similarity_index_get_size      (AkinSimilarityIndex       *self);
gboolean             akin_similarity_index_contains      (AkinSimilarityIndex       *self,
                                                          gint64                     track_id);
gboolean             akin_similarity_index_set           (AkinSimilarityIndex       *self,
                                                          gint64                     track_id,
                                                          const float               *vector,
                                                          guint                      dim,
                                                          const AkinSimilarityKeys  *keys,
                                                          GError                   **error);
gboolean             akin_similarity_index_set_recording (AkinSimilarityIndex       *self,
                                                          gint64                     track_id,
                                                          const char                *content_key,
                                                          gint64                     best_copy);
gboolean             akin_similarity_index_update_recordings (AkinSimilarityIndex   *self,
                                                          AkinDatabase              *db,
                                                          GError                   **error);
gboolean             akin_similarity_index_remove        (AkinSimilarityIndex       *self,
                                                          gint64                     track_id);
GArray              *akin_similarity_index_query_track   (AkinSimilarityIndex       *self,
                                                          gint64                     track_id,
                                                          guint                      k,
                                                          AkinSimilarityFlags        flags,
                                                          GError                   **error);

/* The combined similarity (akin-similarity-combined.c) */
void                 akin_similarity_index_set_mode      (AkinSimilarityIndex       *self,
                                                          AkinSimilarityMode         mode);
void                 akin_similarity_index_set_weights   (AkinSimilarityIndex       *self,
                                                          const AkinSimilarityWeights *weights);
void                 akin_similarity_weights_from_model  (const AkinModel           *model,
                                                          AkinSimilarityWeights     *weights);
void                 akin_similarity_weights_from_combination (const float        combination[AKIN_MODEL_N_PARTS],
                                                               AkinSimilarityWeights *weights);
gboolean             akin_similarity_index_set_timbre    (AkinSimilarityIndex       *self,
                                                          gint64                     track_id,
                                                          const AkinTimbreModel     *model,
                                                          GError                   **error);
GArray              *akin_similarity_index_query_external (AkinSimilarityIndex      *self,
                                                          const float               *vector,
                                                          guint                      dim,
                                                          const AkinTimbreModel     *timbre,
                                                          const AkinSimilarityKeys  *keys,
                                                          guint                      k,
                                                          AkinSimilarityFlags        flags,
                                                          GError                   **error);
gboolean             akin_similarity_explain             (AkinSimilarityIndex       *self,
                                                          gint64                     anchor_id,
                                                          gint64                     other_id,
                                                          AkinSimilarityExplanation *out);

/* The scoring kernel, exposed for the benchmark: out[i] = rows[i] · query
 * for @n rows of @stride floats (a multiple of 4) whose first @dim count. */
void                 akin_similarity_score_rows          (const float               *rows,
                                                          gsize                      n,
                                                          guint                      stride,
                                                          const float               *query,
                                                          float                     *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinSimilarityIndex, akin_similarity_index_unref)

G_END_DECLS
