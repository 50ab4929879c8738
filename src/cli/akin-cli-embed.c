/* akin-cli-embed.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * akin-cli embed FILE… [--model MODEL] [--json]: each song's vector, so
 * anyone can inspect what the encoders make of it.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "akin-engine.h"
#include "akin-cli.h"

static void
print_json (const char        *name,
            const char        *model_id,
            const float       *vector,
            guint              dim)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "filename");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model_id);
  json_builder_set_member_name (builder, "vector");
  json_builder_begin_array (builder);
  for (guint i = 0; i < dim; i++)
    json_builder_add_double_value (builder, vector[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = akin_json_to_string (root);
  g_print ("%s\n", text);
}

static int
embed_main (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinModel) model = NULL;
  g_autoptr(AkinEncoderWorkspace) workspace = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *model_path = NULL;
  gboolean json = FALSE;
  guint n_failed = 0;
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path,
      N_("Use the model in FILE instead of the shipped one"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object per file"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE… — print each song’s vector"));
  g_option_context_set_summary (context,
                                _("Analyses each file and prints the vector the encoders make "
                                  "of it: the numbers Akin compares to find similar songs."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 2;
    }
  if (files == NULL || files[0] == NULL)
    {
      akin_cli_printerr ("%s", _("no file given; see “akin-cli embed --help”"));
      return 2;
    }

  akin_nn_blas_single_thread ();
  model = model_path != NULL ? akin_model_load (model_path, &error)
                             : akin_model_load_default (&error);
  if (model == NULL)
    {
      akin_cli_printerr ("%s", error->message);
      return 1;
    }
  workspace = akin_encoder_workspace_new (model);

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);
      g_autoptr(AkinTrackAnalysis) analysis = NULL;
      g_autoptr(GError) file_error = NULL;
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *display = g_filename_display_name (basename);

      analysis = akin_analyze_track (file, model, workspace, NULL, &file_error);
      if (analysis == NULL)
        {
          akin_cli_printerr ("%s", file_error->message);
          n_failed++;
          continue;
        }

      if (json)
        {
          print_json (display, analysis->model_id, analysis->vector, analysis->dim);
        }
      else
        {
          g_print ("%s", display);
          for (guint d = 0; d < analysis->dim; d++)
            g_print ("%c%.6f", d == 0 ? '\t' : ' ', analysis->vector[d]);
          g_print ("\n");
        }
    }

  return n_failed == 0 ? 0 : 1;
}

const AkinCliCommand akin_cli_embed = {
  "embed", embed_main, N_("Print each song’s vector from the encoders"),
};
