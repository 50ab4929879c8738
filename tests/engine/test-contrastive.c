/* test-contrastive.c: the NT-Xent loss, its gradient, views and retrieval
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-contrastive.h"
#include "akin-net.h"

static void
fill_random (AkinRng *rng, float *x, gsize n, double scale)
{
  for (gsize i = 0; i < n; i++)
    x[i] = (float) ((2.0 * akin_rng_uniform (rng) - 1.0) * scale);
}

static double
relative_error (const float *a, const double *b, gsize n)
{
  double d = 0.0, na = 0.0, nb = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      d += (a[i] - b[i]) * (a[i] - b[i]);
      na += (double) a[i] * a[i];
      nb += b[i] * b[i];
    }
  return sqrt (d) / MAX (sqrt (MAX (na, nb)), 1e-12);
}

/* Known answers: equal rows give log (2P − 1); well separated pairs give
 * almost 0; swapping the partners of a separated batch costs a lot. */
static void
test_nt_xent_values (void)
{
  float z[6 * 3] = { 0 };
  double loss;

  for (guint i = 0; i < 6; i++)
    z[i * 3] = 2.0f;
  loss = akin_nt_xent (z, 3, 3, 0.1f, NULL);
  g_assert_cmpfloat_with_epsilon (loss, log (5.0), 1e-9);

  /* pairs (0, 3), (1, 4), (2, 5) on the three axes */
  memset (z, 0, sizeof z);
  for (guint p = 0; p < 3; p++)
    {
      z[p * 3 + p] = 1.0f;
      z[(p + 3) * 3 + p] = 3.0f; /* the norm does not matter */
    }
  loss = akin_nt_xent (z, 3, 3, 0.1f, NULL);
  /* −log (e^10 / (e^10 + 4 e^0)) */
  g_assert_cmpfloat_with_epsilon (loss, log (1.0 + 4.0 * exp (-10.0)), 1e-9);
}

/* One NT-Xent loss to differentiate by central differences: that of
 * akin_nt_xent_pooled(), which akin_nt_xent(), akin_nt_xent_soft() and
 * akin_nt_xent_biased() are with one row per view and no targets or no
 * biases. */
typedef struct
{
  guint         n_pairs;
  guint         per_view;
  gsize         dim;
  float         temperature;
  const double *targets;
  const double *bias;
} XentLoss;

/* @num: (out): d loss / d @z (@size values), step 1e-3 */
static void
numeric_gradient (const XentLoss *l, float *z, gsize size, double *num)
{
  for (gsize i = 0; i < size; i++)
    {
      float saved = z[i];
      const float eps = 1e-3f;
      double plus, minus;

      z[i] = saved + eps;
      plus = akin_nt_xent_pooled (z, l->n_pairs, l->per_view, l->dim, l->temperature, l->targets,
                                  l->bias, NULL);
      z[i] = saved - eps;
      minus = akin_nt_xent_pooled (z, l->n_pairs, l->per_view, l->dim, l->temperature,
                                   l->targets, l->bias, NULL);
      z[i] = saved;
      num[i] = (plus - minus) / (2.0 * (double) eps);
    }
}

static void
test_nt_xent_gradient (void)
{
  const guint n_pairs = 4;
  const gsize dim = 5;
  const float temperatures[] = { 0.1f, 0.5f };

  for (guint t = 0; t < G_N_ELEMENTS (temperatures); t++)
    {
      gsize n = 2 * n_pairs * dim;
      g_autofree float *z = g_new (float, n);
      g_autofree float *grad = g_new (float, n);
      g_autofree double *num = g_new (double, n);
      AkinRng rng;
      double err;

      akin_rng_init (&rng, 3 + t);
      fill_random (&rng, z, n, 1.0);
      akin_nt_xent (z, n_pairs, dim, temperatures[t], grad);
      numeric_gradient (&(XentLoss) { n_pairs, 1, dim, temperatures[t], NULL, NULL }, z, n, num);
      err = relative_error (grad, num, n);
      g_test_message ("NT-Xent τ = %g: gradient relative error %.3g", temperatures[t], err);
      g_assert_cmpfloat (err, <, 2e-3);
    }
}

