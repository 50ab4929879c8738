/* akin-similarity-why-parts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The index parts of "why similar": for one anchor (a library track or a
 * song outside the library, given by its vector and timbre model) and a
 * few neighbours, what akin_similarity_explain() reports for each, with
 * the anchor's statistics computed once rather than once per neighbour
 * (_akin_similarity_combined_explain(), beside the query it explains), and
 * each part's contribution on the scale of akin-similarity-why.h. The
 * tests hold it to akin_similarity_explain() and to the scores of
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

static float
part_contribution (float z)
{
  return tanhf (0.5f * z);
}

/* Sets the index aspects of @w from an explanation. */
static void
set_index_aspects (const AkinSimilarityExplanation *e,
                   AkinSimilarityWhy               *w)
{
  memset (w->has, 0, sizeof w->has);
  memset (w->contribution, 0, sizeof w->contribution);
  w->explanation = *e;
  w->has_explanation = TRUE;
  if (e->has_encoders)
    {
      w->has[AKIN_SIMILARITY_ASPECT_ENCODERS] = TRUE;
      /* The plain cosine in the cosine mode (no parts), else the normalised
       * part squashed as the displayed score is. */
      w->contribution[AKIN_SIMILARITY_ASPECT_ENCODERS] =
        e->n_parts == 0 ? e->encoders : part_contribution (e->encoders_normalised);
    }
  if (e->has_timbre)
    {
      w->has[AKIN_SIMILARITY_ASPECT_TIMBRE] = TRUE;
      w->contribution[AKIN_SIMILARITY_ASPECT_TIMBRE] =
        part_contribution (e->timbre_normalised);
    }
}

/**
 * akin_similarity_why_from_match:
 * @match: a match from a query of the similarity index
 * @out: where the answer goes, initialised (zeroed or cleared) by the
 *   caller
 *
 * Fills the index aspects (timbre, encoders) and the explanation of @out
 * from the explanation the query left in @match: what
 * akin_similarity_why_explain() would give, without computing the anchor's
 * statistics again. The descriptor aspects and the text come from
 * akin_similarity_why_describe(). Any thread.
 */
void
akin_similarity_why_from_match (const AkinSimilarityMatch *match,
                                AkinSimilarityWhy         *out)
{
  g_return_if_fail (match != NULL && out != NULL);

  set_index_aspects (&match->explanation, out);
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
  g_autofree gssize *rows = g_new (gssize, MAX (n_others, 1));
  g_autofree AkinSimilarityExplanation *e = g_new (AkinSimilarityExplanation, MAX (n_others, 1));

  for (guint i = 0; i < n_others; i++)
    rows[i] = _akin_similarity_index_find_row (self, other_ids[i]);
  _akin_similarity_combined_explain (self, anchor_row, query, timbre, rows, n_others, e);

  for (guint i = 0; i < n_others; i++)
    {
      if (rows[i] >= 0 && rows[i] != anchor_row)
        {
          set_index_aspects (&e[i], &out[i]);
          continue;
        }
      memset (out[i].has, 0, sizeof out[i].has);
      memset (out[i].contribution, 0, sizeof out[i].contribution);
      memset (&out[i].explanation, 0, sizeof out[i].explanation);
      out[i].has_explanation = FALSE;
    }
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
