/* akin-mfcc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decibels and MFCC with librosa 0.9.2's conventions: power_to_db with ref
 * 1, amin 1e-10 and a top_db clip against the maximum of the whole matrix;
 * MFCC as the orthonormal DCT-II of each frame's dB vector, no lifter.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-mfcc.h"
#include "akin-mel.h"
#include "akin-simd.h"

/* log10f for the positive normal floats power_to_db meets, computed in
 * double and rounded once, so about three times cheaper than the library's
 * and at least as accurate: over every 7th float it equals log10 in double
 * rounded to float in all but 343 of 3e8 cases (near-ties), where glibc
 * 2.36's log10f is one ulp away in 1.4 % of them. With x = m · 2^e, m in
 * [√½, √2), ln m = 2 atanh t, t = (m − 1)/(m + 1), |t| ≤ 0.172, so six terms
 * of the odd series leave an error below 1e-12 relative to ln m. Zero,
 * subnormals, infinities and NaN go to the library. */
static float
log10_float (float x)
{
  const double ln2_over_ln10 = 0.30102999566398119521;
  const double inv_ln10 = 0.43429448190325182765;
  guint32 bits;
  guint32 field;
  int e;
  double m, t, t2, ln_m;

  memcpy (&bits, &x, sizeof bits);
  field = bits >> 23;
  if (field == 0 || field >= 255)
    return log10f (x);

  e = (int) field - 127;
  bits = (bits & 0x007fffffu) | 0x3f800000u;
  memcpy (&x, &bits, sizeof bits);
  m = x;
  if (m > G_SQRT2)
    {
      m *= 0.5;
      e++;
    }

  t = (m - 1.0) / (m + 1.0);
  t2 = t * t;
  ln_m = 2.0 * t * (1.0 + t2 * (1.0 / 3 + t2 * (1.0 / 5 + t2 * (1.0 / 7 + t2 * (1.0 / 9 +
                                                                       t2 * (1.0 / 11))))));

  return (float) (e * ln2_over_ln10 + ln_m * inv_ln10);
}

typedef float v4sf __attribute__ ((vector_size (16)));
typedef gint32 v4si __attribute__ ((vector_size (16)));
typedef guint32 v4su __attribute__ ((vector_size (16)));
typedef double v4d __attribute__ ((vector_size (32)));
typedef gint64 v4di __attribute__ ((vector_size (32)));

/* 10 · log10_float (max (1e-10, x)) of four values, with log10_float()'s
 * operations in the same order on each lane, so the same bits; the
 * library's cases (zero, subnormals, infinities, NaN) go through it. */
static inline __attribute__ ((always_inline)) v4sf
db_4 (const float *values)
{
  const double ln2_over_ln10 = 0.30102999566398119521;
  const double inv_ln10 = 0.43429448190325182765;
  const v4sf amin = { 1e-10f, 1e-10f, 1e-10f, 1e-10f };
  const v4d one = { 1.0, 1.0, 1.0, 1.0 };
  v4sf x, mf, out;
  v4si below;
  v4su bits, field;
  v4d m, e, t, t2, ln_m, r;
  v4di big;

  memcpy (&x, values, sizeof x);
  below = amin > x;
  x = (v4sf) (((v4si) amin & below) | ((v4si) x & ~below));
  memcpy (&bits, &x, sizeof bits);
  field = bits >> 23;
  if (field[0] - 1 >= 254 || field[1] - 1 >= 254 || field[2] - 1 >= 254 || field[3] - 1 >= 254)
    {
      for (int j = 0; j < 4; j++)
        out[j] = 10.0f * log10_float (x[j]);
      return out;
    }

  e = __builtin_convertvector ((v4si) field - 127, v4d);
  bits = (bits & 0x007fffffu) | 0x3f800000u;
  memcpy (&mf, &bits, sizeof mf);
  m = __builtin_convertvector (mf, v4d);
  big = m > G_SQRT2;
  m = (v4d) (((v4di) (m * 0.5) & big) | ((v4di) m & ~big));
  e += (v4d) ((v4di) one & big);

  t = (m - 1.0) / (m + 1.0);
  t2 = t * t;
  ln_m = 2.0 * t * (1.0 + t2 * (1.0 / 3 + t2 * (1.0 / 5 + t2 * (1.0 / 7 + t2 * (1.0 / 9 +
                                                                     t2 * (1.0 / 11))))));
  r = e * ln2_over_ln10 + ln_m * inv_ln10;
  out = __builtin_convertvector (r, v4sf);
  return 10.0f * out;
}

/**
 * akin_power_to_db:
 * @values: (inout) (array length=n_values): power values, replaced by dB
 * @n_values: how many (a whole track's matrix: the clip is global)
 * @top_db: the dynamic range kept below the maximum (80 dB for librosa)
 *
 * Computes 10 · log10 (max (1e-10, x)), then raises every value to at least
 * (maximum − @top_db). Any thread may call this.
 *
 * Returns: the clip floor, max (maximum − @top_db, −100 dB): the value that
 *   a silent frame takes in this matrix
 */
