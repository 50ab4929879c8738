/* akin-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-analysis-result.h"
#include "akin-database.h"
#include "nn/akin-model.h"

G_BEGIN_DECLS

char     *akin_library_default_database_path (void);

gboolean  akin_library_analyze_file          (GFile               *file,
                                              gpointer             model,
                                              AkinAnalysisResult **result,
                                              GCancellable        *cancellable,
                                              GError             **error);
gboolean  akin_library_analyze_file_threads  (GFile               *file,
                                              gpointer             model,
                                              guint                threads,
                                              AkinAnalysisResult **result,
                                              GCancellable        *cancellable,
                                              GError             **error);
gint64    akin_library_add_analyzed_file     (AkinDatabase        *db,
                                              GFile               *file,
                                              const AkinAnalysisResult *result,
                                              GCancellable        *cancellable,
                                              GError             **error);

G_END_DECLS
