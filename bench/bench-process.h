/* bench-process.h: what the benchmarks read of their own process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

double bench_cpu_seconds (void);
double bench_rss_mb      (void);

G_END_DECLS
