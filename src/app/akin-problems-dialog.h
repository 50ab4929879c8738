/* akin-problems-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "akin-library-manager.h"

G_BEGIN_DECLS

#define AKIN_TYPE_PROBLEMS_DIALOG (akin_problems_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AkinProblemsDialog, akin_problems_dialog, AKIN, PROBLEMS_DIALOG, AdwWindow)

/* Main thread only. */
GtkWidget  *akin_problems_dialog_new            (AkinLibraryManager *manager);
guint       akin_problems_dialog_get_n_problems (AkinProblemsDialog *self);
GtkButton  *akin_problems_dialog_get_retry_button (AkinProblemsDialog *self);
GtkListBox *akin_problems_dialog_get_list_box   (AkinProblemsDialog *self);

GtkListBox *akin_problems_dialog_get_unplayable_box (AkinProblemsDialog *self);

G_END_DECLS