/* Soft targets: all the mass on the partner is the hard loss, and its
 * gradient; a spread target has the cross-entropy's known value and the
 * gradient of finite differences. */
static void
fill_soft_targets (AkinRng *rng, double *q, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      double sum = 0.0;

      for (guint j = 0; j < n; j++)
        sum += q[i * n + j] = j == i ? 0.0 : 0.05 + akin_rng_uniform (rng);
      for (guint j = 0; j < n; j++)
        q[i * n + j] /= sum;
    }
}

static void
test_nt_xent_soft (void)
{
  const guint n_pairs = 4, n = 2 * n_pairs;
  const gsize dim = 5, size = n * dim;
  g_autofree float *z = g_new (float, size);
  g_autofree float *hard = g_new (float, size);
  g_autofree float *soft = g_new (float, size);
  g_autofree double *q = g_new0 (double, (gsize) n * n);
  g_autofree double *num = g_new (double, size);
  float z_equal[6 * 3] = { 0 };
  double q_equal[6 * 6];
  AkinRng rng;
  double err;

  akin_rng_init (&rng, 11);
  fill_random (&rng, z, size, 1.0);
  for (guint i = 0; i < n; i++)
    q[(gsize) i * n + (i + n_pairs) % n] = 1.0;
  g_assert_cmpfloat_with_epsilon (akin_nt_xent_soft (z, n_pairs, dim, 0.2f, q, soft),
                                  akin_nt_xent (z, n_pairs, dim, 0.2f, hard), 1e-12);
  for (gsize k = 0; k < size; k++)
    g_assert_cmpfloat_with_epsilon (soft[k], hard[k], 1e-6);

  /* equal rows: the softmax is uniform whatever the targets, so the loss is
   * log (2P − 1) for any distribution */
  for (guint i = 0; i < 6; i++)
    z_equal[i * 3 + 1] = 1.0f;
  fill_soft_targets (&rng, q_equal, 6);
  g_assert_cmpfloat_with_epsilon (akin_nt_xent_soft (z_equal, 3, 3, 0.1f, q_equal, NULL),
                                  log (5.0), 1e-9);

  fill_soft_targets (&rng, q, n);
  akin_nt_xent_soft (z, n_pairs, dim, 0.2f, q, soft);
  numeric_gradient (&(XentLoss) { n_pairs, 1, dim, 0.2f, q, NULL }, z, size, num);
  err = relative_error (soft, num, size);
  g_test_message ("soft NT-Xent: gradient relative error %.3g", err);
  g_assert_cmpfloat (err, <, 2e-3);
  /* and the spread targets do change it */
  for (gsize k = 0; k < size; k++)
    num[k] = hard[k];
  g_assert_cmpfloat (relative_error (soft, num, size), >, 0.1);
}

/* Logit biases: a bias the same for a whole row changes nothing; on equal
 * rows the loss is the known log of the weighted denominator; the gradient
 * is that of finite differences, and the biases do change it. */
