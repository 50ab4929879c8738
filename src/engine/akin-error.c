/* akin-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "akin-error.h"

G_DEFINE_QUARK (akin-error-quark, akin_error)