float
akin_power_to_db (float *values,
                  gsize  n_values,
                  float  top_db)
{
  float max_db = -G_MAXFLOAT;

  g_return_val_if_fail (values != NULL || n_values == 0, AKIN_AMIN_DB);

  if (n_values == 0)
    return AKIN_AMIN_DB;
  return akin_power_to_db_running (values, n_values, top_db, &max_db);
}

/**
 * akin_power_to_db_running:
 * @values: (inout) (array length=n_values): power values, replaced by dB
 * @n_values: how many
 * @top_db: the dynamic range kept below the maximum
 * @max_db: (inout): the largest dB value seen before (−%G_MAXFLOAT at
 *   first), raised to that of @values
 *
 * akin_power_to_db() for a matrix that arrives in pieces: each piece is
 * clipped against the maximum of everything seen so far, including itself.
 * With one piece, or when no later piece holds a larger value, the result is
 * that of akin_power_to_db() on the whole. Any thread may call this.
 *
 * Returns: the clip floor of this piece, max (*@max_db − @top_db, −100 dB)
 */
AKIN_SIMD_CLONES float
akin_power_to_db_running (float *values,
                          gsize  n_values,
                          float  top_db,
                          float *max_db)
{
  float floor_db;
  gsize i = 0;
  v4sf max4 = { -G_MAXFLOAT, -G_MAXFLOAT, -G_MAXFLOAT, -G_MAXFLOAT };

  g_return_val_if_fail (values != NULL || n_values == 0, AKIN_AMIN_DB);
  g_return_val_if_fail (max_db != NULL, AKIN_AMIN_DB);

  for (; i + 4 <= n_values; i += 4)
    {
      v4sf db = db_4 (values + i);
      v4si greater = max4 > db;

      memcpy (values + i, &db, sizeof db);
      max4 = (v4sf) (((v4si) max4 & greater) | ((v4si) db & ~greater));
    }
  for (int j = 0; j < 4; j++)
    *max_db = MAX (*max_db, max4[j]);
  for (; i < n_values; i++)
    {
      float db = 10.0f * log10_float (MAX (1e-10f, values[i]));

      values[i] = db;
      *max_db = MAX (*max_db, db);
    }

  floor_db = *max_db - top_db;
  for (i = 0; i < n_values; i++)
    values[i] = MAX (values[i], floor_db);

  return MAX (floor_db, AKIN_AMIN_DB);
}

#define DCT_BLOCK 8  /* frames transformed together: four vectors of two */

typedef double v2d __attribute__ ((vector_size (16)));

static double *
dct_matrix (guint n_bands,
            guint n_mfcc)
{
  double *m = g_new (double, (gsize) n_mfcc * n_bands);

  for (guint q = 0; q < n_mfcc; q++)
    {
      double scale = q == 0 ? sqrt (1.0 / n_bands) : sqrt (2.0 / n_bands);

      for (guint b = 0; b < n_bands; b++)
        m[(gsize) q * n_bands + b] = scale * cos (G_PI * q * (2.0 * b + 1.0) / (2.0 * n_bands));
    }

  return m;
}

/**
 * akin_mfcc_pitch_shift_matrix:
 * @n_bands: the mel bands the coefficients come from (256 or 128)
 * @n_mfcc: coefficients, at most @n_bands
 * @semitones: the shift; positive raises
 * @matrix: (out caller-allocates): @n_mfcc × @n_mfcc, row-major
 *
 * The linear map from a frame's coefficients to those of the same sound
 * with every frequency multiplied by 2^(@semitones / 12), as a shift of
 * its mel envelope: the envelope the coefficients describe (their inverse
 * DCT over the bands) is read at each band's centre frequency divided by
 * the ratio, between band centres linearly, the end bands held beyond the
 * ends, and transformed back. A song's coefficients times the matrix,
 * frame by frame, are those of the song played higher or lower, up to
 * what @n_mfcc coefficients can say of an envelope; 0 semitones give the
 * identity. Used to augment training slices (`akin-cli train
 * --pitch-shift`).
 */
