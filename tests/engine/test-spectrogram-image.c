/* test-spectrogram-image.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <png.h>
#include <stdio.h>

#include "akin-colormap-private.h"
#include "akin-colormap.h"
#include "akin-spectrogram-image-private.h"
#include "akin-spectrogram-image.h"

static void
test_lightness (gconstpointer data)
{
  AkinColormap map = GPOINTER_TO_INT (data);
  const guint8 *lut = akin_colormap_get_lut (map);
  double first, last, prev;

  g_assert_nonnull (lut);
  g_assert_true (lut == akin_colormap_get_lut (map));

  first = prev = akin_srgb_to_lightness (lut[0], lut[1], lut[2]);
  for (guint i = 1; i < AKIN_COLORMAP_SIZE; i++)
    {
      double l = akin_srgb_to_lightness (lut[3 * i], lut[3 * i + 1], lut[3 * i + 2]);

      /* Strictly rising up to the 8-bit rounding of the entries. */
      g_assert_cmpfloat (l, >, prev - 0.3);
      if (i >= 8)
        {
          const guint8 *p = lut + 3 * (i - 8);
          g_assert_cmpfloat (l, >, akin_srgb_to_lightness (p[0], p[1], p[2]));
        }
      prev = l;
    }
  last = prev;
  g_test_message ("L* from %.1f to %.1f", first, last);
  g_assert_cmpfloat (last - first, >, 55.0);
}

static void
test_render_orientation (void)
{
  /* 2 rows × 3 frames: row 0 (bottom) low values, row 1 (top) high. */
  const float m[6] = { 0.0f, 0.0f, 0.0f, 10.0f, 10.0f, 5.0f };
  const guint8 *lut = akin_colormap_get_lut (AKIN_COLORMAP_MAGMA);
  g_autofree guint8 *rgb = akin_spectrogram_render (m, 2, 3, 0.0f, 10.0f, AKIN_COLORMAP_MAGMA);

  /* Top-left pixel: row 1, frame 0 = 10 → last colour. */
  g_assert_cmpmem (rgb, 3, lut + 3 * 255, 3);
  /* Top-right: 5 → middle of the map. */
  g_assert_cmpmem (rgb + 6, 3, lut + 3 * 128, 3);
  /* Bottom row: 0 → first colour. */
  for (guint x = 0; x < 3; x++)
    g_assert_cmpmem (rgb + 9 + 3 * x, 3, lut, 3);
}

static void
test_auto_range (void)
{
  g_autofree float *v = g_new (float, 1000);
  float lo, hi;

  for (guint i = 0; i < 1000; i++)
    v[i] = (float) i;
  v[0] = -1e9f;  /* outliers are ignored */
  v[999] = 1e9f;
  akin_spectrogram_auto_range (v, 1000, &lo, &hi);
  g_assert_cmpfloat (fabs (lo - 10.0f), <=, 1.0f);
  g_assert_cmpfloat (fabs (hi - 989.0f), <=, 1.0f);

  for (guint i = 0; i < 1000; i++)
    v[i] = 3.0f;
  akin_spectrogram_auto_range (v, 1000, &lo, &hi);
  g_assert_cmpfloat (lo, <, hi);
}

static void
test_png_round_trip (void)
{
  const guint width = 37, height = 20;
  g_autofree float *m = g_new (float, width * height);
  g_autofree guint8 *rgb = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  png_image image = { 0 };
  g_autofree guint8 *back = NULL;

  for (guint r = 0; r < height; r++)
    for (guint t = 0; t < width; t++)
      m[r * width + t] = sinf (r * 0.3f) * cosf (t * 0.2f);
  rgb = akin_spectrogram_render (m, height, width, NAN, NAN, AKIN_COLORMAP_VIRIDIS);

  dir = g_dir_make_tmp ("akin-png-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "spec.png", NULL);
  g_assert_true (akin_spectrogram_write_png (rgb, width, height, path, &error));
  g_assert_no_error (error);

  image.version = PNG_IMAGE_VERSION;
  g_assert_true (png_image_begin_read_from_file (&image, path));
  g_assert_cmpuint (image.width, ==, width);
  g_assert_cmpuint (image.height, ==, height);
  image.format = PNG_FORMAT_RGB;
  back = g_malloc (PNG_IMAGE_SIZE (image));
  g_assert_true (png_image_finish_read (&image, NULL, back, 0, NULL));
  g_assert_cmpmem (back, width * height * 3, rgb, width * height * 3);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_png_error (void)
{
  guint8 rgb[3] = { 1, 2, 3 };
  g_autoptr(GError) error = NULL;

  g_assert_false (akin_spectrogram_write_png (rgb, 1, 1, "/nonexistent-akin-dir/x.png", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent-akin-dir/x.png"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/colormap/viridis/lightness", GINT_TO_POINTER (AKIN_COLORMAP_VIRIDIS), test_lightness);
  g_test_add_data_func ("/colormap/magma/lightness", GINT_TO_POINTER (AKIN_COLORMAP_MAGMA), test_lightness);
  g_test_add_func ("/spectrogram/orientation", test_render_orientation);
  g_test_add_func ("/spectrogram/auto-range", test_auto_range);
  g_test_add_func ("/spectrogram/png-round-trip", test_png_round_trip);
  g_test_add_func ("/spectrogram/png-error", test_png_error);

  return g_test_run ();
}
