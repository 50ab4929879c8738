/* test-nn-gradient.c: finite-difference checks of every backward pass
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each layer is reduced to the scalar L = Σ y·r for a random r; its backward
 * pass, fed dy = r, must match central differences of L. The whole
 * autoencoders are checked the same way on their MSE loss.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-net.h"
#include "akin-nn.h"

/* ---- helpers ------------------------------------------------------------- */

static void
fill_random (AkinRng *rng, float *x, gsize n, double scale)
{
  for (gsize i = 0; i < n; i++)
    x[i] = (float) ((2.0 * akin_rng_uniform (rng) - 1.0) * scale);
}

static double
dot (const float *a, const float *b, gsize n)
{
  double s = 0.0;

  for (gsize i = 0; i < n; i++)
    s += (double) a[i] * b[i];
  return s;
}

/* ‖a − b‖ / max(‖a‖, ‖b‖), the relative error of a gradient as a whole. */
static double
relative_error (const double *a, const double *b, gsize n)
{
  double d = 0.0, na = 0.0, nb = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      d += (a[i] - b[i]) * (a[i] - b[i]);
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
  return sqrt (d) / MAX (sqrt (MAX (na, nb)), 1e-12);
}

/* A layer seen as a function of one of its arrays, reduced to the scalar
 * L = Σ y·r. */
typedef double (*ScalarFunc) (gpointer data);

/* Central differences of @f with respect to each element of @x. */
static void
numeric_gradient (ScalarFunc f, gpointer data, float *x, gsize n, float eps, double *out)
{
  for (gsize i = 0; i < n; i++)
    {
      float saved = x[i];
      double plus, minus;

      x[i] = saved + eps;
      plus = f (data);
      x[i] = saved - eps;
      minus = f (data);
      x[i] = saved;
      out[i] = (plus - minus) / (2.0 * eps);
    }
}

static double max_error_seen = 0.0;

static void
check_gradient (const char *what, const float *analytic, const double *numeric, gsize n,
                double tolerance)
{
  g_autofree double *a = g_new (double, n);
  double err;

  for (gsize i = 0; i < n; i++)
    a[i] = analytic[i];
  err = relative_error (a, numeric, n);
  g_test_message ("gradient check %s: relative error %.3g", what, err);
  max_error_seen = MAX (max_error_seen, err);
  g_assert_cmpfloat (err, <, tolerance);
}

/* ---- gradient checks ----------------------------------------------------- */

typedef struct
{
  int            kind; /* 0 conv, 1 pool, 2 upsample, 3 crop, 4 activation, 5 mse */
  AkinShape      in;
  guint          kh, kw, c_out;
  AkinActivation act;
  float         *x, *kernel, *bias, *r, *y, *scratch;
  gsize          n_out;
} LayerCase;

static double
layer_scalar (gpointer data)
{
  LayerCase *c = data;

  switch (c->kind)
    {
    case 0:
      akin_nn_conv_forward (c->x, c->in, c->kernel, c->bias, c->kh, c->kw, c->c_out, c->act, c->y,
                            c->scratch);
      break;
    case 1:
      akin_nn_maxpool_forward (c->x, c->in, c->kh, c->kw, c->y, NULL);
      break;
    case 2:
      akin_nn_upsample_forward (c->x, c->in, c->kh, c->kw, c->y);
      break;
    case 3:
      akin_nn_crop_forward (c->x, c->in, 1, 1, c->in.h - 1, c->in.w - 2, c->y);
      break;
    case 4:
      akin_nn_activation_forward (c->act, c->x, akin_shape_size (c->in), c->y);
      break;
    case 5:
      return akin_nn_mse (c->x, c->r, akin_shape_size (c->in), NULL);
    default:
      g_assert_not_reached ();
    }
  return dot (c->y, c->r, c->n_out);
}

