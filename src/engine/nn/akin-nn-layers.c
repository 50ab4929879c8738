/* akin-nn-layers.c: convolution, pooling, up-sampling and cropping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every layer follows Keras' semantics for the configurations the encoders
 * use: 'same' convolutions with stride 1 (zero padding (k − 1)/2 on each
 * side), 'same' max-pooling with stride = size (out = ⌈L/s⌉, the missing
 * elements at the end, never selected), nearest-neighbour up-sampling and
 * cropping by fixed offsets. See akin-nn.h for the tensor layout.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <cblas.h>

#include "akin-nn.h"

/**
 * akin_nn_conv_scratch_size:
 * @in: the input shape (the batch size is ignored)
 * @kh: kernel height
 * @kw: kernel width
 *
 * Returns: the number of floats of scratch the convolution needs (one
 *   sample's im2col matrix).
 */
gsize
akin_nn_conv_scratch_size (AkinShape in, guint kh, guint kw)
{
  return (gsize) in.h * in.w * kh * kw * in.c;
}

/* cols[(y·W + x)·K + (ky·kw + kx)·C + c] = x[y + ky − ph][x + kx − pw][c] */
static void
im2col (const float *x, AkinShape in, guint kh, guint kw, float *cols)
{
  guint ph = (kh - 1) / 2, pw = (kw - 1) / 2;
  gsize k = (gsize) kh * kw * in.c;

  for (guint y = 0; y < in.h; y++)
    for (guint xx = 0; xx < in.w; xx++)
      {
        float *row = cols + ((gsize) y * in.w + xx) * k;

        for (guint ky = 0; ky < kh; ky++)
          {
            int sy = (int) y + (int) ky - (int) ph;

            for (guint kx = 0; kx < kw; kx++)
              {
                int sx = (int) xx + (int) kx - (int) pw;
                float *dst = row + ((gsize) ky * kw + kx) * in.c;

                if (sy < 0 || sy >= (int) in.h || sx < 0 || sx >= (int) in.w)
                  memset (dst, 0, in.c * sizeof (float));
                else
                  memcpy (dst, x + ((gsize) sy * in.w + sx) * in.c, in.c * sizeof (float));
              }
          }
      }
}

/* The adjoint of im2col: accumulates cols back into dx (which must be zeroed). */
static void
col2im (const float *cols, AkinShape in, guint kh, guint kw, float *dx)
{
  guint ph = (kh - 1) / 2, pw = (kw - 1) / 2;
  gsize k = (gsize) kh * kw * in.c;

  for (guint y = 0; y < in.h; y++)
    for (guint xx = 0; xx < in.w; xx++)
      {
        const float *row = cols + ((gsize) y * in.w + xx) * k;

        for (guint ky = 0; ky < kh; ky++)
          {
            int sy = (int) y + (int) ky - (int) ph;

            if (sy < 0 || sy >= (int) in.h)
              continue;
            for (guint kx = 0; kx < kw; kx++)
              {
                int sx = (int) xx + (int) kx - (int) pw;
                const float *src = row + ((gsize) ky * kw + kx) * in.c;
                float *dst;

                if (sx < 0 || sx >= (int) in.w)
                  continue;
                dst = dx + ((gsize) sy * in.w + sx) * in.c;
                for (guint c = 0; c < in.c; c++)
                  dst[c] += src[c];
              }
          }
      }
}

/**
 * akin_nn_conv_forward:
 * @x: input, shape @in
 * @in: input shape
 * @kernel: [kh][kw][in.c][c_out]
 * @bias: [c_out]
 * @kh: kernel height, odd
 * @kw: kernel width, odd
 * @c_out: number of filters
 * @act: activation applied to the result
 * @y: (out): output, shape (in.n, in.h, in.w, c_out)
 * @scratch: akin_nn_conv_scratch_size() floats
 *
 * A 'same' convolution with stride 1, through im2col and one sgemm per sample.
 */
void
akin_nn_conv_forward (const float   *x,
                      AkinShape      in,
                      const float   *kernel,
                      const float   *bias,
                      guint          kh,
                      guint          kw,
                      guint          c_out,
                      AkinActivation act,
                      float         *y,
                      float         *scratch)
{
  gsize hw = (gsize) in.h * in.w;
  gsize k = (gsize) kh * kw * in.c;

  for (guint b = 0; b < in.n; b++)
    {
      const float *xb = x + b * hw * in.c;
      float *yb = y + b * hw * c_out;

      for (gsize p = 0; p < hw; p++)
        memcpy (yb + p * c_out, bias, c_out * sizeof (float));
      im2col (xb, in, kh, kw, scratch);
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans,
                   (int) hw, (int) c_out, (int) k,
                   1.0f, scratch, (int) k, kernel, (int) c_out,
                   1.0f, yb, (int) c_out);
      /* per sample, while the output is still in cache */
      akin_nn_activation_forward (act, yb, hw * c_out, yb);
    }
}

