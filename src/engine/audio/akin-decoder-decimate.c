/* akin-decoder-decimate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 44.1 kHz float audio, any number of channels → mono 22.05 kHz: what
 * audioconvert (the plain mean of the channels, akin-decoder-graph.c) and
 * audioresample (its default quality, 4) compute for this ratio, without
 * the two elements and their copies. Most music comes at 44.1 kHz, and
 * those two elements cost as much as a third of the Vorbis codec.
 *
 * For a ratio of exactly 2:1, audioresample is a fixed 128-tap FIR
 * filter: output m is  y[m] = Σ h[k] x[2m − k]  for k = −64 … 63, with
 * x = 0 before the first and after the last input sample, and there are
 * ⌈n / 2⌉ outputs for n inputs. The taps below were measured from
 * audioresample itself (impulses at even and odd positions); random
 * signals then agree with it to within float rounding (10⁻⁷), since the
 * sums are taken in another order. Other rates keep going through the two
 * elements.
 */

#include "config.h"

#include <string.h>

#include "akin-decoder-private.h"
#include "akin-simd.h"

#define N_TAPS 128
/* Output m reads inputs 2m − 63 … 2m + 64. */
#define BEFORE 63
#define AFTER  64

/* taps[j] multiplies x[2m − 63 + j], i.e. h[63 − j]. */
static const float taps[N_TAPS] = {
  1.99693068e-06f, 2.07873272e-05f, 3.05803837e-06f, -3.93553601e-05f,
  -1.85126373e-05f, 6.20586798e-05f, 5.03261617e-05f, -8.39121421e-05f,
  -0.000104260667f, 9.60546531e-05f, 0.000184218734f, -8.55459875e-05f,
  -0.000290144962f, 3.59790392e-05f, 0.000415749935f, 7.08792068e-05f,
  -0.000546441472f, -0.000252331345f, 0.000657937082f, 0.000520969334f,
  -0.000716056442f, -0.000880170788f, 0.000678138924f, 0.00131938059f,
  -0.000496382709f, -0.00180985627f, 0.00012317783f, 0.00230165082f,
  0.000481782714f, -0.00272259372f, -0.00134313235f, 0.00297989487f,
  0.00246099313f, -0.00296472944f, -0.00380264921f, 0.00255979877f,
  0.00529575488f, -0.00164942106f, -0.00682395836f, 0.000131255976f,
  0.0082254447f, 0.00207163836f, -0.00929426029f, -0.00500004832f,
  0.00978324469f, 0.00865099858f, -0.00940576568f, -0.0129753463f,
  0.00783053599f, 0.0178830139f, -0.00465760287f, -0.0232596509f,
  -0.000651877839f, 0.0290030073f, 0.00896559935f, -0.0351036936f,
  -0.0220298544f, 0.0418633483f, 0.044401031f, -0.0507323667f,
  -0.093460381f, 0.0703791305f, 0.346743196f, 0.457985997f,
  0.282140821f, 0.0100354981f, -0.099061206f, -0.0235554371f,
  0.0547973029f, 0.0267799012f, -0.0328661762f, -0.0266677123f,
  0.0190854296f, 0.0248323679f, -0.0095686717f, -0.0219782609f,
  0.00283112633f, 0.0185514484f, 0.00184287294f, -0.0148913488f,
  -0.00488464162f, 0.0112704569f, 0.00661446294f, -0.00790277496f,
  -0.00730744097f, 0.00494408235f, 0.0072159823f, -0.00249208324f,
  -0.00657340232f, 0.000589326315f, 0.00558970543f, 0.000770425133f,
  -0.00444520451f, -0.00163283176f, 0.00328508345f, 0.00207166583f,
  -0.00221648207f, -0.00217684126f, 0.00130871055f, 0.0020430591f,
  -0.000596464961f, -0.00176014262f, 8.54398677e-05f, 0.00140579743f,
  0.000240545109f, -0.00104114576f, -0.000411885121f, 0.000709003012f,
  0.000465904654f, -0.000434536021f, -0.00044066977f, 0.000227718876f,
  0.000370361173f, -8.68902061e-05f, -0.000282389927f, 2.7163569e-06f,
  0.000196181238f, 3.80397323e-05f, -0.000123350648f, -4.93835687e-05f,
  6.88743821e-05f, 4.38384377e-05f, -3.28144597e-05f, -3.11435433e-05f,
  1.21900539e-05f, 1.78114151e-05f, -2.67145742e-06f, -7.88526177e-06f,
};

struct _AkinDecimator
{
  float   *line;       /* mono input from index base on */
  gsize    len;
  gsize    capacity;
  gint64   base;       /* the input index of line[0] */
  guint64  n_in;       /* input samples so far */
  guint64  next;       /* the next output's index */
  float   *out;
  gsize    out_capacity;
};

AkinDecimator *
_akin_decimator_new (void)
{
  AkinDecimator *self = g_new0 (AkinDecimator, 1);

  _akin_decimator_reset (self);
  return self;
}

void
_akin_decimator_free (AkinDecimator *self)
{
  if (self == NULL)
    return;
  g_free (self->line);
  g_free (self->out);
  g_free (self);
}

/* Starts a new stream: the samples before it are zeros. */
void
_akin_decimator_reset (AkinDecimator *self)
{
  self->len = 0;
  self->base = 0;
  self->n_in = 0;
  self->next = 0;
}

