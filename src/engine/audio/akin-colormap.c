/* akin-colormap.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 256-entry RGB lookup tables for the spectrogram. Each map is defined by
 * nine hand-picked key colours with rising lightness, in the spirit of the
 * viridis and magma designs; the entries between them are interpolated
 * linearly in CIELAB (D65), so that lightness, and with it the perceived
 * value, grows evenly between the keys. No toolkit involved: the GTK view and
 * the PNG writer share these tables.
 */

#include "config.h"

#include <math.h>

#include "akin-colormap-private.h"
#include "akin-colormap.h"

#define N_KEYS 9

static const guint32 viridis_keys[N_KEYS] = {
  0x440154, 0x472a7a, 0x3b518b, 0x2c718e, 0x21908d,
  0x27ad81, 0x5cc863, 0xaadc32, 0xfde725,
};

static const guint32 magma_keys[N_KEYS] = {
  0x000004, 0x1d1147, 0x51127c, 0x822681, 0xb73779,
  0xe75263, 0xfc8961, 0xfec488, 0xfcfdbf,
};

static double
srgb_to_linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
linear_to_srgb (double c)
{
  c = CLAMP (c, 0.0, 1.0);
  return c <= 0.0031308 ? 12.92 * c : 1.055 * pow (c, 1.0 / 2.4) - 0.055;
}

static double
lab_f (double t)
{
  const double d = 6.0 / 29.0;
  return t > d * d * d ? cbrt (t) : t / (3.0 * d * d) + 4.0 / 29.0;
}

static double
lab_f_inv (double t)
{
  const double d = 6.0 / 29.0;
  return t > d ? t * t * t : 3.0 * d * d * (t - 4.0 / 29.0);
}

/* D65 white point. */
#define XN 0.95047
#define YN 1.0
#define ZN 1.08883

static void
rgb_to_lab (guint32 rgb,
            double  lab[3])
{
  double r = srgb_to_linear (((rgb >> 16) & 0xff) / 255.0);
  double g = srgb_to_linear (((rgb >> 8) & 0xff) / 255.0);
  double b = srgb_to_linear ((rgb & 0xff) / 255.0);
  double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
  double fx = lab_f (x / XN);
  double fy = lab_f (y / YN);
  double fz = lab_f (z / ZN);

  lab[0] = 116.0 * fy - 16.0;
  lab[1] = 500.0 * (fx - fy);
  lab[2] = 200.0 * (fy - fz);
}

static void
lab_to_rgb (const double lab[3],
            guint8       rgb[3])
{
  double fy = (lab[0] + 16.0) / 116.0;
  double fx = fy + lab[1] / 500.0;
  double fz = fy - lab[2] / 200.0;
  double x = XN * lab_f_inv (fx);
  double y = YN * lab_f_inv (fy);
  double z = ZN * lab_f_inv (fz);
  double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
  double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;

  rgb[0] = (guint8) lround (255.0 * linear_to_srgb (r));
  rgb[1] = (guint8) lround (255.0 * linear_to_srgb (g));
  rgb[2] = (guint8) lround (255.0 * linear_to_srgb (b));
}

static guint8 *
build_lut (const guint32 *keys)
{
  guint8 *lut = g_new (guint8, AKIN_COLORMAP_SIZE * 3);
  double lab[N_KEYS][3];

  for (guint i = 0; i < N_KEYS; i++)
    rgb_to_lab (keys[i], lab[i]);

  for (guint i = 0; i < AKIN_COLORMAP_SIZE; i++)
    {
      double pos = (double) i * (N_KEYS - 1) / (AKIN_COLORMAP_SIZE - 1);
      guint k = MIN ((guint) pos, N_KEYS - 2);
      double f = pos - k;
      double mix[3];

      for (guint c = 0; c < 3; c++)
        mix[c] = (1.0 - f) * lab[k][c] + f * lab[k + 1][c];
      lab_to_rgb (mix, lut + 3 * i);
    }

  return lut;
}

/**
 * akin_colormap_get_lut:
 * @map: which map
 *
 * Returns the table, built on first use. Any thread may call this.
 *
 * Returns: (transfer none) (array fixed-size=768): 256 RGB triplets, entry 0
 *   for the lowest value; valid for the life of the process
 */
const guint8 *
akin_colormap_get_lut (AkinColormap map)
{
  static guint8 *viridis;
  static guint8 *magma;

  switch (map)
    {
    case AKIN_COLORMAP_VIRIDIS:
      if (g_once_init_enter (&viridis))
        g_once_init_leave (&viridis, build_lut (viridis_keys));
      return viridis;

    case AKIN_COLORMAP_MAGMA:
      if (g_once_init_enter (&magma))
        g_once_init_leave (&magma, build_lut (magma_keys));
      return magma;

    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * akin_srgb_to_lightness:
 * @r: red
 * @g: green
 * @b: blue
 *
 * Returns: the CIELAB lightness L* (0–100) of an 8-bit sRGB colour
 */
double
akin_srgb_to_lightness (guint8 r,
                        guint8 g,
                        guint8 b)
{
  double lab[3];

  rgb_to_lab (((guint32) r << 16) | ((guint32) g << 8) | b, lab);
  return lab[0];
}