static void
test_nt_xent_biased (void)
{
  const guint n_pairs = 4, n = 2 * n_pairs;
  const gsize dim = 5, size = n * dim;
  g_autofree float *z = g_new (float, size);
  g_autofree float *plain = g_new (float, size);
  g_autofree float *biased = g_new (float, size);
  g_autofree double *q = g_new0 (double, (gsize) n * n);
  g_autofree double *bias = g_new0 (double, (gsize) n * n);
  g_autofree double *num = g_new (double, size);
  float z_equal[4 * 3] = { 0 };
  double b_equal[4 * 4] = { 0 };
  AkinRng rng;
  double err;

  akin_rng_init (&rng, 17);
  fill_random (&rng, z, size, 1.0);
  fill_soft_targets (&rng, q, n);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      bias[(gsize) i * n + j] = 0.5 * i - 2.0;
  g_assert_cmpfloat_with_epsilon (akin_nt_xent_biased (z, n_pairs, dim, 0.2f, q, bias, biased),
                                  akin_nt_xent_soft (z, n_pairs, dim, 0.2f, q, plain), 1e-12);
  for (gsize k = 0; k < size; k++)
    g_assert_cmpfloat_with_epsilon (biased[k], plain[k], 1e-6);

  /* two pairs of equal rows: each row's denominator is its partner (bias 0)
   * and two strangers weighed 3 and 1, so the loss is log 5, not log 3 */
  for (guint i = 0; i < 4; i++)
    {
      guint partner = (i + 2) % 4, first = G_MAXUINT;

      z_equal[i * 3] = 1.0f;
      for (guint j = 0; j < 4; j++)
        if (j != i && j != partner)
          {
            b_equal[i * 4 + j] = first == G_MAXUINT ? log (3.0) : 0.0;
            first = j;
          }
    }
  g_assert_cmpfloat_with_epsilon (akin_nt_xent_biased (z_equal, 2, 3, 0.1f, NULL, b_equal, NULL),
                                  log (5.0), 1e-9);
  g_assert_cmpfloat_with_epsilon (akin_nt_xent_biased (z_equal, 2, 3, 0.1f, NULL, NULL, NULL),
                                  log (3.0), 1e-9);

  for (gsize k = 0; k < (gsize) n * n; k++)
    bias[k] = 2.0 * akin_rng_uniform (&rng) - 1.0;
  akin_nt_xent_biased (z, n_pairs, dim, 0.2f, NULL, bias, biased);
  numeric_gradient (&(XentLoss) { n_pairs, 1, dim, 0.2f, NULL, bias }, z, size, num);
  err = relative_error (biased, num, size);
  g_test_message ("biased NT-Xent: gradient relative error %.3g", err);
  g_assert_cmpfloat (err, <, 2e-3);
  akin_nt_xent (z, n_pairs, dim, 0.2f, plain);
  for (gsize k = 0; k < size; k++)
    num[k] = plain[k];
  g_assert_cmpfloat (relative_error (biased, num, size), >, 0.05);
}

typedef struct
{
  const AkinNet    *net;
  AkinNetWorkspace *ws;
  const float      *x;
  guint             n;
  float            *latent_grad;
} NetCase;

static double
xent_latent_loss (const float *latent, guint n, gsize dim, float *gradient, gpointer data)
{
  double loss = akin_nt_xent (latent, n / 2, dim, 0.2f, gradient);

  for (gsize k = 0; k < n * dim; k++)
    gradient[k] *= 0.5f;
  return loss;
}

static double
total_loss (NetCase *c)
{
  g_autofree float *grads = g_new (float, c->net->n_params);
  double extra = 0.0;
  double mse = akin_net_gradient_with_latent_loss (c->net, c->ws, c->x, c->n, xent_latent_loss,
                                                   NULL, c->latent_grad, grads, &extra);

  return mse + 0.5 * extra;
}

/* The whole 2D autoencoder with MSE + 0.5·NT-Xent: the gradient of the
 * parameters must match central differences of the total loss. */
/* akin_nt_xent_pooled(): the soft loss of the views' mean rows, each row
 * getting its share of its view's gradient (against finite differences);
 * one row per view is akin_nt_xent_soft() itself. */
