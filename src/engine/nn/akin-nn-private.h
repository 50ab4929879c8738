/* akin-nn-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the tests: the generator's raw 64-bit output (akin-nn.c).
 */

#pragma once

#include "akin-nn.h"

G_BEGIN_DECLS

guint64 akin_rng_next      (AkinRng *rng);

G_END_DECLS
