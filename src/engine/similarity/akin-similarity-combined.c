/* akin-similarity-combined.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The combined similarity of docs/results.md §3: three parts, each
 * normalised per anchor over the candidates (zero mean, unit standard
 * deviation), averaged with the index's weights (equal by default; the
 * model file holds those chosen for it):
 *
 * 1. the encoders' vector, each dimension z-scored over the library, cosine;
 * 2. the summary vector (mean ⊕ standard deviation of the 27 timbre
 *    dimensions, read from the timbre model's mean and diagonal), z-scored
 *    over the tracks that have one, cosine;
 * 3. the timbre Gaussian: Jensen–Shannon divergence turned into mutual
 *    proximity with each track's mean and standard deviation of divergences
 *    to a reference sample.
 *
 * Library statistics. The z-scoring statistics are recomputed (and every
 * standardised row with them) whenever the number of tracks has moved by
 * more than a sixteenth since they were last computed; in between, a new
 * or replaced track is standardised with the current ones. Building from a
 * database computes them once, at the end.
 *
 * Reference sample. Up to %AKIN_SIMILARITY_TIMBRE_REFERENCES tracks with a
 * timbre model, those whose id hashes lowest (deterministic, independent of
 * the order tracks arrive in). An index built from a database uses the
 * sample stored there (akin-similarity-store.c) and chooses one only when
 * there is none, or when it is not full and the library's timbre models
 * have doubled since; the same rule applies while tracks are added. A full
 * sample therefore never changes: not when tracks that hash lower arrive,
 * not when a reference track is removed or analysed again (the sample
 * keeps its own copy of each reference's model). A new sample means every
 * track's statistics again. A song outside the library gets its statistics
 * against the sample at query time (one divergence per reference, about
 * 2.3 ms for 1000).
 *
 * Statistics. One divergence per track and reference, about 2.3 ms of CPU
 * per track with a full sample (4 min for 100 000 tracks), on every core
 * when building. They are stored in the database with the sample's
 * identity: a build computes only those missing or stale (new tracks,
 * tracks analysed again, a new sample) and writes them back.
 *
 * Memory. Of each timbre model the index keeps what the divergence reads,
 * 924 bytes instead of 3136 (AkinSimilarityTimbre: the mean, the
 * covariance's diagonal and log-determinant, the correlations in 16-bit
 * fixed point; see akin-similarity-timbre.c for the precision).
 *
 * Speed. A query scores the two cheap parts for every track (two dot
 * products per row), keeps the best %AKIN_SIMILARITY_SHORTLIST candidates
 * that pass the rules, and computes the timbre part for those only; the
 * timbre part is normalised over the shortlist. With fewer candidates than
 * the shortlist this is the exact combined similarity.
 *
 * This file keeps the library statistics and the timbre models; the
 * sample and the mutual proximity statistics are in
 * akin-similarity-timbre.c, their storage in akin-similarity-store.c,
 * queries and akin_similarity_explain() in akin-similarity-combined-query.c.
 *
 * Threads: as for the rest of the index; queries and akin_similarity_explain()
 * take the reader lock, set_timbre() and set_mode() the writer lock.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-error.h"
#include "akin-similarity-private.h"

#define ALIGNMENT 64

void
_akin_similarity_combined_init (AkinSimilarityIndex *self)
{
  self->mode = AKIN_SIMILARITY_MODE_COSINE;
  self->weights = (AkinSimilarityWeights) { 1.0f, 1.0f, 1.0f };
  self->max_refs = AKIN_SIMILARITY_TIMBRE_REFERENCES;
}

void
_akin_similarity_combined_clear (AkinSimilarityIndex *self)
{
  g_free (self->ae_inv);
  g_free (self->ae_mean);
  g_free (self->ae_scale);
  g_free (self->has_timbre);
  g_free (self->timbre);
  g_free (self->norm);
  g_free (self->norm_state);
  g_aligned_free (self->summary);
  g_free (self->sum_inv);
  g_free (self->refs);
  g_free (self->ref_ids);
}

static float *
realloc_rows (float *old,
              gsize  n,
              gsize  capacity,
              guint  stride)
{
  float *rows = g_aligned_alloc0 (capacity * stride, sizeof (float), ALIGNMENT);

  if (old != NULL && n > 0)
    memcpy (rows, old, n * stride * sizeof (float));
  g_aligned_free (old);
  return rows;
}

/* Writer lock held; self->capacity is already the new one. */
void
_akin_similarity_combined_grow (AkinSimilarityIndex *self,
                                gsize                old_capacity,
                                gboolean             stride_changed)
{
  gsize n = self->n;

  if (stride_changed)
    {
      g_clear_pointer (&self->ae_mean, g_free);
      g_clear_pointer (&self->ae_scale, g_free);
    }
  self->ae_inv = g_renew (float, self->ae_inv, self->capacity);
  self->summary = realloc_rows (self->summary, n, self->capacity, AKIN_SIMILARITY_SUMMARY_STRIDE);
  self->sum_inv = g_renew (float, self->sum_inv, self->capacity);
  self->has_timbre = g_renew (guint8, self->has_timbre, self->capacity);
  self->timbre = g_renew (AkinSimilarityTimbre, self->timbre, self->capacity);
  self->norm = g_renew (AkinTimbreNorm, self->norm, self->capacity);
  self->norm_state = g_renew (guint8, self->norm_state, self->capacity);
  (void) old_capacity;
}