static void
check_conv (guint h, guint w, guint c_in, guint c_out, guint kh, AkinActivation act)
{
  AkinRng rng;
  LayerCase c = { 0 };
  gsize n_x, n_k;
  g_autofree float *dy = NULL, *dk = NULL, *db = NULL, *dx = NULL;
  g_autofree double *num = NULL;
  char what[64];

  akin_rng_init (&rng, h * 100 + w * 10 + c_in + act);
  c.kind = 0;
  c.in = (AkinShape){ 2, h, w, c_in };
  c.kh = kh;
  c.kw = 3;
  c.c_out = c_out;
  c.act = act;
  n_x = akin_shape_size (c.in);
  n_k = (gsize) kh * 3 * c_in * c_out;
  c.n_out = (gsize) 2 * h * w * c_out;
  c.x = g_new (float, n_x);
  c.kernel = g_new (float, n_k);
  c.bias = g_new (float, c_out);
  c.r = g_new (float, c.n_out);
  c.y = g_new (float, c.n_out);
  c.scratch = g_new (float, akin_nn_conv_scratch_size (c.in, kh, 3));
  fill_random (&rng, c.x, n_x, 1.0);
  fill_random (&rng, c.kernel, n_k, 0.5);
  fill_random (&rng, c.bias, c_out, 0.2);
  fill_random (&rng, c.r, c.n_out, 1.0);

  layer_scalar (&c);
  dy = g_memdup2 (c.r, c.n_out * sizeof (float));
  dk = g_new0 (float, n_k);
  db = g_new0 (float, c_out);
  dx = g_new (float, n_x);
  akin_nn_conv_backward (c.x, c.in, c.kernel, kh, 3, c_out, act, c.y, dy, dk, db, dx, c.scratch);

  num = g_new (double, MAX (n_x, n_k));
  g_snprintf (what, sizeof what, "conv %ux%u %u→%u k%ux3 act %d dx", h, w, c_in, c_out, kh, act);
  numeric_gradient (layer_scalar, &c, c.x, n_x, 1e-2f, num);
  check_gradient (what, dx, num, n_x, 2e-3);
  g_snprintf (what, sizeof what, "conv %ux%u %u→%u k%ux3 act %d dkernel", h, w, c_in, c_out, kh, act);
  numeric_gradient (layer_scalar, &c, c.kernel, n_k, 1e-2f, num);
  check_gradient (what, dk, num, n_k, 2e-3);
  g_snprintf (what, sizeof what, "conv %ux%u %u→%u k%ux3 act %d dbias", h, w, c_in, c_out, kh, act);
  numeric_gradient (layer_scalar, &c, c.bias, c_out, 1e-2f, num);
  check_gradient (what, db, num, c_out, 2e-3);

  g_free (c.x);
  g_free (c.kernel);
  g_free (c.bias);
  g_free (c.r);
  g_free (c.y);
  g_free (c.scratch);
}

static void
test_gradient_conv (void)
{
  check_conv (4, 5, 2, 3, 3, AKIN_ACT_LINEAR);
  check_conv (3, 4, 3, 2, 3, AKIN_ACT_SIGMOID);
  check_conv (1, 7, 2, 3, 1, AKIN_ACT_LINEAR);
  check_conv (1, 6, 1, 4, 1, AKIN_ACT_SIGMOID);
  check_conv (1, 5, 2, 2, 3, AKIN_ACT_LINEAR); /* 3×3 kernel on height 1 */
}

/* Pool, up-sample, crop, activations and the loss. Inputs are distinct and
 * away from ReLU's kink, so the central differences are exact enough. */
static void
check_simple (int kind, AkinShape in, guint fh, guint fw, AkinActivation act, const char *what)
{
  AkinRng rng;
  LayerCase c = { 0 };
  gsize n_x = akin_shape_size (in);
  g_autofree float *dx = g_new (float, n_x);
  g_autofree float *dy = NULL;
  g_autofree double *num = g_new (double, n_x);
  g_autofree guint32 *am = NULL;
  AkinShape out = in;

  akin_rng_init (&rng, kind * 7 + act);
  c.kind = kind;
  c.in = in;
  c.kh = fh;
  c.kw = fw;
  c.act = act;
  if (kind == 1)
    out = akin_nn_pool_shape (in, fh, fw);
  else if (kind == 2)
    out.h *= fh, out.w *= fw;
  else if (kind == 3)
    out.h -= 1, out.w -= 2;
  c.n_out = akin_shape_size (out);
  c.x = g_new (float, n_x);
  c.r = g_new (float, MAX (c.n_out, n_x));
  c.y = g_new (float, MAX (c.n_out, n_x));
  for (gsize i = 0; i < n_x; i++)
    {
      /* distinct values spaced ≥ 0.05 apart, none near 0 */
      float v = (float) (0.1 + 0.05 * ((i * 37) % n_x));

      c.x[i] = (i % 3 == 0) ? -v : v;
    }
  fill_random (&rng, c.r, MAX (c.n_out, n_x), 1.0);

  layer_scalar (&c);
  dy = g_memdup2 (c.r, c.n_out * sizeof (float));
  switch (kind)
    {
    case 1:
      am = g_new (guint32, c.n_out);
      akin_nn_maxpool_forward (c.x, in, fh, fw, c.y, am);
      akin_nn_maxpool_backward (dy, out, am, dx, in);
      break;
    case 2:
      akin_nn_upsample_backward (dy, in, fh, fw, dx);
      break;
    case 3:
      akin_nn_crop_backward (dy, in, 1, 1, in.h - 1, in.w - 2, dx);
      break;
    case 4:
      akin_nn_activation_backward (act, c.y, dy, n_x, dx);
      break;
    case 5:
      akin_nn_mse (c.x, c.r, n_x, dx);
      break;
    default:
      g_assert_not_reached ();
    }
  numeric_gradient (layer_scalar, &c, c.x, n_x, 1e-2f, num);
  check_gradient (what, dx, num, n_x, 2e-3);
  g_free (c.x);
  g_free (c.r);
  g_free (c.y);
}

