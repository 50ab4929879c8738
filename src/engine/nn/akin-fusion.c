/* akin-fusion.c: the 2D latent ⊕ standardised descriptors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fused vector of a slice has two blocks: the 2D autoencoder's latent
 * (z-scored per unit) times the latent block weight, then the five
 * descriptor features (z-scored) times the descriptor block weight. All
 * statistics come from the training split and live in the model file.
 *
 * Descriptor features:
 *   0, 1  sin and cos of the key's angle on the circle of fifths,
 *         2π·(7·t mod 12)/12 where t is the tonic of the major key with the
 *         same signature (a minor key uses its relative major, t + 3), so
 *         A minor sits on C major and neighbours on the circle are close;
 *   2     mode: +1 major, −1 minor, 0 unknown;
 *   3     ln (roll-off in Hz);
 *   4     log2 (tempo in BPM).
 * An unknown value (no key, tempo or roll-off ≤ 0, NaN) is NaN in the raw
 * features and becomes 0 after z-scoring, i.e. the training mean; NaNs are
 * skipped when the statistics are computed.
 */

#include "config.h"

#include <math.h>

#include "akin-fusion.h"

/**
 * akin_fusion_descriptor_features:
 * @descriptors: a track's descriptors
 * @features: (out): %AKIN_FUSION_N_DESCRIPTORS raw features, NaN for unknown
 *
 * Any thread.
 */
void
akin_fusion_descriptor_features (const AkinTrackDescriptors *descriptors, float *features)
{
  const AkinTrackDescriptors *d = descriptors;

  g_return_if_fail (descriptors != NULL && features != NULL);

  if (d->key_tonic >= 0 && d->key_tonic < 12 && d->key_mode != AKIN_MODE_UNKNOWN)
    {
      int major = d->key_mode == AKIN_MODE_MINOR ? (d->key_tonic + 3) % 12 : d->key_tonic;
      double angle = 2.0 * G_PI * (double) ((7 * major) % 12) / 12.0;

      features[0] = (float) sin (angle);
      features[1] = (float) cos (angle);
      features[2] = d->key_mode == AKIN_MODE_MAJOR ? 1.0f : -1.0f;
    }
  else
    {
      features[0] = NAN;
      features[1] = NAN;
      features[2] = 0.0f;
    }
  features[3] = isfinite (d->rolloff_freq) && d->rolloff_freq > 0.0 ? (float) log (d->rolloff_freq)
                                                                       : NAN;
  features[4] = isfinite (d->tempo_bpm) && d->tempo_bpm > 0.0 ? (float) log2 (d->tempo_bpm) : NAN;
}

/**
 * akin_fusion_build:
 * @latent: @latent_size values from the 2D encoder
 * @latent_size: their count
 * @features: %AKIN_FUSION_N_DESCRIPTORS raw descriptor features
 * @mean: @latent_size + %AKIN_FUSION_N_DESCRIPTORS training means
 * @std: as many training standard deviations (all > 0)
 * @latent_weight: weight of the latent block
 * @descriptor_weight: weight of the descriptor block
 * @fused: (out): @latent_size + %AKIN_FUSION_N_DESCRIPTORS values
 *
 * Any thread.
 */
void
akin_fusion_build (const float *latent,
                   gsize        latent_size,
                   const float *features,
                   const float *mean,
                   const float *std,
                   float        latent_weight,
                   float        descriptor_weight,
                   float       *fused)
{
  for (gsize i = 0; i < latent_size + AKIN_FUSION_N_DESCRIPTORS; i++)
    {
      float raw = i < latent_size ? latent[i] : features[i - latent_size];
      float w = i < latent_size ? latent_weight : descriptor_weight;

      fused[i] = isnan (raw) ? 0.0f : w * (raw - mean[i]) / std[i];
    }
}

/**
 * akin_fusion_statistics:
 * @rows: @n_rows × @dim values; NaNs are skipped
 * @n_rows: number of rows
 * @dim: values per row
 * @mean: (out): @dim means (0 for a column with no finite value)
 * @std: (out): @dim population standard deviations; 1 where the column is
 *   (nearly) constant, so z-scoring never divides by zero
 */
void
akin_fusion_statistics (const float *rows, gsize n_rows, gsize dim, float *mean, float *std)
{
  for (gsize j = 0; j < dim; j++)
    {
      double sum = 0.0, sum2 = 0.0, m, var;
      gsize count = 0;

      for (gsize i = 0; i < n_rows; i++)
        {
          double v = rows[i * dim + j];

          if (isnan (v))
            continue;
          sum += v;
          count++;
        }
      m = count > 0 ? sum / (double) count : 0.0;
      for (gsize i = 0; i < n_rows; i++)
        {
          double v = rows[i * dim + j];

          if (!isnan (v))
            sum2 += (v - m) * (v - m);
        }
      var = count > 0 ? sum2 / (double) count : 0.0;
      mean[j] = (float) m;
      std[j] = var > 1e-12 ? (float) sqrt (var) : 1.0f;
    }
}