gboolean
_akin_similarity_stale (gsize now,
       gsize then)
{
  gsize diff = now > then ? now - then : then - now;

  return then == 0 || diff * 16 > then;
}

/* Standardises @src (@dim values) with @mean and @scale into @dest
 * (@stride values), L2-normalised; all zeros when nothing is left. */
void
_akin_similarity_standardise (float       *dest,
             guint        stride,
             const float *src,
             guint        dim,
             const float *mean,
             const float *scale)
{
  double norm = 0.0;

  for (guint j = 0; j < dim; j++)
    {
      float z = (src[j] - mean[j]) * scale[j];

      dest[j] = z;
      norm += (double) z * z;
    }
  norm = sqrt (norm);
  for (guint j = 0; j < dim; j++)
    dest[j] = norm > 1e-12 ? (float) (dest[j] / norm) : 0.0f;
  for (guint j = dim; j < stride; j++)
    dest[j] = 0.0f;
}

/* 1 / ‖(src − mean) · scale‖, or 0 for a vector at the mean: what
 * _akin_similarity_standardise() divides by. */
float
_akin_similarity_inverse_norm (const float *src,
                               guint        dim,
                               const float *mean,
                               const float *scale)
{
  double norm = 0.0;

  for (guint j = 0; j < dim; j++)
    {
      float z = (src[j] - mean[j]) * scale[j];

      norm += (double) z * z;
    }
  norm = sqrt (norm);
  return norm > 1e-12 ? (float) (1.0 / norm) : 0.0f;
}

/* Mean and 1 / standard deviation per dimension of the selected rows. */
static void
column_statistics (const float   *rows,
                   gsize          n,
                   guint          stride,
                   guint          dim,
                   const guint8  *select,   /* (nullable): all rows */
                   float         *mean,
                   float         *scale)
{
  g_autofree double *sum = g_new0 (double, dim);
  g_autofree double *sum2 = g_new0 (double, dim);
  gsize count = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (select != NULL && !select[i])
        continue;
      for (guint j = 0; j < dim; j++)
        {
          double x = rows[i * stride + j];

          sum[j] += x;
          sum2[j] += x * x;
        }
      count++;
    }
  for (guint j = 0; j < dim; j++)
    {
      double m = count > 0 ? sum[j] / count : 0.0;
      double var = count > 0 ? MAX (sum2[j] / count - m * m, 0.0) : 0.0;
      double sd = sqrt (var);

      mean[j] = (float) m;
      /* A constant dimension is 0 after centring whatever its scale. */
      scale[j] = sd > 1e-7 ? (float) (1.0 / sd) : 1.0f;
    }
}

void
_akin_similarity_refresh_ae (AkinSimilarityIndex *self)
{
  if (self->ae_mean == NULL)
    {
      self->ae_mean = g_new0 (float, self->dim);
      self->ae_scale = g_new0 (float, self->dim);
    }
  column_statistics (self->rows, self->n, self->stride, self->dim, NULL, self->ae_mean,
                     self->ae_scale);
  for (gsize i = 0; i < self->n; i++)
    self->ae_inv[i] = _akin_similarity_inverse_norm (self->rows + i * self->stride, self->dim,
                                                     self->ae_mean, self->ae_scale);
  self->ae_stats_n = self->n;
}

void
_akin_similarity_refresh_summary (AkinSimilarityIndex *self)
{
  column_statistics (self->summary, self->n, AKIN_SIMILARITY_SUMMARY_STRIDE,
                     AKIN_SIMILARITY_SUMMARY_DIM, self->has_timbre, self->sum_mean,
                     self->sum_scale);
  for (gsize i = 0; i < self->n; i++)
    self->sum_inv[i] = self->has_timbre[i]
                         ? _akin_similarity_inverse_norm (
                             self->summary + i * AKIN_SIMILARITY_SUMMARY_STRIDE,
                             AKIN_SIMILARITY_SUMMARY_DIM, self->sum_mean, self->sum_scale)
                         : 0.0f;
  self->sum_stats_n = self->n_timbre;
}

