/* test-nn.c: layers, loss and optimiser against hand-computed values; the
 * shipped architecture's shapes; a tiny autoencoder that overfits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cblas.h>
#include <gmodule.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "akin-encoder.h"
#include "akin-net.h"
#include "akin-nn-private.h"
#include "akin-nn.h"

/* ---- helpers ------------------------------------------------------------- */

static void
fill_random (AkinRng *rng, float *x, gsize n, double scale)
{
  for (gsize i = 0; i < n; i++)
    x[i] = (float) ((2.0 * akin_rng_uniform (rng) - 1.0) * scale);
}

/* ---- random numbers ------------------------------------------------------ */

static void
test_rng_known_answer (void)
{
  AkinRng rng, again;

  /* xoshiro256** seeded with splitmix64 (42), computed independently. */
  akin_rng_init (&rng, 42);
  g_assert_cmphex (akin_rng_next (&rng), ==, G_GUINT64_CONSTANT (0x15780b2e0c2ec716));
  g_assert_cmphex (akin_rng_next (&rng), ==, G_GUINT64_CONSTANT (0x6104d9866d113a7e));
  g_assert_cmphex (akin_rng_next (&rng), ==, G_GUINT64_CONSTANT (0xae17533239e499a1));

  akin_rng_init (&rng, 7);
  akin_rng_init (&again, 7);
  for (guint i = 0; i < 100; i++)
    {
      double u = akin_rng_uniform (&rng);

      g_assert_cmpfloat (u, ==, akin_rng_uniform (&again));
      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
      g_assert_cmpuint (akin_rng_below (&rng, 5), <, 5);
      akin_rng_below (&again, 5);
    }
}

static void
test_init_ranges (void)
{
  AkinRng rng;
  float w[600];
  double limit = sqrt (6.0 / (27 + 36)), lo = 0, hi = 0;

  akin_rng_init (&rng, 3);
  akin_nn_init_glorot_uniform (&rng, w, G_N_ELEMENTS (w), 27, 36);
  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    {
      lo = MIN (lo, w[i]);
      hi = MAX (hi, w[i]);
    }
  g_assert_cmpfloat (lo, >=, -limit);
  g_assert_cmpfloat (hi, <=, limit);
  /* uniform: the extremes come close to the limits */
  g_assert_cmpfloat (hi, >, 0.9 * limit);
  g_assert_cmpfloat (lo, <, -0.9 * limit);

  akin_nn_init_he_uniform (&rng, w, G_N_ELEMENTS (w), 9);
  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    g_assert_cmpfloat (fabsf (w[i]), <=, sqrt (6.0 / 9));
}

/* ---- Keras semantics, by hand -------------------------------------------- */