static void
test_nt_xent_pooled (void)
{
  const guint n_pairs = 3, k = 4, n = 2 * n_pairs;
  const gsize dim = 5, size = (gsize) n * k * dim;
  g_autofree float *z = g_new (float, size);
  g_autofree float *mean = g_new0 (float, n * dim);
  g_autofree float *grad = g_new (float, size);
  g_autofree float *soft = g_new (float, n * dim);
  g_autofree double *q = g_new0 (double, (gsize) n * n);
  g_autofree double *num = g_new (double, size);
  double err = 0.0, scale = 0.0;
  AkinRng rng;

  akin_rng_init (&rng, 5);
  fill_random (&rng, z, size, 1.0);
  fill_soft_targets (&rng, q, n);
  g_assert_cmpfloat (akin_nt_xent_pooled (z, n_pairs, 1, dim, 0.2f, q, NULL, soft), ==,
                     akin_nt_xent_soft (z, n_pairs, dim, 0.2f, q, NULL));

  for (guint v = 0; v < n; v++)
    for (guint j = 0; j < k; j++)
      for (gsize d = 0; d < dim; d++)
        mean[v * dim + d] += z[((gsize) v * k + j) * dim + d] / k;
  g_assert_cmpfloat_with_epsilon (akin_nt_xent_pooled (z, n_pairs, k, dim, 0.2f, q, NULL, grad),
                                  akin_nt_xent_soft (mean, n_pairs, dim, 0.2f, q, NULL), 1e-6);
  numeric_gradient (&(XentLoss) { n_pairs, k, dim, 0.2f, q, NULL }, z, size, num);
  for (gsize i = 0; i < size; i++)
    {
      err = MAX (err, fabs (num[i] - grad[i]));
      scale = MAX (scale, fabs (grad[i]));
    }
  g_assert_cmpfloat (scale, >, 1e-3);
  g_assert_cmpfloat (err, <, 1e-2 * scale);
}

static void
test_net_latent_loss_gradient (void)
{
  AkinNetSpec spec = { .in_h = 4, .in_w = 8, .n_blocks = 3, .filters = { 3, 2, 2 },
                       .latent_activation = AKIN_ACT_LINEAR };
  g_autoptr (AkinNet) net = akin_net_new (&spec, NULL);
  g_autoptr (AkinNetWorkspace) ws = akin_net_workspace_new (net, 4, AKIN_NET_WORKSPACE_TRAIN);
  g_autofree float *x = g_new (float, 4 * net->input_size);
  g_autofree float *latent_grad = g_new (float, 4 * net->latent_size);
  g_autofree float *grads = g_new (float, net->n_params);
  g_autofree float *plain = g_new (float, net->n_params);
  g_autofree double *num = g_new (double, net->n_params);
  g_autofree double *num_half = g_new (double, net->n_params);
  g_autofree float *kept_a = g_new (float, net->n_params);
  g_autofree double *kept_n = g_new (double, net->n_params);
  NetCase c = { net, ws, x, 4, latent_grad };
  gsize kept = 0;
  guint skipped = 0;
  double extra, err, differ = 0.0;
  AkinRng rng;

  akin_rng_init (&rng, 21);
  akin_net_init_weights (net, &rng);
  for (guint i = 0; i < net->n_layers; i++)
    if (net->layers[i].kind == AKIN_LAYER_CONV)
      fill_random (&rng, net->params + net->layers[i].bias_offset, net->layers[i].out.c, 0.1);
  fill_random (&rng, x, 4 * net->input_size, 1.0);

  akin_net_gradient_with_latent_loss (net, ws, x, 4, xent_latent_loss, NULL, latent_grad, grads,
                                      &extra);
  g_assert_true (isfinite (extra) && extra > 0.0);
  /* without the latent loss it is the plain reconstruction gradient */
  akin_net_gradient (net, ws, x, 4, plain);
  for (gsize i = 0; i < net->n_params; i++)
    differ = MAX (differ, fabs (grads[i] - plain[i]));
  g_assert_cmpfloat (differ, >, 1e-4);

  for (gsize i = 0; i < net->n_params; i++)
    {
      float saved = net->params[i];

      net->params[i] = saved + 5e-4f;
      num[i] = total_loss (&c);
      net->params[i] = saved - 5e-4f;
      num[i] = (num[i] - total_loss (&c)) / 1e-3;
      net->params[i] = saved + 2.5e-4f;
      num_half[i] = total_loss (&c);
      net->params[i] = saved - 2.5e-4f;
      num_half[i] = (num_half[i] - total_loss (&c)) / 5e-4;
      net->params[i] = saved;
      /* a step across a ReLU or max-pool kink: left out, as in test-nn-gradient */
      if (fabs (num[i] - num_half[i]) > 1e-4 + 0.02 * fabs (num[i]))
        {
          skipped++;
          continue;
        }
      kept_a[kept] = grads[i];
      kept_n[kept] = num[i];
      kept++;
    }
  err = relative_error (kept_a, kept_n, kept);
  g_test_message ("MSE + NT-Xent through the 2D encoder: %u of %zu at a kink, error %.3g",
                  skipped, net->n_params, err);
  g_assert_cmpuint (skipped * 20, <=, net->n_params);
  g_assert_cmpfloat (err, <, 2e-3);
}

