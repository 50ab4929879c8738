/* akin-median.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

float akin_select_kth   (float *values,
                         gsize  n_values,
                         gsize  k);
float akin_median_float (float *values,
                         gsize  n_values);

G_END_DECLS
