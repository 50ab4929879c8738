/* akin-colormap.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AkinColormap:
 * @AKIN_COLORMAP_VIRIDIS: dark blue-violet → teal → yellow
 * @AKIN_COLORMAP_MAGMA: black → purple → orange → pale yellow
 *
 * Perceptual colour maps whose lightness rises steadily from entry 0 to 255.
 */
typedef enum
{
  AKIN_COLORMAP_VIRIDIS,
  AKIN_COLORMAP_MAGMA,
} AkinColormap;

#define AKIN_COLORMAP_SIZE 256

const guint8 *akin_colormap_get_lut  (AkinColormap map);

G_END_DECLS
