/* akin-similarity-why-parts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The index parts of "why similar": for one anchor (a library track or a
 * song outside the library, given by its vector and timbre model) and a
 * few neighbours, what akin_similarity_explain() reports for each, with
 * the anchor's statistics computed once rather than once per neighbour.
 * The computation follows the combined query step by step (see
 * akin-similarity-combined-query.c): the encoders' and summary cosines
 * z-normalised over every candidate, the timbre part's mutual proximity
 * z-normalised over the shortlist of the best cheap scores without rules.
 * The tests hold it to akin_similarity_explain() and to the scores of
 * akin_similarity_index_query_external().
 *
 * Threads: any; the index's reader lock is held while computing.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-error.h"
#include "akin-similarity-private.h"
#include "akin-similarity-why.h"

#define BLOCK 1024

typedef struct
{
  gboolean               use_ae, use_summary;
  guint                  n_parts;
  const AkinSimilarityTimbre *timbre;   /* the anchor's */
  AkinSimilarityTimbre   external;      /* an outside anchor's, compacted */
  AkinTimbreNorm         norm;
  float                 *ae, *su;       /* raw cosines, one per row */
  double                 ae_mean, ae_sd, su_mean, su_sd, tm_mean, tm_sd;
} Parts;

static void
mean_sd (double  sum,
         double  sum2,
         gsize   count,
         double *mean,
         double *sd)
{
  *mean = count > 0 ? sum / count : 0.0;
  *sd = count > 1 ? sqrt (MAX (sum2 / count - *mean * *mean, 0.0)) : 0.0;
}

static inline float
zvalue (double x,
        double mean,
        double sd)
{
  return sd > 1e-12 ? (float) ((x - mean) / sd) : 0.0f;
}

static inline float
cheap_score (AkinSimilarityIndex *self,
             const Parts         *p,
             gsize                i)
{
  float score = 0.0f;

  if (p->use_ae)
    score += zvalue (p->ae[i], p->ae_mean, p->ae_sd);
  if (p->use_summary && self->has_timbre[i])
    score += zvalue (p->su[i], p->su_mean, p->su_sd);
  return score;
}

static double
proximity (AkinSimilarityIndex *self,
           const Parts         *p,
           gsize                row)
{
  double d = _akin_similarity_timbre_divergence (p->timbre, &self->timbre[row]);

  return akin_timbre_mutual_proximity (d, &p->norm, &self->norm[row]);
}

/* Reader lock held. The cheap parts of every row and their statistics
 * over the candidates (every row but @anchor_row). */
static void
parts_init (AkinSimilarityIndex   *self,
            Parts                 *p,
            gssize                 anchor_row,
            const float           *query,
            const AkinTimbreModel *timbre)
{
  g_autofree float *qa = g_new0 (float, self->stride);
  float qs[AKIN_SIMILARITY_SUMMARY_STRIDE] = { 0 };
  double a1 = 0, a2 = 0, s1 = 0, s2 = 0;
  gsize na = 0, ns = 0;

  memset (p, 0, sizeof *p);
  if (anchor_row >= 0)
    {
      memcpy (qa, self->zrows + (gsize) anchor_row * self->stride, self->stride * sizeof (float));
      if (self->has_timbre[anchor_row])
        {
          p->timbre = &self->timbre[anchor_row];
          p->norm = self->norm[anchor_row];
        }
    }
  else
    {
      _akin_similarity_standardise (qa, self->stride, query, self->dim, self->ae_mean,
                                    self->ae_scale);
      if (timbre != NULL)
        {
          _akin_similarity_timbre_from_model (timbre, &p->external);
          p->timbre = &p->external;
          _akin_similarity_timbre_norm (p->timbre, self->refs, self->n_refs, &p->norm);
        }
    }
  if (p->timbre != NULL && self->n_timbre > 0)
    {
      float raw[AKIN_SIMILARITY_SUMMARY_STRIDE];

      _akin_similarity_summary_of (p->timbre, raw);
      _akin_similarity_standardise (qs, AKIN_SIMILARITY_SUMMARY_STRIDE, raw,
                                    AKIN_SIMILARITY_SUMMARY_DIM, self->sum_mean, self->sum_scale);
    }

  p->use_summary = self->mode != AKIN_SIMILARITY_MODE_AE_ONLY && p->timbre != NULL
                   && self->n_timbre > 0;
  p->use_ae = self->mode != AKIN_SIMILARITY_MODE_OTHERS_ONLY || !p->use_summary;
  p->n_parts = (p->use_ae ? 1 : 0) + (p->use_summary ? 2 : 0);

  p->ae = g_new (float, MAX (self->n, 1));
  p->su = g_new (float, MAX (self->n, 1));
  for (gsize start = 0; start < self->n; start += BLOCK)
    {
      gsize len = MIN ((gsize) BLOCK, self->n - start);

      if (p->use_ae)
        akin_similarity_score_rows (self->zrows + start * self->stride, len, self->stride, qa,
                                    p->ae + start);
      if (p->use_summary)
        akin_similarity_score_rows (self->zsummary + start * AKIN_SIMILARITY_SUMMARY_STRIDE, len,
                                    AKIN_SIMILARITY_SUMMARY_STRIDE, qs, p->su + start);
      for (gsize i = start; i < start + len; i++)
        {
          if ((gssize) i == anchor_row)
            continue;
          if (p->use_ae)
            {
              a1 += p->ae[i];
              a2 += (double) p->ae[i] * p->ae[i];
              na++;
            }
          if (p->use_summary && self->has_timbre[i])
            {
              s1 += p->su[i];
              s2 += (double) p->su[i] * p->su[i];
              ns++;
            }
        }
    }
  mean_sd (a1, a2, na, &p->ae_mean, &p->ae_sd);
  mean_sd (s1, s2, ns, &p->su_mean, &p->su_sd);
}

