/* akin-cli-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * akin-cli info FILE… [--json]: the descriptors of each file, as a readable
 * summary or as the prototype's JSON (one object per file).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "akin-engine.h"
#include "akin-cli.h"

static char *
format_duration (double seconds)
{
  guint64 total = (guint64) floor (seconds);

  if (total >= 3600)
    return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u", total / 3600,
                            (guint) (total / 60 % 60), (guint) (total % 60));
  return g_strdup_printf ("%u:%02u", (guint) (total / 60), (guint) (total % 60));
}

static void
print_summary (const char            *name,
               const char            *title,
               const AkinDecodeInfo  *info,
               const AkinDescriptors *d)
{
  g_autofree char *duration = format_duration (d->duration);
  g_autofree char *stored_key = akin_descriptors_dup_key_signature (d);
  g_autofree char *key = akin_key_display_name (stored_key);
  g_autofree char *sampling = NULL;

  g_print ("%s\n", name);
  if (title != NULL)
    akin_cli_print_field (2, 12, _("Title"), "%s", title);
  if (info->tags->artist != NULL)
    akin_cli_print_field (2, 12, _("Artist"), "%s", info->tags->artist);
  if (info->tags->album != NULL)
    akin_cli_print_field (2, 12, _("Album"), "%s", info->tags->album);
  /* Translators: the exact length in seconds, the number of samples, the sample rate */
  sampling = g_strdup_printf (_("%.2f s, %llu samples at %u Hz"), d->duration,
                              (unsigned long long) d->sample_points, d->samplefreq);
  akin_cli_print_field (2, 12, _("Duration"), "%s (%s)", duration, sampling);
  if (d->tempo_bpm > 0)
    akin_cli_print_field (2, 12, _("Tempo"), "%.1f BPM", d->tempo_bpm);
  else
    akin_cli_print_field (2, 12, _("Tempo"), "%s", _("no steady beat"));
  /* Translators: the musical key of a song, e.g. "A minor" */
  akin_cli_print_field (2, 12, C_("musical key", "Key"), "%s",
                        key != NULL ? key : _("none (silence)"));
  akin_cli_print_field (2, 12, _("Roll-off"), "%.0f Hz", d->rolloff_freq);
  akin_cli_print_field (2, 12, _("Tuning"), "%+.2f %s", d->tuning, _("semitone"));
}

static int
info_main (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  gboolean json = FALSE;
  guint n_failed = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object per file, in the prototype’s format"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE… — describe audio files"));
  g_option_context_set_summary (context,
                                _("Decodes each file and prints its descriptors: duration, "
                                  "tempo, key, roll-off and tuning."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 2;
    }
  if (files == NULL || files[0] == NULL)
    {
      akin_cli_printerr ("%s", _("no file given; see “akin-cli info --help”"));
      return 2;
    }

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);
      g_autoptr(AkinDecodeInfo) info = NULL;
      g_autoptr(AkinFeatures) features = NULL;
      g_autoptr(GError) file_error = NULL;
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *display = g_filename_display_name (basename);
      const char *title;

      features = akin_analyze_features (file, NULL, &info, NULL, &file_error);
      if (features == NULL)
        {
          akin_cli_printerr ("%s", file_error->message);
          n_failed++;
          continue;
        }

      title = info->tags->title != NULL ? info->tags->title : NULL;
      if (json)
        {
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *text = NULL;

          node = akin_descriptors_to_json (&features->descriptors, i + 1, display,
                                           title != NULL ? title : display);
          text = akin_json_to_string (node);
          g_print ("%s\n", text);
        }
      else
        {
          if (i > 0)
            g_print ("\n");
          print_summary (display, title, info, &features->descriptors);
        }
    }

  return n_failed == 0 ? 0 : 1;
}

const AkinCliCommand akin_cli_info = {
  "info", info_main, N_("Describe audio files: duration, tempo, key, roll-off, tuning"),
};