/* Writer lock held: row @row has a new vector. */
void
_akin_similarity_combined_row_set (AkinSimilarityIndex *self,
                                   gsize                row,
                                   gboolean             is_new)
{
  if (is_new)
    self->has_timbre[row] = FALSE;
  if (self->defer_norms)
    return;
  if (self->ae_mean == NULL || _akin_similarity_stale (self->n, self->ae_stats_n))
    _akin_similarity_refresh_ae (self);
  else
    self->ae_inv[row] = _akin_similarity_inverse_norm (self->rows + row * self->stride, self->dim,
                                                       self->ae_mean, self->ae_scale);
}

void
_akin_similarity_combined_row_move (AkinSimilarityIndex *self,
                                    gsize                to,
                                    gsize                from)
{
  self->ae_inv[to] = self->ae_inv[from];
  self->sum_inv[to] = self->sum_inv[from];
  memcpy (self->summary + to * AKIN_SIMILARITY_SUMMARY_STRIDE,
          self->summary + from * AKIN_SIMILARITY_SUMMARY_STRIDE,
          AKIN_SIMILARITY_SUMMARY_STRIDE * sizeof (float));
  self->has_timbre[to] = self->has_timbre[from];
  self->timbre[to] = self->timbre[from];
  self->norm[to] = self->norm[from];
  self->norm_state[to] = self->norm_state[from];
}

void
_akin_similarity_combined_removed (AkinSimilarityIndex *self,
                                   gsize                row)
{
  if (self->has_timbre[row])
    self->n_timbre--;
}

/* The mean frame, then the standard deviation of each dimension (the
 * square root of the covariance's diagonal). */
void
_akin_similarity_summary_of (const AkinSimilarityTimbre *model,
                             float                      *out)
{
  for (guint i = 0; i < AKIN_TIMBRE_DIM; i++)
    {
      out[i] = model->mean[i];
      out[AKIN_TIMBRE_DIM + i] = sqrtf (MAX (model->var[i], 0.0f));
    }
  for (guint j = AKIN_SIMILARITY_SUMMARY_DIM; j < AKIN_SIMILARITY_SUMMARY_STRIDE; j++)
    out[j] = 0.0f;
}

/**
 * akin_similarity_index_set_mode:
 * @self: an index
 * @mode: how queries score candidates
 *
 * An index made with akin_similarity_index_new() starts in
 * %AKIN_SIMILARITY_MODE_COSINE, one built from a database in
 * %AKIN_SIMILARITY_MODE_COMBINED. Any thread.
 */
void
akin_similarity_index_set_mode (AkinSimilarityIndex *self,
                                AkinSimilarityMode   mode)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (mode <= AKIN_SIMILARITY_MODE_COMBINED);

  g_rw_lock_writer_lock (&self->lock);
  self->mode = mode;
  g_rw_lock_writer_unlock (&self->lock);
}

static float
sane_weight (float w)
{
  return isfinite (w) && w > 0.0f ? w : 0.0f;
}

/**
 * akin_similarity_index_set_weights:
 * @self: an index
 * @weights: the weights of the combined mode's three parts
 *
 * Sets how %AKIN_SIMILARITY_MODE_COMBINED weighs its parts (equal weights
 * until then). Negative and non-finite weights count as 0; if all are 0,
 * the parts get equal weights. The other modes are not affected. Any
 * thread.
 */
void
akin_similarity_index_set_weights (AkinSimilarityIndex         *self,
                                   const AkinSimilarityWeights *weights)
{
  AkinSimilarityWeights w;

  g_return_if_fail (self != NULL);
  g_return_if_fail (weights != NULL);

  w.encoders = sane_weight (weights->encoders);
  w.summary = sane_weight (weights->summary);
  w.timbre = sane_weight (weights->timbre);
  if (w.encoders + w.summary + w.timbre <= 0.0f)
    w = (AkinSimilarityWeights) { 1.0f, 1.0f, 1.0f };
  g_rw_lock_writer_lock (&self->lock);
  self->weights = w;
  g_rw_lock_writer_unlock (&self->lock);
}

/**
 * akin_similarity_index_get_weights:
 * @self: an index
 * @weights: (out): the weights of the combined mode's parts
 */
