/* akin-similarity-timbre.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timbre part of the combined similarity in the index: what it keeps
 * of each timbre model, the Jensen–Shannon divergence on that form, the
 * reference sample and the mutual proximity statistics against it. See
 * akin-similarity-combined.c for the rules of the sample,
 * akin-similarity-store.c for its storage.
 *
 * AkinSimilarityTimbre keeps the mean, the covariance's diagonal and its
 * log-determinant as floats, as the model has them, and each correlation
 * between two dimensions, C_ij / √(C_ii C_jj), rounded to a multiple of
 * 1/32767; the inverse covariance, half of an AkinTimbreModel, is never
 * read by the divergence. That is 924 bytes per track instead of 3136.
 * Measured on the 199 songs of the development corpus (all 39 402 ordered
 * pairs), against the divergence of the full models: mean absolute
 * difference 6.5e-5, largest 5.9e-3 (0.14 % of that divergence; they range
 * from 1.3 to 11.4), and 111 of 3.9 million comparisons "is b or c closer
 * to a" change side, all near-ties. The divergence costs the same.
 *
 * Threads: writer lock held, or an index no one else sees yet.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-similarity-private.h"

#define D AKIN_TIMBRE_DIM

/* No padding: 924 bytes. */
G_STATIC_ASSERT (sizeof (AkinSimilarityTimbre)
                 == (2 * D + 1) * sizeof (float) + AKIN_SIMILARITY_TIMBRE_CORR * sizeof (gint16));

void
_akin_similarity_timbre_from_model (const AkinTimbreModel *model,
                                    AkinSimilarityTimbre  *out)
{
  guint k = 0;

  memset (out, 0, sizeof *out);
  memcpy (out->mean, model->mean, sizeof out->mean);
  out->logdet = model->logdet;
  for (guint i = 0, row = 0; i < D; row += D - i, i++)
    out->var[i] = model->cov[row];
  for (guint i = 0, row = 0; i < D; row += D - i, i++)
    for (guint j = i + 1; j < D; j++)
      {
        double scale = sqrt ((double) out->var[i] * out->var[j]);
        double r = scale > 0.0 ? model->cov[row + (j - i)] / scale : 0.0;

        out->corr[k++] = (gint16) lrint (CLAMP (r, -1.0, 1.0) * AKIN_SIMILARITY_TIMBRE_CORR_SCALE);
      }
  g_assert (k == AKIN_SIMILARITY_TIMBRE_CORR - 1);
}

/* The Jensen–Shannon approximation: ½ ln det M − ¼ (ln det A + ln det B),
 * M the moment-matched Gaussian of the mixture; 0 for identical models. */
double
_akin_similarity_timbre_divergence (const AkinSimilarityTimbre *a,
                                    const AkinSimilarityTimbre *b)
{
  double m[D * D];
  double delta[D], sa[D], sb[D];
  double logdet;
  guint k = 0;

  if (a == b || memcmp (a, b, sizeof *a) == 0)
    return 0.0;
  for (guint i = 0; i < D; i++)
    {
      delta[i] = (double) a->mean[i] - b->mean[i];
      /* √C_ii / √SCALE: C_ij = sa_i sa_j corr_ij. */
      sa[i] = sqrt ((double) a->var[i] / AKIN_SIMILARITY_TIMBRE_CORR_SCALE);
      sb[i] = sqrt ((double) b->var[i] / AKIN_SIMILARITY_TIMBRE_CORR_SCALE);
    }
  for (guint i = 0; i < D; i++)
    {
      m[i * D + i] = 0.5 * ((double) a->var[i] + b->var[i]) + 0.25 * delta[i] * delta[i];
      for (guint j = i + 1; j < D; j++, k++)
        m[j * D + i] = 0.5 * (sa[i] * sa[j] * a->corr[k] + sb[i] * sb[j] * b->corr[k])
                       + 0.25 * delta[j] * delta[i];
    }
  if (!akin_timbre_cholesky (m))
    return G_MAXFLOAT;
  logdet = akin_timbre_cholesky_logdet (m);
  return MAX (0.5 * logdet - 0.25 * ((double) a->logdet + b->logdet), 0.0);
}

