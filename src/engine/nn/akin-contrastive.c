/* akin-contrastive.c: the self-supervised "same song" objective
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A batch holds two views (two slices, far apart in time, each lightly
 * perturbed) of P different songs. The NT-Xent loss asks each view to
 * recognise its partner among the 2P − 1 other views by the cosine of their
 * latent vectors: a softmax cross-entropy over similarities divided by a
 * temperature. What the encoder must keep to win is what stays constant
 * across a song (timbre, instrumentation, production) rather than where
 * events fall inside a 5.9 s slice, which is what reconstruction alone
 * spends the latent on.
 *
 * All functions are pure apart from the generator they are given: any
 * thread.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-contrastive.h"

/**
 * akin_nt_xent:
 * @z: 2 × @n_pairs rows of @dim values: rows i and i + @n_pairs are the
 *   two views of one song
 * @n_pairs: ≥ 1
 * @dim: values per row
 * @temperature: divides the cosine similarities (> 0; 0.1 … 0.2 usual)
 * @gradient: (out) (nullable): 2 × @n_pairs × @dim values, d loss / d @z
 *
 * The normalised-temperature cross-entropy: rows are L2-normalised to u,
 * s_ij = u_i·u_j / τ, and the loss is the mean over the 2P rows of
 * −log (exp s_{i,p(i)} / Σ_{j≠i} exp s_ij). A zero row is treated as having
 * norm 1e-12 (its gradient is then huge but finite).
 *
 * Returns: the loss (log (2P − 1) when all rows are equal).
 */
double
akin_nt_xent (const float *z, guint n_pairs, gsize dim, float temperature, float *gradient)
{
  return akin_nt_xent_soft (z, n_pairs, dim, temperature, NULL, gradient);
}

/**
 * akin_nt_xent_soft:
 * @z: 2 × @n_pairs rows of @dim values, as for akin_nt_xent()
 * @n_pairs: ≥ 1
 * @dim: values per row
 * @temperature: divides the cosine similarities (> 0)
 * @targets: (nullable): (2 @n_pairs)² values: row i is the distribution
 *   row i's softmax is asked to match, over the other rows (the diagonal is
 *   ignored; each row sums to 1). %NULL: all the mass on the partner, which
 *   is akin_nt_xent()
 * @gradient: (out) (nullable): 2 × @n_pairs × @dim values, d loss / d @z
 *
 * The same cross-entropy with soft targets: the mean over rows of
 * −Σ_{j≠i} q_ij log softmax_j (s_ij). Spreading part of a row's mass over
 * the other songs in proportion to how alike a teacher finds them asks the
 * encoder to rank strangers as the teacher does, not only to find the
 * partner.
 *
 * Returns: the loss
 */
double
akin_nt_xent_soft (const float  *z,
                   guint         n_pairs,
                   gsize         dim,
                   float         temperature,
                   const double *targets,
                   float        *gradient)
{
  return akin_nt_xent_biased (z, n_pairs, dim, temperature, targets, NULL, gradient);
}

/**
 * akin_nt_xent_biased:
 * @z: 2 × @n_pairs rows of @dim values, as for akin_nt_xent()
 * @n_pairs: ≥ 1
 * @dim: values per row
 * @temperature: divides the cosine similarities (> 0)
 * @targets: (nullable): as for akin_nt_xent_soft()
 * @bias: (nullable): (2 @n_pairs)² values added to the logits s_ij before
 *   the softmax (the diagonal is ignored); %NULL: none
 * @gradient: (out) (nullable): 2 × @n_pairs × @dim values, d loss / d @z
 *
 * akin_nt_xent_soft() with a fixed bias b_ij on each logit: row i's
 * softmax is over s_ij + b_ij. A bias of log w_ij weighs the term of row j
 * in row i's denominator by w_ij, which is how a loss is told that some
 * strangers matter more than others (hard negatives): the gradient
 * pushes a stranger away in proportion to its weighted share of the
 * softmax. With all b_ij equal it is akin_nt_xent_soft().
 *
 * Returns: the loss
 */
