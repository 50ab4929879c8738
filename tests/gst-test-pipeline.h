/* gst-test-pipeline.h: making test media with GStreamer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

void test_run_pipeline (const char  *description,
                        GstTagList  *tags);
void test_write_wav    (const char  *path,
                        const float *y,
                        gsize        n,
                        guint        rate);

G_END_DECLS
