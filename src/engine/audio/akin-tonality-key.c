/* akin-tonality-key.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys from the 12 chroma sums of a track.
 *
 * The Krumhansl–Kessler key is the best Pearson correlation between the sums
 * and the 24 rotated major/minor probe-tone profiles (C…B major, then C…B
 * minor; the first maximum wins).
 *
 * The prototype's key is kept alongside for its metadata: the tonic is the
 * strongest pitch class, and the key is "Major" only when the best-correlated
 * binary major-scale mask has that same tonic. It calls nearly everything
 * minor, which is why the KK key is the one Akin uses.
 *
 * Sums that are all equal (silence) have no key: correlations and the z-score
 * are NaN, the tonics -1, except the prototype's, which says "C Minor".
 */

#include "config.h"

#include <math.h>

#include "akin-tonality-private.h"

static const double kk_major[12] = {
  6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88
};
static const double kk_minor[12] = {
  6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17
};
static const double major_mask[12] = { 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1 };

static const char * const pitch_class_names[12] = {
  "C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"
};

/* Pearson correlation of @s with @profile rotated to @tonic. */
static double
correlate (const double *profile,
           int           tonic,
           const double *s)
{
  double mp = 0.0, ms = 0.0;
  double sps = 0.0, spp = 0.0, sss = 0.0;

  for (int i = 0; i < 12; i++)
    {
      mp += profile[(i - tonic + 12) % 12];
      ms += s[i];
    }
  mp /= 12.0;
  ms /= 12.0;

  for (int i = 0; i < 12; i++)
    {
      double dp = profile[(i - tonic + 12) % 12] - mp;
      double ds = s[i] - ms;

      sps += dp * ds;
      spp += dp * dp;
      sss += ds * ds;
    }

  return sps / sqrt (spp * sss);
}

static gboolean
all_equal (const double *s)
{
  for (int i = 1; i < 12; i++)
    if (s[i] != s[0])
      return FALSE;
  return TRUE;
}

void
_akin_tonality_compute_keys (AkinTonalityResult *result)
{
  const double *s = result->chroma_sums;
  double best_r = 0.0;
  double mean = 0.0, var = 0.0;
  int argmax = 0;

  for (int i = 1; i < 12; i++)
    if (s[i] > s[argmax])
      argmax = i;

  result->seed_key_tonic = argmax;
  result->seed_best_mask = -1;

  if (all_equal (s))
    {
      result->tonic = -1;
      result->key_tonic = -1;
      result->key_mode = AKIN_MODE_UNKNOWN;
      result->key_correlation = NAN;
      for (int i = 0; i < 24; i++)
        result->key_correlations[i] = NAN;
      for (int i = 0; i < 12; i++)
        result->seed_mask_correlations[i] = NAN;
      result->seed_key_mode = AKIN_MODE_MINOR;
      result->z_dist_avg_to_tonic = NAN;
      return;
    }

  result->tonic = argmax;

  /* Krumhansl–Kessler. */
  result->key_tonic = -1;
  result->key_mode = AKIN_MODE_UNKNOWN;
  result->key_correlation = NAN;
  for (int i = 0; i < 24; i++)
    {
      double r = correlate (i < 12 ? kk_major : kk_minor, i % 12, s);

      result->key_correlations[i] = r;
      if (result->key_tonic < 0 ? !isnan (r) : r > result->key_correlation)
        {
          result->key_tonic = i % 12;
          result->key_mode = i < 12 ? AKIN_MODE_MAJOR : AKIN_MODE_MINOR;
          result->key_correlation = r;
        }
    }

  /* The prototype: the first mask strictly above the running best, from 0. */
  for (int k = 0; k < 12; k++)
    {
      double r = correlate (major_mask, k, s);

      result->seed_mask_correlations[k] = r;
      if (r > best_r)
        {
          best_r = r;
          result->seed_best_mask = k;
        }
    }
  result->seed_key_mode = result->seed_best_mask == argmax ? AKIN_MODE_MAJOR : AKIN_MODE_MINOR;

  /* z-score of the strongest class, population standard deviation. */
  for (int i = 0; i < 12; i++)
    mean += s[i];
  mean /= 12.0;
  for (int i = 0; i < 12; i++)
    var += (s[i] - mean) * (s[i] - mean);
  var /= 12.0;
  result->z_dist_avg_to_tonic = (s[argmax] - mean) / sqrt (var);
}

/**
 * akin_pitch_class_name:
 * @pitch_class: 0 (C) … 11 (B)
 *
 * Returns: (transfer none) (nullable): the name as the prototype spells it
 *   (C, C#, D, Eb, E, F, F#, G, Ab, A, Bb, B), or %NULL out of range
 */
const char *
akin_pitch_class_name (int pitch_class)
{
  if (pitch_class < 0 || pitch_class >= 12)
    return NULL;
  return pitch_class_names[pitch_class];
}

/**
 * akin_key_to_string:
 * @tonic: 0 (C) … 11 (B)
 * @mode: %AKIN_MODE_MAJOR or %AKIN_MODE_MINOR
 *
 * Spells a key as the prototype's metadata does, e.g. "A Minor", "C Major".
 * Any thread may call it.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL when the tonic is out
 *   of range (-1: undefined) or the mode is %AKIN_MODE_UNKNOWN
 */
char *
akin_key_to_string (int      tonic,
                    AkinMode mode)
{
  if (tonic < 0 || tonic >= 12)
    return NULL;
  if (mode != AKIN_MODE_MAJOR && mode != AKIN_MODE_MINOR)
    return NULL;
  return g_strdup_printf ("%s %s", pitch_class_names[tonic],
                          mode == AKIN_MODE_MAJOR ? "Major" : "Minor");
}