/* Reader lock held. The timbre part's statistics: mutual proximity over
 * the best cheap scores (no rules), as the query normalises it. */
static void
parts_timbre_statistics (AkinSimilarityIndex *self,
                         Parts               *p,
                         gssize               anchor_row)
{
  guint size = (guint) MIN ((gsize) AKIN_SIMILARITY_SHORTLIST, MAX (self->n, 1));
  g_autofree HeapEntry *heap = g_new (HeapEntry, size);
  double t1 = 0, t2 = 0;
  gsize nt = 0;
  guint n = 0;

  for (gsize i = 0; i < self->n; i++)
    {
      HeapEntry candidate;

      if ((gssize) i == anchor_row)
        continue;
      candidate.score = cheap_score (self, p, i);
      candidate.id = (gint64) i;
      candidate.group = 0;
      _akin_similarity_heap_offer (heap, &n, size, candidate, FALSE);
    }
  for (guint j = 0; j < n; j++)
    {
      gsize row = (gsize) heap[j].id;
      double mp;

      if (!self->has_timbre[row])
        continue;
      mp = proximity (self, p, row);
      t1 += mp;
      t2 += mp * mp;
      nt++;
    }
  mean_sd (t1, t2, nt, &p->tm_mean, &p->tm_sd);
}

static float
part_contribution (float z)
{
  return tanhf (0.5f * z);
}

/* Reader lock held. Fills the index aspects of @out for the row @o. */
static void
explain_row (AkinSimilarityIndex *self,
             const Parts         *p,
             gsize                o,
             AkinSimilarityWhy   *out)
{
  AkinSimilarityExplanation *e = &out->explanation;
  float tz = 0.0f;

  out->has_explanation = TRUE;
  e->has_timbre = p->use_summary && self->has_timbre[o];
  if (p->use_ae)
    {
      float z = zvalue (p->ae[o], p->ae_mean, p->ae_sd);

      e->encoders_cosine = p->ae[o];
      e->encoders = z / (float) p->n_parts;
      out->has[AKIN_SIMILARITY_ASPECT_ENCODERS] = TRUE;
      out->contribution[AKIN_SIMILARITY_ASPECT_ENCODERS] = part_contribution (z);
    }
  if (e->has_timbre)
    {
      double mp = proximity (self, p, o);

      tz = zvalue (mp, p->tm_mean, p->tm_sd);
      e->summary_cosine = p->su[o];
      e->summary = zvalue (p->su[o], p->su_mean, p->su_sd) / (float) p->n_parts;
      e->timbre_proximity = (float) mp;
      e->timbre = tz / (float) p->n_parts;
      out->has[AKIN_SIMILARITY_ASPECT_TIMBRE] = TRUE;
      out->contribution[AKIN_SIMILARITY_ASPECT_TIMBRE] = part_contribution (tz);
    }
  e->combined = (cheap_score (self, p, o) + tz) / (float) p->n_parts;
  e->score = akin_similarity_display_score (e->combined);
}

/* Reader lock held. The plain cosine: only the encoders' aspect. */
static void
explain_cosine (AkinSimilarityIndex *self,
                const float         *query,
                gsize                o,
                AkinSimilarityWhy   *out)
{
  float dot;

  akin_similarity_score_rows (self->rows + o * self->stride, 1, self->stride, query, &dot);
  dot = CLAMP (dot, -1.0f, 1.0f);
  out->has_explanation = TRUE;
  out->explanation.score = out->explanation.combined = dot;
  out->explanation.encoders = out->explanation.encoders_cosine = dot;
  out->has[AKIN_SIMILARITY_ASPECT_ENCODERS] = TRUE;
  out->contribution[AKIN_SIMILARITY_ASPECT_ENCODERS] = dot;
}

/* Reader lock held. @query: the external anchor's vector, stride floats,
 * normalised (anchor_row -1). */
