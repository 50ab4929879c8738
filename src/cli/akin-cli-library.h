/* akin-cli-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the library commands (scan, similar, neighbours, export, stats)
 * share: the database and model options, and how tracks are named.
 */

#pragma once

#include <gio/gio.h>

#include "akin-engine.h"

G_BEGIN_DECLS

/* The options every library command takes; the pointers are filled by
 * GOption and freed by akin_cli_library_options_clear(). */
typedef struct
{
  char *db_path;
  char *model_path;
} AkinCliLibraryOptions;

#define AKIN_CLI_DB_OPTION(opts)                                                   \
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &(opts).db_path,                            \
    N_("Use the library database FILE (default: $AKIN_DATABASE or the app’s library)"), \
    N_("FILE") }

#define AKIN_CLI_MODEL_OPTION(opts)                                                \
  { "model", 'm', 0, G_OPTION_ARG_FILENAME, &(opts).model_path,                    \
    N_("Use the model in FILE instead of the shipped one"), N_("FILE") }

void          akin_cli_library_options_clear (AkinCliLibraryOptions *options);
const char   *akin_cli_library_db_path       (AkinCliLibraryOptions *options);
AkinDatabase *akin_cli_open_database         (AkinCliLibraryOptions *options,
                                              gboolean               write);
AkinModel    *akin_cli_load_model            (AkinCliLibraryOptions *options);
AkinModelSummary *akin_cli_load_model_summary (AkinCliLibraryOptions *options);
char         *akin_cli_format_error         (const char            *subject,
                                              const GError          *error);
void          akin_cli_print_error           (const char            *subject,
                                              const GError          *error);
char         *akin_cli_uri_to_display        (const char            *uri);
char         *akin_cli_song_name             (const char            *title,
                                              const char            *artist,
                                              const char            *uri);
void          akin_cli_report_damaged        (AkinSimilarityIndex   *index,
                                              AkinDatabase          *db);
char         *akin_cli_format_duration       (double                 seconds);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AkinCliLibraryOptions, akin_cli_library_options_clear)

G_END_DECLS
