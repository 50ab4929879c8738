/* akin-nn.c: random numbers, initialisation, activations, loss and Adam
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <cblas.h>
#include <gmodule.h>

#include "akin-nn-private.h"
#include "akin-nn.h"

/* ---- Random numbers ------------------------------------------------------ */

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

/**
 * akin_rng_init:
 * @rng: (out caller-allocates): the generator
 * @seed: any value, 0 included
 *
 * Seeds @rng: its four words are the first outputs of splitmix64 from @seed.
 */
void
akin_rng_init (AkinRng *rng, guint64 seed)
{
  guint64 state = seed;

  g_return_if_fail (rng != NULL);

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&state);
}

/**
 * akin_rng_next:
 * @rng: the generator
 *
 * Returns: the next 64 random bits (xoshiro256**).
 */
guint64
akin_rng_next (AkinRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/**
 * akin_rng_uniform:
 * @rng: the generator
 *
 * Returns: a double uniformly distributed in [0, 1), with 53 random bits.
 */
double
akin_rng_uniform (AkinRng *rng)
{
  return (double) (akin_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

/**
 * akin_rng_below:
 * @rng: the generator
 * @n: the bound, > 0
 *
 * Returns: an integer uniformly distributed in [0, @n), without modulo bias.
 */
guint
akin_rng_below (AkinRng *rng, guint n)
{
  guint64 limit;
  guint64 r;

  g_return_val_if_fail (n > 0, 0);

  limit = G_MAXUINT64 - (G_MAXUINT64 % n);
  do
    r = akin_rng_next (rng);
  while (r >= limit);
  return (guint) (r % n);
}

/**
 * akin_rng_normal:
 * @rng: the generator
 *
 * Returns: a standard normal deviate (Box–Muller, one value per call).
 */
double
akin_rng_normal (AkinRng *rng)
{
  double u1 = 1.0 - akin_rng_uniform (rng); /* (0, 1] */
  double u2 = akin_rng_uniform (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

/**
 * akin_rng_shuffle:
 * @rng: the generator
 * @items: the array to shuffle in place
 * @n_items: its length
 *
 * Fisher–Yates shuffle.
 */
void
akin_rng_shuffle (AkinRng *rng, guint *items, guint n_items)
{
  for (guint i = n_items; i > 1; i--)
    {
      guint j = akin_rng_below (rng, i);
      guint tmp = items[i - 1];

      items[i - 1] = items[j];
      items[j] = tmp;
    }
}

/**
 * akin_nn_init_glorot_uniform:
 * @rng: the generator
 * @weights: (out): the kernel to fill
 * @n_weights: its length
 * @fan_in: kh·kw·c_in
 * @fan_out: kh·kw·c_out
 *
 * Glorot (Xavier) uniform initialisation, U(−l, l) with l = √(6 / (fan_in +
 * fan_out)), as Keras' default for convolution kernels.
 */
void
akin_nn_init_glorot_uniform (AkinRng *rng,
                             float   *weights,
                             gsize    n_weights,
                             guint    fan_in,
                             guint    fan_out)
{
  double limit = sqrt (6.0 / (double) (fan_in + fan_out));

  for (gsize i = 0; i < n_weights; i++)
    weights[i] = (float) ((2.0 * akin_rng_uniform (rng) - 1.0) * limit);
}

/**
 * akin_nn_init_he_uniform:
 * @rng: the generator
 * @weights: (out): the kernel to fill
 * @n_weights: its length
 * @fan_in: kh·kw·c_in
 *
 * He uniform initialisation, U(−l, l) with l = √(6 / fan_in).
 */
void
akin_nn_init_he_uniform (AkinRng *rng, float *weights, gsize n_weights, guint fan_in)
{
  double limit = sqrt (6.0 / (double) fan_in);

  for (gsize i = 0; i < n_weights; i++)
    weights[i] = (float) ((2.0 * akin_rng_uniform (rng) - 1.0) * limit);
}

/* ---- Activations and loss ------------------------------------------------ */

/* ReLU through the sign bit, without a branch: the signs of activations are
 * random, so a branch mispredicts half the time. Negative values (and -0)
 * become +0; NaN with the sign bit clear stays NaN so the finiteness checks
 * still see it. */
static inline float
relu (float v)
{
  guint32 bits;

  memcpy (&bits, &v, 4);
  bits &= ~(guint32) ((gint32) bits >> 31);
  memcpy (&v, &bits, 4);
  return v;
}

/* dy where the ReLU output y is > 0 (y is never negative), 0 elsewhere. */
static inline float
relu_gate (float y, float dy)
{
  guint32 ybits, dbits;

  memcpy (&ybits, &y, 4);
  memcpy (&dbits, &dy, 4);
  dbits &= (guint32) -(gint32) (ybits != 0);
  memcpy (&dy, &dbits, 4);
  return dy;
}

/**
 * akin_nn_activation_forward:
 * @act: the activation
 * @x: @n inputs
 * @n: count
 * @y: (out): @n outputs; may be @x
 */
void
akin_nn_activation_forward (AkinActivation act, const float *x, gsize n, float *y)
{
  switch (act)
    {
    case AKIN_ACT_LINEAR:
      if (y != x)
        memcpy (y, x, n * sizeof (float));
      break;
    case AKIN_ACT_RELU:
      for (gsize i = 0; i < n; i++)
        y[i] = relu (x[i]);
      break;
    case AKIN_ACT_SIGMOID:
      for (gsize i = 0; i < n; i++)
        y[i] = (float) (1.0 / (1.0 + exp (-(double) x[i])));
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * akin_nn_activation_backward:
 * @act: the activation
 * @y: the forward outputs (the derivative is computed from them)
 * @dy: gradient with respect to @y
 * @n: count
 * @dx: (out): gradient with respect to the inputs; may be @dy
 *
 * For ReLU the derivative at 0 is taken as 0 (as TensorFlow does).
 */
void
akin_nn_activation_backward (AkinActivation act,
                             const float   *y,
                             const float   *dy,
                             gsize          n,
                             float         *dx)
{
  switch (act)
    {
    case AKIN_ACT_LINEAR:
      if (dx != dy)
        memcpy (dx, dy, n * sizeof (float));
      break;
    case AKIN_ACT_RELU:
      for (gsize i = 0; i < n; i++)
        dx[i] = relu_gate (y[i], dy[i]);
      break;
    case AKIN_ACT_SIGMOID:
      for (gsize i = 0; i < n; i++)
        dx[i] = dy[i] * y[i] * (1.0f - y[i]);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * akin_nn_mse:
 * @prediction: @n values
 * @target: @n values
 * @n: count, > 0
 * @gradient: (out) (nullable): d loss / d prediction, 2(p − t)/n
 *
 * Returns: the mean squared error, accumulated in double.
 */
double
akin_nn_mse (const float *prediction, const float *target, gsize n, float *gradient)
{
  double sum = 0.0;
  double scale = 2.0 / (double) n;

  for (gsize i = 0; i < n; i++)
    {
      double d = (double) prediction[i] - (double) target[i];

      sum += d * d;
      if (gradient != NULL)
        gradient[i] = (float) (scale * d);
    }
  return sum / (double) n;
}

/**
 * akin_nn_all_finite:
 * @x: values
 * @n: count
 *
 * Returns: %TRUE if no value is NaN or infinite.
 */
gboolean
akin_nn_all_finite (const float *x, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (x[i]))
      return FALSE;
  return TRUE;
}

/**
 * akin_nn_blas_single_thread:
 *
 * Makes OpenBLAS run every product on the calling thread. Analysis runs one
 * song per core and the matrices are small, so BLAS threads only add
 * contention; training calls it too, which also makes the sums' order, and
 * so the trained weights, reproducible. Setting `OPENBLAS_NUM_THREADS=1` in
 * the environment has the same effect. Affects the whole process; call it
 * at start-up from any thread. A call that finds it done already returns
 * at once: it takes no lock (a thread loading a library meanwhile holds
 * GModule's for as long as that takes).
 */
void
akin_nn_blas_single_thread (void)
{
  static gint threads_ended = FALSE;
  GModule *self;
  void (*shutdown) (void) = NULL;

  if (openblas_get_num_threads () == 1 && g_atomic_int_get (&threads_ended))
    return;
  openblas_set_num_threads (1);
  /* OpenBLAS starts its worker threads when it is loaded, and each spins
   * for about 0.1 s of CPU (sched_yield) waiting for work that, once
   * products run on the calling thread, never comes: a tenth of the CPU
   * of analysing a song outside the library on an idle machine. Its
   * shutdown function (the one it runs before a fork) ends them; other
   * BLAS builds have none, and nothing is lost. */
  self = g_module_open (NULL, G_MODULE_BIND_LAZY);
  if (self == NULL)
    return;
  if (g_module_symbol (self, "blas_thread_shutdown_", (gpointer *) &shutdown) && shutdown != NULL)
    shutdown ();
  g_module_close (self);
  g_atomic_int_set (&threads_ended, TRUE);
}

/* ---- Adam ---------------------------------------------------------------- */

/**
 * akin_adam_new:
 * @n_params: number of parameters it updates
 * @learning_rate: the step size
 *
 * Returns: (transfer full): a new optimiser state, moments at zero.
 */
AkinAdam *
akin_adam_new (gsize n_params, float learning_rate)
{
  AkinAdam *adam = g_new0 (AkinAdam, 1);

  adam->learning_rate = learning_rate;
  adam->beta1 = 0.9f;
  adam->beta2 = 0.999f;
  adam->epsilon = 1e-7f;
  adam->n_params = n_params;
  adam->m = g_new0 (float, n_params);
  adam->v = g_new0 (float, n_params);
  return adam;
}

/**
 * akin_adam_free:
 * @adam: (transfer full) (nullable): the optimiser
 */
void
akin_adam_free (AkinAdam *adam)
{
  if (adam == NULL)
    return;
  g_free (adam->m);
  g_free (adam->v);
  g_free (adam);
}

/**
 * akin_adam_step:
 * @adam: the optimiser
 * @params: (inout): @adam->n_params parameters
 * @gradients: their gradients
 *
 * Applies one update.
 */
void
akin_adam_step (AkinAdam *adam, float *params, const float *gradients)
{
  double t;
  float lr_t;
  float b1 = adam->beta1, b2 = adam->beta2;

  adam->step++;
  t = (double) adam->step;
  lr_t = (float) (adam->learning_rate * sqrt (1.0 - pow (b2, t)) / (1.0 - pow (b1, t)));

  for (gsize i = 0; i < adam->n_params; i++)
    {
      float g = gradients[i];

      adam->m[i] = b1 * adam->m[i] + (1.0f - b1) * g;
      adam->v[i] = b2 * adam->v[i] + (1.0f - b2) * g * g;
      params[i] -= lr_t * adam->m[i] / (sqrtf (adam->v[i]) + adam->epsilon);
    }
}