double
akin_nt_xent_biased (const float  *z,
                     guint         n_pairs,
                     gsize         dim,
                     float         temperature,
                     const double *targets,
                     const double *bias,
                     float        *gradient)
{
  guint n = 2 * n_pairs;
  g_autofree double *u = NULL;
  g_autofree double *norm = NULL;
  g_autofree double *g = NULL; /* d loss / d s_ij */
  double loss = 0.0, inv_t = 1.0 / temperature;

  g_return_val_if_fail (z != NULL && n_pairs >= 1 && dim >= 1 && temperature > 0.0f, NAN);

  u = g_new (double, (gsize) n * dim);
  norm = g_new (double, n);
  g = g_new0 (double, (gsize) n * n);
  for (guint i = 0; i < n; i++)
    {
      double s = 0.0;

      for (gsize d = 0; d < dim; d++)
        s += (double) z[i * dim + d] * z[i * dim + d];
      norm[i] = MAX (sqrt (s), 1e-12);
      for (gsize d = 0; d < dim; d++)
        u[i * dim + d] = z[i * dim + d] / norm[i];
    }

  for (guint i = 0; i < n; i++)
    {
      guint partner = (i + n_pairs) % n;
      double *row = g + (gsize) i * n;
      const double *q = targets != NULL ? targets + (gsize) i * n : NULL;
      const double *b = bias != NULL ? bias + (gsize) i * n : NULL;
      double top = -INFINITY, sum = 0.0, log_sum;

      for (guint j = 0; j < n; j++)
        {
          double s = 0.0;

          if (j == i)
            continue;
          for (gsize d = 0; d < dim; d++)
            s += u[i * dim + d] * u[j * dim + d];
          row[j] = s * inv_t + (b != NULL ? b[j] : 0.0);
          top = MAX (top, row[j]);
        }
      for (guint j = 0; j < n; j++)
        if (j != i)
          sum += exp (row[j] - top);
      log_sum = top + log (sum);
      if (q == NULL)
        loss += log_sum - row[partner];
      else
        for (guint j = 0; j < n; j++)
          if (j != i)
            loss += q[j] * (log_sum - row[j]);
      /* softmax − target, scaled by 1/n for the mean */
      for (guint j = 0; j < n; j++)
        row[j] = j == i ? 0.0 : exp (row[j] - top) / sum / n;
      if (q == NULL)
        row[partner] -= 1.0 / n;
      else
        for (guint j = 0; j < n; j++)
          if (j != i)
            row[j] -= q[j] / n;
    }
  loss /= n;

  if (gradient != NULL)
    {
      g_autofree double *du = g_new (double, dim);

      for (guint i = 0; i < n; i++)
        {
          double dot = 0.0;

          /* s_ij enters row i's and row j's terms: d/du_i = Σ_j (g_ij + g_ji) u_j / τ */
          memset (du, 0, dim * sizeof (double));
          for (guint j = 0; j < n; j++)
            {
              double c = (g[(gsize) i * n + j] + g[(gsize) j * n + i]) * inv_t;

              if (j == i || c == 0.0)
                continue;
              for (gsize d = 0; d < dim; d++)
                du[d] += c * u[j * dim + d];
            }
          /* through the normalisation: (du − u (u·du)) / |z| */
          for (gsize d = 0; d < dim; d++)
            dot += du[d] * u[i * dim + d];
          for (gsize d = 0; d < dim; d++)
            gradient[i * dim + d] = (float) ((du[d] - u[i * dim + d] * dot) / norm[i]);
        }
    }
  return loss;
}

/**
 * akin_nt_xent_pooled:
 * @z: 2 × @n_pairs × @per_view rows of @dim values: rows
 *   (v · @n_pairs + p) · @per_view + j, j < @per_view, are view v of pair p
 * @n_pairs: ≥ 1
 * @per_view: rows averaged into each view, ≥ 1
 * @dim: values per row
 * @temperature: τ > 0
 * @targets: (nullable): as for akin_nt_xent_soft(), over the 2 @n_pairs views
 * @bias: (nullable): as for akin_nt_xent_biased(), over the views
 * @gradient: (out caller-allocates) (optional): d loss / d @z, as many values
 *
 * akin_nt_xent_biased() of the views' mean rows: each view is the mean of
 * its @per_view rows, and each row gets 1 / @per_view of its view's
 * gradient. With @per_view 1, akin_nt_xent_biased() itself.
 *
 * Returns: the mean loss over the views
 */
