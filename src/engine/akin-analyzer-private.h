/* akin-analyzer-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by akin-analyzer.c (threads, progress) and akin-analyzer-scan.c
 * (the folder walk).
 */

#pragma once

#include "akin-analyzer.h"
#include "akin-database.h"

G_BEGIN_DECLS

/* akin-analyzer.c: thread-safe, callable from the scanning thread. */
void       _akin_analyzer_report_problem (AkinAnalyzer  *self,
                                          const char    *uri,
                                          const GError  *error);
void       _akin_analyzer_count_found    (AkinAnalyzer  *self);
GPtrArray *_akin_analyzer_dup_folders    (AkinAnalyzer  *self);

/* akin-analyzer-scan.c: walks the folders and brings the tracks table up
 * to date (new, changed, moved and missing files). Returns FALSE only for
 * cancellation or a database failure; unreadable files and folders are
 * reported as problems. */
gboolean   _akin_analyzer_scan           (AkinAnalyzer  *self,
                                          AkinDatabase  *db,
                                          GCancellable  *cancellable,
                                          GError       **error);

G_END_DECLS
