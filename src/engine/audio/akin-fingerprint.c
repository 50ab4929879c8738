/* akin-fingerprint.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The acoustic fingerprint of a recording: Chromaprint (the library behind
 * AcoustID) fed with the analysis' own decoded stream, so a song is decoded
 * once for everything. Chromaprint works at 11025 Hz: the 22.05 kHz mono
 * float32 samples are halved here by averaging pairs (which also filters
 * what would fold over) and converted to 16-bit, which costs a third of
 * Chromaprint's own resampler (docs/results.md §10).
 * Its raw fingerprint is one 32-bit value per 0.124 s whose bits survive
 * lossy encoding, resampling and downmixing; akin-recordings.c compares
 * them to find the same recording in another file.
 *
 * A recording too short (under AKIN_FINGERPRINT_MIN_VALUES values), too
 * quiet (RMS under -60 dBFS) or without variation (fewer than
 * MIN_DISTINCT different values, e.g. a steady tone) gets no fingerprint:
 * such fingerprints would match any other of their kind.
 *
 * Only the first AKIN_FINGERPRINT_MAX_SECONDS of a stream are fingerprinted,
 * so a fingerprint (and Chromaprint's state while it is computed) has a
 * fixed bound whatever the length of the file: ten minutes are about 4 800
 * values, far more than needed to recognise a recording, and two files of
 * the same long recording still share their first ten minutes.
 *
 * Stored form (akin_fingerprint_encode()): "AF", a format byte, a 32-bit
 * FNV-1a checksum of the rest (little endian), then Chromaprint's
 * compressed binary encoding (about 2.6 bytes per value instead of 4).
 * akin_fingerprint_decode() rejects a blob whose checksum, format or
 * encoding is wrong with %AKIN_ERROR_DATABASE_CORRUPT.
 *
 * Threads: a fingerprinter belongs to one thread; the rest is reentrant.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "akin-chromaprint.h"
#include "akin-decoder.h"
#include "akin-error.h"
#include "akin-fingerprint-private.h"
#include "akin-fingerprint.h"

#define HEADER_SIZE   7
#define FORMAT_BYTE   1
#define CHUNK         4096
#define MIN_DISTINCT  16
#define QUIET_RMS     1e-3

struct _AkinFingerprinter
{
  const AkinChromaprint *cp;
  ChromaprintContext    *ctx;
  gint16                 buffer[CHUNK];
  double                 sum_squares;
  guint64                n_samples;
  float                  odd;        /* a sample waiting for its pair */
  gboolean               has_odd;
};

/**
 * akin_fingerprinter_new:
 *
 * Returns: (transfer full): a fingerprinter for one stream of mono
 *   %AKIN_SAMPLE_RATE samples
 */
AkinFingerprinter *
akin_fingerprinter_new (void)
{
  AkinFingerprinter *self = g_new0 (AkinFingerprinter, 1);

  self->cp = _akin_chromaprint ();
  self->ctx = self->cp->new_context (CHROMAPRINT_ALGORITHM_DEFAULT);
  if (!self->cp->start (self->ctx, AKIN_SAMPLE_RATE / 2, 1))
    g_error ("Chromaprint refused a mono %d Hz stream", AKIN_SAMPLE_RATE / 2);
  return self;
}

void
akin_fingerprinter_free (AkinFingerprinter *self)
{
  if (self == NULL)
    return;
  self->cp->free_context (self->ctx);
  g_free (self);
}

/**
 * akin_fingerprinter_push:
 * @self: a fingerprinter
 * @samples: (array length=n_samples): mono float32 samples in [-1, 1]
 * @n_samples: how many
 *
 * Samples past the first %AKIN_FINGERPRINT_MAX_SECONDS of the stream are
 * ignored.
 */
