/* akin-cli-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * akin-cli scan DIR…: adds folders to the library, finds their songs and
 * analyses the new and changed ones, with a progress bar (a plain log when
 * stderr is not a terminal) and a summary. Ctrl+C cancels cleanly; a second
 * Ctrl+C quits at once.
 *
 * The analyzer runs asynchronously while the main thread runs a main loop,
 * which is what delivers the progress and the SIGINT handler.
 */

#include "config.h"

#include <math.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "akin-engine.h"
#include "akin-cli.h"
#include "akin-cli-library.h"
#include "akin-cli-progress.h"

/* The exit status after an interruption, as shells report SIGINT. */
#define EXIT_INTERRUPTED 130

typedef struct
{
  GMainLoop       *loop;
  GCancellable    *cancellable;
  AkinCliProgress *progress;
  GError          *error;
  guint            n_interrupts;
} ScanState;

static void
on_progress (AkinAnalyzer               *analyzer,
             const AkinAnalyzerProgress *p,
             gpointer                    user_data)
{
  ScanState *state = user_data;
  g_autofree char *detail = NULL;
  g_autofree char *eta = NULL;
  guint processed;

  switch (p->phase)
    {
    case AKIN_ANALYZER_PHASE_SCANNING:
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u audio file found",
                                             "%u audio files found", p->n_found),
                                p->n_found);
      akin_cli_progress_update (state->progress, _("Scanning folders"), 0.0, detail);
      break;

    case AKIN_ANALYZER_PHASE_ANALYZING:
      processed = p->n_done + p->n_failed + p->n_skipped;
      eta = akin_cli_format_eta (p->eta_us >= 0 ? p->eta_us / (double) G_USEC_PER_SEC : -1);
      /* Translators: progress of a scan: done/total, failed, estimated time left */
      detail = g_strdup_printf (_("%u/%u, %u failed, ETA %s"), processed, p->n_total,
                                p->n_failed, eta);
      akin_cli_progress_update (state->progress, _("Analysing"),
                                p->n_total > 0 ? (double) processed / p->n_total : 1.0, detail);
      break;

    case AKIN_ANALYZER_PHASE_IDLE:
    case AKIN_ANALYZER_PHASE_FINISHED:
    default:
      break;
    }
}

static gboolean
on_sigint (gpointer user_data)
{
  ScanState *state = user_data;

  if (++state->n_interrupts > 1)
    {
      akin_cli_progress_clear (state->progress);
      akin_cli_printerr ("%s", _("interrupted"));
      _exit (EXIT_INTERRUPTED);
    }
  akin_cli_progress_clear (state->progress);
  akin_cli_printerr ("%s", _("cancelling the scan (press Ctrl+C again to quit at once)…"));
  g_cancellable_cancel (state->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ScanState *state = user_data;

  akin_analyzer_run_finish (AKIN_ANALYZER (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

/* Checks that every argument is a folder we can list, before anything is
 * written to the library. */
static GPtrArray *
check_folders (char **dirs)
{
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autoptr(GFile) folder = g_file_new_for_commandline_arg (dirs[i]);
      g_autoptr(GFileEnumerator) children = NULL;
      g_autoptr(GError) error = NULL;

      if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
        {
          if (g_file_query_exists (folder, NULL))
            akin_cli_printerr (_("%s: not a folder"), dirs[i]);
          else
            akin_cli_printerr (_("%s: no such folder"), dirs[i]);
          return NULL;
        }
      children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                            G_FILE_QUERY_INFO_NONE, NULL, &error);
      if (children == NULL)
        {
          akin_cli_print_error (dirs[i], error);
          return NULL;
        }
      g_ptr_array_add (folders, g_steal_pointer (&folder));
    }
  return g_steal_pointer (&folders);
}

static void
print_summary (AkinAnalyzer *analyzer,
               AkinDatabase *db)
{
  g_autoptr(GPtrArray) problems = akin_analyzer_dup_problems (analyzer);
  g_autoptr(GError) error = NULL;
  AkinAnalyzerProgress p;
  AkinStatusCounts counts;
  guint unchanged;

  akin_analyzer_get_progress (analyzer, &p);
  unchanged = p.n_found - MIN (p.n_found, p.n_total);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Found %u audio file.\n", "Found %u audio files.\n",
                        p.n_found), p.n_found);
  akin_cli_print_field (2, 14, _("Analysed:"), "%u", p.n_done);
  akin_cli_print_field (2, 14, _("Unchanged:"), "%u", unchanged);
  akin_cli_print_field (2, 14, _("Failed:"), "%u", p.n_failed);
  if (p.n_skipped > 0)
    akin_cli_print_field (2, 14, _("Skipped:"), "%u", p.n_skipped);
  if (akin_database_count_by_status (db, &counts, &error))
    {
      akin_cli_print_field (2, 14, _("Missing:"), "%u", counts.n[AKIN_TRACK_STATUS_MISSING]);
      /* Failed in this scan or in earlier ones, and not analysed since. */
      akin_cli_print_field (2, 14, _("Still failed:"), "%u", counts.n[AKIN_TRACK_STATUS_FAILED]);
    }

  if (problems->len > 0)
    {
      g_print ("%s\n", g_dngettext (GETTEXT_PACKAGE, "Problem:", "Problems:", problems->len));
      for (guint i = 0; i < problems->len; i++)
        {
          const AkinAnalyzerProblem *problem = g_ptr_array_index (problems, i);
          g_autofree char *name = akin_cli_uri_to_display (problem->uri);
          g_autofree char *text = akin_cli_format_error (name, problem->error);

          g_print ("  %s\n", text);
        }
    }
}

