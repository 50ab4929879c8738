/* akin-bytes.h: the little-endian fields of Akin's binary files (the model,
 * the training checkpoint). Internal to the nn layer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     _akin_put_u32     (GByteArray  *b,
                            guint32      v);
void     _akin_put_u64     (GByteArray  *b,
                            guint64      v);
void     _akin_put_f64     (GByteArray  *b,
                            double       v);
void     _akin_put_floats  (GByteArray  *b,
                            const float *v,
                            gsize        n);
void     _akin_put_str     (GByteArray  *b,
                            const char  *s,
                            gsize        max);

/*
 * AkinByteReader: reads fields from @data; a read past @len sets @overrun
 * and returns 0 (or %NULL), so a parser checks once at the end.
 */
typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  gboolean      overrun;
} AkinByteReader;

gboolean _akin_reader_has     (AkinByteReader *r,
                               gsize           n);
guint32  _akin_get_u32        (AkinByteReader *r);
guint64  _akin_get_u64        (AkinByteReader *r);
float    _akin_get_f32        (AkinByteReader *r);
double   _akin_get_f64        (AkinByteReader *r);
float   *_akin_get_floats     (AkinByteReader *r,
                               guint64         n);
char    *_akin_get_str        (AkinByteReader *r,
                               gsize           max);

G_END_DECLS
