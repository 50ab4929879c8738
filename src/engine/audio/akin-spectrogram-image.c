/* akin-spectrogram-image.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turns a [rows][frames] matrix (mel dB, MFCC) into an RGB picture: one
 * pixel per frame from left to right, one pixel row per matrix row with row
 * 0 at the bottom, colours from an AkinColormap. Also writes such a picture
 * as a PNG with libpng. No toolkit: the GTK view uploads the same buffer as
 * a texture.
 */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <png.h>
#include <stdio.h>

#include "akin-spectrogram-image-private.h"
#include "akin-spectrogram-image.h"

#define RANGE_SAMPLE    65536
#define RANGE_LOW_PCT   1.0
#define RANGE_HIGH_PCT  99.0

static int
compare_floats (gconstpointer a,
                gconstpointer b)
{
  float x = *(const float *) a;
  float y = *(const float *) b;

  return (x > y) - (x < y);
}

/**
 * akin_spectrogram_auto_range:
 * @matrix: (array length=n_values): values
 * @n_values: how many
 * @vmin: (out): the 1st percentile
 * @vmax: (out): the 99th percentile
 *
 * A colour range that ignores a few outliers. Large matrices are sampled at
 * an even stride (at most 65536 values), which moves the percentiles by far
 * less than one colour step. NaNs are skipped. If the range is empty
 * (constant input, or no finite value) it is widened to [v − 1, v + 1].
 */
void
akin_spectrogram_auto_range (const float *matrix,
                             gsize        n_values,
                             float       *vmin,
                             float       *vmax)
{
  g_autofree float *sample = NULL;
  gsize stride;
  gsize n = 0;

  g_return_if_fail (matrix != NULL || n_values == 0);
  g_return_if_fail (vmin != NULL && vmax != NULL);

  stride = MAX (1, n_values / RANGE_SAMPLE);
  sample = g_new (float, n_values / stride + 1);
  for (gsize i = 0; i < n_values; i += stride)
    if (isfinite (matrix[i]))
      sample[n++] = matrix[i];

  if (n == 0)
    {
      *vmin = -1.0f;
      *vmax = 1.0f;
      return;
    }

  qsort (sample, n, sizeof (float), compare_floats);
  *vmin = sample[(gsize) floor (RANGE_LOW_PCT / 100.0 * (n - 1))];
  *vmax = sample[(gsize) ceil (RANGE_HIGH_PCT / 100.0 * (n - 1))];
  if (!(*vmax > *vmin))
    {
      *vmin -= 1.0f;
      *vmax += 1.0f;
    }
}

/**
 * akin_spectrogram_render:
 * @matrix: (array): row-major [@n_rows][@n_frames] values
 * @n_rows: rows, the picture's height
 * @n_frames: frames, the picture's width
 * @vmin: value shown with the first colour
 * @vmax: value shown with the last colour; if @vmax ≤ @vmin (or either is
 *   NaN) the range comes from akin_spectrogram_auto_range()
 * @map: colour map
 *
 * Values outside [@vmin, @vmax] take the end colours; NaN takes the first.
 * Pixel (x, y) shows matrix[@n_rows − 1 − y][x], so row 0 is at the bottom.
 * Any thread may call this.
 *
 * Returns: (transfer full): @n_rows × @n_frames RGB pixels, 3 bytes each,
 *   rows top to bottom without padding (stride 3 · @n_frames); g_free() it
 */
guint8 *
akin_spectrogram_render (const float  *matrix,
                         guint         n_rows,
                         guint         n_frames,
                         float         vmin,
                         float         vmax,
                         AkinColormap  map)
{
  const guint8 *lut = akin_colormap_get_lut (map);
  guint8 *rgb;
  double scale;

  g_return_val_if_fail (matrix != NULL, NULL);
  g_return_val_if_fail (n_rows > 0 && n_frames > 0, NULL);
  g_return_val_if_fail (lut != NULL, NULL);

  if (!(vmax > vmin))
    akin_spectrogram_auto_range (matrix, (gsize) n_rows * n_frames, &vmin, &vmax);
  scale = AKIN_COLORMAP_SIZE / ((double) vmax - vmin);

  rgb = g_new (guint8, (gsize) n_rows * n_frames * 3);
  for (guint y = 0; y < n_rows; y++)
    {
      const float *row = matrix + (gsize) (n_rows - 1 - y) * n_frames;
      guint8 *out = rgb + (gsize) y * n_frames * 3;

      for (guint x = 0; x < n_frames; x++)
        {
          double v = (row[x] - (double) vmin) * scale;
          int k = isnan (v) ? 0 : (int) CLAMP (floor (v), 0.0, AKIN_COLORMAP_SIZE - 1.0);

          out[3 * x] = lut[3 * k];
          out[3 * x + 1] = lut[3 * k + 1];
          out[3 * x + 2] = lut[3 * k + 2];
        }
    }

  return rgb;
}

