/* akin-library-model.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-library-manager.h"
#include "akin-track-object.h"

G_BEGIN_DECLS

#define AKIN_TYPE_LIBRARY_MODEL (akin_library_model_get_type ())

G_DECLARE_FINAL_TYPE (AkinLibraryModel, akin_library_model, AKIN, LIBRARY_MODEL, GObject)

/* Main thread only. */

AkinLibraryModel *akin_library_model_new          (AkinLibraryManager *manager);
void              akin_library_model_set_sort     (AkinLibraryModel   *self,
                                                   AkinTrackSort       sort,
                                                   gboolean            descending);
AkinTrackSort     akin_library_model_get_sort     (AkinLibraryModel   *self,
                                                   gboolean           *descending);
void              akin_library_model_set_search   (AkinLibraryModel   *self,
                                                   const char         *search);
const char       *akin_library_model_get_search   (AkinLibraryModel   *self);
void              akin_library_model_refresh      (AkinLibraryModel   *self);
gboolean          akin_library_model_get_loading  (AkinLibraryModel   *self);
gint64            akin_library_model_get_track_id (AkinLibraryModel   *self,
                                                   guint               position);
guint             akin_library_model_find_track   (AkinLibraryModel   *self,
                                                   gint64              track_id);
guint             akin_library_model_get_n_cached (AkinLibraryModel   *self);

G_END_DECLS