/**
 * akin_nn_conv_backward:
 * @x: the forward input, shape @in
 * @in: input shape
 * @kernel: the kernel
 * @kh: kernel height
 * @kw: kernel width
 * @c_out: number of filters
 * @act: the activation used forward
 * @y: the forward output
 * @dy: (inout): gradient with respect to @y; overwritten with the gradient
 *   before the activation
 * @dkernel: (inout): the kernel gradient is added to it
 * @dbias: (inout): the bias gradient is added to it
 * @dx: (out) (nullable): gradient with respect to @x, or %NULL when not needed
 * @scratch: akin_nn_conv_scratch_size() floats
 */
void
akin_nn_conv_backward (const float   *x,
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
                       float         *scratch)
{
  gsize hw = (gsize) in.h * in.w;
  gsize k = (gsize) kh * kw * in.c;

  for (guint b = 0; b < in.n; b++)
    {
      const float *xb = x + b * hw * in.c;
      float *dyb = dy + b * hw * c_out;

      akin_nn_activation_backward (act, y + b * hw * c_out, dyb, hw * c_out, dyb);

      for (gsize p = 0; p < hw; p++)
        for (guint o = 0; o < c_out; o++)
          dbias[o] += dyb[p * c_out + o];

      im2col (xb, in, kh, kw, scratch);
      cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans,
                   (int) k, (int) c_out, (int) hw,
                   1.0f, scratch, (int) k, dyb, (int) c_out,
                   1.0f, dkernel, (int) c_out);

      if (dx != NULL)
        {
          float *dxb = dx + b * hw * in.c;

          cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans,
                       (int) hw, (int) k, (int) c_out,
                       1.0f, dyb, (int) c_out, kernel, (int) c_out,
                       0.0f, scratch, (int) k);
          memset (dxb, 0, hw * in.c * sizeof (float));
          col2im (scratch, in, kh, kw, dxb);
        }
    }
}

/**
 * akin_nn_pool_shape:
 * @in: input shape
 * @ph: pool height (= stride)
 * @pw: pool width (= stride)
 *
 * Returns: the 'same' output shape, ⌈h/ph⌉ × ⌈w/pw⌉.
 */
AkinShape
akin_nn_pool_shape (AkinShape in, guint ph, guint pw)
{
  AkinShape out = in;

  out.h = (in.h + ph - 1) / ph;
  out.w = (in.w + pw - 1) / pw;
  return out;
}

/**
 * akin_nn_maxpool_forward:
 * @x: input, shape @in
 * @in: input shape
 * @ph: pool height
 * @pw: pool width
 * @y: (out): output, akin_nn_pool_shape()
 * @argmax: (out) (nullable): for each output, the index into @x of the
 *   selected input (for the backward pass)
 *
 * Keras 'same' max-pooling with stride = size: a window that runs past the
 * end only covers the elements that exist. Ties select the first element.
 */
void
akin_nn_maxpool_forward (const float *x,
                         AkinShape    in,
                         guint        ph,
                         guint        pw,
                         float       *y,
                         guint32     *argmax)
{
  AkinShape out = akin_nn_pool_shape (in, ph, pw);
  gsize o = 0;

  /* Channels innermost, without branches on the data, so the compiler can
   * vectorise the comparisons. */
  for (guint b = 0; b < in.n; b++)
    for (guint oy = 0; oy < out.h; oy++)
      for (guint ox = 0; ox < out.w; ox++, o += in.c)
        {
          guint y_end = MIN (oy * ph + ph, in.h);
          guint x_end = MIN (ox * pw + pw, in.w);
          float *yo = y + o;
          gboolean first = TRUE;

          for (guint sy = oy * ph; sy < y_end; sy++)
            for (guint sx = ox * pw; sx < x_end; sx++)
              {
                gsize base = (((gsize) b * in.h + sy) * in.w + sx) * in.c;
                const float *xr = x + base;

                if (first)
                  {
                    memcpy (yo, xr, in.c * sizeof (float));
                    if (argmax != NULL)
                      for (guint c = 0; c < in.c; c++)
                        argmax[o + c] = (guint32) (base + c);
                    first = FALSE;
                  }
                else if (argmax != NULL)
                  {
                    guint32 *ao = argmax + o;

                    for (guint c = 0; c < in.c; c++)
                      {
                        gboolean gt = xr[c] > yo[c];

                        ao[c] = gt ? (guint32) (base + c) : ao[c];
                        yo[c] = gt ? xr[c] : yo[c];
                      }
                  }
                else
                  for (guint c = 0; c < in.c; c++)
                    yo[c] = xr[c] > yo[c] ? xr[c] : yo[c];
              }
        }
}

