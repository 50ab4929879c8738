/* akin-nn.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Tensors are plain float32 arrays in NHWC order (batch, height, width,
 * channels; row-major, channels fastest), the order Keras uses. One-dimensional
 * sequences are tensors of height 1, so Conv1D (kernel 3) is a convolution
 * with a 1×3 kernel, MaxPool1D(2) a 1×2 pooling, UpSampling1D(2) a 1×2
 * up-sampling and Cropping1D a crop along the width.
 *
 * Convolution kernels are stored as [kh][kw][c_in][c_out] (Keras' HWIO), biases
 * as [c_out].
 *
 * All functions here are pure: they read their inputs and write the outputs
 * and scratch buffers the caller passes, so they may be called from any
 * thread as long as the buffers are not shared.
 */

/**
 * AkinActivation:
 * @AKIN_ACT_LINEAR: identity
 * @AKIN_ACT_RELU: max (0, x)
 * @AKIN_ACT_SIGMOID: 1 / (1 + e^-x)
 */
typedef enum
{
  AKIN_ACT_LINEAR = 0,
  AKIN_ACT_RELU = 1,
  AKIN_ACT_SIGMOID = 2,
} AkinActivation;

/**
 * AkinShape:
 * @n: batch size
 * @h: height (1 for sequences)
 * @w: width (time)
 * @c: channels
 */
typedef struct
{
  guint n, h, w, c;
} AkinShape;

static inline gsize
akin_shape_size (AkinShape s)
{
  return (gsize) s.n * s.h * s.w * s.c;
}

/* ---- Random numbers: xoshiro256** seeded through splitmix64 ----------- */

/**
 * AkinRng:
 *
 * A small deterministic generator: the same seed gives the same stream on
 * every machine. Not thread-safe; give each thread its own.
 */
typedef struct
{
  guint64 s[4];
} AkinRng;

void    akin_rng_init      (AkinRng *rng,
                            guint64  seed);
double  akin_rng_uniform   (AkinRng *rng);
guint   akin_rng_below     (AkinRng *rng,
                            guint    n);
double  akin_rng_normal    (AkinRng *rng);
void    akin_rng_shuffle   (AkinRng *rng,
                            guint   *items,
                            guint    n_items);

void    akin_nn_init_glorot_uniform (AkinRng *rng,
                                     float   *weights,
                                     gsize    n_weights,
                                     guint    fan_in,
                                     guint    fan_out);
void    akin_nn_init_he_uniform     (AkinRng *rng,
                                     float   *weights,
                                     gsize    n_weights,
                                     guint    fan_in);

/* ---- Layers -------------------------------------------------------------- */

void   akin_nn_activation_forward  (AkinActivation act,
                                    const float   *x,
                                    gsize          n,
                                    float         *y);
void   akin_nn_activation_backward (AkinActivation act,
                                    const float   *y,
                                    const float   *dy,
                                    gsize          n,
                                    float         *dx);

gsize  akin_nn_conv_scratch_size   (AkinShape      in,
                                    guint          kh,
                                    guint          kw);
void   akin_nn_conv_forward        (const float   *x,
                                    AkinShape      in,
                                    const float   *kernel,
                                    const float   *bias,
                                    guint          kh,
                                    guint          kw,
                                    guint          c_out,
                                    AkinActivation act,
                                    float         *y,
                                    float         *scratch);
void   akin_nn_conv_backward       (const float   *x,
                                    AkinShape      in,
                                    const float   *kernel,
                                    guint          kh,
                                    guint          kw,
                                    guint          c_out,
                                    AkinActivation act,
                                    const float   *y,
                                    float         *dy,
                                    float         *dkernel,
                                    float         *dbias,
                                    float         *dx,
                                    float         *scratch);

AkinShape akin_nn_pool_shape       (AkinShape      in,
                                    guint          ph,
                                    guint          pw);
void   akin_nn_maxpool_forward     (const float   *x,
                                    AkinShape      in,
                                    guint          ph,
                                    guint          pw,
                                    float         *y,
                                    guint32       *argmax);
void   akin_nn_maxpool_backward    (const float   *dy,
                                    AkinShape      out,
                                    const guint32 *argmax,
                                    float         *dx,
                                    AkinShape      in);

void   akin_nn_upsample_forward    (const float   *x,
                                    AkinShape      in,
                                    guint          uh,
                                    guint          uw,
                                    float         *y);
void   akin_nn_upsample_backward   (const float   *dy,
                                    AkinShape      in,
                                    guint          uh,
                                    guint          uw,
                                    float         *dx);

void   akin_nn_crop_forward        (const float   *x,
                                    AkinShape      in,
                                    guint          top,
                                    guint          left,
                                    guint          out_h,
                                    guint          out_w,
                                    float         *y);
void   akin_nn_crop_backward       (const float   *dy,
                                    AkinShape      in,
                                    guint          top,
                                    guint          left,
                                    guint          out_h,
                                    guint          out_w,
                                    float         *dx);

double akin_nn_mse                 (const float   *prediction,
                                    const float   *target,
                                    gsize          n,
                                    float         *gradient);

gboolean akin_nn_all_finite        (const float   *x,
                                    gsize          n);

void   akin_nn_blas_single_thread  (void);

/* ---- Adam ---------------------------------------------------------------- */

/**
 * AkinAdam:
 * @learning_rate: step size (Keras default 1e-3)
 * @beta1: first-moment decay, 0.9
 * @beta2: second-moment decay, 0.999
 * @epsilon: 1e-7, added to √v as Keras does
 * @step: number of updates so far
 *
 * Adam with Keras' update rule: the bias correction is folded into the step
 * size, lr·√(1−β2^t)/(1−β1^t), and ε is added to √v.
 */
typedef struct
{
  float   learning_rate;
  float   beta1;
  float   beta2;
  float   epsilon;
  guint64 step;
  gsize   n_params;
  float  *m;
  float  *v;
} AkinAdam;

AkinAdam *akin_adam_new   (gsize        n_params,
                           float        learning_rate);
void      akin_adam_free  (AkinAdam    *adam);
void      akin_adam_step  (AkinAdam    *adam,
                           float       *params,
                           const float *gradients);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinAdam, akin_adam_free)

G_END_DECLS