double
akin_nt_xent_pooled (const float  *z,
                     guint         n_pairs,
                     guint         per_view,
                     gsize         dim,
                     float         temperature,
                     const double *targets,
                     const double *bias,
                     float        *gradient)
{
  guint n_views = 2 * n_pairs;
  g_autofree float *pooled = NULL;
  g_autofree float *pooled_grad = NULL;
  double loss;

  g_return_val_if_fail (z != NULL && n_pairs >= 1 && per_view >= 1 && dim >= 1, NAN);

  if (per_view == 1)
    return akin_nt_xent_biased (z, n_pairs, dim, temperature, targets, bias, gradient);
  pooled = g_new0 (float, (gsize) n_views * dim);
  for (guint v = 0; v < n_views; v++)
    for (guint j = 0; j < per_view; j++)
      for (gsize d = 0; d < dim; d++)
        pooled[(gsize) v * dim + d] += z[((gsize) v * per_view + j) * dim + d] / per_view;
  if (gradient != NULL)
    pooled_grad = g_new (float, (gsize) n_views * dim);
  loss = akin_nt_xent_biased (pooled, n_pairs, dim, temperature, targets, bias, pooled_grad);
  if (gradient != NULL)
    for (guint v = 0; v < n_views; v++)
      for (guint j = 0; j < per_view; j++)
        for (gsize d = 0; d < dim; d++)
          gradient[((gsize) v * per_view + j) * dim + d] = pooled_grad[(gsize) v * dim + d] /
                                                           per_view;
  return loss;
}

/**
 * akin_augment_slice:
 * @slice: (inout): a standardised slice, @h rows (coefficients) of @w frames
 * @h: rows
 * @w: frames
 * @augment: the perturbations' sizes
 * @rng: the generator
 *
 * Adds a random offset to row 0 (a gain change moves only c0), a small
 * random offset to each other row (an EQ tilt moves the cepstrum by a
 * constant per coefficient), and zeroes a random run of frames (time
 * masking; 0 is the training mean).
 */
void
akin_augment_slice (float *slice, guint h, guint w, const AkinAugment *augment, AkinRng *rng)
{
  g_return_if_fail (slice != NULL && augment != NULL && rng != NULL);

  for (guint r = 0; r < h; r++)
    {
      float offset = r == 0 ? (float) ((2.0 * akin_rng_uniform (rng) - 1.0) * augment->c0_gain)
                            : (float) (akin_rng_normal (rng) * augment->row_offset);

      for (guint f = 0; f < w; f++)
        slice[(gsize) r * w + f] += offset;
    }
  if (augment->max_mask > 0 && w > 1)
    {
      guint len = akin_rng_below (rng, MIN (augment->max_mask, w - 1) + 1);
      guint start = akin_rng_below (rng, w - len + 1);

      for (guint r = 0; r < h; r++)
        memset (slice + (gsize) r * w + start, 0, len * sizeof (float));
    }
}

/**
 * akin_augment_pitch_ops:
 * @augment: with @n_pitch matrices on raw coefficients
 * @h: rows of a slice (coefficients)
 * @mean: (array length=h): the coefficients' means the slices are
 *   standardised with
 * @std: (array length=h): their standard deviations
 *
 * Rewrites each pitch shift M of @augment for standardised slices: the
 * view x becomes A x + b with A = S⁻¹ M S and b = S⁻¹ (M − I) μ (S the
 * deviations, μ the means), so that the shift is of the sound, not of the
 * standardised numbers.
 *
 * Returns: (transfer full) (nullable): @n_pitch operators of h × (h + 1)
 *   floats (A row-major, b in the last column), or %NULL without shifts
 */