static void
test_conv_same_known (void)
{
  /* Conv1D, kernel [1, 2, 3], bias 0.5, input [1, 2, 3]:
   * y[0] = 0·1 + 1·2 + 2·3 … with zero padding:
   * y0 = 1·0 + 2·1 + 3·2 = 8, y1 = 1 + 4 + 9 = 14, y2 = 2 + 6 + 0 = 8, + 0.5 */
  float x[3] = { 1, 2, 3 }, k[3] = { 1, 2, 3 }, b = 0.5f, y[3], scratch[9];
  AkinShape s = { 1, 1, 3, 1 };
  /* 2D: 3×3 ones, 3×3 kernel of ones: corners 4, edges 6, centre 9. */
  float x2[9], k2[9], y2[9], scratch2[81], zero = 0.0f;
  AkinShape s2 = { 1, 3, 3, 1 };
  const float expect2[9] = { 4, 6, 4, 6, 9, 6, 4, 6, 4 };
  /* Two channels in, two out: kernel layout [kh][kw][c_in][c_out]. A 1×1
   * spatial case through a 1×3 kernel whose only non-zero tap is the centre. */
  float x3[2] = { 1, 10 }, k3[12] = { 0 }, b3[2] = { 0, 0 }, y3[2], scratch3[6];
  AkinShape s3 = { 1, 1, 1, 2 };

  akin_nn_conv_forward (x, s, k, &b, 1, 3, 1, AKIN_ACT_LINEAR, y, scratch);
  g_assert_cmpfloat (y[0], ==, 8.5f);
  g_assert_cmpfloat (y[1], ==, 14.5f);
  g_assert_cmpfloat (y[2], ==, 8.5f);

  for (guint i = 0; i < 9; i++)
    x2[i] = k2[i] = 1.0f;
  akin_nn_conv_forward (x2, s2, k2, &zero, 3, 3, 1, AKIN_ACT_LINEAR, y2, scratch2);
  for (guint i = 0; i < 9; i++)
    g_assert_cmpfloat (y2[i], ==, expect2[i]);

  /* centre tap (kx = 1): [c_in][c_out] = [[1, 2], [3, 4]] */
  k3[4 + 0] = 1;
  k3[4 + 1] = 2;
  k3[4 + 2] = 3;
  k3[4 + 3] = 4;
  akin_nn_conv_forward (x3, s3, k3, b3, 1, 3, 2, AKIN_ACT_RELU, y3, scratch3);
  g_assert_cmpfloat (y3[0], ==, 1 * 1 + 10 * 3);
  g_assert_cmpfloat (y3[1], ==, 1 * 2 + 10 * 4);
}

