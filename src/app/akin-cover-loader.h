/* akin-cover-loader.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AKIN_TYPE_COVER_LOADER (akin_cover_loader_get_type ())

G_DECLARE_FINAL_TYPE (AkinCoverLoader, akin_cover_loader, AKIN, COVER_LOADER, GObject)

AkinCoverLoader *akin_cover_loader_new          (void);
gboolean         akin_cover_loader_lookup       (AkinCoverLoader     *self,
                                                 const char          *uri,
                                                 GBytes             **cover);
void             akin_cover_loader_load_async   (AkinCoverLoader     *self,
                                                 const char          *uri,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GBytes          *akin_cover_loader_load_finish  (AkinCoverLoader     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
GBytes          *akin_cover_find_in_folder      (GFile               *file,
                                                 GCancellable        *cancellable);

G_END_DECLS
