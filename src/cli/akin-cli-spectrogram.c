/* akin-cli-spectrogram.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * akin-cli spectrogram FILE -o OUT.png [--kind mfcc|mel]
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "akin-engine.h"
#include "akin-cli.h"

/* MFCC rows are few: each is drawn this many pixels tall so the picture is
 * as tall as the mel one and every coefficient stays a crisp band. */
#define MFCC_ROW_PIXELS 16
#define MFCC_ROWS       20

static guint8 *
stretch_rows (const guint8 *rgb,
              guint         width,
              guint         height,
              guint         factor)
{
  guint8 *out = g_malloc ((gsize) width * height * factor * 3);
  gsize row_bytes = (gsize) width * 3;

  for (guint y = 0; y < height * factor; y++)
    memcpy (out + y * row_bytes, rgb + (y / factor) * row_bytes, row_bytes);
  return out;
}

static int
spectrogram_main (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *output = NULL;
  g_autofree char *kind = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(AkinFeatures) features = NULL;
  g_autofree guint8 *rgb = NULL;
  g_autofree guint8 *tall = NULL;
  g_autofree float *display = NULL;
  AkinFrontEndOptions options;
  guint rows, factor;
  gboolean mel;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the PNG to OUT"), N_("OUT") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      N_("What to draw: mfcc (the default) or mel"), N_("KIND") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE -o OUT.png — draw a song’s spectrogram"));
  g_option_context_set_summary (context,
                                _("Draws the MFCC or mel spectrogram of an audio file as a PNG: "
                                  "time from left to right, low coefficients or frequencies "
                                  "at the bottom."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 2;
    }
  if (files == NULL || files[0] == NULL || files[1] != NULL)
    {
      akin_cli_printerr ("%s", _("give exactly one FILE; see “akin-cli spectrogram --help”"));
      return 2;
    }
  if (output == NULL)
    {
      akin_cli_printerr ("%s", _("no output given: use -o OUT.png"));
      return 2;
    }
  if (kind != NULL && strcmp (kind, "mfcc") != 0 && strcmp (kind, "mel") != 0)
    {
      akin_cli_printerr (_("unknown kind “%s”: use mfcc or mel"), kind);
      return 2;
    }
  mel = kind != NULL && strcmp (kind, "mel") == 0;

  akin_front_end_options_init (&options);
  options.keep_mel_db = mel;
  options.n_mfcc = MAX (options.n_mfcc, MFCC_ROWS);

  file = g_file_new_for_commandline_arg (files[0]);
  features = akin_analyze_features (file, &options, NULL, NULL, &error);
  if (features == NULL)
    {
      akin_cli_printerr ("%s", error->message);
      return 1;
    }

  if (mel)
    {
      rows = 256;
      factor = 1;
      rgb = akin_spectrogram_render (features->mel_db, rows, features->n_columns,
                                     features->mel_db_floor, features->mel_db_max,
                                     AKIN_COLORMAP_MAGMA);
    }
  else
    {
      rows = MFCC_ROWS;
      factor = MFCC_ROW_PIXELS;
      display = akin_spectrogram_standardize_rows (features->mfcc, rows, features->n_columns);
      rgb = akin_spectrogram_render (display, rows, features->n_columns,
                                     -AKIN_SPECTROGRAM_Z_RANGE, AKIN_SPECTROGRAM_Z_RANGE,
                                     AKIN_COLORMAP_VIRIDIS);
    }

  tall = stretch_rows (rgb, features->n_columns, rows, factor);
  if (!akin_spectrogram_write_png (tall, features->n_columns, rows * factor, output, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 1;
    }

  return 0;
}

const AkinCliCommand akin_cli_spectrogram = {
  "spectrogram", spectrogram_main, N_("Draw a song’s MFCC or mel spectrogram as a PNG"),
};