/* A batch run in two halves (forward both, a loss over all latents,
 * backward both with the MSE scaled by each half's share, gradients summed)
 * gives the whole batch's gradient and loss. */
static void
test_net_halves (void)
{
  AkinNetSpec spec = { .in_h = 4, .in_w = 8, .n_blocks = 3, .filters = { 3, 2, 2 },
                       .latent_activation = AKIN_ACT_LINEAR };
  g_autoptr (AkinNet) net = akin_net_new (&spec, NULL);
  g_autoptr (AkinNetWorkspace) ws = akin_net_workspace_new (net, 5, AKIN_NET_WORKSPACE_TRAIN);
  g_autoptr (AkinNetWorkspace) ws0 = akin_net_workspace_new (net, 3, AKIN_NET_WORKSPACE_TRAIN);
  g_autoptr (AkinNetWorkspace) ws1 = akin_net_workspace_new (net, 3, AKIN_NET_WORKSPACE_TRAIN);
  g_autofree float *x = g_new (float, 6 * net->input_size);
  g_autofree float *latent = g_new (float, 6 * net->latent_size);
  g_autofree float *latent_grad = g_new (float, 6 * net->latent_size);
  g_autofree float *whole = g_new (float, net->n_params);
  g_autofree float *g0 = g_new (float, net->n_params);
  g_autofree float *g1 = g_new (float, net->n_params);
  double loss, extra, l0, l1, top = 0.0, err = 0.0;
  AkinRng rng;

  akin_rng_init (&rng, 23);
  akin_net_init_weights (net, &rng);
  fill_random (&rng, x, 6 * net->input_size, 1.0);

  /* an odd batch: halves of 3 and 2 rows, reconstruction only */
  loss = akin_net_gradient (net, ws, x, 5, whole);
  akin_net_train_forward (net, ws0, x, 3);
  akin_net_train_forward (net, ws1, x + 3 * net->input_size, 2);
  l0 = akin_net_train_backward (net, ws0, 3, 3.0f / 5, NULL, g0);
  l1 = akin_net_train_backward (net, ws1, 2, 2.0f / 5, NULL, g1);
  g_assert_cmpfloat_with_epsilon ((3 * l0 + 2 * l1) / 5, loss, 1e-6);
  for (gsize i = 0; i < net->n_params; i++)
    {
      top = MAX (top, fabs (whole[i]));
      err = MAX (err, fabs (g0[i] + g1[i] - whole[i]));
    }
  g_assert_cmpfloat (top, >, 1e-3);
  g_assert_cmpfloat (err, <, 1e-5 * top);

  /* with NT-Xent over all six latents (three pairs) */
  {
    g_autoptr (AkinNetWorkspace) ws6 = akin_net_workspace_new (net, 6, AKIN_NET_WORKSPACE_TRAIN);
    g_autofree float *lg = g_new (float, 6 * net->latent_size);
    double e6;

    akin_net_gradient_with_latent_loss (net, ws6, x, 6, xent_latent_loss, NULL, lg, whole, &e6);
    memcpy (latent, akin_net_train_forward (net, ws0, x, 3), 3 * net->latent_size * 4);
    memcpy (latent + 3 * net->latent_size,
            akin_net_train_forward (net, ws1, x + 3 * net->input_size, 3),
            3 * net->latent_size * 4);
    extra = xent_latent_loss (latent, 6, net->latent_size, latent_grad, NULL);
    g_assert_cmpfloat_with_epsilon (extra, e6, 1e-6);
    akin_net_train_backward (net, ws0, 3, 0.5f, latent_grad, g0);
    akin_net_train_backward (net, ws1, 3, 0.5f, latent_grad + 3 * net->latent_size, g1);
    top = err = 0.0;
    for (gsize i = 0; i < net->n_params; i++)
      {
        top = MAX (top, fabs (whole[i]));
        err = MAX (err, fabs (g0[i] + g1[i] - whole[i]));
      }
    g_assert_cmpfloat (err, <, 1e-5 * top);
  }
}

