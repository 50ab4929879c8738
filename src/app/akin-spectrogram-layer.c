/* akin-spectrogram-layer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bottom layer of AkinSpectrogramView: the matrix itself. The view hands
 * it levels already normalised to 0–255 (rows × frames, row 0 the lowest
 * band, drawn at the bottom); the layer colours them through the colour map
 * into a texture of exactly the widget's size in device pixels. Drawing 1:1
 * keeps the image sharp on GTK 4.8, which has no nearest-neighbour texture
 * scaling in snapshots: time is box-filtered to one column per pixel; bands
 * become crisp horizontal stripes, or are averaged when there are more bands
 * than pixel rows (a 256-band mel spectrogram in a short pane). The texture is rebuilt only
 * when the size or the data change.
 */

#include "config.h"

#include "akin-spectrogram-layer.h"

struct _AkinSpectrogramLayer
{
  GtkWidget     parent_instance;

  GBytes       *levels;
  guint         rows;
  guint         frames;
  AkinColormap  colormap;

  GdkTexture   *texture;
};

G_DEFINE_FINAL_TYPE (AkinSpectrogramLayer, akin_spectrogram_layer, GTK_TYPE_WIDGET)

static GdkTexture *
render_texture (AkinSpectrogramLayer *self,
                int                   width,
                int                   height)
{
  const guint8 *levels = g_bytes_get_data (self->levels, NULL);
  const guint8 *lut = akin_colormap_get_lut (self->colormap);
  g_autofree guint8 *columns = g_malloc ((gsize) self->rows * width);
  guint8       *pixels = g_malloc ((gsize) width * height * 3);
  g_autoptr(GBytes) bytes = NULL;

  g_assert (width > 0 && height > 0);

  /* Mean level of each band over the frames that fall into each column. */
  for (int x = 0; x < width; x++)
    {
      guint f0 = (guint) ((guint64) x * self->frames / width);
      guint f1 = (guint) ((guint64) (x + 1) * self->frames / width);

      f1 = MAX (f1, f0 + 1);
      for (guint r = 0; r < self->rows; r++)
        {
          const guint8 *row = levels + (gsize) r * self->frames;
          guint         sum = 0;

          for (guint f = f0; f < f1; f++)
            sum += row[f];
          columns[(gsize) r * width + x] = (guint8) ((sum + (f1 - f0) / 2) / (f1 - f0));
        }
    }

  /* Each pixel row shows the mean of the bands it covers (one band when
   * there are fewer bands than pixels), the lowest band at the bottom. */
  for (int y = 0; y < height; y++)
    {
      guint   from_bottom = (guint) (height - 1 - y);
      guint   b0 = (guint) ((guint64) from_bottom * self->rows / height);
      guint   b1 = MAX (b0 + 1, (guint) ((guint64) (from_bottom + 1) * self->rows / height));
      guint8 *dst = pixels + (gsize) y * width * 3;

      for (int x = 0; x < width; x++)
        {
          guint sum = 0;

          for (guint b = b0; b < b1; b++)
            sum += columns[(gsize) b * width + x];
          memcpy (dst + x * 3, lut + (sum + (b1 - b0) / 2) / (b1 - b0) * 3, 3);
        }
    }

  bytes = g_bytes_new_take (pixels, (gsize) width * height * 3);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8, bytes, (gsize) width * 3);
}

static void
akin_spectrogram_layer_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  AkinSpectrogramLayer *self = AKIN_SPECTROGRAM_LAYER (widget);
  int                   width = gtk_widget_get_width (widget);
  int                   height = gtk_widget_get_height (widget);
  int                   scale = gtk_widget_get_scale_factor (widget);

  if (self->levels == NULL || width <= 0 || height <= 0)
    return;

  if (self->texture == NULL || gdk_texture_get_width (self->texture) != width * scale ||
      gdk_texture_get_height (self->texture) != height * scale)
    {
      g_clear_object (&self->texture);
      self->texture = render_texture (self, width * scale, height * scale);
    }

  gtk_snapshot_append_texture (snapshot, self->texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
akin_spectrogram_layer_finalize (GObject *object)
{
  AkinSpectrogramLayer *self = AKIN_SPECTROGRAM_LAYER (object);

  g_clear_pointer (&self->levels, g_bytes_unref);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (akin_spectrogram_layer_parent_class)->finalize (object);
}

static void
akin_spectrogram_layer_class_init (AkinSpectrogramLayerClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = akin_spectrogram_layer_finalize;
  widget_class->snapshot = akin_spectrogram_layer_snapshot;

  gtk_widget_class_set_css_name (widget_class, "spectrogramlayer");
}

static void
akin_spectrogram_layer_init (AkinSpectrogramLayer *self)
{
  self->colormap = AKIN_COLORMAP_VIRIDIS;
}

/**
 * akin_spectrogram_layer_set_levels:
 * @levels: (nullable): @rows × @frames bytes, row-major, 0–255; %NULL draws nothing
 * @rows: number of bands
 * @frames: number of frames
 * @colormap: how levels become colours
 *
 * Main thread only. The layer keeps a reference to @levels.
 */
void
akin_spectrogram_layer_set_levels (AkinSpectrogramLayer *self,
                                   GBytes               *levels,
                                   guint                 rows,
                                   guint                 frames,
                                   AkinColormap          colormap)
{
  g_return_if_fail (AKIN_IS_SPECTROGRAM_LAYER (self));
  g_return_if_fail (levels == NULL || g_bytes_get_size (levels) == (gsize) rows * frames);
  g_return_if_fail (levels == NULL || (rows > 0 && frames > 0));

  g_clear_pointer (&self->levels, g_bytes_unref);
  g_clear_object (&self->texture);
  if (levels != NULL)
    self->levels = g_bytes_ref (levels);
  self->rows = rows;
  self->frames = frames;
  self->colormap = colormap;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