static void
test_pool_same_known (void)
{
  float x[5] = { 1, 5, 2, 4, 3 }, y[3];
  float neg[3] = { -1, -2, -3 }, yneg[2];
  /* 3×3, one channel, pooled 2×2 → 2×2 */
  float x2[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, y2[4];
  guint32 am[3];
  float dy[3] = { 10, 20, 30 }, dx[5];
  AkinShape s = { 1, 1, 5, 1 }, s3 = { 1, 1, 3, 1 }, s2 = { 1, 3, 3, 1 };
  AkinShape out = akin_nn_pool_shape (s, 1, 2);

  g_assert_cmpuint (out.w, ==, 3);
  g_assert_cmpuint (akin_nn_pool_shape ((AkinShape){ 1, 1, 69, 1 }, 1, 2).w, ==, 35);
  g_assert_cmpuint (akin_nn_pool_shape ((AkinShape){ 1, 16, 256, 1 }, 2, 2).h, ==, 8);

  akin_nn_maxpool_forward (x, s, 1, 2, y, am);
  g_assert_cmpfloat (y[0], ==, 5);
  g_assert_cmpfloat (y[1], ==, 4);
  g_assert_cmpfloat (y[2], ==, 3); /* the last window holds only x[4] */

  /* padding never wins, even over negative values */
  akin_nn_maxpool_forward (neg, s3, 1, 2, yneg, NULL);
  g_assert_cmpfloat (yneg[0], ==, -1);
  g_assert_cmpfloat (yneg[1], ==, -3);

  akin_nn_maxpool_forward (x2, s2, 2, 2, y2, NULL);
  g_assert_cmpfloat (y2[0], ==, 5);
  g_assert_cmpfloat (y2[1], ==, 6);
  g_assert_cmpfloat (y2[2], ==, 8);
  g_assert_cmpfloat (y2[3], ==, 9);

  akin_nn_maxpool_backward (dy, out, am, dx, s);
  g_assert_cmpfloat (dx[0], ==, 0);
  g_assert_cmpfloat (dx[1], ==, 10);
  g_assert_cmpfloat (dx[2], ==, 0);
  g_assert_cmpfloat (dx[3], ==, 20);
  g_assert_cmpfloat (dx[4], ==, 30);
}

static void
test_upsample_crop_known (void)
{
  float x[2] = { 1, 2 }, y[4];
  float x2[4] = { 1, 2, 3, 4 }, y2[8];
  const float e2[8] = { 1, 1, 2, 2, 3, 3, 4, 4 };
  float seq[10], cropped[7], back[10], big[16];
  AkinShape s = { 1, 1, 2, 1 }, s2 = { 1, 2, 2, 1 }, s10 = { 1, 1, 10, 1 };

  akin_nn_upsample_forward (x, s, 1, 2, y);
  g_assert_cmpfloat (y[0], ==, 1);
  g_assert_cmpfloat (y[1], ==, 1);
  g_assert_cmpfloat (y[2], ==, 2);
  g_assert_cmpfloat (y[3], ==, 2);
  akin_nn_upsample_forward (x2, s2, 1, 2, y2);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpfloat (y2[i], ==, e2[i]);
  akin_nn_upsample_forward (x2, s2, 2, 2, big); /* 4×4 */
  g_assert_cmpfloat (big[0], ==, 1);
  g_assert_cmpfloat (big[5], ==, 1);
  g_assert_cmpfloat (big[6], ==, 2);
  g_assert_cmpfloat (big[8], ==, 3);
  g_assert_cmpfloat (big[15], ==, 4);

  /* Cropping1D((0, 3)) keeps the first 7; Cropping1D((2, 1)) elements 2…8 */
  for (guint i = 0; i < 10; i++)
    seq[i] = (float) i;
  akin_nn_crop_forward (seq, s10, 0, 0, 1, 7, cropped);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpfloat (cropped[i], ==, i);
  akin_nn_crop_forward (seq, s10, 0, 2, 1, 7, cropped);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpfloat (cropped[i], ==, i + 2);
  akin_nn_crop_backward (cropped, s10, 0, 2, 1, 7, back);
  g_assert_cmpfloat (back[0], ==, 0);
  g_assert_cmpfloat (back[1], ==, 0);
  g_assert_cmpfloat (back[2], ==, 2);
  g_assert_cmpfloat (back[9], ==, 0);
}

static void
test_activations_known (void)
{
  float x[3] = { -2, 0, 3 }, y[3];

  akin_nn_activation_forward (AKIN_ACT_RELU, x, 3, y);
  g_assert_cmpfloat (y[0], ==, 0);
  g_assert_cmpfloat (y[1], ==, 0);
  g_assert_cmpfloat (y[2], ==, 3);
  akin_nn_activation_forward (AKIN_ACT_SIGMOID, x, 3, y);
  g_assert_cmpfloat_with_epsilon (y[1], 0.5, 1e-7);
  g_assert_cmpfloat_with_epsilon (y[2], 1.0 / (1.0 + exp (-3.0)), 1e-7);
  akin_nn_activation_forward (AKIN_ACT_LINEAR, x, 3, y);
  g_assert_cmpfloat (y[0], ==, -2);
}

static void
test_mse_and_adam (void)
{
  float p[2] = { 1, 3 }, t[2] = { 0, 1 }, g[2];
  float params[2] = { 1, 1 }, grads[2] = { 0.5f, -4 };
  g_autoptr (AkinAdam) adam = akin_adam_new (2, 0.01f);

  /* ((1)² + (2)²) / 2 */
  g_assert_cmpfloat (akin_nn_mse (p, t, 2, g), ==, 2.5);
  g_assert_cmpfloat (g[0], ==, 1.0f);
  g_assert_cmpfloat (g[1], ==, 2.0f);

  /* Keras' first Adam step moves every parameter by lr·sign(g) (up to ε). */
  akin_adam_step (adam, params, grads);
  g_assert_cmpfloat_with_epsilon (params[0], 1 - 0.01, 1e-5);
  g_assert_cmpfloat_with_epsilon (params[1], 1 + 0.01, 1e-5);
  g_assert_cmpuint (adam->step, ==, 1);
}

/* ---- the shipped architecture's shapes ----------------------------------- */

static void
test_default_shapes (void)
{
  AkinNetSpec s2, s1;
  g_autoptr (AkinNet) n2 = NULL;
  g_autoptr (AkinNet) n1 = NULL;
  static const guint widths_1d[] = { 35, 18, 9, 5, 3, 2 };
  static const guint heights_2d[] = { 8, 4, 2, 1, 1, 1 };
  static const guint widths_2d[] = { 128, 64, 32, 16, 8, 4 };
  const AkinLayer *last;

  akin_encoder_default_spec_2d (&s2);
  akin_encoder_default_spec_1d (&s1);
  n2 = akin_net_new (&s2, NULL);
  n1 = akin_net_new (&s1, NULL);

  g_assert_cmpuint (n2->n_encoder_layers, ==, 12);
  for (guint i = 0; i < 6; i++)
    {
      const AkinLayer *pool = &n2->layers[2 * i + 1];

      g_assert_cmpint (pool->kind, ==, AKIN_LAYER_POOL);
      g_assert_cmpuint (pool->out.h, ==, heights_2d[i]);
      g_assert_cmpuint (pool->out.w, ==, widths_2d[i]);
      g_assert_cmpuint (pool->out.c, ==, s2.filters[i]);
    }
  g_assert_cmpuint (n2->latent_size, ==, 64);
  last = &n2->layers[n2->n_layers - 1];
  g_assert_cmpint (last->kind, ==, AKIN_LAYER_CONV);
  g_assert_cmpint (last->act, ==, AKIN_ACT_LINEAR);
  g_assert_cmpuint (last->out.h, ==, 16);
  g_assert_cmpuint (last->out.w, ==, 256);
  g_assert_cmpuint (last->out.c, ==, 1);

  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (n1->layers[2 * i + 1].out.w, ==, widths_1d[i]);
  g_assert_cmpuint (n1->latent_size, ==, 32);
  /* decoder: 2 → 128, final linear conv, crop to 69 */
  g_assert_cmpuint (n1->layers[n1->n_layers - 2].out.w, ==, 128);
  g_assert_cmpint (n1->layers[n1->n_layers - 1].kind, ==, AKIN_LAYER_CROP);
  g_assert_cmpuint (n1->layers[n1->n_layers - 1].out.w, ==, 69);
  g_test_message ("parameters: 2D %zu, 1D %zu", n2->n_params, n1->n_params);

  /* one forward pass of each, just for shapes and finiteness */
  {
    g_autoptr (AkinNetWorkspace) w2 = akin_net_workspace_new (n2, 1, AKIN_NET_WORKSPACE_TRAIN);
    g_autoptr (AkinNetWorkspace) w1 = akin_net_workspace_new (n1, 1, AKIN_NET_WORKSPACE_TRAIN);
    g_autofree float *x2 = g_new (float, n2->input_size);
    g_autofree float *x1 = g_new (float, n1->input_size);
    AkinRng rng;

    akin_rng_init (&rng, 5);
    akin_net_init_weights (n2, &rng);
    akin_net_init_weights (n1, &rng);
    fill_random (&rng, x2, n2->input_size, 1.0);
    fill_random (&rng, x1, n1->input_size, 1.0);
    g_assert_true (isfinite (akin_net_loss (n2, w2, x2, 1)));
    g_assert_true (isfinite (akin_net_loss (n1, w1, x1, 1)));
  }
}

/* ---- a tiny autoencoder overfits ----------------------------------------- */

static void
test_overfit (void)
{
  AkinNetSpec spec = { .in_h = 1, .in_w = 16, .n_blocks = 2, .filters = { 16, 8 },
                       .latent_activation = AKIN_ACT_LINEAR };
  g_autoptr (AkinNet) net = akin_net_new (&spec, NULL);
  g_autoptr (AkinNetWorkspace) ws = akin_net_workspace_new (net, 8, AKIN_NET_WORKSPACE_TRAIN);
  g_autoptr (AkinAdam) adam = akin_adam_new (net->n_params, 3e-3f);
  g_autofree float *grads = g_new (float, net->n_params);
  float x[8 * 16];
  double first, last = 0;
  AkinRng rng;

  akin_rng_init (&rng, 2);
  akin_net_init_weights (net, &rng);
  /* eight smooth toy signals: sines of different frequencies and phases */
  for (guint i = 0; i < 8; i++)
    for (guint t = 0; t < 16; t++)
      x[i * 16 + t] = (float) sin (0.2 * (i % 4 + 1) * t + i);

  first = akin_net_loss (net, ws, x, 8);
  for (guint step = 0; step < 1500; step++)
    {
      last = akin_net_gradient (net, ws, x, 8, grads);
      akin_adam_step (adam, net->params, grads);
    }
  last = akin_net_loss (net, ws, x, 8);
  g_test_message ("overfit: loss %.4g → %.4g (÷%.1f)", first, last, first / last);
  g_assert_cmpfloat (last * 10, <, first);
}

/* ---- OpenBLAS on one thread --------------------------------------------- */

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean done;
} Call;

