/* app-test-session.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean   app_test_skip_without_display (const char *what);
GTestDBus *app_test_session_up           (void);
void       app_test_reset_settings       (void);

G_END_DECLS
