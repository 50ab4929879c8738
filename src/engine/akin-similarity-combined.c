/* akin-similarity-combined.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The combined similarity of docs/results.md §3: three parts, each
 * normalised per anchor over the candidates (zero mean, unit standard
 * deviation), averaged with equal weights:
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
 * the order tracks arrive in). It is chosen when the index is built from a
 * database, and chosen again (with every track's statistics) whenever the
 * number of timbre models has doubled since, as long as the sample is not
 * full; a full sample stays for the index's life (a new index picks again).
 * A track added later gets its statistics against the current sample. A
 * removed track may stay in the sample. A song outside the library gets
 * its statistics against the sample at query time (one divergence per
 * reference, about 2.3 ms for 1000).
 *
 * Choosing the sample computes every track's statistics, on every core:
 * one divergence per track and reference, about 2.3 ms of CPU per track
 * with a full sample (4 min of CPU for 100 000 tracks).
 *
 * Speed. A query scores the two cheap parts for every track (two dot
 * products per row), keeps the best %AKIN_SIMILARITY_SHORTLIST candidates
 * that pass the rules, and computes the timbre part for those only; the
 * timbre part is normalised over the shortlist. With fewer candidates than
 * the shortlist this is the exact combined similarity.
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
#define BLOCK     1024

void
_akin_similarity_combined_init (AkinSimilarityIndex *self)
{
  self->mode = AKIN_SIMILARITY_MODE_COSINE;
  self->max_refs = AKIN_SIMILARITY_TIMBRE_REFERENCES;
}

void
_akin_similarity_combined_clear (AkinSimilarityIndex *self)
{
  g_aligned_free (self->zrows);
  g_free (self->ae_mean);
  g_free (self->ae_scale);
  g_free (self->has_timbre);
  g_free (self->timbre);
  g_free (self->norm);
  g_aligned_free (self->summary);
  g_aligned_free (self->zsummary);
  g_free (self->refs);
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
  self->zrows = realloc_rows (self->zrows, n, self->capacity, self->stride);
  self->summary = realloc_rows (self->summary, n, self->capacity, AKIN_SIMILARITY_SUMMARY_STRIDE);
  self->zsummary = realloc_rows (self->zsummary, n, self->capacity, AKIN_SIMILARITY_SUMMARY_STRIDE);
  self->has_timbre = g_renew (guint8, self->has_timbre, self->capacity);
  self->timbre = g_renew (AkinTimbreModel, self->timbre, self->capacity);
  self->norm = g_renew (AkinTimbreNorm, self->norm, self->capacity);
  (void) old_capacity;
}

static gboolean
stale (gsize now,
       gsize then)
{
  gsize diff = now > then ? now - then : then - now;

  return then == 0 || diff * 16 > then;
}

/* Standardises @src (@dim values) with @mean and @scale into @dest
 * (@stride values), L2-normalised; all zeros when nothing is left. */