static void
on_png_error (png_structp png,
              png_const_charp message)
{
  GError **error = png_get_error_ptr (png);

  if (error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", message);
  png_longjmp (png, 1);
}

static void
on_png_warning (png_structp     png,
                png_const_charp message)
{
  g_debug ("libpng: %s", message);
}

/**
 * akin_spectrogram_write_png:
 * @rgb: (array): pixels as returned by akin_spectrogram_render()
 * @width: picture width
 * @height: picture height
 * @path: file to create or replace
 * @error: return location for an error
 *
 * Writes an 8-bit RGB PNG. Any thread may call this.
 *
 * Returns: %TRUE on success; %FALSE with a #G_IO_ERROR naming the file
 */
gboolean
akin_spectrogram_write_png (const guint8 *rgb,
                            guint         width,
                            guint         height,
                            const char   *path,
                            GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  png_structp png = NULL;
  png_infop info = NULL;
  FILE *volatile fp = NULL;
  volatile gboolean ok = FALSE;

  g_return_val_if_fail (rgb != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fp = g_fopen (path, "wb");
  if (fp == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot write “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, &local_error,
                                 on_png_error, on_png_warning);
  if (png != NULL)
    info = png_create_info_struct (png);
  if (png == NULL || info == NULL)
    {
      g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_FAILED, "out of memory");
      goto out;
    }

  if (setjmp (png_jmpbuf (png)))
    goto out;

  png_init_io (png, fp);
  png_set_IHDR (png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (guint y = 0; y < height; y++)
    png_write_row (png, rgb + (gsize) y * width * 3);
  png_write_end (png, info);
  ok = TRUE;

out:
  png_destroy_write_struct (png != NULL ? &png : NULL, info != NULL ? &info : NULL);
  if (fclose (fp) != 0 && ok)
    {
      int saved = errno;

      g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s", g_strerror (saved));
      ok = FALSE;
    }

  if (!ok)
    {
      g_set_error (error, G_IO_ERROR,
                   local_error != NULL ? local_error->code : G_IO_ERROR_FAILED,
                   "Cannot write “%s”: %s", path,
                   local_error != NULL ? local_error->message : "unknown error");
      g_unlink (path);
    }

  return ok;
}

/**
 * akin_spectrogram_standardize_rows:
 * @matrix: (array): [n_rows][n_frames] values, e.g. MFCCs
 * @n_rows: rows
 * @n_frames: frames
 *
 * Each row shifted and scaled to mean 0 and standard deviation 1 over the
 * track. MFCC rows live on very different scales (c0 spans hundreds, the
 * others tens), so one colour range for the whole matrix would show c0 and
 * nothing else; the prototype's picture had that defect. A constant row
 * becomes 0.
 *
 * Returns: (transfer full): a new [n_rows][n_frames] matrix; g_free() it
 */
float *
akin_spectrogram_standardize_rows (const float *matrix,
                                   guint        n_rows,
                                   guint        n_frames)
{
  float *out;

  g_return_val_if_fail (matrix != NULL || (gsize) n_rows * n_frames == 0, NULL);

  out = g_new (float, (gsize) n_rows * n_frames);
  for (guint r = 0; r < n_rows; r++)
    {
      const float *in = matrix + (gsize) r * n_frames;
      float *row = out + (gsize) r * n_frames;
      double sum = 0, sum_sq = 0, mean, sd;

      for (guint t = 0; t < n_frames; t++)
        sum += in[t];
      mean = n_frames > 0 ? sum / n_frames : 0;
      for (guint t = 0; t < n_frames; t++)
        sum_sq += (in[t] - mean) * (in[t] - mean);
      sd = n_frames > 0 ? sqrt (sum_sq / n_frames) : 0;

      for (guint t = 0; t < n_frames; t++)
        row[t] = sd > 1e-9 ? (float) ((in[t] - mean) / sd) : 0.0f;
    }

  return out;
}