void
akin_fingerprinter_push (AkinFingerprinter *self,
                         const float       *samples,
                         gsize              n_samples)
{
  gsize n_out = 0;
  double sum = 0.0;
  guint64 max_samples;

  g_return_if_fail (self != NULL);

  max_samples = (guint64) AKIN_FINGERPRINT_MAX_SECONDS * AKIN_SAMPLE_RATE;
  if (self->n_samples >= max_samples)
    return;
  n_samples = MIN (n_samples, max_samples - self->n_samples);

  for (gsize i = 0; i < n_samples; i++)
    {
      float x = CLAMP (samples[i], -1.0f, 1.0f);

      sum += (double) x * x;
      if (!self->has_odd)
        {
          self->odd = x;
          self->has_odd = TRUE;
          continue;
        }
      self->has_odd = FALSE;
      self->buffer[n_out++] = (gint16) ((self->odd + x) * 16383.5f);
      if (n_out == CHUNK)
        {
          self->cp->feed (self->ctx, self->buffer, (int) n_out);
          n_out = 0;
        }
    }
  if (n_out > 0)
    self->cp->feed (self->ctx, self->buffer, (int) n_out);
  self->sum_squares += sum;
  self->n_samples += n_samples;
}

static int
compare_u32 (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/**
 * akin_fingerprint_wait_loaded:
 * @cancellable: (nullable): stops the wait
 *
 * Waits until another thread has loaded Chromaprint (about a hundred
 * libraries, some 20 ms of CPU, during which the dynamic linker's lock is
 * held: no other thread of the process can load a library or start a
 * thread). A caller that needs fingerprints soon but not at once can let
 * the analysis load it where it costs least, on the front end's second
 * thread once the decode is under way, and cancel @cancellable when the
 * analysis is over (or never started it).
 *
 * Returns: whether Chromaprint is loaded
 */
gboolean
akin_fingerprint_wait_loaded (GCancellable *cancellable)
{
  return _akin_chromaprint_wait_loaded (cancellable);
}

/**
 * akin_fingerprint_is_informative:
 * @values: (array length=n_values): raw fingerprint values
 * @n_values: how many
 *
 * Whether a fingerprint is long and varied enough to be compared: at
 * least %AKIN_FINGERPRINT_MIN_VALUES values, of which at least 16 differ.
 *
 * Returns: %TRUE when it may be compared with others
 */
gboolean
akin_fingerprint_is_informative (const guint32 *values,
                                 guint          n_values)
{
  g_autofree guint32 *sorted = NULL;
  guint distinct = 0;

  if (n_values < AKIN_FINGERPRINT_MIN_VALUES)
    return FALSE;
  sorted = g_memdup2 (values, n_values * sizeof (guint32));
  qsort (sorted, n_values, sizeof (guint32), compare_u32);
  for (guint i = 0; i < n_values && distinct < MIN_DISTINCT; i++)
    if (i == 0 || sorted[i] != sorted[i - 1])
      distinct++;
  return distinct >= MIN_DISTINCT;
}

/**
 * akin_fingerprinter_finish:
 * @self: a fingerprinter that was fed a whole stream
 *
 * Returns: (transfer full) (nullable): the fingerprint, %NULL when the
 *   audio was too short, too quiet or too uniform to have one
 */
AkinFingerprint *
akin_fingerprinter_finish (AkinFingerprinter *self)
{
  AkinFingerprint *fp;
  guint32 *raw = NULL;
  int size = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->n_samples == 0 || sqrt (self->sum_squares / self->n_samples) < QUIET_RMS)
    return NULL;
  if (!self->cp->finish (self->ctx)
      || !self->cp->get_raw_fingerprint (self->ctx, &raw, &size)
      || raw == NULL)
    return NULL;
  if (!akin_fingerprint_is_informative (raw, (guint) size))
    {
      self->cp->dealloc (raw);
      return NULL;
    }
  fp = akin_fingerprint_new (raw, (guint) size);
  self->cp->dealloc (raw);
  return fp;
}

/**
 * akin_fingerprint_new:
 * @values: (array length=n_values): raw values, copied
 * @n_values: how many
 *
 * Returns: (transfer full): a fingerprint
 */