typedef struct
{
  guint   dim;
  GArray *damaged;
} DamagedScan;

static void
check_vector (gint64          track_id,
              const float    *vector,
              guint           dim,
              const AkinTags *keys,
              const char     *content_hash,
              gpointer        user_data)
{
  DamagedScan *scan = user_data;
  gboolean nonzero = FALSE;

  if (dim != scan->dim)
    {
      g_array_append_val (scan->damaged, track_id);
      return;
    }
  for (guint i = 0; i < dim; i++)
    {
      if (!isfinite (vector[i]))
        {
          g_array_append_val (scan->damaged, track_id);
          return;
        }
      nonzero |= vector[i] != 0.0f;
    }
  if (!nonzero)
    g_array_append_val (scan->damaged, track_id);
}

/* A damaged vector row (zero, not finite, of another length) is removed
 * before the run, so that the run analyses its track again. The commands
 * that read the library name such rows but cannot remove them. */
static gboolean
forget_damaged_vectors (AkinDatabase  *db,
                        AkinModel     *model,
                        GError       **error)
{
  g_autoptr(GArray) damaged = g_array_new (FALSE, FALSE, sizeof (gint64));
  DamagedScan scan = { akin_model_get_vector_size (model), damaged };

  if (!akin_database_foreach_vector (db, akin_model_get_id (model), check_vector, &scan, error))
    return FALSE;
  if (damaged->len == 0)
    return TRUE;
  return akin_database_forget_vectors (db, akin_model_get_id (model),
                                       (const gint64 *) (gpointer) damaged->data, damaged->len,
                                       error);
}

/* The similarity index's statistics for the songs just analysed are worked
 * out and stored here, once: the commands that only read the library
 * (similar, neighbours) never write to it. A failure only costs them the
 * time to work the statistics out again. */
