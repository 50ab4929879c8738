/* akin-bytes.c: the little-endian fields of Akin's binary files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Integers little-endian; floats through their IEEE-754 bit patterns, so
 * a file reads back bit for bit on any machine; a string is a u32 byte
 * count then UTF-8 bytes without a terminator.
 */

#include "config.h"

#include <string.h>

#include "akin-bytes.h"

void
_akin_put_u32 (GByteArray *b, guint32 v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (b, (const guint8 *) &le, 4);
}

void
_akin_put_u64 (GByteArray *b, guint64 v)
{
  guint64 le = GUINT64_TO_LE (v);

  g_byte_array_append (b, (const guint8 *) &le, 8);
}

void
_akin_put_f64 (GByteArray *b, double v)
{
  guint64 bits;

  memcpy (&bits, &v, 8);
  _akin_put_u64 (b, bits);
}

void
_akin_put_floats (GByteArray *b, const float *v, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      guint32 bits;

      memcpy (&bits, &v[i], 4);
      _akin_put_u32 (b, bits);
    }
}

/* At most @max bytes of @s (%NULL: empty). */
void
_akin_put_str (GByteArray *b, const char *s, gsize max)
{
  gsize len = s != NULL ? MIN (strlen (s), max) : 0;

  _akin_put_u32 (b, (guint32) len);
  g_byte_array_append (b, (const guint8 *) (s != NULL ? s : ""), (guint) len);
}

gboolean
_akin_reader_has (AkinByteReader *r, gsize n)
{
  if (r->overrun || n > r->len - r->pos)
    {
      r->overrun = TRUE;
      return FALSE;
    }
  return TRUE;
}

guint32
_akin_get_u32 (AkinByteReader *r)
{
  guint32 v;

  if (!_akin_reader_has (r, 4))
    return 0;
  memcpy (&v, r->data + r->pos, 4);
  r->pos += 4;
  return GUINT32_FROM_LE (v);
}

guint64
_akin_get_u64 (AkinByteReader *r)
{
  guint64 v;

  if (!_akin_reader_has (r, 8))
    return 0;
  memcpy (&v, r->data + r->pos, 8);
  r->pos += 8;
  return GUINT64_FROM_LE (v);
}

float
_akin_get_f32 (AkinByteReader *r)
{
  guint32 bits = _akin_get_u32 (r);
  float v;

  memcpy (&v, &bits, 4);
  return v;
}

double
_akin_get_f64 (AkinByteReader *r)
{
  guint64 bits = _akin_get_u64 (r);
  double v;

  memcpy (&v, &bits, 8);
  return v;
}

/* @n floats in a new array, or %NULL (and @r overrun) if they are not there. */
float *
_akin_get_floats (AkinByteReader *r, guint64 n)
{
  float *v;

  if (n > G_MAXSIZE / 8 || !_akin_reader_has (r, (gsize) n * 4))
    {
      r->overrun = TRUE;
      return NULL;
    }
  v = g_new (float, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    v[i] = _akin_get_f32 (r);
  return v;
}

/* A string of at most @max bytes, or %NULL (and @r overrun). */
char *
_akin_get_str (AkinByteReader *r, gsize max)
{
  guint32 len = _akin_get_u32 (r);
  char *s;

  if (len > max || !_akin_reader_has (r, len))
    {
      r->overrun = TRUE;
      return NULL;
    }
  s = g_strndup ((const char *) r->data + r->pos, len);
  r->pos += len;
  return s;
}