/* As akin_timbre_norm_compute(): a reference identical to @model is left
 * out; mean 0 and std 0 with no other reference. */
void
_akin_similarity_timbre_norm (const AkinSimilarityTimbre *model,
                              const AkinSimilarityTimbre *references,
                              guint                       n_references,
                              AkinTimbreNorm             *norm)
{
  double sum = 0.0, sum2 = 0.0;
  guint n = 0;

  for (guint r = 0; r < n_references; r++)
    {
      double d;

      if (&references[r] == model || memcmp (&references[r], model, sizeof *model) == 0)
        continue;
      d = _akin_similarity_timbre_divergence (model, &references[r]);
      sum += d;
      sum2 += d * d;
      n++;
    }
  akin_timbre_norm_from_sums (sum, sum2, n, norm);
}

guint64
_akin_similarity_hash_id (gint64 id)
{
  guint64 x = (guint64) id + 0x9e3779b97f4a7c15ull;

  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

typedef struct
{
  guint64 hash;
  gint64  id;
  gsize   index;
} RefCandidate;

static int
compare_ref_candidates (gconstpointer a,
                        gconstpointer b)
{
  const RefCandidate *x = a, *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id);
}

/* Installs a sample (any order; kept by (hash, id), so a sample read back
 * from the database sums its divergences in the same order as when it was
 * chosen) and its identity: a digest of the divergence, the timbre format,
 * and each reference's id and model. Leaves every row's statistics as they
 * are. */
void
_akin_similarity_set_references (AkinSimilarityIndex        *self,
                                 const gint64               *ids,
                                 const AkinSimilarityTimbre *models,
                                 guint                       n)
{
  g_autofree RefCandidate *order = g_new (RefCandidate, MAX (n, 1));
  g_autoptr(GChecksum) digest = g_checksum_new (G_CHECKSUM_SHA256);
  static const char tag[] = "akin-mp-js-v1\n" AKIN_TIMBRE_FORMAT_ID;

  for (guint r = 0; r < n; r++)
    order[r] = (RefCandidate) { _akin_similarity_hash_id (ids[r]), ids[r], r };
  qsort (order, n, sizeof *order, compare_ref_candidates);
  g_free (self->refs);
  g_free (self->ref_ids);
  self->refs = g_new (AkinSimilarityTimbre, MAX (n, 1));
  self->ref_ids = g_new (gint64, MAX (n, 1));
  self->n_refs = n;
  g_checksum_update (digest, (const guchar *) tag, sizeof tag);
  for (guint r = 0; r < n; r++)
    {
      gint64 le = GINT64_TO_LE (order[r].id);

      self->refs[r] = models[order[r].index];
      self->ref_ids[r] = order[r].id;
      g_checksum_update (digest, (const guchar *) &le, sizeof le);
      g_checksum_update (digest, (const guchar *) &self->refs[r], sizeof self->refs[r]);
    }
  g_strlcpy (self->sample_id, g_checksum_get_string (digest), sizeof self->sample_id);
}

typedef struct
{
  AkinSimilarityIndex *self;
  gsize                start, step;
  guint                computed;
} NormStripe;

static gpointer
norm_stripe (gpointer data)
{
  NormStripe *stripe = data;
  AkinSimilarityIndex *self = stripe->self;

  for (gsize i = stripe->start; i < self->n; i += stripe->step)
    if (self->has_timbre[i] && self->norm_state[i] == AKIN_NORM_NONE)
      {
        _akin_similarity_timbre_norm (&self->timbre[i], self->refs, self->n_refs, &self->norm[i]);
        self->norm_state[i] = AKIN_NORM_DIRTY;
        stripe->computed++;
      }
  return NULL;
}