static void
standardise (float       *dest,
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

static void
refresh_ae (AkinSimilarityIndex *self)
{
  if (self->ae_mean == NULL)
    {
      self->ae_mean = g_new0 (float, self->dim);
      self->ae_scale = g_new0 (float, self->dim);
    }
  column_statistics (self->rows, self->n, self->stride, self->dim, NULL, self->ae_mean,
                     self->ae_scale);
  for (gsize i = 0; i < self->n; i++)
    standardise (self->zrows + i * self->stride, self->stride, self->rows + i * self->stride,
                 self->dim, self->ae_mean, self->ae_scale);
  self->ae_stats_n = self->n;
}

static void
refresh_summary (AkinSimilarityIndex *self)
{
  column_statistics (self->summary, self->n, AKIN_SIMILARITY_SUMMARY_STRIDE,
                     AKIN_SIMILARITY_SUMMARY_DIM, self->has_timbre, self->sum_mean,
                     self->sum_scale);
  for (gsize i = 0; i < self->n; i++)
    if (self->has_timbre[i])
      standardise (self->zsummary + i * AKIN_SIMILARITY_SUMMARY_STRIDE,
                   AKIN_SIMILARITY_SUMMARY_STRIDE,
                   self->summary + i * AKIN_SIMILARITY_SUMMARY_STRIDE,
                   AKIN_SIMILARITY_SUMMARY_DIM, self->sum_mean, self->sum_scale);
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
  if (self->ae_mean == NULL || stale (self->n, self->ae_stats_n))
    refresh_ae (self);
  else
    standardise (self->zrows + row * self->stride, self->stride, self->rows + row * self->stride,
                 self->dim, self->ae_mean, self->ae_scale);
}

void
_akin_similarity_combined_row_move (AkinSimilarityIndex *self,
                                    gsize                to,
                                    gsize                from)
{
  memcpy (self->zrows + to * self->stride, self->zrows + from * self->stride,
          self->stride * sizeof (float));
  memcpy (self->summary + to * AKIN_SIMILARITY_SUMMARY_STRIDE,
          self->summary + from * AKIN_SIMILARITY_SUMMARY_STRIDE,
          AKIN_SIMILARITY_SUMMARY_STRIDE * sizeof (float));
  memcpy (self->zsummary + to * AKIN_SIMILARITY_SUMMARY_STRIDE,
          self->zsummary + from * AKIN_SIMILARITY_SUMMARY_STRIDE,
          AKIN_SIMILARITY_SUMMARY_STRIDE * sizeof (float));
  self->has_timbre[to] = self->has_timbre[from];
  self->timbre[to] = self->timbre[from];
  self->norm[to] = self->norm[from];
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
static void
summary_of (const AkinTimbreModel *model,
            float                 *out)
{
  guint diag = 0;

  for (guint i = 0; i < AKIN_TIMBRE_DIM; i++)
    {
      out[i] = model->mean[i];
      out[AKIN_TIMBRE_DIM + i] = sqrtf (MAX (model->cov[diag], 0.0f));
      diag += AKIN_TIMBRE_DIM - i;
    }
  for (guint j = AKIN_SIMILARITY_SUMMARY_DIM; j < AKIN_SIMILARITY_SUMMARY_STRIDE; j++)
    out[j] = 0.0f;
}

static guint64
hash_id (gint64 id)
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
  gsize   row;
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

typedef struct
{
  AkinSimilarityIndex *self;
  gsize                start, step;
} NormStripe;

static gpointer
norm_stripe (gpointer data)
{
  NormStripe *stripe = data;
  AkinSimilarityIndex *self = stripe->self;

  for (gsize i = stripe->start; i < self->n; i += stripe->step)
    if (self->has_timbre[i])
      akin_timbre_norm_compute (&self->timbre[i], self->refs, self->n_refs,
                                AKIN_TIMBRE_DIVERGENCE_JS, &self->norm[i]);
  return NULL;
}

/* Every track's statistics against the sample, on every core: one
 * divergence per track and reference (2.3 µs each). */
static void
compute_norms (AkinSimilarityIndex *self)
{
  guint n_threads = (guint) CLAMP (self->n_timbre / 256, 1, (gsize) g_get_num_processors ());
  g_autofree NormStripe *stripes = g_new (NormStripe, n_threads);
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);

  for (guint t = 0; t < n_threads; t++)
    {
      stripes[t] = (NormStripe) { self, t, n_threads };
      if (t > 0)
        threads[t] = g_thread_new ("akin-mp-norms", norm_stripe, &stripes[t]);
    }
  norm_stripe (&stripes[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
}

/* Chooses the reference sample and computes every track's statistics. */
static void
choose_references (AkinSimilarityIndex *self)
{
  g_autofree RefCandidate *candidates = g_new (RefCandidate, MAX (self->n_timbre, 1));
  gsize m = 0;

  for (gsize i = 0; i < self->n; i++)
    if (self->has_timbre[i])
      candidates[m++] = (RefCandidate) { hash_id (self->ids[i]), self->ids[i], i };
  qsort (candidates, m, sizeof *candidates, compare_ref_candidates);
  self->n_refs = (guint) MIN (m, (gsize) self->max_refs);
  g_free (self->refs);
  self->refs = g_new (AkinTimbreModel, MAX (self->n_refs, 1));
  for (guint r = 0; r < self->n_refs; r++)
    self->refs[r] = self->timbre[candidates[r].row];
  self->refs_n = self->n_timbre;
  compute_norms (self);
}

void
_akin_similarity_index_begin_build (AkinSimilarityIndex *self)
{
  self->defer_norms = TRUE;
}

/* Computes what building deferred: the statistics, the sample, the norms. */
void
_akin_similarity_index_finish_build (AkinSimilarityIndex *self)
{
  self->defer_norms = FALSE;
  if (self->n == 0)
    return;
  refresh_ae (self);
  refresh_summary (self);
  choose_references (self);
}

void
_akin_similarity_index_set_max_references (AkinSimilarityIndex *self,
                                           guint                max_refs)
{
  g_assert (self->n_timbre == 0 && max_refs > 0);
  self->max_refs = max_refs;
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
  self->timbre[row] = *model;
  summary_of (model, self->summary + (gsize) row * AKIN_SIMILARITY_SUMMARY_STRIDE);

  if (!self->defer_norms)
    {
      if (stale (self->n_timbre, self->sum_stats_n))
        refresh_summary (self);
      else
        standardise (self->zsummary + (gsize) row * AKIN_SIMILARITY_SUMMARY_STRIDE,
                     AKIN_SIMILARITY_SUMMARY_STRIDE,
                     self->summary + (gsize) row * AKIN_SIMILARITY_SUMMARY_STRIDE,
                     AKIN_SIMILARITY_SUMMARY_DIM, self->sum_mean, self->sum_scale);
      if (self->n_refs == 0 || (self->n_refs < self->max_refs && self->n_timbre >= 2 * self->refs_n))
        choose_references (self);
      else
        akin_timbre_norm_compute (&self->timbre[row], self->refs, self->n_refs,
                                  AKIN_TIMBRE_DIVERGENCE_JS, &self->norm[row]);
    }
  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}

/**
 * akin_similarity_display_score:
 * @combined: the mean of the normalised parts of a combined similarity
 *
 * The score a combined query reports: tanh (@combined / 2), in (-1, 1),
 * monotonic, 0 for an average candidate; the closest tracks (2 to 4
 * standard deviations above the mean) get 0.75 to 0.95. Any thread.
 *
 * Returns: the score
 */
float
akin_similarity_display_score (float combined)
{
  return tanhf (0.5f * combined);
}

/* --- scoring ------------------------------------------------------------ */

typedef struct
{
  gboolean               use_ae, use_summary, use_timbre;
  guint                  n_parts;
  const AkinTimbreModel *timbre;      /* the anchor's */
  AkinTimbreNorm         norm;
  float                 *ae;          /* n raw cosines */
  float                 *su;          /* n raw cosines */
  double                 ae_mean, ae_sd, su_mean, su_sd, tm_mean, tm_sd;
} Scoring;

static void
scoring_clear (Scoring *s)
{
  g_free (s->ae);
  g_free (s->su);
}

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

/* Reader lock held. Scores the cheap parts for every row; @anchor_row is
 * left out of the statistics (-1: an external anchor). */
static void
scoring_init (AkinSimilarityIndex   *self,
              Scoring               *s,
              gssize                 anchor_row,
              const float           *query,        /* stride floats, L2-normalised */
              const AkinTimbreModel *timbre)
{
  g_autofree float *qa = g_aligned_alloc0 (self->stride, sizeof (float), ALIGNMENT);
  g_autofree float *qs = g_aligned_alloc0 (AKIN_SIMILARITY_SUMMARY_STRIDE, sizeof (float),
                                           ALIGNMENT);
  double a1 = 0, a2 = 0, s1 = 0, s2 = 0;
  gsize na = 0, ns = 0;
  AkinSimilarityMode mode = self->mode;

  memset (s, 0, sizeof *s);
  if (anchor_row >= 0)
    {
      memcpy (qa, self->zrows + (gsize) anchor_row * self->stride, self->stride * sizeof (float));
      if (self->has_timbre[anchor_row])
        {
          s->timbre = &self->timbre[anchor_row];
          s->norm = self->norm[anchor_row];
        }
    }
  else
    {
      standardise (qa, self->stride, query, self->dim, self->ae_mean, self->ae_scale);
      if (timbre != NULL)
        {
          s->timbre = timbre;
          akin_timbre_norm_compute (timbre, self->refs, self->n_refs, AKIN_TIMBRE_DIVERGENCE_JS,
                                    &s->norm);
        }
    }
  if (s->timbre != NULL && self->n_timbre > 0)
    {
      float raw[AKIN_SIMILARITY_SUMMARY_STRIDE];

      summary_of (s->timbre, raw);
      standardise (qs, AKIN_SIMILARITY_SUMMARY_STRIDE, raw, AKIN_SIMILARITY_SUMMARY_DIM,
                   self->sum_mean, self->sum_scale);
    }

  s->use_summary = s->use_timbre = mode != AKIN_SIMILARITY_MODE_AE_ONLY && s->timbre != NULL
                                   && self->n_timbre > 0;
  /* With no timbre to compare, the encoders decide, whatever the mode. */
  s->use_ae = mode != AKIN_SIMILARITY_MODE_OTHERS_ONLY || !s->use_summary;
  s->n_parts = (s->use_ae ? 1 : 0) + (s->use_summary ? 2 : 0);

  s->ae = g_new (float, MAX (self->n, 1));
  s->su = g_new (float, MAX (self->n, 1));
  for (gsize start = 0; start < self->n; start += BLOCK)
    {
      gsize len = MIN ((gsize) BLOCK, self->n - start);

      if (s->use_ae)
        akin_similarity_score_rows (self->zrows + start * self->stride, len, self->stride, qa,
                                    s->ae + start);
      if (s->use_summary)
        akin_similarity_score_rows (self->zsummary + start * AKIN_SIMILARITY_SUMMARY_STRIDE, len,
                                    AKIN_SIMILARITY_SUMMARY_STRIDE, qs, s->su + start);
      for (gsize i = start; i < start + len; i++)
        {
          if ((gssize) i == anchor_row)
            continue;
          if (s->use_ae)
            {
              a1 += s->ae[i];
              a2 += (double) s->ae[i] * s->ae[i];
              na++;
            }
          if (s->use_summary && self->has_timbre[i])
            {
              s1 += s->su[i];
              s2 += (double) s->su[i] * s->su[i];
              ns++;
            }
        }
    }
  mean_sd (a1, a2, na, &s->ae_mean, &s->ae_sd);
  mean_sd (s1, s2, ns, &s->su_mean, &s->su_sd);
}

/* The sum of the normalised cheap parts of row @i. */
static inline float
cheap_score (AkinSimilarityIndex *self,
             const Scoring       *s,
             gsize                i)
{
  float score = 0.0f;

  if (s->use_ae)
    score += zvalue (s->ae[i], s->ae_mean, s->ae_sd);
  if (s->use_summary && self->has_timbre[i])
    score += zvalue (s->su[i], s->su_mean, s->su_sd);
  return score;
}

static double
proximity (AkinSimilarityIndex *self,
           const Scoring       *s,
           gsize                i)
{
  double d = akin_timbre_divergence (s->timbre, &self->timbre[i], AKIN_TIMBRE_DIVERGENCE_JS);

  return akin_timbre_mutual_proximity (d, &s->norm, &self->norm[i]);
}

/* Offers rows to a heap of the best @size cheap scores (id = row). */
static guint
best_rows (AkinSimilarityIndex *self,
           const Scoring       *s,
           gssize               anchor_row,
           const Anchor        *anchor,
           AkinSimilarityFlags  flags,
           HeapEntry           *heap,
           guint                size)
{
  gboolean merge = (flags & AKIN_SIMILARITY_MERGE_DUPLICATES) != 0;
  gboolean skip_artist = (flags & AKIN_SIMILARITY_SKIP_SAME_ARTIST) != 0 && anchor->artist != 0;
  gboolean skip_album = (flags & AKIN_SIMILARITY_SKIP_SAME_ALBUM) != 0 && anchor->album != 0;
  gboolean skip_copies = merge && anchor->content != 0;
  guint n = 0;

  for (gsize i = 0; i < self->n; i++)
    {
      HeapEntry candidate;

      if ((gssize) i == anchor_row
          || (skip_artist && self->artist[i] == anchor->artist)
          || (skip_album && self->album[i] == anchor->album)
          || (skip_copies && self->content[i] == anchor->content))
        continue;
      candidate.score = cheap_score (self, s, i);
      candidate.id = (gint64) i;
      candidate.group = 0;
      _akin_similarity_heap_offer (heap, &n, size, candidate, FALSE);
    }
  return n;
}

static gboolean
has_rules (AkinSimilarityFlags flags)
{
  return (flags & (AKIN_SIMILARITY_SKIP_SAME_ARTIST | AKIN_SIMILARITY_SKIP_SAME_ALBUM
                   | AKIN_SIMILARITY_MERGE_DUPLICATES)) != 0;
}

/* The shortlist: the rows passing the rules with the best cheap scores, as
 * HeapEntry with id = row, and their mutual proximities in @mp_out. The
 * timbre part is normalised over the best rows of the cheap parts without
 * the rules, so that a rule removes tracks without rescoring the others. */
static HeapEntry *
shortlist (AkinSimilarityIndex *self,
           Scoring             *s,
           gssize               anchor_row,
           const Anchor        *anchor,
           AkinSimilarityFlags  flags,
           guint               *n_short,
           double             **mp_out)
{
  guint size = (guint) MIN ((gsize) AKIN_SIMILARITY_SHORTLIST, MAX (self->n, 1));
  HeapEntry *heap = g_new (HeapEntry, size);
  double *mp;
  double t1 = 0, t2 = 0;
  gsize nt = 0;
  guint n;

  n = best_rows (self, s, anchor_row, anchor, 0, heap, size);
  mp = g_new0 (double, size);
  if (s->use_timbre)
    for (guint j = 0; j < n; j++)
      {
        gsize row = (gsize) heap[j].id;

        if (!self->has_timbre[row])
          continue;
        mp[j] = proximity (self, s, row);
        t1 += mp[j];
        t2 += mp[j] * mp[j];
        nt++;
      }
  mean_sd (t1, t2, nt, &s->tm_mean, &s->tm_sd);

  if (has_rules (flags))
    {
      n = best_rows (self, s, anchor_row, anchor, flags, heap, size);
      if (s->use_timbre)
        for (guint j = 0; j < n; j++)
          if (self->has_timbre[(gsize) heap[j].id])
            mp[j] = proximity (self, s, (gsize) heap[j].id);
    }
  *n_short = n;
  *mp_out = mp;
  return heap;
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const AkinSimilarityMatch *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->track_id < y->track_id ? -1 : (x->track_id > y->track_id);
}

/* Reader lock held. @vector: the external anchor's vector, stride floats,
 * L2-normalised (anchor_row -1); @timbre its model (nullable). */
GArray *
_akin_similarity_combined_query (AkinSimilarityIndex   *self,
                                 gssize                 anchor_row,
                                 const float           *vector,
                                 const AkinTimbreModel *timbre,
                                 const Anchor          *anchor,
                                 guint                  k,
                                 AkinSimilarityFlags    flags)
{
  gboolean merge = (flags & AKIN_SIMILARITY_MERGE_DUPLICATES) != 0;
  g_autofree HeapEntry *heap = g_new (HeapEntry, MAX (k, 1));
  g_autofree HeapEntry *shortl = NULL;
  g_autofree double *mp = NULL;
  Scoring s;
  GArray *matches;
  guint n_short = 0, n_heap = 0;

  if (self->n == 0 || k == 0)
    return g_array_new (FALSE, FALSE, sizeof (AkinSimilarityMatch));

  scoring_init (self, &s, anchor_row, vector, timbre);
  shortl = shortlist (self, &s, anchor_row, anchor, flags, &n_short, &mp);
  for (guint j = 0; j < n_short; j++)
    {
      gsize row = (gsize) shortl[j].id;
      HeapEntry candidate;
      float score = shortl[j].score;

      if (s.use_timbre && self->has_timbre[row])
        score += zvalue (mp[j], s.tm_mean, s.tm_sd);
      candidate.score = akin_similarity_display_score (score / (float) s.n_parts);
      candidate.id = self->ids[row];
      candidate.group = merge ? self->content[row] : 0;
      _akin_similarity_heap_offer (heap, &n_heap, k, candidate, merge);
    }
  scoring_clear (&s);

  matches = g_array_sized_new (FALSE, FALSE, sizeof (AkinSimilarityMatch), n_heap);
  for (guint i = 0; i < n_heap; i++)
    {
      AkinSimilarityMatch m = { heap[i].id, heap[i].score };

      g_array_append_val (matches, m);
    }
  g_array_sort (matches, compare_matches);
  return matches;
}

/**
 * akin_similarity_index_query_external:
 * @self: an index
 * @vector: (array length=dim): the anchor's vector (it is normalised)
 * @dim: the index's dimension
 * @timbre: (nullable): the anchor's timbre model; without it only the
 *   encoders' part is used
 * @keys: (nullable): the anchor's tags and content hash, for the rules
 * @k: how many tracks to return, at most %AKIN_SIMILARITY_MAX_K
 * @flags: the rules
 * @error: %AKIN_ERROR_DIMENSION_MISMATCH, %AKIN_ERROR_INVALID_ARGUMENT
 *
 * akin_similarity_index_query_vector() with the anchor's timbre model, for
 * a song outside the library: its mutual proximity statistics are
 * computed against the reference sample now. Any thread.
 *
 * Returns: (transfer full) (element-type AkinSimilarityMatch) (nullable): the matches
 */
GArray *
akin_similarity_index_query_external (AkinSimilarityIndex      *self,
                                      const float              *vector,
                                      guint                     dim,
                                      const AkinTimbreModel    *timbre,
                                      const AkinSimilarityKeys *keys,
                                      guint                     k,
                                      AkinSimilarityFlags       flags,
                                      GError                  **error)
{
  AkinSimilarityKeys no_keys = { 0 };
  g_autofree float *query = NULL;
  GArray *matches = NULL;
  Anchor anchor = { 0 };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (vector != NULL, NULL);

  if (keys == NULL)
    keys = &no_keys;
  if (k > AKIN_SIMILARITY_MAX_K)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_INVALID_ARGUMENT,
                   "At most %d similar tracks can be asked for, not %u", AKIN_SIMILARITY_MAX_K, k);
      return NULL;
    }
  if (akin_similarity_index_get_mode (self) == AKIN_SIMILARITY_MODE_COSINE)
    return akin_similarity_index_query_vector (self, vector, dim, keys, k, flags, error);

  g_rw_lock_reader_lock (&self->lock);
  if (self->n == 0)
    {
      matches = g_array_new (FALSE, FALSE, sizeof (AkinSimilarityMatch));
      goto out;
    }
  if (dim != self->dim)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_DIMENSION_MISMATCH,
                   "A vector of %u values cannot be compared with an index of %u", dim, self->dim);
      goto out;
    }
  query = g_new (float, self->stride);
  if (!_akin_similarity_normalise_into (query, self->stride, vector, dim, error))
    goto out;
  _akin_similarity_index_anchor_keys (self, keys, &anchor);
  matches = _akin_similarity_combined_query (self, -1, query, timbre, &anchor, k, flags);

