/* akin-similar-controller.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "akin-library-manager.h"
#include "akin-similar-pane.h"
#include "akin-window.h"

G_BEGIN_DECLS

#define AKIN_TYPE_SIMILAR_CONTROLLER (akin_similar_controller_get_type ())

G_DECLARE_FINAL_TYPE (AkinSimilarController, akin_similar_controller, AKIN, SIMILAR_CONTROLLER, GObject)

/* Main thread only. */

AkinSimilarController *akin_similar_controller_attach  (AkinWindow             *window,
                                                        AkinLibraryManager     *manager);
AkinSimilarList       *akin_similar_controller_get_list  (AkinSimilarController *self);
AkinSimilarPane       *akin_similar_controller_get_pane  (AkinSimilarController *self);
void                   akin_similar_controller_show_similar_to_file (AkinSimilarController *self,
                                                        GFile                  *file);

G_END_DECLS
