/* akin-cli-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * akin-cli model [MODEL]: what a model file holds and how it was trained;
 * --training-songs lists the songs the trainer was given (the first 16
 * hex digits of each file's SHA-256, the hash the corpus manifests list);
 * --set-weights E,S,T stores the weights of the combined similarity's
 * parts in the file, without changing the model's id (the library keeps
 * its vectors).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "akin-cli.h"
#include "akin-engine.h"

/* akin_cli_parse_weights() reads one weight per part. */
G_STATIC_ASSERT (AKIN_MODEL_N_PARTS == 3);

/* The note's lines after the first that are 16 hex digits: the training
 * songs' hashes. */
static GPtrArray *
training_songs (const AkinModel *model)
{
  g_auto(GStrv) lines = g_strsplit (model->info.note != NULL ? model->info.note : "", "\n", -1);
  GPtrArray *hashes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 1; lines[i] != NULL; i++)
    if (strlen (lines[i]) == 16 && strspn (lines[i], "0123456789abcdef") == 16)
      g_ptr_array_add (hashes, g_strdup (lines[i]));
  return hashes;
}

/* The note's line that starts with @prefix (written by `akin-cli train`),
 * without it, as the field @label. */
static void
print_note_line (const char *note,
                 const char *prefix,
                 const char *label)
{
  g_auto(GStrv) lines = g_strsplit (note != NULL ? note : "", "\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        akin_cli_print_field (2, 20, label, "%s", lines[i] + strlen (prefix));
        return;
      }
}

static void
print_info (const char      *path,
            const AkinModel *model)
{
  const AkinModelInfo *info = &model->info;
  g_autofree char *first_line = g_strndup (info->note != NULL ? info->note : "",
                                           strcspn (info->note != NULL ? info->note : "", "\n"));
  g_autoptr(GPtrArray) hashes = training_songs (model);
  guint n_hashed = hashes->len;

  akin_cli_print_field (0, 22, _("Model:"), "%s", akin_model_get_id (model));
  akin_cli_print_field (0, 22, _("File:"), "%s", path);
  akin_cli_print_field (0, 22, _("Vector size:"), "%u", akin_model_get_vector_size (model));
  akin_cli_print_field (0, 22, _("Trained on:"), "%s", first_line);
  if (n_hashed > 0)
    /* Translators: the number of songs whose file hashes the model records */
    akin_cli_print_field (2, 20, _("songs named"), _("%u (see --training-songs)"), n_hashed);
  else
    akin_cli_print_field (2, 20, _("songs named"), "%s", _("none (trained by an older version)"));
  akin_cli_print_field (2, 20, _("split"), _("%u training, %u validation songs"),
                        info->n_train_tracks, info->n_val_tracks);
  akin_cli_print_field (2, 20, _("seed"), "%" G_GUINT64_FORMAT, info->seed);
  akin_cli_print_field (2, 20, _("2D epochs"), _("%u, kept %u"), info->epochs_2d,
                        info->best_epoch_2d);
  akin_cli_print_field (2, 20, _("1D epochs"), _("%u, kept %u"), info->epochs_1d,
                        info->best_epoch_1d);
  akin_cli_print_field (2, 20, _("pooling"), "%s",
                        model->pooling == AKIN_POOLING_MEAN_MAX
                          ? _("mean and maximum of the slice codes")
                          : _("mean and standard deviation of the slice codes"));
  akin_cli_print_field (2, 20, _("contrastive"), _("2D %.3g, 1D %.3g, temperature %.3g"),
                        info->contrastive_weight_2d, info->contrastive_weight_1d,
                        info->temperature);
  print_note_line (info->note, "albums from ", _("albums"));
  print_note_line (info->note, "started from ", _("started from"));
  print_note_line (info->note, "timbre model as teacher, ", _("timbre teacher"));
  print_note_line (info->note, "strangers weighed by the timbre model, ", _("hard negatives"));
  print_note_line (info->note, "2D network taken from ", _("2D network from"));
  print_note_line (info->note, "warm-up of ", _("warm-up"));
  print_note_line (info->note, "pitch and tempo of the views up to ", _("pitch and tempo"));
  print_note_line (info->note, "views of ", _("views of"));
  print_note_line (info->note, "2D network: ", _("2D network"));
  print_note_line (info->note, "1D network: ", _("1D network"));
  if (akin_model_get_n_members (model) > 1)
    {
      akin_cli_print_field (0, 22, _("Members:"), "%u", akin_model_get_n_members (model));
      for (guint i = 0; i < akin_model_get_n_members (model); i++)
        {
          const AkinModel *member = akin_model_get_member (model, i);
          g_autofree char *label = g_strdup_printf (_("member %u"), i + 1);

          /* Translators: a member of a model: its seed, then the epochs kept */
          akin_cli_print_field (2, 20, label, _("seed %llu, 2D epoch %u, 1D epoch %u"),
                                (unsigned long long) member->info.seed,
                                member->info.best_epoch_2d,
                                member->info.best_epoch_1d);
        }
    }
  akin_cli_print_field (0, 22, _("Combination weights:"),
                        _("encoders %.3g, timbre summary %.3g, timbre model %.3g"),
                        model->combination[AKIN_MODEL_PART_ENCODERS],
                        model->combination[AKIN_MODEL_PART_TIMBRE_SUMMARY],
                        model->combination[AKIN_MODEL_PART_TIMBRE_GAUSSIAN]);
}