/**
 * akin_nn_maxpool_backward:
 * @dy: gradient with respect to the output, shape @out
 * @out: the output shape
 * @argmax: the indices akin_nn_maxpool_forward() recorded
 * @dx: (out): gradient with respect to the input, shape @in (overwritten)
 * @in: the input shape
 */
void
akin_nn_maxpool_backward (const float   *dy,
                          AkinShape      out,
                          const guint32 *argmax,
                          float         *dx,
                          AkinShape      in)
{
  gsize n_out = akin_shape_size (out);

  memset (dx, 0, akin_shape_size (in) * sizeof (float));
  for (gsize o = 0; o < n_out; o++)
    dx[argmax[o]] += dy[o];
}

/**
 * akin_nn_upsample_forward:
 * @x: input, shape @in
 * @in: input shape
 * @uh: height factor
 * @uw: width factor
 * @y: (out): output, (in.n, in.h·uh, in.w·uw, in.c)
 *
 * Nearest-neighbour up-sampling: y[i][j] = x[i / uh][j / uw].
 */
void
akin_nn_upsample_forward (const float *x, AkinShape in, guint uh, guint uw, float *y)
{
  guint oh = in.h * uh, ow = in.w * uw;

  for (guint b = 0; b < in.n; b++)
    for (guint oy = 0; oy < oh; oy++)
      for (guint ox = 0; ox < ow; ox++)
        memcpy (y + (((gsize) b * oh + oy) * ow + ox) * in.c,
                x + (((gsize) b * in.h + oy / uh) * in.w + ox / uw) * in.c,
                in.c * sizeof (float));
}

/**
 * akin_nn_upsample_backward:
 * @dy: gradient with respect to the output
 * @in: the forward input shape
 * @uh: height factor
 * @uw: width factor
 * @dx: (out): gradient with respect to the input (overwritten)
 */
void
akin_nn_upsample_backward (const float *dy, AkinShape in, guint uh, guint uw, float *dx)
{
  guint oh = in.h * uh, ow = in.w * uw;

  memset (dx, 0, akin_shape_size (in) * sizeof (float));
  for (guint b = 0; b < in.n; b++)
    for (guint oy = 0; oy < oh; oy++)
      for (guint ox = 0; ox < ow; ox++)
        {
          const float *src = dy + (((gsize) b * oh + oy) * ow + ox) * in.c;
          float *dst = dx + (((gsize) b * in.h + oy / uh) * in.w + ox / uw) * in.c;

          for (guint c = 0; c < in.c; c++)
            dst[c] += src[c];
        }
}

/**
 * akin_nn_crop_forward:
 * @x: input, shape @in
 * @in: input shape
 * @top: rows removed at the top
 * @left: columns removed at the left (start of the sequence)
 * @out_h: rows kept
 * @out_w: columns kept
 * @y: (out): output, (in.n, @out_h, @out_w, in.c)
 *
 * Keras' Cropping1D((a, b)) is @left = a, @out_w = L − a − b.
 */
void
akin_nn_crop_forward (const float *x,
                      AkinShape    in,
                      guint        top,
                      guint        left,
                      guint        out_h,
                      guint        out_w,
                      float       *y)
{
  g_assert (top + out_h <= in.h && left + out_w <= in.w);

  for (guint b = 0; b < in.n; b++)
    for (guint oy = 0; oy < out_h; oy++)
      memcpy (y + ((gsize) b * out_h + oy) * out_w * in.c,
              x + (((gsize) b * in.h + oy + top) * in.w + left) * in.c,
              (gsize) out_w * in.c * sizeof (float));
}

/**
 * akin_nn_crop_backward:
 * @dy: gradient with respect to the output
 * @in: the forward input shape
 * @top: as given forward
 * @left: as given forward
 * @out_h: as given forward
 * @out_w: as given forward
 * @dx: (out): gradient with respect to the input (overwritten; zero where
 *   cropped away)
 */
void
akin_nn_crop_backward (const float *dy,
                       AkinShape    in,
                       guint        top,
                       guint        left,
                       guint        out_h,
                       guint        out_w,
                       float       *dx)
{
  memset (dx, 0, akin_shape_size (in) * sizeof (float));
  for (guint b = 0; b < in.n; b++)
    for (guint oy = 0; oy < out_h; oy++)
      memcpy (dx + (((gsize) b * in.h + oy + top) * in.w + left) * in.c,
              dy + ((gsize) b * out_h + oy) * out_w * in.c,
              (gsize) out_w * in.c * sizeof (float));
}
