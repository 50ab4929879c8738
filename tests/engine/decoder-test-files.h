/* decoder-test-files.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "akin-decoder.h"

G_BEGIN_DECLS

#define TONE_FREQ     440.0
#define TONE_VOLUME   0.5
#define TONE_SECONDS  2.0

typedef struct
{
  const char *name;
  const char *encoder;
  guint       rate;
  guint       channels;
  const char *date;   /* as read back; NULL for an untagged file */
} Format;

#define N_FORMATS 5
extern const Format formats[N_FORMATS];

/* Where make_files() writes: a fresh temporary directory. */
extern char *tmpdir;

typedef struct
{
  double   freq;
  double   rms;
  double   peak;
} Measure;

char    *test_path  (const char  *name);
GFile   *test_file  (const char  *name);
void     make_files   (void);
void     remove_files (void);
Measure  measure    (const float *y,
                     gsize        n);
float   *decode_ok  (const char      *name,
                     gsize           *n,
                     AkinDecodeInfo **info);
void     test_burn_next_push (double cpu_seconds);
guint64  test_thread_cpu_ns  (void);

G_END_DECLS
