/* akin-timbre.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole-song timbre model: one full-covariance Gaussian over the frames
 * [MFCC-20 ⊕ spectral contrast-7], the divergences between two such models,
 * and mutual proximity, which turns a divergence into a similarity in [0, 1]
 * that is comparable across songs (it removes "hubs", songs that are close
 * to everything).
 *
 * The covariance is regularised before it is inverted: λ = 1e-3 · (mean
 * variance) + 1e-2 is added to its diagonal, and multiplied by ten until
 * the Cholesky factorisation succeeds. A song of constant frames (silence,
 * a test tone) therefore still gets an invertible, finite model.
 *
 * Arithmetic is in double; the model is stored in float.
 *
 * Threads: every function is reentrant.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-timbre.h"

#define D AKIN_TIMBRE_DIM

G_STATIC_ASSERT (sizeof (AkinTimbreModel) == AKIN_TIMBRE_MODEL_FLOATS * sizeof (float));

static inline guint
packed_index (guint i,
              guint j)
{
  if (i > j)
    {
      guint t = i;
      i = j;
      j = t;
    }
  /* Row i of the upper triangle starts after i rows of D, D−1, … values. */
  return i * D - i * (i - 1) / 2 + (j - i);
}

/**
 * akin_timbre_cholesky:
 * @a: a full %AKIN_TIMBRE_DIM × %AKIN_TIMBRE_DIM symmetric matrix, row-major
 *   (only its lower triangle is read)
 *
 * Factorises @a in place: its lower triangle becomes L, L Lᵀ = A. For the
 * divergences here and in the similarity index. Any thread.
 *
 * Returns: %FALSE when @a is not positive definite
 */
gboolean
akin_timbre_cholesky (double *a)
{
  for (guint j = 0; j < D; j++)
    {
      double s = a[j * D + j];

      for (guint k = 0; k < j; k++)
        s -= a[j * D + k] * a[j * D + k];
      if (!(s > 0.0) || !isfinite (s))
        return FALSE;
      s = sqrt (s);
      a[j * D + j] = s;
      for (guint i = j + 1; i < D; i++)
        {
          double t = a[i * D + j];

          for (guint k = 0; k < j; k++)
            t -= a[i * D + k] * a[j * D + k];
          a[i * D + j] = t / s;
        }
    }
  return TRUE;
}

/**
 * akin_timbre_cholesky_logdet:
 * @l: a Cholesky factor from akin_timbre_cholesky()
 *
 * Returns: ln det A of the factorised matrix
 */
double
akin_timbre_cholesky_logdet (const double *l)
{
  double s = 0.0;

  for (guint i = 0; i < D; i++)
    s += log (l[i * D + i]);
  return 2.0 * s;
}

/* A⁻¹ from its Cholesky factor: solve L Y = I, then Lᵀ X = Y. */
static void
cholesky_inverse (const double *l,
                  double       *inv)
{
  double y[D * D];

  for (guint c = 0; c < D; c++)
    {
      for (guint i = 0; i < D; i++)
        {
          double t = i == c ? 1.0 : 0.0;

          for (guint k = 0; k < i; k++)
            t -= l[i * D + k] * y[k * D + c];
          y[i * D + c] = t / l[i * D + i];
        }
      for (guint ii = D; ii-- > 0;)
        {
          double t = y[ii * D + c];

          for (guint k = ii + 1; k < D; k++)
            t -= l[k * D + ii] * inv[k * D + c];
          inv[ii * D + c] = t / l[ii * D + ii];
        }
    }
}

static void
neutral_model (AkinTimbreModel *model)
{
  memset (model, 0, sizeof *model);
  for (guint i = 0; i < D; i++)
    {
      model->cov[packed_index (i, i)] = 1.0f;
      model->icov[packed_index (i, i)] = 1.0f;
    }
}

/**
 * akin_timbre_model_fit:
 * @frames: (array): @n_frames frames of %AKIN_TIMBRE_DIM values, frame-major
 * @n_frames: how many; 0 gives a neutral model (zero mean, identity
 *   covariance, @n_frames 0)
 * @model: (out caller-allocates): the fitted model
 *
 * Fits the Gaussian: sample mean, unbiased sample covariance (zero for a
 * single frame), regularised (see the top of this file), its inverse and
 * log-determinant. Non-finite input values count as 0. Any thread.
 */