float *
akin_augment_pitch_ops (const AkinAugment *augment, guint h, const float *mean, const float *std)
{
  float *ops;

  g_return_val_if_fail (augment != NULL && mean != NULL && std != NULL, NULL);

  if (augment->pitch == NULL || augment->n_pitch == 0)
    return NULL;
  ops = g_new (float, (gsize) augment->n_pitch * h * (h + 1));
  for (guint k = 0; k < augment->n_pitch; k++)
    {
      const float *m = augment->pitch + (gsize) k * h * h;
      float *op = ops + (gsize) k * h * (h + 1);

      for (guint r = 0; r < h; r++)
        {
          double shift = -mean[r];

          for (guint c = 0; c < h; c++)
            {
              op[r * (h + 1) + c] = m[r * h + c] * std[c] / std[r];
              shift += (double) m[r * h + c] * mean[c];
            }
          op[r * (h + 1) + h] = (float) (shift / std[r]);
        }
    }
  return ops;
}

/**
 * akin_augment_warp:
 * @slice: (inout): a standardised slice, @h rows of @w frames
 * @h: rows
 * @w: frames
 * @op: (nullable): a pitch shift from akin_augment_pitch_ops(), applied to
 *   every frame
 * @rate: the tempo factor: > 1 plays faster (frame t of the result is
 *   frame c + (t − c) · @rate of @slice, c the middle, between frames
 *   linearly, the end frames held beyond the ends); 1 leaves the time
 *   alone
 * @scratch: @h × @w floats to work in
 *
 * Plays a slice higher or lower and faster or slower.
 */
void
akin_augment_warp (float *slice, guint h, guint w, const float *op, double rate, float *scratch)
{
  double middle = (w - 1) / 2.0;

  g_return_if_fail (slice != NULL && scratch != NULL && w >= 1 && rate > 0.0);

  if (rate != 1.0 && w > 1)
    {
      for (guint f = 0; f < w; f++)
        {
          double u = CLAMP (middle + (f - middle) * rate, 0.0, w - 1.0);
          guint lo = MIN ((guint) u, w - 2);
          float a = (float) (u - lo);

          for (guint r = 0; r < h; r++)
            {
              const float *row = slice + (gsize) r * w;

              scratch[(gsize) r * w + f] = (1.0f - a) * row[lo] + a * row[lo + 1];
            }
        }
      memcpy (slice, scratch, (gsize) h * w * sizeof (float));
    }
  if (op == NULL)
    return;
  for (guint r = 0; r < h; r++)
    for (guint f = 0; f < w; f++)
      {
        float sum = op[r * (h + 1) + h];

        for (guint c = 0; c < h; c++)
          sum += op[r * (h + 1) + c] * slice[(gsize) c * w + f];
        scratch[(gsize) r * w + f] = sum;
      }
  memcpy (slice, scratch, (gsize) h * w * sizeof (float));
}

/**
 * akin_pick_far_slice:
 * @n_slices: slices of the song, ≥ 1
 * @first: the first view's slice
 * @rng: the generator
 *
 * Picks the second view: uniformly among the slices at least a third of
 * the song away from @first when there are any, else any other slice, else
 * (a one-slice song) @first itself.
 *
 * Returns: a slice index below @n_slices
 */
guint
akin_pick_far_slice (guint n_slices, guint first, AkinRng *rng)
{
  guint gap = n_slices / 3, n_far = 0, k;

  g_return_val_if_fail (first < n_slices, 0);

  if (n_slices == 1)
    return first;
  if (gap < 1)
    gap = 1;
  for (guint s = 0; s < n_slices; s++)
    n_far += (s + gap <= first || s >= first + gap);
  if (n_far == 0)
    {
      k = akin_rng_below (rng, n_slices - 1);
      return k >= first ? k + 1 : k;
    }
  k = akin_rng_below (rng, n_far);
  for (guint s = 0; s < n_slices; s++)
    if ((s + gap <= first || s >= first + gap) && k-- == 0)
      return s;
  g_assert_not_reached ();
  return first;
}

/* The share of each counted row's @k nearest rows by cosine that are hits,
 * averaged over the counted rows. Without @group: a hit is a row of the same
 * song, and the row's immediate neighbours in time are left out. With
 * @group: every row of the same song is left out, a hit is a row of the same
 * group, and rows whose group has no other song among the rows are not
 * counted (they cannot score). */