void
akin_similarity_index_get_weights (AkinSimilarityIndex   *self,
                                   AkinSimilarityWeights *weights)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (weights != NULL);

  g_rw_lock_reader_lock (&self->lock);
  *weights = self->weights;
  g_rw_lock_reader_unlock (&self->lock);
}

/**
 * akin_similarity_weights_from_model:
 * @model: a model
 * @weights: (out): the weights chosen for @model's vectors
 *
 * The combination a model file holds: the weights of the encoders' part
 * and of the two timbre parts, chosen for the model on songs it was not
 * trained on (equal weights in files older than format 4).
 */
void
akin_similarity_weights_from_model (const AkinModel       *model,
                                    AkinSimilarityWeights *weights)
{
  g_return_if_fail (model != NULL);
  g_return_if_fail (weights != NULL);

  akin_similarity_weights_from_combination (model->combination, weights);
}

/**
 * akin_similarity_weights_from_combination:
 * @combination: (array fixed-size=3): a model's #AkinModel.combination (or
 *   #AkinModelSummary.combination)
 * @weights: (out): the same weights for an index
 */
void
akin_similarity_weights_from_combination (const float            combination[AKIN_MODEL_N_PARTS],
                                          AkinSimilarityWeights *weights)
{
  g_return_if_fail (combination != NULL);
  g_return_if_fail (weights != NULL);

  weights->encoders = combination[AKIN_MODEL_PART_ENCODERS];
  weights->summary = combination[AKIN_MODEL_PART_TIMBRE_SUMMARY];
  weights->timbre = combination[AKIN_MODEL_PART_TIMBRE_GAUSSIAN];
}

/**
 * akin_similarity_index_get_mode:
 * @self: an index
 *
 * Returns: how queries score candidates
 */
AkinSimilarityMode
akin_similarity_index_get_mode (AkinSimilarityIndex *self)
{
  AkinSimilarityMode mode;

  g_return_val_if_fail (self != NULL, AKIN_SIMILARITY_MODE_COSINE);
  g_rw_lock_reader_lock (&self->lock);
  mode = self->mode;
  g_rw_lock_reader_unlock (&self->lock);
  return mode;
}

/**
 * akin_similarity_index_set_timbre:
 * @self: an index
 * @track_id: a track already in the index (akin_similarity_index_set())
 * @model: its timbre model (copied)
 * @error: %AKIN_ERROR_NOT_ANALYZED when the track is not in the index
 *
 * Adds or replaces a track's timbre model, for the summary and timbre
 * parts of the combined similarity. Computes the track's mutual proximity
 * statistics (about 2.3 ms with a full reference sample), or, when the
 * library's timbre models have doubled and the sample is not full, chooses
 * the sample again and recomputes every track's (see the top of this file).
 * akin_similarity_index_save_statistics() then stores what was computed.
 * Any thread; waits for running queries.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_similarity_index_set_timbre (AkinSimilarityIndex   *self,
                                  gint64                 track_id,
                                  const AkinTimbreModel *model,
                                  GError               **error)
{
  gssize row;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (model != NULL, FALSE);

  g_rw_lock_writer_lock (&self->lock);
  row = _akin_similarity_index_find_row (self, track_id);
  if (row < 0)
    {
      g_rw_lock_writer_unlock (&self->lock);
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED,
                   "Track %" G_GINT64_FORMAT " has no vector in the similarity index", track_id);
      return FALSE;
    }
  if (!self->has_timbre[row])
    self->n_timbre++;
  self->has_timbre[row] = TRUE;
  _akin_similarity_timbre_from_model (model, &self->timbre[row]);
  self->norm_state[row] = AKIN_NORM_NONE;
  _akin_similarity_summary_of (&self->timbre[row], self->summary + (gsize) row * AKIN_SIMILARITY_SUMMARY_STRIDE);

  if (!self->defer_norms)
    {
      if (_akin_similarity_stale (self->n_timbre, self->sum_stats_n))
        _akin_similarity_refresh_summary (self);
      else
        self->sum_inv[row] = _akin_similarity_inverse_norm (
          self->summary + (gsize) row * AKIN_SIMILARITY_SUMMARY_STRIDE,
          AKIN_SIMILARITY_SUMMARY_DIM, self->sum_mean, self->sum_scale);
      if (self->n_refs == 0 || (self->n_refs < self->max_refs && self->n_timbre >= 2 * self->refs_n))
        _akin_similarity_choose_references (self);
      else
        _akin_similarity_compute_norms (self);
    }
  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}