void
akin_timbre_model_fit (const float     *frames,
                       guint            n_frames,
                       AkinTimbreModel *model)
{
  double mean[D] = { 0 };
  double cov[D * D] = { 0 };
  double l[D * D];
  double inv[D * D];
  double x[D];
  double ridge, trace = 0.0;

  g_return_if_fail (model != NULL);
  g_return_if_fail (n_frames == 0 || frames != NULL);

  if (n_frames == 0)
    {
      neutral_model (model);
      return;
    }

  for (guint t = 0; t < n_frames; t++)
    for (guint i = 0; i < D; i++)
      {
        float v = frames[(gsize) t * D + i];

        mean[i] += isfinite (v) ? v : 0.0f;
      }
  for (guint i = 0; i < D; i++)
    mean[i] /= n_frames;

  /* Centred sums in double: no cancellation worth mentioning at 27 dims. */
  for (guint t = 0; t < n_frames; t++)
    {
      for (guint i = 0; i < D; i++)
        {
          float v = frames[(gsize) t * D + i];

          x[i] = (isfinite (v) ? v : 0.0f) - mean[i];
        }
      for (guint i = 0; i < D; i++)
        for (guint j = i; j < D; j++)
          cov[i * D + j] += x[i] * x[j];
    }
  for (guint i = 0; i < D; i++)
    for (guint j = i; j < D; j++)
      {
        double c = n_frames > 1 ? cov[i * D + j] / (n_frames - 1) : 0.0;

        cov[i * D + j] = cov[j * D + i] = c;
      }
  for (guint i = 0; i < D; i++)
    trace += cov[i * D + i];
  ridge = 1e-3 * trace / D + 1e-2;

  for (;;)
    {
      memcpy (l, cov, sizeof l);
      for (guint i = 0; i < D; i++)
        l[i * D + i] += ridge;
      if (akin_timbre_cholesky (l))
        break;
      ridge *= 10.0;
    }
  cholesky_inverse (l, inv);

  for (guint i = 0; i < D; i++)
    model->mean[i] = (float) mean[i];
  for (guint i = 0; i < D; i++)
    for (guint j = i; j < D; j++)
      {
        model->cov[packed_index (i, j)] = (float) (cov[i * D + j] + (i == j ? ridge : 0.0));
        model->icov[packed_index (i, j)] = (float) (0.5 * (inv[i * D + j] + inv[j * D + i]));
      }
  model->logdet = (float) akin_timbre_cholesky_logdet (l);
  model->n_frames = (float) n_frames;
}

/**
 * akin_timbre_model_as_floats:
 * @model: a model
 *
 * Returns: (transfer none): the model as %AKIN_TIMBRE_MODEL_FLOATS floats,
 *   for storage
 */
const float *
akin_timbre_model_as_floats (const AkinTimbreModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return (const float *) (gconstpointer) model;
}

/**
 * akin_timbre_model_from_floats:
 * @floats: (array length=n_floats): a stored model
 * @n_floats: its length
 * @model: (out caller-allocates): the model
 *
 * Returns: %TRUE when @n_floats is %AKIN_TIMBRE_MODEL_FLOATS and every value
 *   is finite
 */
gboolean
akin_timbre_model_from_floats (const float     *floats,
                               gsize            n_floats,
                               AkinTimbreModel *model)
{
  g_return_val_if_fail (floats != NULL && model != NULL, FALSE);

  if (n_floats != AKIN_TIMBRE_MODEL_FLOATS)
    return FALSE;
  for (gsize i = 0; i < n_floats; i++)
    if (!isfinite (floats[i]))
      return FALSE;
  memcpy (model, floats, sizeof *model);
  return TRUE;
}

