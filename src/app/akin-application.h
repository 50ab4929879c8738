/* akin-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "akin-library-manager.h"
#include "akin-playback.h"

G_BEGIN_DECLS

#define AKIN_RESOURCE_PATH      "/io/github/akinplayer/Akin"

#define AKIN_TYPE_APPLICATION (akin_application_get_type ())

G_DECLARE_FINAL_TYPE (AkinApplication, akin_application, AKIN, APPLICATION, AdwApplication)

AkinApplication *akin_application_new        (void);
AkinPlayback    *akin_application_get_playback (AkinApplication *self);
AkinLibraryManager *akin_application_get_library_manager (AkinApplication *self);

#ifdef AKIN_BENCH_HOOKS
/* akin-application-bench.c */
void             _akin_application_report_first_frame (GtkWidget *window);
/* akin-application-bench-responsiveness.c */
void             _akin_application_bench_responsiveness (GtkWidget *window);
#endif

G_END_DECLS