static void
explain_many (AkinSimilarityIndex   *self,
              gssize                 anchor_row,
              const float           *query,
              const AkinTimbreModel *timbre,
              const gint64          *other_ids,
              guint                  n_others,
              AkinSimilarityWhy     *out)
{
  Parts p;

  for (guint i = 0; i < n_others; i++)
    {
      memset (out[i].has, 0, sizeof out[i].has);
      memset (out[i].contribution, 0, sizeof out[i].contribution);
      memset (&out[i].explanation, 0, sizeof out[i].explanation);
      out[i].has_explanation = FALSE;
    }

  if (self->mode == AKIN_SIMILARITY_MODE_COSINE)
    {
      const float *q = anchor_row >= 0 ? self->rows + (gsize) anchor_row * self->stride : query;

      for (guint i = 0; i < n_others; i++)
        {
          gssize o = _akin_similarity_index_find_row (self, other_ids[i]);

          if (o >= 0 && o != anchor_row)
            explain_cosine (self, q, (gsize) o, &out[i]);
        }
      return;
    }

  parts_init (self, &p, anchor_row, query, timbre);
  if (p.use_summary)
    parts_timbre_statistics (self, &p, anchor_row);
  for (guint i = 0; i < n_others; i++)
    {
      gssize o = _akin_similarity_index_find_row (self, other_ids[i]);

      if (o >= 0 && o != anchor_row)
        explain_row (self, &p, (gsize) o, &out[i]);
    }
  g_free (p.ae);
  g_free (p.su);
}

/**
 * akin_similarity_why_explain:
 * @index: an index
 * @anchor_id: the anchor, a track in @index
 * @other_ids: (array length=n_others): its neighbours
 * @n_others: how many
 * @out: (array length=n_others): where the answers go, initialised (zeroed
 *   or cleared) by the caller
 * @error: %AKIN_ERROR_NOT_ANALYZED when @anchor_id is not in @index
 *
 * Fills the index aspects (timbre, encoders) and the explanation of each
 * neighbour, as akin_similarity_explain() would for each pair, with the
 * anchor's statistics computed once. A neighbour that is not in the index,
 * or the anchor itself, gets none (has_explanation %FALSE). The descriptor
 * aspects and the text come from akin_similarity_why_describe(). Costs about
 * one query. Any thread.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_similarity_why_explain (AkinSimilarityIndex *index,
                             gint64               anchor_id,
                             const gint64        *other_ids,
                             guint                n_others,
                             AkinSimilarityWhy   *out,
                             GError             **error)
{
  gssize a;

  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (other_ids != NULL || n_others == 0, FALSE);
  g_return_val_if_fail (out != NULL || n_others == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_rw_lock_reader_lock (&index->lock);
  a = _akin_similarity_index_find_row (index, anchor_id);
  if (a < 0)
    {
      g_rw_lock_reader_unlock (&index->lock);
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_NOT_ANALYZED,
                   "Track %" G_GINT64_FORMAT " is not in the similarity index", anchor_id);
      return FALSE;
    }
  explain_many (index, a, NULL, NULL, other_ids, n_others, out);
  g_rw_lock_reader_unlock (&index->lock);
  return TRUE;
}

/**
 * akin_similarity_why_explain_external:
 * @index: an index
 * @vector: (array length=dim): the anchor's vector (it is normalised)
 * @dim: the index's dimension
 * @timbre: (nullable): the anchor's timbre model; without it the timbre
 *   aspect is left out, as akin_similarity_index_query_external() leaves
 *   out the timbre parts
 * @other_ids: (array length=n_others): its neighbours
 * @n_others: how many
 * @out: (array length=n_others): where the answers go, initialised by the
 *   caller
 * @error: %AKIN_ERROR_DIMENSION_MISMATCH, %AKIN_ERROR_INVALID_ARGUMENT
 *   (a zero vector)
 *
 * akin_similarity_why_explain() for a song outside the library, as
 * akin_similarity_index_query_external() scores it: each explanation's
 * score is the score that query reports for the neighbour. Any thread.
 *
 * Returns: %TRUE on success
 */
gboolean
akin_similarity_why_explain_external (AkinSimilarityIndex   *index,
                                      const float           *vector,
                                      guint                  dim,
                                      const AkinTimbreModel *timbre,
                                      const gint64          *other_ids,
                                      guint                  n_others,
                                      AkinSimilarityWhy     *out,
                                      GError               **error)
{
  g_autofree float *query = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (vector != NULL, FALSE);
  g_return_val_if_fail (other_ids != NULL || n_others == 0, FALSE);
  g_return_val_if_fail (out != NULL || n_others == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_rw_lock_reader_lock (&index->lock);
  if (dim != index->dim)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_DIMENSION_MISMATCH,
                   "A vector of %u values cannot be compared with an index of %u", dim,
                   index->dim);
      ok = FALSE;
    }
  else
    {
      query = g_new (float, index->stride);
      ok = _akin_similarity_normalise_into (query, index->stride, vector, dim, error);
    }
  if (ok)
    explain_many (index, -1, query, timbre, other_ids, n_others, out);
  g_rw_lock_reader_unlock (&index->lock);
  return ok;
}
