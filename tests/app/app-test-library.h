/* app-test-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     app_test_write_wav      (const char *path,
                                  double      freq,
                                  double      seconds);
GArray  *app_test_library_fill   (const char *db_path,
                                  const char *music_dir,
                                  guint       n_songs,
                                  double      seconds);

G_END_DECLS