static int
model_main (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AkinModel) model = NULL;
  g_autofree char *set_weights = NULL;
  g_autofree char *path = NULL;
  gboolean list_songs = FALSE;
  float weights[AKIN_MODEL_N_PARTS];
  const GOptionEntry entries[] = {
    { "training-songs", 0, 0, G_OPTION_ARG_NONE, &list_songs,
      N_("List the songs the model was trained on: the first 16 hex digits of each file’s "
         "SHA-256, one a line"), NULL },
    { "set-weights", 0, 0, G_OPTION_ARG_STRING, &set_weights,
      N_("Store the weights of the combined similarity’s parts — encoders, timbre summary, "
         "timbre model — in the file (the model’s id does not change)"), N_("E,S,T") },
    { NULL }
  };

  context = g_option_context_new (_("[MODEL] — describe a model file"));
  g_option_context_set_summary (context,
                                _("Prints how a model was trained and the weights its "
                                  "similarity uses. Without MODEL, the model akin-cli would "
                                  "use ($AKIN_MODEL or the installed one)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 2;
    }
  if (argc > 2)
    {
      akin_cli_printerr ("%s", _("give at most one model file"));
      return 2;
    }
  if (set_weights != NULL && !akin_cli_parse_weights (set_weights, weights))
    {
      akin_cli_printerr (_("--set-weights must be three numbers, none negative and not all 0, "
                           "separated by commas, not “%s”"), set_weights);
      return 2;
    }

  if (argc == 2)
    {
      path = g_strdup (argv[1]);
      model = akin_model_load (path, &error);
    }
  else
    {
      if (set_weights != NULL)
        {
          akin_cli_printerr ("%s", _("--set-weights needs the model file to change"));
          return 2;
        }
      path = g_strdup (g_getenv ("AKIN_MODEL") != NULL ? g_getenv ("AKIN_MODEL")
                                                       : _("(the installed model)"));
      model = akin_model_load_default (&error);
    }
  if (model == NULL)
    {
      akin_cli_printerr ("%s", error->message);
      return 1;
    }

  if (set_weights != NULL)
    {
      memcpy (model->combination, weights, sizeof weights);
      if (!akin_model_save (model, path, &error))
        {
          akin_cli_printerr ("%s", error->message);
          return 1;
        }
    }

  if (list_songs)
    {
      g_autoptr(GPtrArray) hashes = training_songs (model);

      for (guint i = 0; i < hashes->len; i++)
        g_print ("%s\n", (const char *) hashes->pdata[i]);
    }
  else
    print_info (path, model);
  return 0;
}

const AkinCliCommand akin_cli_model = {
  "model", model_main, N_("Describe a model file, or store its similarity weights"),
};