static void
refresh_similarity (AkinAnalyzer *analyzer,
                    AkinDatabase *db,
                    AkinModel    *model)
{
  g_autoptr(AkinSimilarityIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  AkinAnalyzerProgress p;

  akin_analyzer_get_progress (analyzer, &p);
  if (p.n_done == 0)
    return;
  index = akin_similarity_index_new_from_database (db, akin_model_get_id (model),
                                                   akin_model_get_vector_size (model), &error);
  if (index == NULL)
    g_debug ("The similarity statistics were not stored: %s", error->message);
}

static int
scan_main (int    argc,
           char **argv)
{
  g_auto(AkinCliLibraryOptions) lib = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(AkinDatabase) db = NULL;
  g_autoptr(AkinModel) model = NULL;
  g_autoptr(AkinAnalyzer) analyzer = NULL;
  g_autoptr(AkinCliProgress) progress = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(GStrv) dirs = NULL;
  ScanState state = { 0 };
  gint jobs = 0;
  gboolean retry_failed = FALSE;
  guint sigint_id;
  const GOptionEntry entries[] = {
    AKIN_CLI_DB_OPTION (lib),
    AKIN_CLI_MODEL_OPTION (lib),
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_("Songs analysed at once (default: one per core)"), N_("N") },
    { "retry-failed", 0, 0, G_OPTION_ARG_NONE, &retry_failed,
      N_("Try again every song that failed, whatever the reason"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &dirs, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("DIR… — add folders to the library and analyse their songs"));
  g_option_context_set_summary (context,
                                _("Remembers the folders in the library, finds their songs "
                                  "and analyses the new and changed ones. Files that cannot "
                                  "be analysed are listed with the reason; the scan still "
                                  "succeeds. Songs that failed for a reason that may pass "
                                  "(the file could not be read, the disk was full) are tried "
                                  "again at each scan, the others when their file changes or "
                                  "with --retry-failed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      akin_cli_printerr ("%s", error->message);
      return 2;
    }
  if (dirs == NULL || dirs[0] == NULL || jobs < 0)
    {
      akin_cli_printerr ("%s", _("give at least one folder; see “akin-cli scan --help”"));
      return 2;
    }

  if ((folders = check_folders (dirs)) == NULL)
    return 1;
  if ((model = akin_cli_load_model (&lib)) == NULL)
    return 1;
  if ((db = akin_cli_open_database (&lib, TRUE)) == NULL)
    return 1;
  for (guint i = 0; i < folders->len; i++)
    {
      g_autofree char *uri = g_file_get_uri (folders->pdata[i]);

      if (!akin_database_add_folder (db, uri, &error))
        {
          akin_cli_print_error (akin_cli_library_db_path (&lib), error);
          return 1;
        }
    }

  if (!forget_damaged_vectors (db, model, &error))
    {
      akin_cli_print_error (akin_cli_library_db_path (&lib), error);
      return 1;
    }

  analyzer = akin_analyzer_new (akin_cli_library_db_path (&lib), akin_model_get_id (model));
  akin_analyzer_set_analyze_func (analyzer, akin_library_analyze_file, model, NULL);
  if (jobs > 0)
    akin_analyzer_set_n_workers (analyzer, jobs);
  akin_analyzer_set_retry_failed (analyzer, retry_failed);
  for (guint i = 0; i < folders->len; i++)
    akin_analyzer_add_folder (analyzer, folders->pdata[i]);

  progress = akin_cli_progress_new ();
  cancellable = g_cancellable_new ();
  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;
  state.cancellable = cancellable;
  state.progress = progress;
  akin_analyzer_set_progress_func (analyzer, on_progress, &state, NULL);

  sigint_id = g_unix_signal_add (SIGINT, on_sigint, &state);
  akin_analyzer_run_async (analyzer, cancellable, on_run_done, &state);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  akin_cli_progress_clear (progress);

  if (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      print_summary (analyzer, db);
      akin_cli_printerr ("%s", _("scan cancelled; run it again to continue"));
      g_clear_error (&state.error);
      return EXIT_INTERRUPTED;
    }
  if (state.error != NULL)
    {
      akin_cli_print_error (akin_cli_library_db_path (&lib), state.error);
      g_clear_error (&state.error);
      return 1;
    }

  print_summary (analyzer, db);
  refresh_similarity (analyzer, db, model);
  return 0;
}

const AkinCliCommand akin_cli_scan = {
  "scan", scan_main, N_("Add folders to the library and analyse their songs"),
};