/* Σ_ij A_ij B_ij of two packed symmetric matrices: tr (A B). */
static double
packed_trace_product (const float *a,
                      const float *b)
{
  double s = 0.0;

  for (guint i = 0; i < D; i++)
    {
      guint row = packed_index (i, i);

      s += (double) a[row] * b[row];
      for (guint j = 1; j < D - i; j++)
        s += 2.0 * (double) a[row + j] * b[row + j];
    }
  return s;
}

static double
packed_quadratic (const float  *m,
                  const double *x)
{
  double s = 0.0;

  for (guint i = 0; i < D; i++)
    {
      guint row = packed_index (i, i);

      s += m[row] * x[i] * x[i];
      for (guint j = i + 1; j < D; j++)
        s += 2.0 * m[row + (j - i)] * x[i] * x[j];
    }
  return s;
}

static double
divergence_skl (const AkinTimbreModel *a,
                const AkinTimbreModel *b)
{
  double delta[D];
  double s;

  for (guint i = 0; i < D; i++)
    delta[i] = (double) a->mean[i] - b->mean[i];

  s = packed_trace_product (b->icov, a->cov) + packed_trace_product (a->icov, b->cov)
      + packed_quadratic (a->icov, delta) + packed_quadratic (b->icov, delta) - 2.0 * D;
  return MAX (0.25 * s, 0.0);
}

static double
divergence_js (const AkinTimbreModel *a,
               const AkinTimbreModel *b)
{
  double m[D * D];
  double delta[D];
  double logdet;

  for (guint i = 0; i < D; i++)
    delta[i] = (double) a->mean[i] - b->mean[i];
  for (guint i = 0; i < D; i++)
    for (guint j = 0; j <= i; j++)
      {
        guint p = packed_index (i, j);

        m[i * D + j] = 0.5 * ((double) a->cov[p] + b->cov[p]) + 0.25 * delta[i] * delta[j];
      }
  if (!akin_timbre_cholesky (m))
    return G_MAXFLOAT;
  logdet = akin_timbre_cholesky_logdet (m);
  return MAX (0.5 * logdet - 0.25 * ((double) a->logdet + b->logdet), 0.0);
}

/**
 * akin_timbre_divergence:
 * @a: a model
 * @b: another
 * @kind: which divergence
 *
 * Returns: the divergence, ≥ 0, 0 for identical models, symmetric up to
 *   rounding, finite
 */
double
akin_timbre_divergence (const AkinTimbreModel *a,
                        const AkinTimbreModel *b,
                        AkinTimbreDivergence   kind)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0.0);

  /* Exactly 0 for identical models, which the formulas only reach up to
   * rounding (the stored log-determinant is a float). */
  if (a == b || memcmp (a, b, sizeof *a) == 0)
    return 0.0;
  switch (kind)
    {
    case AKIN_TIMBRE_DIVERGENCE_SKL:
      return divergence_skl (a, b);
    case AKIN_TIMBRE_DIVERGENCE_JS:
      return divergence_js (a, b);
    default:
      g_return_val_if_reached (0.0);
    }
}

/**
 * akin_timbre_norm_compute:
 * @model: a track's model
 * @references: (array length=n_references): the reference tracks: the
 *   collection, or a fixed sample of it (about 1000 is plenty)
 * @n_references: how many
 * @kind: the divergence
 * @norm: (out caller-allocates): mean and standard deviation of the
 *   divergences from @model to the references
 *
 * A reference at the same address as @model, or identical to it, is left out: the track itself is no neighbour. With no other
 * reference the norm is mean 0, std 0. Any thread.
 */
void
akin_timbre_norm_compute (const AkinTimbreModel *model,
                          const AkinTimbreModel *references,
                          guint                  n_references,
                          AkinTimbreDivergence   kind,
                          AkinTimbreNorm        *norm)
{
  double sum = 0.0, sum2 = 0.0;
  guint n = 0;

  g_return_if_fail (model != NULL && norm != NULL);
  g_return_if_fail (n_references == 0 || references != NULL);

  for (guint r = 0; r < n_references; r++)
    {
      double d;

      if (&references[r] == model || memcmp (&references[r], model, sizeof *model) == 0)
        continue;
      d = akin_timbre_divergence (model, &references[r], kind);
      sum += d;
      sum2 += d * d;
      n++;
    }

  akin_timbre_norm_from_sums (sum, sum2, n, norm);
}