static gpointer
load_module (gpointer path)
{
  return g_module_open (path, G_MODULE_BIND_LAZY);
}

static gpointer
call_single_thread (gpointer data)
{
  Call *call = data;

  akin_nn_blas_single_thread ();
  g_mutex_lock (&call->lock);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);
  return NULL;
}

/* Once done, a second call (akin-cli makes one at start-up and one when it
 * loads the model) takes no lock: a thread loading a library meanwhile
 * holds GModule's for as long as that takes (Chromaprint's, about 100
 * libraries), and the call waited for it. A call after someone asked for
 * more threads does the work again. */
static void
test_blas_single_thread_again (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "libhold-module-lock.so", NULL);
  g_autofree char *held_fd = NULL, *release_fd = NULL;
  Call call = { 0 };
  GThread *holder, *caller;
  GModule *module;
  gint64 end;
  int held[2], release[2];
  char byte = 1;

  akin_nn_blas_single_thread ();
  g_assert_cmpint (openblas_get_num_threads (), ==, 1);
  openblas_set_num_threads (2);
  akin_nn_blas_single_thread ();
  g_assert_cmpint (openblas_get_num_threads (), ==, 1);

  g_assert_no_errno (pipe (held));
  g_assert_no_errno (pipe (release));
  held_fd = g_strdup_printf ("%d", held[1]);
  release_fd = g_strdup_printf ("%d", release[0]);
  g_setenv ("AKIN_TEST_HELD_FD", held_fd, TRUE);
  g_setenv ("AKIN_TEST_RELEASE_FD", release_fd, TRUE);
  holder = g_thread_new ("holder", load_module, path);
  g_assert_cmpint (read (held[0], &byte, 1), ==, 1);

  /* GModule's lock is held until the module is let go. */
  caller = g_thread_new ("caller", call_single_thread, &call);
  end = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  g_mutex_lock (&call.lock);
  while (!call.done && g_cond_wait_until (&call.cond, &call.lock, end))
    ;
  g_mutex_unlock (&call.lock);
  g_assert_true (call.done);

  g_assert_cmpint (write (release[1], &byte, 1), ==, 1);
  module = g_thread_join (holder);
  g_assert_nonnull (module);
  g_thread_join (caller);
  g_module_close (module);
  g_unsetenv ("AKIN_TEST_HELD_FD");
  g_unsetenv ("AKIN_TEST_RELEASE_FD");
  for (int i = 0; i < 2; i++)
    {
      close (held[i]);
      close (release[i]);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  akin_nn_blas_single_thread ();

  g_test_add_func ("/nn/rng/known-answer", test_rng_known_answer);
  g_test_add_func ("/nn/blas/single-thread-again", test_blas_single_thread_again);
  g_test_add_func ("/nn/init/ranges", test_init_ranges);
  g_test_add_func ("/nn/keras/conv-same", test_conv_same_known);
  g_test_add_func ("/nn/keras/pool-same", test_pool_same_known);
  g_test_add_func ("/nn/keras/upsample-crop", test_upsample_crop_known);
  g_test_add_func ("/nn/activations", test_activations_known);
  g_test_add_func ("/nn/mse-adam", test_mse_and_adam);
  g_test_add_func ("/nn/architecture/default-shapes", test_default_shapes);
  g_test_add_func ("/nn/overfit", test_overfit);
  return g_test_run ();
}
