/* akin-content-hash.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How many bytes are hashed at each end of a file. */
#define AKIN_CONTENT_HASH_CHUNK (64 * 1024)

char *akin_content_hash_file (GFile         *file,
                              guint64       *size,
                              GCancellable  *cancellable,
                              GError       **error);

G_END_DECLS