static void
test_gradient_simple_layers (void)
{
  check_simple (1, (AkinShape){ 2, 3, 5, 2 }, 2, 2, 0, "maxpool 2×2 (odd sizes)");
  check_simple (1, (AkinShape){ 2, 1, 7, 3 }, 1, 2, 0, "maxpool 1×2 (odd length)");
  check_simple (2, (AkinShape){ 2, 2, 3, 2 }, 2, 2, 0, "upsample 2×2");
  check_simple (2, (AkinShape){ 2, 1, 4, 3 }, 1, 2, 0, "upsample 1×2");
  check_simple (3, (AkinShape){ 2, 3, 6, 2 }, 0, 0, 0, "crop");
  check_simple (4, (AkinShape){ 1, 1, 20, 1 }, 0, 0, AKIN_ACT_RELU, "relu");
  check_simple (4, (AkinShape){ 1, 1, 20, 1 }, 0, 0, AKIN_ACT_SIGMOID, "sigmoid");
  check_simple (4, (AkinShape){ 1, 1, 20, 1 }, 0, 0, AKIN_ACT_LINEAR, "linear");
  check_simple (5, (AkinShape){ 1, 1, 20, 1 }, 0, 0, 0, "mse");
}

typedef struct
{
  AkinNet          *net;
  AkinNetWorkspace *ws;
  const float      *x;
  guint             n;
} NetCase;

static double
net_scalar (gpointer data)
{
  NetCase *c = data;

  return akin_net_loss (c->net, c->ws, c->x, c->n);
}

static void
check_network (const AkinNetSpec *spec, const char *what)
{
  g_autoptr (AkinNet) net = akin_net_new (spec, NULL);
  g_autoptr (AkinNetWorkspace) ws = akin_net_workspace_new (net, 3, AKIN_NET_WORKSPACE_TRAIN);
  g_autofree float *x = g_new (float, 3 * net->input_size);
  g_autofree float *grads = g_new (float, net->n_params);
  g_autofree double *num = g_new (double, net->n_params);
  g_autofree double *num_half = g_new (double, net->n_params);
  g_autofree float *kept_analytic = g_new (float, net->n_params);
  g_autofree double *kept_numeric = g_new (double, net->n_params);
  guint skipped = 0;
  gsize kept = 0;
  AkinRng rng;
  NetCase c = { net, ws, x, 3 };

  akin_rng_init (&rng, 11);
  akin_net_init_weights (net, &rng);
  /* non-zero biases, so ReLUs are not all on the same side */
  for (guint i = 0; i < net->n_layers; i++)
    if (net->layers[i].kind == AKIN_LAYER_CONV)
      fill_random (&rng, net->params + net->layers[i].bias_offset, net->layers[i].out.c, 0.1);
  fill_random (&rng, x, 3 * net->input_size, 1.0);

  akin_net_gradient (net, ws, x, 3, grads);

  /* The loss is only piecewise smooth: a step that crosses a ReLU or
   * max-pool kink gives a meaningless difference quotient. Such steps show
   * up as a disagreement between two step sizes; those few parameters are
   * left out (and counted), all others must match. */
  numeric_gradient (net_scalar, &c, net->params, net->n_params, 5e-4f, num);
  numeric_gradient (net_scalar, &c, net->params, net->n_params, 2.5e-4f, num_half);
  for (gsize i = 0; i < net->n_params; i++)
    {
      if (fabs (num[i] - num_half[i]) > 1e-4 + 0.02 * fabs (num[i]))
        {
          skipped++;
          continue;
        }
      kept_analytic[kept] = grads[i];
      kept_numeric[kept] = num[i];
      kept++;
    }
  g_test_message ("%s: %u of %zu parameters at a kink, left out", what, skipped, net->n_params);
  g_assert_cmpuint (skipped * 20, <=, net->n_params);
  check_gradient (what, kept_analytic, kept_numeric, kept, 1e-3);
}

static void
test_gradient_networks (void)
{
  AkinNetSpec s2 = { .in_h = 4, .in_w = 8, .n_blocks = 3, .filters = { 3, 2, 2 },
                     .latent_activation = AKIN_ACT_LINEAR };
  AkinNetSpec s1 = { .in_h = 1, .in_w = 11, .n_blocks = 3, .filters = { 4, 3, 2 },
                     .latent_activation = AKIN_ACT_LINEAR };
  AkinNetSpec s1r = s1;

  s1r.latent_activation = AKIN_ACT_RELU;
  check_network (&s2, "whole 2D autoencoder 4×8, filters 3 2 2");
  check_network (&s1, "whole 1D autoencoder 11, filters 4 3 2 (crop)");
  check_network (&s1r, "whole 1D autoencoder, ReLU latent");
  g_test_message ("largest gradient-check relative error: %.3g", max_error_seen);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  akin_nn_blas_single_thread ();

  g_test_add_func ("/nn/gradient/conv", test_gradient_conv);
  g_test_add_func ("/nn/gradient/layers", test_gradient_simple_layers);
  g_test_add_func ("/nn/gradient/networks", test_gradient_networks);
  return g_test_run ();
}