static void
test_augment (void)
{
  const guint h = 4, w = 20;
  float x[4 * 20] = { 0 };
  AkinAugment a = { .c0_gain = 0.5f, .row_offset = 0.1f, .max_mask = 0 };
  AkinAugment none = { 0 };
  AkinRng rng;

  /* without a mask each row moves by one constant; c0 within ±0.5 */
  akin_rng_init (&rng, 1);
  akin_augment_slice (x, h, w, &a, &rng);
  for (guint r = 0; r < h; r++)
    for (guint f = 1; f < w; f++)
      g_assert_cmpfloat (x[r * w + f], ==, x[r * w]);
  g_assert_cmpfloat (fabsf (x[0]), <=, 0.5f);
  g_assert_cmpfloat (x[0], !=, 0.0f);

  /* nothing to do: unchanged */
  for (guint i = 0; i < h * w; i++)
    x[i] = 1.0f;
  akin_augment_slice (x, h, w, &none, &rng);
  for (guint i = 0; i < h * w; i++)
    g_assert_cmpfloat (x[i], ==, 1.0f);

  /* the mask zeroes one run of frames across all rows, at most max_mask */
  a = (AkinAugment) { .max_mask = 8 };
  for (guint trial = 0; trial < 50; trial++)
    {
      guint zeros = 0;

      for (guint i = 0; i < h * w; i++)
        x[i] = 1.0f;
      akin_augment_slice (x, h, w, &a, &rng);
      for (guint f = 0; f < w; f++)
        {
          zeros += x[f] == 0.0f;
          for (guint r = 1; r < h; r++)
            g_assert_cmpfloat (x[r * w + f], ==, x[f]);
        }
      g_assert_cmpuint (zeros, <=, 8);
    }
}

/* akin_augment_warp(): a tempo factor reads the slice at c + (t − c)·rate
 * (a ramp in time stays a ramp, steeper), the ends held; a pitch operator
 * from akin_augment_pitch_ops() acts on the raw coefficients behind the
 * standardised ones. */