AkinFingerprint *
akin_fingerprint_new (const guint32 *values,
                      guint          n_values)
{
  AkinFingerprint *self = g_new0 (AkinFingerprint, 1);

  self->values = g_memdup2 (values, (gsize) n_values * sizeof (guint32));
  self->n_values = n_values;
  return self;
}

AkinFingerprint *
akin_fingerprint_copy (const AkinFingerprint *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return akin_fingerprint_new (self->values, self->n_values);
}

void
akin_fingerprint_free (AkinFingerprint *self)
{
  if (self == NULL)
    return;
  g_free (self->values);
  g_free (self);
}

static guint32
fnv1a (const guint8 *data,
       gsize         size)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < size; i++)
    h = (h ^ data[i]) * 16777619u;
  return h;
}

/**
 * akin_fingerprint_encode:
 * @self: a fingerprint
 *
 * Returns: (transfer full): the stored form (see the top of this file)
 */
GBytes *
akin_fingerprint_encode (const AkinFingerprint *self)
{
  const AkinChromaprint *cp = _akin_chromaprint ();
  char *encoded = NULL;
  int encoded_size = 0;
  guint8 *out;
  guint32 sum;

  g_return_val_if_fail (self != NULL, NULL);

  if (!cp->encode_fingerprint (self->values, (int) self->n_values,
                               CHROMAPRINT_ALGORITHM_DEFAULT, &encoded, &encoded_size, 0))
    g_error ("Chromaprint could not encode a fingerprint");
  out = g_malloc (HEADER_SIZE + (gsize) encoded_size);
  out[0] = 'A';
  out[1] = 'F';
  out[2] = FORMAT_BYTE;
  memcpy (out + HEADER_SIZE, encoded, encoded_size);
  sum = GUINT32_TO_LE (fnv1a (out + HEADER_SIZE, encoded_size));
  memcpy (out + 3, &sum, 4);
  cp->dealloc (encoded);
  return g_bytes_new_take (out, HEADER_SIZE + (gsize) encoded_size);
}

/**
 * akin_fingerprint_decode:
 * @data: (array length=size): what akin_fingerprint_encode() wrote
 * @size: its size
 * @error: %AKIN_ERROR_DATABASE_CORRUPT when @data is not a whole,
 *   undamaged fingerprint
 *
 * Returns: (transfer full) (nullable): the fingerprint
 */
AkinFingerprint *
akin_fingerprint_decode (gconstpointer   data,
                         gsize           size,
                         GError        **error)
{
  const AkinChromaprint *cp = _akin_chromaprint ();
  const guint8 *bytes = data;
  guint32 *values = NULL;
  guint32 sum;
  int n = 0, algorithm = -1;
  AkinFingerprint *fp;

  if (size <= HEADER_SIZE || bytes[0] != 'A' || bytes[1] != 'F' || bytes[2] != FORMAT_BYTE)
    {
      g_set_error_literal (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT,
                           "The fingerprint is not in a known format");
      return NULL;
    }
  memcpy (&sum, bytes + 3, 4);
  if (GUINT32_FROM_LE (sum) != fnv1a (bytes + HEADER_SIZE, size - HEADER_SIZE))
    {
      g_set_error_literal (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT,
                           "The fingerprint is damaged (its checksum does not match)");
      return NULL;
    }
  if (!cp->decode_fingerprint ((const char *) bytes + HEADER_SIZE,
                               (int) (size - HEADER_SIZE), &values, &n, &algorithm, 0)
      || values == NULL || n <= 0 || algorithm != CHROMAPRINT_ALGORITHM_DEFAULT)
    {
      if (values != NULL)
        cp->dealloc (values);
      g_set_error_literal (error, AKIN_ERROR, AKIN_ERROR_DATABASE_CORRUPT,
                           "The fingerprint could not be decoded");
      return NULL;
    }
  fp = akin_fingerprint_new (values, (guint) n);
  cp->dealloc (values);
  return fp;
}
