/* analyzer-helper.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A second process for test-analyzer: scans FOLDER into DB with the
 * test's byte analysis, slowed by DELAY_MS per file, then prints how many
 * files it analysed. The test kills it mid-scan, or runs it beside its own
 * analyzer on the same database.
 *
 *   analyzer-helper DB FOLDER DELAY_MS N_WORKERS
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "akin-analyzer.h"
#include "byte-analysis.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AkinAnalyzer) analyzer = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  ByteAnalysis config = { 0 };

  if (argc != 5)
    {
      fprintf (stderr, "usage: %s DB FOLDER DELAY_MS N_WORKERS\n", argv[0]);
      return 2;
    }
  config.delay_ms = (guint) atoi (argv[3]);
  folder = g_file_new_for_commandline_arg (argv[2]);
  analyzer = akin_analyzer_new (argv[1], BYTE_ANALYSIS_MODEL);
  akin_analyzer_set_analyze_func (analyzer, byte_analysis_analyze, &config, NULL);
  akin_analyzer_set_n_workers (analyzer, (guint) atoi (argv[4]));
  akin_analyzer_add_folder (analyzer, folder);
  /* Tell the parent the scan is about to start. */
  printf ("started\n");
  fflush (stdout);
  if (!akin_analyzer_run_sync (analyzer, NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("calls=%d\n", g_atomic_int_get (&config.n_calls));
  return 0;
}