/**
 * akin_timbre_norm_from_sums:
 * @sum: the sum of @n divergences
 * @sum2: the sum of their squares
 * @n: how many
 * @norm: (out): their mean and standard deviation (population); both 0
 *   when @n is 0
 *
 * The last step of akin_timbre_norm_compute(), shared with the similarity
 * index's compact models.
 */
void
akin_timbre_norm_from_sums (double          sum,
                            double          sum2,
                            guint           n,
                            AkinTimbreNorm *norm)
{
  if (n == 0)
    {
      norm->mean = norm->std = 0.0f;
      return;
    }
  norm->mean = (float) (sum / n);
  norm->std = (float) sqrt (MAX (sum2 / n - (sum / n) * (sum / n), 0.0));
}

/* P(X > d) for X ~ N(mean, std²); a step at the mean when std is 0. */
static double
gaussian_survival (double                d,
                   const AkinTimbreNorm *norm)
{
  if (!(norm->std > 0.0f))
    return d < norm->mean ? 1.0 : d > norm->mean ? 0.0 : 0.5;
  return 0.5 * erfc ((d - norm->mean) / (norm->std * G_SQRT2));
}

/**
 * akin_timbre_mutual_proximity:
 * @divergence: the divergence between tracks a and b
 * @a: a's norm
 * @b: b's norm
 *
 * Mutual proximity under the Gaussian assumption: the probability that both
 * a and b find each other closer than a random other track,
 * P(X_a > d) · P(X_b > d). The MP distance of the literature is one minus
 * this. Any thread.
 *
 * Returns: a similarity in [0, 1], symmetric in a and b
 */
double
akin_timbre_mutual_proximity (double                divergence,
                              const AkinTimbreNorm *a,
                              const AkinTimbreNorm *b)
{
  double s;

  g_return_val_if_fail (a != NULL && b != NULL, 0.0);

  if (isnan (divergence))
    return 0.0;
  s = gaussian_survival (divergence, a) * gaussian_survival (divergence, b);
  return CLAMP (s, 0.0, 1.0);
}

/**
 * akin_timbre_similarity_matrix:
 * @models: (array length=n): the tracks' timbre models
 * @n: their number
 *
 * How the similarity index compares tracks, for all pairs of a set at once:
 * Jensen–Shannon divergence, then mutual proximity with each track's
 * divergence statistics over the other tracks of the set.
 *
 * Returns: (transfer full): @n × @n similarities in [0, 1], row-major;
 *   the diagonal is 1
 */
float *
akin_timbre_similarity_matrix (const AkinTimbreModel *models,
                               guint                  n)
{
  g_autofree double *div = NULL;
  g_autofree AkinTimbreNorm *norms = NULL;
  float *sim;

  g_return_val_if_fail (models != NULL || n == 0, NULL);

  div = g_new0 (double, (gsize) MAX (n, 1) * MAX (n, 1));
  norms = g_new0 (AkinTimbreNorm, MAX (n, 1));
  sim = g_new (float, (gsize) MAX (n, 1) * MAX (n, 1));
  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      div[(gsize) a * n + b] = div[(gsize) b * n + a] =
        akin_timbre_divergence (&models[a], &models[b], AKIN_TIMBRE_DIVERGENCE_JS);
  for (guint a = 0; a < n; a++)
    {
      double sum = 0.0, sum2 = 0.0;
      guint m = 0;

      for (guint b = 0; b < n; b++)
        if (b != a && !isnan (div[(gsize) a * n + b]))
          {
            sum += div[(gsize) a * n + b];
            sum2 += div[(gsize) a * n + b] * div[(gsize) a * n + b];
            m++;
          }
      akin_timbre_norm_from_sums (sum, sum2, m, &norms[a]);
    }
  for (guint a = 0; a < n; a++)
    for (guint b = 0; b < n; b++)
      sim[(gsize) a * n + b] = a == b ? 1.0f
        : (float) akin_timbre_mutual_proximity (div[(gsize) a * n + b], &norms[a], &norms[b]);
  return sim;
}
