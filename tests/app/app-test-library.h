/* app-test-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * AppTestLibrary: a temporary folder holding a library database
 * (@db_path) filled with synthesised songs in @music, their track ids in
 * @ids, in order.
 */
typedef struct
{
  char   *dir;
  char   *db_path;
  char   *music;
  GArray *ids;
} AppTestLibrary;

void     app_test_write_wav      (const char *path,
                                  double      freq,
                                  double      seconds);
GArray  *app_test_library_fill   (const char *db_path,
                                  const char *music_dir,
                                  guint       n_songs,
                                  double      seconds);
void     app_test_library_set_up    (AppTestLibrary *lib,
                                     const char     *dir_template,
                                     guint           n_songs,
                                     double          seconds);
void     app_test_library_tear_down (AppTestLibrary *lib);

G_END_DECLS