gboolean
_akin_decimator_is_empty (const AkinDecimator *self)
{
  return self->n_in == 0;
}

static void
reserve (AkinDecimator *self,
         gsize          more)
{
  if (self->len + more <= self->capacity)
    return;
  self->capacity = MAX (self->len + more, 2 * self->capacity);
  self->line = g_renew (float, self->line, self->capacity);
}

/* Input sample @index, 0 outside what is held. */
static inline float
input_at (const AkinDecimator *self,
          gint64               index)
{
  gint64 i = index - self->base;

  return i >= 0 && (guint64) i < self->len ? self->line[i] : 0.0f;
}

/* Eight floats in one vector register (AVX; two SSE or NEON registers),
 * with GCC's and Clang's vector extensions. */
typedef float Vec4 __attribute__ ((vector_size (16)));
typedef float Vec8 __attribute__ ((vector_size (32)));

static inline __attribute__ ((always_inline)) float
dot (const float *x)
{
  Vec8 ab = { 0 }, cd = { 0 };
  Vec4 a, b, c, d;

  /* Sixteen independent sums (taps j mod 16), so additions overlap; added
   * in the same order whether a vector holds four lanes or eight. */
  for (guint j = 0; j < N_TAPS; j += 16)
    {
      Vec8 t0, t1, x0, x1;

      memcpy (&t0, taps + j, sizeof t0);
      memcpy (&t1, taps + j + 8, sizeof t1);
      memcpy (&x0, x + j, sizeof x0);
      memcpy (&x1, x + j + 8, sizeof x1);
      ab += t0 * x0;
      cd += t1 * x1;
    }
  a = (Vec4) { ab[0], ab[1], ab[2], ab[3] };
  b = (Vec4) { ab[4], ab[5], ab[6], ab[7] };
  c = (Vec4) { cd[0], cd[1], cd[2], cd[3] };
  d = (Vec4) { cd[4], cd[5], cd[6], cd[7] };
  a = (a + b) + (c + d);
  return (a[0] + a[1]) + (a[2] + a[3]);
}

static inline __attribute__ ((always_inline)) float
output_at (const AkinDecimator *self,
           guint64              m)
{
  gint64 first = (gint64) (2 * m) - BEFORE;
  gint64 i = first - self->base;
  float x[N_TAPS];

  if (i >= 0 && (guint64) i + N_TAPS <= self->len)
    return dot (self->line + i);
  /* Near the ends: zeros outside the input. */
  for (guint j = 0; j < N_TAPS; j++)
    x[j] = input_at (self, first + j);
  return dot (x);
}

static AKIN_SIMD_CLONES gsize
produce (AkinDecimator  *self,
         guint64         end,
         const float   **out)
{
  gsize n = end > self->next ? (gsize) (end - self->next) : 0;

  if (n > self->out_capacity)
    {
      self->out_capacity = MAX (n, 2 * self->out_capacity);
      self->out = g_renew (float, self->out, self->out_capacity);
    }
  for (gsize i = 0; i < n; i++)
    self->out[i] = output_at (self, self->next + i);
  self->next += n;

  /* Forgets the inputs no later output reads. */
  {
    gint64 keep = (gint64) (2 * self->next) - BEFORE;

    if (keep > self->base)
      {
        gsize drop = MIN ((gsize) (keep - self->base), self->len);

        memmove (self->line, self->line + drop, (self->len - drop) * sizeof (float));
        self->len -= drop;
        self->base += (gint64) drop;
      }
  }
  *out = self->out;
  return n;
}

/**
 * _akin_decimator_push:
 * @frames: interleaved float frames at 44.1 kHz
 * @n_frames: how many
 * @channels: channels per frame
 * @out: (out): the mono 22.05 kHz samples now complete, valid until the
 *   next call
 *
 * Returns: how many samples *@out holds
 */
gsize
_akin_decimator_push (AkinDecimator  *self,
                      const float    *frames,
                      gsize           n_frames,
                      guint           channels,
                      const float   **out)
{
  float *mono;
  guint64 ready;

  g_assert (channels > 0);

  reserve (self, n_frames);
  mono = self->line + self->len;
  if (channels == 1)
    memcpy (mono, frames, n_frames * sizeof (float));
  else if (channels == 2)
    for (gsize i = 0; i < n_frames; i++)
      mono[i] = frames[2 * i] * 0.5f + frames[2 * i + 1] * 0.5f;
  else
    {
      float weight = 1.0f / (float) channels;

      for (gsize i = 0; i < n_frames; i++)
        {
          float sum = 0;

          for (guint c = 0; c < channels; c++)
            sum += frames[i * channels + c] * weight;
          mono[i] = sum;
        }
    }
  self->len += n_frames;
  self->n_in += n_frames;

  /* Output m is complete once input 2m + 64 is here. */
  ready = self->n_in >= AFTER + 1 ? (self->n_in - AFTER - 1) / 2 + 1 : 0;
  return produce (self, ready, out);
}

/**
 * _akin_decimator_finish:
 * @out: (out): the last samples, the input being over
 *
 * Returns: how many samples *@out holds; ⌈n / 2⌉ in all for n inputs
 */
gsize
_akin_decimator_finish (AkinDecimator  *self,
                        const float   **out)
{
  return produce (self, (self->n_in + 1) / 2, out);
}