void
akin_mfcc_pitch_shift_matrix (guint  n_bands,
                              guint  n_mfcc,
                              double semitones,
                              float *matrix)
{
  const AkinMelBank *bank = akin_mel_bank_get (n_bands);
  g_autofree double *basis = NULL;
  g_autofree double *shifted = NULL;
  double ratio = pow (2.0, semitones / 12.0);
  double max_mel = akin_hz_to_mel (bank->edges_hz[n_bands + 1]);

  g_return_if_fail (n_mfcc >= 1 && n_mfcc <= n_bands && matrix != NULL);

  basis = dct_matrix (n_bands, n_mfcc);
  /* shifted[b][q]: coefficient q's basis envelope read where band b's
   * centre came from. Band centres lie every max_mel / (n_bands + 1) mel. */
  shifted = g_new (double, (gsize) n_bands * n_mfcc);
  for (guint b = 0; b < n_bands; b++)
    {
      double u = akin_hz_to_mel (bank->edges_hz[b + 1] / ratio) * (n_bands + 1) / max_mel - 1.0;
      guint lo;
      double w;

      u = CLAMP (u, 0.0, n_bands - 1.0);
      lo = MIN ((guint) u, n_bands - 2);
      w = u - lo;
      for (guint q = 0; q < n_mfcc; q++)
        shifted[(gsize) b * n_mfcc + q] = (1.0 - w) * basis[(gsize) q * n_bands + lo] +
                                          w * basis[(gsize) q * n_bands + lo + 1];
    }
  for (guint p = 0; p < n_mfcc; p++)
    for (guint q = 0; q < n_mfcc; q++)
      {
        double sum = 0.0;

        for (guint b = 0; b < n_bands; b++)
          sum += basis[(gsize) p * n_bands + b] * shifted[(gsize) b * n_mfcc + q];
        matrix[p * n_mfcc + q] = (float) sum;
      }
}

/**
 * akin_mfcc_compute:
 * @mel_db: (array): frame-major dB, @n_frames rows of @n_bands values
 * @n_bands: mel bands per frame
 * @n_frames: T
 * @n_mfcc: coefficients kept, at most @n_bands
 * @mfcc: (out caller-allocates): row-major [@n_mfcc][@n_frames]
 *
 * c[q][t] = s_q · Σ_b D[t][b] · cos (π q (2b + 1) / 2B), s_0 = √(1/B),
 * s_q = √(2/B): scipy's DCT-II with norm='ortho'. Accumulates in double
 * (single precision loses a decimal digit on c0 ≈ −1600), eight frames at
 * a time so the independent sums pipeline and vectorise. Deliberately not a
 * BLAS call: a threaded BLAS would spin up worker threads for this small
 * product inside analysis workers that are already one per core. Any thread
 * may call this.
 */
void
akin_mfcc_compute (const float *mel_db,
                   guint        n_bands,
                   guint        n_frames,
                   guint        n_mfcc,
                   float       *mfcc)
{
  g_autofree double *basis = NULL;
  double *block;

  g_return_if_fail (n_mfcc <= n_bands);
  g_return_if_fail (n_frames == 0 || (mel_db != NULL && mfcc != NULL));

  if (n_frames == 0 || n_mfcc == 0)
    return;

  basis = dct_matrix (n_bands, n_mfcc);
  block = g_aligned_alloc0 ((gsize) n_bands * DCT_BLOCK, sizeof (double), 16);

  for (guint t0 = 0; t0 < n_frames; t0 += DCT_BLOCK)
    {
      guint len = MIN (DCT_BLOCK, n_frames - t0);

      /* Band-major within the block: block[b][j] = D[t0 + j][b]. */
      for (guint j = 0; j < len; j++)
        {
          const float *src = mel_db + (gsize) (t0 + j) * n_bands;

          for (guint b = 0; b < n_bands; b++)
            block[b * DCT_BLOCK + j] = src[b];
        }

      for (guint q = 0; q < n_mfcc; q++)
        {
          const double *row = basis + (gsize) q * n_bands;
          const v2d *x = (const v2d *) (gconstpointer) block;
          v2d a0 = { 0 }, a1 = { 0 }, a2 = { 0 }, a3 = { 0 };
          double acc[DCT_BLOCK];

          /* Two frames per vector, in four named accumulators so that they
           * stay in registers; each frame's sum runs over b in order. */
          for (guint b = 0; b < n_bands; b++, x += DCT_BLOCK / 2)
            {
              v2d r = { row[b], row[b] };

              a0 += r * x[0];
              a1 += r * x[1];
              a2 += r * x[2];
              a3 += r * x[3];
            }
          memcpy (acc + 0, &a0, sizeof a0);
          memcpy (acc + 2, &a1, sizeof a1);
          memcpy (acc + 4, &a2, sizeof a2);
          memcpy (acc + 6, &a3, sizeof a3);
          for (guint j = 0; j < len; j++)
            mfcc[(gsize) q * n_frames + t0 + j] = (float) acc[j];
        }
    }

  g_aligned_free (block);
}

/**
 * akin_mfcc_of_constant:
 * @db: the dB value of every band
 * @n_bands: B
 * @n_mfcc: coefficients wanted
 * @mfcc: (out caller-allocates): @n_mfcc values
 *
 * The MFCC of a frame whose bands all equal @db: √B · @db for c0, 0 for the
 * rest (the cosines of every other coefficient sum to zero).
 */
void
akin_mfcc_of_constant (float  db,
                       guint  n_bands,
                       guint  n_mfcc,
                       float *mfcc)
{
  g_return_if_fail (mfcc != NULL || n_mfcc == 0);

  for (guint q = 0; q < n_mfcc; q++)
    mfcc[q] = q == 0 ? (float) (sqrt ((double) n_bands) * db) : 0.0f;
}
