/* akin-analysis-button.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "akin-library-manager.h"

G_BEGIN_DECLS

#define AKIN_TYPE_ANALYSIS_BUTTON (akin_analysis_button_get_type ())

G_DECLARE_FINAL_TYPE (AkinAnalysisButton, akin_analysis_button, AKIN, ANALYSIS_BUTTON, GtkWidget)

/* Main thread only. */
GtkWidget *akin_analysis_button_new          (AkinLibraryManager *manager);
char      *akin_analysis_button_dup_summary  (AkinAnalysisButton *self);

G_END_DECLS
