/* bench-codec.h: the codec's own decode, the yardstick of the decode benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean bench_codec_decode (const char  *path,
                             GError     **error);

G_END_DECLS
