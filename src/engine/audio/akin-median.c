/* akin-median.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Order statistics of float arrays in linear expected time (quickselect),
 * for the medians that librosa takes with np.median: the onset envelope's
 * median over bands and estimate_tuning's median peak magnitude.
 *
 * Threads: pure functions on caller-owned arrays; any thread.
 */

#include "config.h"

#include "akin-median.h"

/**
 * akin_select_kth:
 * @values: (array length=n_values): values without NaN, reordered in place
 * @n_values: how many, at least 1
 * @k: the 0-based rank wanted, below @n_values
 *
 * Returns: the k-th smallest value. Afterwards every value before index @k
 *   is ≤ it and every value after is ≥ it (like C++ nth_element).
 */
float
akin_select_kth (float *values,
                 gsize  n_values,
                 gsize  k)
{
  gssize lo = 0;
  gssize hi = (gssize) n_values - 1;
  gssize kk = (gssize) k;

  g_return_val_if_fail (values != NULL && k < n_values, 0.0f);

  while (hi > lo)
    {
      float pivot = values[lo + (hi - lo) / 2];
      gssize i = lo;
      gssize j = hi;

      /* Hoare partition: i and j stop at the pivot, so neither leaves [lo, hi]. */
      while (i <= j)
        {
          while (values[i] < pivot)
            i++;
          while (values[j] > pivot)
            j--;
          if (i <= j)
            {
              float tmp = values[i];

              values[i++] = values[j];
              values[j--] = tmp;
            }
        }
      if (kk <= j)
        hi = j;
      else if (kk >= i)
        lo = i;
      else
        break;
    }

  return values[k];
}

/**
 * akin_median_float:
 * @values: (array length=n_values): values without NaN, reordered in place
 * @n_values: how many, at least 1
 *
 * Returns: np.median of a float32 array: the middle value, or the mean of
 *   the two middle values computed in float32.
 */
float
akin_median_float (float *values,
                   gsize  n_values)
{
  gsize hi = n_values / 2;
  float a, b;

  g_return_val_if_fail (values != NULL && n_values > 0, 0.0f);

  b = akin_select_kth (values, n_values, hi);
  if (n_values % 2 == 1)
    return b;

  /* Everything before index hi is ≤ b: the other middle value is their max. */
  a = values[0];
  for (gsize i = 1; i < hi; i++)
    a = MAX (a, values[i]);
  return (a + b) / 2.0f;
}
