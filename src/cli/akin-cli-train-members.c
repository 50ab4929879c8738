/* akin-cli-train-members.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `akin-cli train --members K`: K encoder pairs trained on the same songs
 * with the same options and seeds S, S + 1, …, S + K − 1, then joined into
 * one model (#AkinModel.members). One run's encoders carry as much noise of
 * training (which slices, which pairs, which split) as signal; the mean of
 * several runs' cosines keeps the signal (docs/results.md §16).
 *
 * A run of several members is as robust to a stop as a run of one: each
 * member is written to MODEL.memberN as soon as it is trained (its report
 * beside it, MODEL.memberN.tsv), with its own checkpoint while it trains;
 * `--resume` reads the members already written, checking that they were
 * trained on these songs with these options and their seed, and goes on
 * from the checkpoint of the one that was stopped. The files of the
 * members are removed once the joined model is written; their reports
 * stay.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "akin-cli.h"
#include "akin-cli-train.h"

/**
 * train_member_path:
 * @output: the model's file
 * @k: a member, from 0
 *
 * Returns: (transfer full): the file member @k is kept in until the model
 *   is written, MODEL.memberN with N = @k + 1.
 */
char *
train_member_path (const char *output,
                   guint       k)
{
  return g_strdup_printf ("%s.member%u", output, k + 1);
}

/* A member read back from its file must be the one this run would train. */
static gboolean
check_member (const AkinModel          *member,
              const char               *path,
              const AkinTrainerOptions *options,
              GError                  **error)
{
  if (member->info.seed != options->seed ||
      g_strcmp0 (member->info.note, options->note) != 0 ||
      akin_model_get_n_members (member) != 1)
    {
      g_set_error (error, AKIN_ERROR, AKIN_ERROR_MODEL_MISMATCH,
                   _("%s was not trained on these songs with these options and seed %llu; "
                     "remove it to train it again"),
                   path, (unsigned long long) options->seed);
      return FALSE;
    }
  return TRUE;
}

/**
 * train_members:
 * @tracks: the analysed songs
 * @n_tracks: their number
 * @options: (inout): the trainer's options; its seed, checkpoint and resume
 *   are set for each member and left as the last member's
 * @n_members: 1 or more
 * @output: the model's file
 * @checkpoint: the checkpoint of a run of one member
 * @resume: go on from what a stopped run left
 * @on_progress: the trainer's progress callback
 * @progress: its data
 * @report: (out) (optional): with one member, its training report
 * @error: return location for an error
 *
 * Trains @n_members members and joins them. With one member this is one
 * training run, and the caller writes its report; with more, each
 * member's report is written beside its file.
 *
 * Returns: (transfer full) (nullable): the model, not yet saved.
 */
AkinModel *
train_members (const AkinTrainingTrack *tracks,
               guint                    n_tracks,
               AkinTrainerOptions      *options,
               guint                    n_members,
               const char              *output,
               const char              *checkpoint,
               gboolean                 resume,
               AkinTrainProgressFunc    on_progress,
               AkinCliProgress         *progress,
               AkinTrainReport        **report_out,
               GError                 **error)
{
  g_autoptr(AkinModel) joined = NULL;
  guint64 first_seed = options->seed;

  for (guint k = 0; k < n_members; k++)
    {
      g_autofree char *member_path = NULL;
      g_autofree char *member_checkpoint = NULL;
      g_autofree char *member_report = NULL;
      g_autoptr(AkinTrainReport) report = NULL;
      g_autoptr(AkinModel) member = NULL;

      options->seed = first_seed + k;
      if (n_members == 1)
        member_checkpoint = g_strdup (checkpoint);
      else
        {
          member_path = train_member_path (output, k);
          member_checkpoint = g_strconcat (member_path, ".checkpoint", NULL);
          member_report = g_strconcat (member_path, ".tsv", NULL);
        }

      if (member_path != NULL && resume && g_file_test (member_path, G_FILE_TEST_IS_REGULAR))
        {
          if ((member = akin_model_load (member_path, error)) == NULL ||
              !check_member (member, member_path, options, error))
            return NULL;
          g_printerr (_("Member %u of %u (seed %llu) read from %s.\n"), k + 1,
                      n_members, (unsigned long long) options->seed, member_path);
        }
      else
        {
          if (n_members > 1)
            g_printerr (_("Training member %u of %u (seed %llu).\n"), k + 1,
                        n_members, (unsigned long long) options->seed);
          options->checkpoint = member_checkpoint;
          options->resume = resume && g_file_test (member_checkpoint, G_FILE_TEST_IS_REGULAR);
          member = akin_trainer_train (tracks, n_tracks, options, on_progress, progress, NULL,
                                       &report, error);
          akin_cli_progress_clear (progress);
          if (member == NULL)
            return NULL;
          if (member_path == NULL)
            {
              if (report_out != NULL)
                *report_out = g_steal_pointer (&report);
              return g_steal_pointer (&member);
            }
          if (!akin_model_save (member, member_path, error) ||
              !akin_train_report_write (report, member, member_report, error))
            return NULL;
          g_print (_("Best validation loss: 2D %.5f (epoch %u), 1D %.5f (epoch %u)\n"),
                   member->info.val_loss_2d, member->info.best_epoch_2d,
                   member->info.val_loss_1d, member->info.best_epoch_1d);
          g_print (_("Dead latent units: %u of %u (2D), %u of %u (1D)\n"), report->dead_units_2d,
                   report->latent_size_2d, report->dead_units_1d, report->code_size);
          g_print (_("Report written to %s\n"), member_report);
          /* The member is safe in its file: its checkpoint is of no more use. */
          g_unlink (member_checkpoint);
        }

      if (joined == NULL)
        joined = g_steal_pointer (&member);
      else if (!akin_model_add_member (joined, g_steal_pointer (&member), error))
        return NULL;
    }
  return g_steal_pointer (&joined);
}

/* Removes the files of the members once the joined model is written. */
void
train_members_clean (const char *output,
                     guint       n_members)
{
  for (guint k = 0; k < n_members && n_members > 1; k++)
    {
      g_autofree char *member_path = train_member_path (output, k);

      g_unlink (member_path);
    }
}