out:
  g_rw_lock_reader_unlock (&self->lock);
  return matches;
}

/**
 * akin_similarity_explain:
 * @self: an index
 * @anchor_id: the anchor, a track in the index
 * @other_id: a neighbour, a track in the index
 * @out: (out caller-allocates): each part's contribution
 *
 * How much each part of the similarity contributed to @other_id's score
 * in a query for @anchor_id (without rules): the contributions sum to the
 * score such a query reports. For the app's "why similar" text. Any thread.
 *
 * Returns: %FALSE (and @out zeroed) when either track is not in the index
 */
gboolean
akin_similarity_explain (AkinSimilarityIndex       *self,
                         gint64                     anchor_id,
                         gint64                     other_id,
                         AkinSimilarityExplanation *out)
{
  g_autofree HeapEntry *shortl = NULL;
  g_autofree double *mp = NULL;
  Anchor anchor = { 0 };
  gssize a, o;
  guint n_short = 0;
  Scoring s;
  gboolean in_shortlist = FALSE;
  double proximity_value = 0.0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  g_rw_lock_reader_lock (&self->lock);
  a = _akin_similarity_index_find_row (self, anchor_id);
  o = _akin_similarity_index_find_row (self, other_id);
  if (a < 0 || o < 0 || a == o)
    {
      g_rw_lock_reader_unlock (&self->lock);
      return FALSE;
    }
  if (self->mode == AKIN_SIMILARITY_MODE_COSINE)
    {
      float dot;

      akin_similarity_score_rows (self->rows + (gsize) o * self->stride, 1, self->stride,
                                  self->rows + (gsize) a * self->stride, &dot);
      out->score = out->combined = out->encoders = out->encoders_cosine = CLAMP (dot, -1.0f, 1.0f);
      g_rw_lock_reader_unlock (&self->lock);
      return TRUE;
    }

  anchor.has_id = TRUE;
  anchor.anchor_id = anchor_id;
  scoring_init (self, &s, a, NULL, NULL);
  shortl = shortlist (self, &s, a, &anchor, AKIN_SIMILARITY_FLAGS_NONE, &n_short, &mp);
  out->has_timbre = s.use_summary && self->has_timbre[o];
  if (s.use_ae)
    {
      out->encoders_cosine = s.ae[o];
      out->encoders = zvalue (s.ae[o], s.ae_mean, s.ae_sd) / (float) s.n_parts;
    }
  if (out->has_timbre)
    {
      out->summary_cosine = s.su[o];
      out->summary = zvalue (s.su[o], s.su_mean, s.su_sd) / (float) s.n_parts;
      for (guint j = 0; j < n_short && !in_shortlist; j++)
        if (shortl[j].id == (gint64) o)
          {
            in_shortlist = TRUE;
            proximity_value = mp[j];
          }
      if (!in_shortlist)
        proximity_value = proximity (self, &s, (gsize) o);
      out->timbre_proximity = (float) proximity_value;
      out->timbre = zvalue (proximity_value, s.tm_mean, s.tm_sd) / (float) s.n_parts;
    }
  /* Summed as a query sums them, so the score matches the query's exactly. */
  out->combined = (cheap_score (self, &s, (gsize) o)
                   + (out->has_timbre ? zvalue (proximity_value, s.tm_mean, s.tm_sd) : 0.0f))
                  / (float) s.n_parts;
  out->score = akin_similarity_display_score (out->combined);
  scoring_clear (&s);
  g_rw_lock_reader_unlock (&self->lock);
  return TRUE;
}