static void
test_augment_warp (void)
{
  const guint h = 3, w = 21;
  float x[3 * 21], scratch[3 * 21];
  /* raw map: c0' = c1, c1' = 2 c0, c2' = c2 + c0 */
  const float raw[3 * 3] = { 0, 1, 0, 2, 0, 0, 1, 0, 1 };
  const float mean[3] = { 1.0f, -2.0f, 0.5f }, std[3] = { 2.0f, 0.5f, 4.0f };
  AkinAugment a = { .pitch = raw, .n_pitch = 1 };
  g_autofree float *ops = NULL;

  for (guint r = 0; r < h; r++)
    for (guint f = 0; f < w; f++)
      x[r * w + f] = (float) f + 100.0f * r;
  akin_augment_warp (x, h, w, NULL, 1.0, scratch);
  for (guint r = 0; r < h; r++)
    for (guint f = 0; f < w; f++)
      g_assert_cmpfloat (x[r * w + f], ==, (float) f + 100.0f * r);

  /* 1.5 × faster: frame f reads 10 + (f − 10) · 1.5, within 0 … 20 */
  akin_augment_warp (x, h, w, NULL, 1.5, scratch);
  for (guint r = 0; r < h; r++)
    for (guint f = 0; f < w; f++)
      g_assert_cmpfloat_with_epsilon (x[r * w + f],
                                      CLAMP (10.0 + (f - 10.0) * 1.5, 0.0, 20.0) + 100.0 * r,
                                      1e-4);
  /* slower: 0.5 × reads 5 … 15 */
  for (guint r = 0; r < h; r++)
    for (guint f = 0; f < w; f++)
      x[r * w + f] = (float) f;
  akin_augment_warp (x, h, w, NULL, 0.5, scratch);
  g_assert_cmpfloat_with_epsilon (x[0], 5.0, 1e-5);
  g_assert_cmpfloat_with_epsilon (x[w - 1], 15.0, 1e-5);
  g_assert_cmpfloat_with_epsilon (x[w + 3], 6.5, 1e-5);

  g_assert_null (akin_augment_pitch_ops (&(AkinAugment) { 0 }, h, mean, std));
  ops = akin_augment_pitch_ops (&a, h, mean, std);
  for (guint f = 0; f < w; f++)
    for (guint r = 0; r < h; r++)
      x[r * w + f] = 0.1f * f - 0.3f * r;
  akin_augment_warp (x, h, w, ops, 1.0, scratch);
  for (guint f = 0; f < w; f++)
    {
      float z[3], v[3], expect[3];

      for (guint r = 0; r < h; r++)
        v[r] = (0.1f * f - 0.3f * r) * std[r] + mean[r];
      expect[0] = v[1];
      expect[1] = 2 * v[0];
      expect[2] = v[2] + v[0];
      for (guint r = 0; r < h; r++)
        {
          z[r] = (expect[r] - mean[r]) / std[r];
          g_assert_cmpfloat_with_epsilon (x[r * w + f], z[r], 1e-5);
        }
    }
}

static void
test_pick_far (void)
{
  AkinRng rng;

  akin_rng_init (&rng, 9);
  g_assert_cmpuint (akin_pick_far_slice (1, 0, &rng), ==, 0);
  for (guint trial = 0; trial < 200; trial++)
    {
      guint first, second;

      g_assert_cmpuint (akin_pick_far_slice (2, 0, &rng), ==, 1);
      first = akin_rng_below (&rng, 30);
      second = akin_pick_far_slice (30, first, &rng);

      g_assert_cmpuint (second, <, 30);
      /* at least a third of the song (10 slices) away */
      g_assert_cmpuint (second > first ? second - first : first - second, >=, 10);
    }
}

/* Two songs of three rows each; rows are their song's direction plus a
 * little noise, except one row of song 0 that points like song 1. */
static void
test_retrieval (void)
{
  const float rows[] = {
    1.0f, 0.0f, 0.1f,  1.0f, 0.1f, 0.0f,  1.0f, 0.0f, -0.1f,  1.0f, -0.1f, 0.0f,
    0.0f, 1.0f, 0.1f,  0.1f, 1.0f, 0.0f,  0.0f, 1.0f, -0.1f,  -0.1f, 1.0f, 0.0f,
  };
  const guint song[] = { 0, 0, 0, 0, 1, 1, 1, 1 };
  const guint position[] = { 0, 3, 6, 9, 0, 3, 6, 9 };
  const guint adjacent[] = { 0, 1, 2, 3, 0, 1, 2, 3 };
  double r;

  /* every row's nearest other row is from its own song */
  r = akin_same_song_retrieval (rows, song, position, 8, 3, 1);
  g_assert_cmpfloat_with_epsilon (r, 1.0, 1e-12);
  /* k = 3: three same-song rows each */
  r = akin_same_song_retrieval (rows, song, position, 8, 3, 3);
  g_assert_cmpfloat_with_epsilon (r, 1.0, 1e-12);
  /* k = 4: one of the four must come from the other song */
  r = akin_same_song_retrieval (rows, song, position, 8, 3, 4);
  g_assert_cmpfloat_with_epsilon (r, 0.75, 1e-12);
  /* neighbours in time are left out: rows 0 and 3 keep 2 same-song
   * candidates, rows 1 and 2 one; k = 1 still finds one where any is left */
  r = akin_same_song_retrieval (rows, song, adjacent, 8, 3, 1);
  g_assert_cmpfloat_with_epsilon (r, 1.0, 1e-12);
  r = akin_same_song_retrieval (rows, song, adjacent, 8, 3, 3);
  /* rows 0, 3: 2 of 3; rows 1, 2: 1 of 3 */
  g_assert_cmpfloat_with_epsilon (r, (2 * 2.0 / 3 + 2 * 1.0 / 3) * 2 / 8, 1e-12);
}