static double
retrieval (const float *rows,
           const guint *song,
           const guint *position,
           const guint *group,
           guint        n_rows,
           gsize        dim,
           guint        k)
{
  g_autofree float *unit = g_new (float, (gsize) MAX (n_rows, 1) * dim);
  g_autofree float *best = g_new (float, k);
  g_autofree guint *best_row = g_new (guint, k);
  double total = 0.0;
  guint counted = 0;

  for (guint i = 0; i < n_rows; i++)
    {
      double s = 0.0;

      for (gsize d = 0; d < dim; d++)
        s += (double) rows[i * dim + d] * rows[i * dim + d];
      s = s > 0.0 ? 1.0 / sqrt (s) : 0.0;
      for (gsize d = 0; d < dim; d++)
        unit[i * dim + d] = (float) (rows[i * dim + d] * s);
    }
  for (guint i = 0; i < n_rows; i++)
    {
      guint found = 0, hits = 0, candidates = 0;

      for (guint j = 0; j < n_rows; j++)
        {
          float c = 0.0f;
          guint slot;

          if (group == NULL && song[j] == song[i] && position[j] + 1 >= position[i] &&
              position[j] <= position[i] + 1)
            continue;
          if (group != NULL && song[j] == song[i])
            continue;
          candidates += group == NULL || group[j] == group[i];
          for (gsize d = 0; d < dim; d++)
            c += unit[i * dim + d] * unit[j * dim + d];
          if (found == k && c <= best[k - 1])
            continue;
          /* insertion into the sorted top k */
          slot = found < k ? found++ : k - 1;
          while (slot > 0 && best[slot - 1] < c)
            {
              best[slot] = best[slot - 1];
              best_row[slot] = best_row[slot - 1];
              slot--;
            }
          best[slot] = c;
          best_row[slot] = j;
        }
      if (group != NULL && candidates == 0)
        continue;
      for (guint m = 0; m < found; m++)
        hits += group == NULL ? song[best_row[m]] == song[i] : group[best_row[m]] == group[i];
      total += found > 0 ? (double) hits / found : 0.0;
      counted++;
    }
  return counted > 0 ? total / counted : 0.0;
}

/**
 * akin_same_song_retrieval:
 * @rows: @n_rows vectors of @dim values (e.g. validation slices' latents)
 * @song: song index of each row
 * @position: slice index of each row inside its song
 * @n_rows: rows
 * @dim: values per row
 * @k: neighbours per row, ≥ 1
 *
 * A self-supervised measure of how much song identity the vectors keep:
 * for each row, the share of its @k nearest rows by cosine that come from
 * the same song, the row itself and its immediate neighbours in time
 * (same song, position ±1) left out, averaged over the rows.
 *
 * Returns: a value in [0, 1]
 */
double
akin_same_song_retrieval (const float *rows,
                          const guint *song,
                          const guint *position,
                          guint        n_rows,
                          gsize        dim,
                          guint        k)
{
  g_return_val_if_fail (k >= 1, 0.0);

  return retrieval (rows, song, position, NULL, n_rows, dim, k);
}

/**
 * akin_same_group_retrieval:
 * @rows: @n_rows vectors of @dim values
 * @song: song index of each row
 * @group: album (or any grouping of songs) of each row
 * @n_rows: rows
 * @dim: values per row
 * @k: neighbours per row, ≥ 1
 *
 * How well the vectors generalise past song identity: for each row, the
 * share of its @k nearest rows by cosine, among the rows of other songs,
 * that come from the same group. Rows whose group has no other song are
 * left out of the mean.
 *
 * Returns: a value in [0, 1]
 */
double
akin_same_group_retrieval (const float *rows,
                           const guint *song,
                           const guint *group,
                           guint        n_rows,
                           gsize        dim,
                           guint        k)
{
  g_return_val_if_fail (k >= 1 && group != NULL, 0.0);

  return retrieval (rows, song, NULL, group, n_rows, dim, k);
}
