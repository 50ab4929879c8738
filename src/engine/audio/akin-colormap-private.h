/* akin-colormap-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the tests: the perceived lightness of a colour (akin-colormap.c).
 */

#pragma once

#include "akin-colormap.h"

G_BEGIN_DECLS

double        akin_srgb_to_lightness (guint8       r,
                                      guint8       g,
                                      guint8       b);

G_END_DECLS