/* Same-album retrieval leaves out the row's own song, counts album mates,
 * and skips rows whose album has no other song. */
static void
test_group_retrieval (void)
{
  const float rows[] = {
    1.0f, 0.0f, 0.0f,   1.0f, 0.0f, 0.0f,   /* song 0, album 7 */
    0.9f, 0.1f, 0.0f,   0.9f, 0.1f, 0.0f,   /* song 1, album 7 */
    0.0f, 1.0f, 0.0f,   0.1f, 1.0f, 0.0f,   /* song 2, album 8 */
    0.0f, 0.9f, 0.1f,                       /* song 3, album 8 */
    0.8f, 0.2f, 0.0f,                       /* song 4, album 9, alone */
  };
  const guint song[] = { 0, 0, 1, 1, 2, 2, 3, 4 };
  const guint group[] = { 7, 7, 7, 7, 8, 8, 8, 9 };
  const guint same[] = { 7, 7, 7, 7, 7, 7, 7, 7 };
  double r;

  /* k = 1: every counted row's nearest row of another song is its album
   * mate; song 4 (alone in album 9) is not counted, though its nearest
   * other row is from album 7 */
  r = akin_same_group_retrieval (rows, song, group, 8, 3, 1);
  g_assert_cmpfloat_with_epsilon (r, 1.0, 1e-12);
  /* k = 3: rows of song 0 find song 1's two rows and song 4's row: 2/3;
   * song 1 likewise 2/3; song 2's rows find song 3 and two others: 1/3;
   * song 3 finds song 2's two rows and one other: 2/3 */
  r = akin_same_group_retrieval (rows, song, group, 8, 3, 3);
  g_assert_cmpfloat_with_epsilon (r, (4 * 2.0 / 3 + 2 * 1.0 / 3 + 2.0 / 3) / 7, 1e-12);
  /* one album for all: every neighbour of another song is a hit */
  r = akin_same_group_retrieval (rows, song, same, 8, 3, 3);
  g_assert_cmpfloat_with_epsilon (r, 1.0, 1e-12);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  akin_nn_blas_single_thread ();

  g_test_add_func ("/contrastive/nt-xent/values", test_nt_xent_values);
  g_test_add_func ("/contrastive/nt-xent/gradient", test_nt_xent_gradient);
  g_test_add_func ("/contrastive/nt-xent/soft", test_nt_xent_soft);
  g_test_add_func ("/contrastive/nt-xent/biased", test_nt_xent_biased);
  g_test_add_func ("/contrastive/nt-xent/pooled", test_nt_xent_pooled);
  g_test_add_func ("/contrastive/net-gradient", test_net_latent_loss_gradient);
  g_test_add_func ("/contrastive/net-halves", test_net_halves);
  g_test_add_func ("/contrastive/augment", test_augment);
  g_test_add_func ("/contrastive/augment-warp", test_augment_warp);
  g_test_add_func ("/contrastive/pick-far", test_pick_far);
  g_test_add_func ("/contrastive/retrieval", test_retrieval);
  g_test_add_func ("/contrastive/group-retrieval", test_group_retrieval);
  return g_test_run ();
}
