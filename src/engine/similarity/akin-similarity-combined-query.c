/* akin-similarity-combined-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Queries with the combined similarity and akin_similarity_explain(): the
 * two cheap parts (encoders' vectors, summary vectors) scored for every
 * track and normalised over the candidates, a shortlist of the best
 * candidates that pass the rules, the timbre part (Jensen–Shannon
 * divergence as mutual proximity) for those only, normalised over the best
 * candidates without the rules; the mean of the parts, squashed by
 * akin_similarity_display_score(). See akin-similarity-combined.c for the
 * statistics the parts rely on.
 *
 * Threads: queries and explain() hold the index's reader lock.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-error.h"
#include "akin-similarity-private.h"

#define BLOCK 1024

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
  float                  w_ae, w_su, w_tm; /* the parts' weights, 0 when unused */
  float                  w_sum;            /* their sum, what the parts are divided by */
  const AkinSimilarityTimbre *timbre; /* the anchor's */
  AkinSimilarityTimbre   external;    /* an external anchor's */
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
  /* The kernel needs no alignment (it loads through memcpy). */
  g_autofree float *qa = g_new0 (float, self->stride);
  g_autofree float *qs = g_new0 (float, AKIN_SIMILARITY_SUMMARY_STRIDE);
  g_autofree float *qa2 = g_new0 (float, self->stride);
  g_autofree float *qs2 = g_new0 (float, AKIN_SIMILARITY_SUMMARY_STRIDE);
  double a1 = 0, a2 = 0, s1 = 0, s2 = 0, ca = 0, cs = 0;
  gsize na = 0, ns = 0;
  AkinSimilarityMode mode = self->mode;

  memset (s, 0, sizeof *s);
  if (anchor_row >= 0)
    {
      _akin_similarity_standardise (qa, self->stride, self->rows + (gsize) anchor_row * self->stride,
                                    self->dim, self->ae_mean, self->ae_scale);
      if (self->has_timbre[anchor_row])
        {
          s->timbre = &self->timbre[anchor_row];
          s->norm = self->norm[anchor_row];
        }
    }
  else
    {
      _akin_similarity_standardise (qa, self->stride, query, self->dim, self->ae_mean, self->ae_scale);
      if (timbre != NULL)
        {
          _akin_similarity_timbre_from_model (timbre, &s->external);
          s->timbre = &s->external;
          _akin_similarity_timbre_norm (s->timbre, self->refs, self->n_refs, &s->norm);
        }
    }
  if (s->timbre != NULL && self->n_timbre > 0)
    {
      float raw[AKIN_SIMILARITY_SUMMARY_STRIDE];

      _akin_similarity_summary_of (s->timbre, raw);
      _akin_similarity_standardise (qs, AKIN_SIMILARITY_SUMMARY_STRIDE, raw, AKIN_SIMILARITY_SUMMARY_DIM,
                   self->sum_mean, self->sum_scale);
    }

  s->use_summary = s->use_timbre = mode != AKIN_SIMILARITY_MODE_AE_ONLY && s->timbre != NULL
                                   && self->n_timbre > 0;
  /* With no timbre to compare, the encoders decide, whatever the mode. */
  s->use_ae = mode != AKIN_SIMILARITY_MODE_OTHERS_ONLY || !s->use_summary;
  s->n_parts = (s->use_ae ? 1 : 0) + (s->use_summary ? 2 : 0);
  /* The index's weights in the combined mode; equal ones when a single
   * view is asked for, or when only the encoders are left. */
  {
    gboolean weighted = mode == AKIN_SIMILARITY_MODE_COMBINED && s->use_ae && s->use_summary;

    s->w_ae = s->use_ae ? (weighted ? self->weights.encoders : 1.0f) : 0.0f;
    s->w_su = s->use_summary ? (weighted ? self->weights.summary : 1.0f) : 0.0f;
    s->w_tm = s->use_timbre ? (weighted ? self->weights.timbre : 1.0f) : 0.0f;
    s->w_sum = s->w_ae + s->w_su + s->w_tm;
  }

  /* The rows are kept as they are, not z-scored: the cosine of z-scored
   * rows is (row · q′ − c) / ‖z-scored row‖ for q′ = the z-scored query ×
   * scale and c = mean · q′, so the query carries the z-scoring. */
  if (s->use_ae)
    for (guint j = 0; j < self->dim; j++)
      {
        qa2[j] = qa[j] * self->ae_scale[j];
        ca += (double) self->ae_mean[j] * qa2[j];
      }
  if (s->use_summary)
    for (guint j = 0; j < AKIN_SIMILARITY_SUMMARY_DIM; j++)
      {
        qs2[j] = qs[j] * self->sum_scale[j];
        cs += (double) self->sum_mean[j] * qs2[j];
      }

  s->ae = g_new (float, MAX (self->n, 1));
  s->su = g_new (float, MAX (self->n, 1));
  for (gsize start = 0; start < self->n; start += BLOCK)
    {
      gsize len = MIN ((gsize) BLOCK, self->n - start);

      if (s->use_ae)
        akin_similarity_score_rows (self->rows + start * self->stride, len, self->stride, qa2,
                                    s->ae + start);
      if (s->use_summary)
        akin_similarity_score_rows (self->summary + start * AKIN_SIMILARITY_SUMMARY_STRIDE, len,
                                    AKIN_SIMILARITY_SUMMARY_STRIDE, qs2, s->su + start);
      for (gsize i = start; i < start + len; i++)
        {
          if (s->use_ae)
            s->ae[i] = (float) ((s->ae[i] - ca) * self->ae_inv[i]);
          if (s->use_summary)
            s->su[i] = self->has_timbre[i] ? (float) ((s->su[i] - cs) * self->sum_inv[i]) : 0.0f;
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

/* The weighted sum of the normalised cheap parts of row @i. */
static inline float
cheap_score (AkinSimilarityIndex *self,
             const Scoring       *s,
             gsize                i)
{
  float score = 0.0f;

  if (s->use_ae)
    score += s->w_ae * zvalue (s->ae[i], s->ae_mean, s->ae_sd);
  if (s->use_summary && self->has_timbre[i])
    score += s->w_su * zvalue (s->su[i], s->su_mean, s->su_sd);
  return score;
}

static double
proximity (AkinSimilarityIndex *self,
           const Scoring       *s,
           gsize                i)
{
  double d = _akin_similarity_timbre_divergence (s->timbre, &self->timbre[i]);

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

/* Fills @e for row @o from the anchor's scoring and its shortlist (whose
 * mutual proximities are reused when @o is in it). */
static void
fill_explanation (AkinSimilarityIndex       *self,
                  const Scoring             *s,
                  gsize                      o,
                  const HeapEntry           *shortl,
                  guint                      n_short,
                  const double              *mp,
                  AkinSimilarityExplanation *e)
{
  double proximity_value = 0.0;
  gboolean in_shortlist = FALSE;

  memset (e, 0, sizeof *e);
  e->n_parts = s->n_parts;
  /* A part weighted 0 plays no part in the score, so no reason names it. */
  e->has_encoders = s->use_ae && s->w_ae > 0.0f;
  e->has_timbre = s->use_summary && self->has_timbre[o];
  if (s->use_ae)
    {
      e->encoders_cosine = s->ae[o];
      e->encoders_normalised = zvalue (s->ae[o], s->ae_mean, s->ae_sd);
      e->encoders = s->w_ae * e->encoders_normalised / s->w_sum;
    }
  if (e->has_timbre)
    {
      e->summary_cosine = s->su[o];
      e->summary = s->w_su * zvalue (s->su[o], s->su_mean, s->su_sd) / s->w_sum;
      for (guint j = 0; j < n_short && !in_shortlist; j++)
        if (shortl[j].id == (gint64) o)
          {
            in_shortlist = TRUE;
            proximity_value = mp[j];
          }
      if (!in_shortlist)
        proximity_value = proximity (self, s, o);
      e->timbre_proximity = (float) proximity_value;
      e->timbre_normalised = zvalue (proximity_value, s->tm_mean, s->tm_sd);
      e->timbre = s->w_tm * e->timbre_normalised / s->w_sum;
    }
  /* Summed as a query sums them, so the score matches the query's exactly. */
  e->combined = (cheap_score (self, s, o)
                 + (e->has_timbre ? s->w_tm * zvalue (proximity_value, s->tm_mean, s->tm_sd)
                    : 0.0f))
                / s->w_sum;
  e->score = akin_similarity_display_score (e->combined);
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
        score += s.w_tm * zvalue (mp[j], s.tm_mean, s.tm_sd);
      candidate.score = akin_similarity_display_score (score / s.w_sum);
      candidate.id = _akin_similarity_index_shown_id (self, row, merge);
      candidate.group = merge ? self->content[row] : 0;
      _akin_similarity_heap_offer (heap, &n_heap, k, candidate, merge);
    }

  matches = g_array_sized_new (FALSE, FALSE, sizeof (AkinSimilarityMatch), n_heap);
  for (guint i = 0; i < n_heap; i++)
    {
      AkinSimilarityMatch m = { heap[i].id, heap[i].score };
      gssize row = _akin_similarity_index_find_row (self, heap[i].id);

      fill_explanation (self, &s, (gsize) row, shortl, n_short, mp, &m.explanation);
      g_array_append_val (matches, m);
    }
  scoring_clear (&s);
  g_array_sort (matches, compare_matches);
  return matches;
}

/* Reader lock held. Fills @out[i] for the row @rows[i] as a query for the
 * anchor (@anchor_row, or the external @vector and @timbre when it is -1)
 * without rules scores it; a row that is -1 or the anchor's gets a zeroed
 * explanation. The anchor's statistics are computed once for all rows. */
void
_akin_similarity_combined_explain (AkinSimilarityIndex       *self,
                                   gssize                     anchor_row,
                                   const float               *vector,
                                   const AkinTimbreModel     *timbre,
                                   const gssize              *rows,
                                   guint                      n_rows,
                                   AkinSimilarityExplanation *out)
{
  g_autofree HeapEntry *shortl = NULL;
  g_autofree double *mp = NULL;
  Anchor anchor = { 0 };
  guint n_short = 0;
  Scoring s;

  memset (out, 0, n_rows * sizeof *out);
  /* An empty index has no statistics to explain with (and no row). */
  if (self->n == 0 || n_rows == 0)
    return;
  if (self->mode == AKIN_SIMILARITY_MODE_COSINE)
    {
      const float *q = anchor_row >= 0 ? self->rows + (gsize) anchor_row * self->stride : vector;

      for (guint i = 0; i < n_rows; i++)
        {
          float dot;

          if (rows[i] < 0 || rows[i] == anchor_row)
            continue;
          akin_similarity_score_rows (self->rows + (gsize) rows[i] * self->stride, 1,
                                      self->stride, q, &dot);
          out[i].score = out[i].combined = out[i].encoders = out[i].encoders_cosine =
            CLAMP (dot, -1.0f, 1.0f);
          out[i].has_encoders = TRUE;
        }
      return;
    }

  scoring_init (self, &s, anchor_row, vector, timbre);
  shortl = shortlist (self, &s, anchor_row, &anchor, AKIN_SIMILARITY_FLAGS_NONE, &n_short, &mp);
  for (guint i = 0; i < n_rows; i++)
    if (rows[i] >= 0 && rows[i] != anchor_row)
      fill_explanation (self, &s, (gsize) rows[i], shortl, n_short, mp, &out[i]);
  scoring_clear (&s);
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
  gssize a, o;

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
  _akin_similarity_combined_explain (self, a, NULL, NULL, &o, 1, out);
  g_rw_lock_reader_unlock (&self->lock);
  return TRUE;
}