/* The statistics of every row that has none, on every core: one
 * divergence per row and reference (2.3 µs each). */
void
_akin_similarity_compute_norms (AkinSimilarityIndex *self)
{
  gsize todo = 0;
  guint n_threads;
  g_autofree NormStripe *stripes = NULL;
  g_autofree GThread **threads = NULL;

  for (gsize i = 0; i < self->n; i++)
    todo += self->has_timbre[i] && self->norm_state[i] == AKIN_NORM_NONE;
  if (todo == 0)
    return;
  n_threads = (guint) CLAMP (todo / 256, 1, (gsize) g_get_num_processors ());
  stripes = g_new (NormStripe, n_threads);
  threads = g_new0 (GThread *, n_threads);
  for (guint t = 0; t < n_threads; t++)
    {
      stripes[t] = (NormStripe) { self, t, n_threads, 0 };
      if (t > 0)
        threads[t] = g_thread_new ("akin-mp-norms", norm_stripe, &stripes[t]);
    }
  norm_stripe (&stripes[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
  for (guint t = 0; t < n_threads; t++)
    self->norms_computed += stripes[t].computed;
}

/* Chooses the sample (the rows with a timbre model whose ids hash lowest)
 * and computes every row's statistics against it. */
void
_akin_similarity_choose_references (AkinSimilarityIndex *self)
{
  g_autofree RefCandidate *candidates = g_new (RefCandidate, MAX (self->n_timbre, 1));
  g_autofree gint64 *ids = NULL;
  g_autofree AkinSimilarityTimbre *models = NULL;
  gsize m = 0;
  guint n;

  for (gsize i = 0; i < self->n; i++)
    if (self->has_timbre[i])
      candidates[m++] = (RefCandidate) { _akin_similarity_hash_id (self->ids[i]), self->ids[i], i };
  qsort (candidates, m, sizeof *candidates, compare_ref_candidates);
  n = (guint) MIN (m, (gsize) self->max_refs);
  ids = g_new (gint64, MAX (n, 1));
  models = g_new (AkinSimilarityTimbre, MAX (n, 1));
  for (guint r = 0; r < n; r++)
    {
      ids[r] = candidates[r].id;
      models[r] = self->timbre[candidates[r].index];
    }
  _akin_similarity_set_references (self, ids, models, n);
  self->refs_n = self->n_timbre;
  self->sample_dirty = TRUE;
  memset (self->norm_state, AKIN_NORM_NONE, self->n);
  _akin_similarity_compute_norms (self);
}

void
_akin_similarity_index_begin_build (AkinSimilarityIndex *self)
{
  self->defer_norms = TRUE;
}

/* Computes what building deferred: the library statistics, then the
 * missing mutual proximity statistics against the sample read from the
 * database (_akin_similarity_index_load_statistics()), or a new sample
 * and every row's statistics when there is none or it has to grow. */
void
_akin_similarity_index_finish_build (AkinSimilarityIndex *self)
{
  self->defer_norms = FALSE;
  if (self->n == 0)
    return;
  _akin_similarity_refresh_ae (self);
  _akin_similarity_refresh_summary (self);
  if (self->n_refs > 0 && (self->n_refs >= self->max_refs || self->n_timbre < 2 * self->refs_n))
    _akin_similarity_compute_norms (self);
  else
    _akin_similarity_choose_references (self);
}

void
_akin_similarity_index_set_max_references (AkinSimilarityIndex *self,
                                           guint                max_refs)
{
  g_assert (self->n_timbre == 0 && max_refs > 0);
  self->max_refs = max_refs;
}

void
_akin_similarity_index_get_norm_counts (AkinSimilarityIndex *self,
                                        guint               *computed,
                                        guint               *loaded)
{
  g_rw_lock_reader_lock (&self->lock);
  *computed = self->norms_computed;
  *loaded = self->norms_loaded;
  g_rw_lock_reader_unlock (&self->lock);
}
