/* akin-decoder.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every decoded sample is mono float32 at this rate (same as akin-stft.h). */
#define AKIN_SAMPLE_RATE 22050

/* The longest tag text kept, in characters. */
#define AKIN_TAG_MAX_CHARS 1024

/**
 * AkinTags:
 * @title: (nullable): the title tag
 * @artist: (nullable): the artist tag
 * @album: (nullable): the album tag
 * @album_artist: (nullable): the album artist tag
 * @genre: (nullable): the genre tag
 * @date: (nullable): the date or year, as written in the file (ISO 8601 when known)
 * @track_number: the track number, 0 when unknown
 * @disc_number: the disc number (of an album on several discs), 0 when
 *   unknown
 * @has_cover: whether the file embeds a cover image
 *
 * Tags read from a file's own metadata. Strings are UTF-8, at most
 * %AKIN_TAG_MAX_CHARS characters (longer ones are cut, ending in "…").
 */
typedef struct
{
  char     *title;
  char     *artist;
  char     *album;
  char     *album_artist;
  char     *genre;
  char     *date;
  guint     track_number;
  gboolean  has_cover;
  guint     disc_number;
} AkinTags;

char     *akin_file_display_name (GFile *file);

AkinTags *akin_tags_new  (void);
AkinTags *akin_tags_copy (const AkinTags *tags);
void      akin_tags_free (AkinTags       *tags);

/**
 * AkinDecodeInfo:
 * @tags: (not nullable): the tags found in the stream (empty fields when absent)
 * @duration: the duration in seconds: the samples delivered divided by the rate
 * @n_samples: mono samples delivered at %AKIN_SAMPLE_RATE
 * @source_rate: the stream's own sample rate, 0 when unknown
 * @source_channels: the stream's own channel count, 0 when unknown
 * @codec: (nullable): a human-readable codec name, e.g. "Vorbis"
 */
typedef struct
{
  AkinTags *tags;
  double    duration;
  guint64   n_samples;
  guint     source_rate;
  guint     source_channels;
  char     *codec;
} AkinDecodeInfo;

void akin_decode_info_free (AkinDecodeInfo *info);

/* The longest audio akin_decode_all() holds in memory: one hour, 318 MB of
 * float32 at 22050 Hz. Longer files fail there with %AKIN_ERROR_TOO_LONG and
 * go through akin_decode_stream(), whose memory use does not grow with the
 * length. */
#define AKIN_DECODE_ALL_MAX_DURATION 3600.0

/* Seconds without a decoded buffer or a bus message before a decode gives up
 * with %AKIN_ERROR_TIMEOUT, not counting the time the decode's threads wait
 * for a CPU (see akin-decoder-watchdog.c). */
#define AKIN_DECODE_DEFAULT_STALL_TIMEOUT 10.0

/**
 * AkinDecodeOptions:
 * @max_duration: decode at most this many seconds from the start (an excerpt);
 *   0 for no limit
 * @fail_if_longer: when the audio goes on beyond @max_duration, fail with
 *   %AKIN_ERROR_TOO_LONG instead of stopping there successfully
 * @stall_timeout: seconds without progress (no decoded buffer, no pipeline
 *   message, the consumer not at work) before giving up with
 *   %AKIN_ERROR_TIMEOUT; 0 for %AKIN_DECODE_DEFAULT_STALL_TIMEOUT. Time the
 *   decode's threads spend waiting for a CPU (a busy machine) does not count.
 *   Before the first buffer, one more second is allowed per 10 MB of file, for
 *   opening and scanning large files.
 *
 * Optional decoding settings. A zero-filled struct means the defaults, the
 * same as passing %NULL.
 */
typedef struct
{
  double   max_duration;
  gboolean fail_if_longer;
  double   stall_timeout;
} AkinDecodeOptions;

/**
 * AkinDecoderFunc:
 * @samples: mono float32 samples at 22050 Hz
 * @n_samples: how many
 * @user_data: closure data
 * @error: set it when returning %FALSE
 *
 * Receives decoded audio, chunk by chunk, in the decoding thread. @samples
 * belong to the decoder and are valid only during the call.
 *
 * Returns: %FALSE to stop decoding with @error
 */
typedef gboolean (*AkinDecoderFunc) (const float  *samples,
                                     gsize         n_samples,
                                     gpointer      user_data,
                                     GError      **error);

gboolean  akin_decode_stream (GFile            *file,
                              AkinDecoderFunc   func,
                              gpointer          user_data,
                              AkinDecodeInfo  **info,
                              GCancellable     *cancellable,
                              GError          **error);
float    *akin_decode_all    (GFile            *file,
                              gsize            *n_samples,
                              AkinDecodeInfo  **info,
                              GCancellable     *cancellable,
                              GError          **error);
GBytes   *akin_decode_cover  (GFile            *file,
                              GCancellable     *cancellable,
                              GError          **error);

gboolean  akin_decode_stream_full (GFile                   *file,
                                   const AkinDecodeOptions *options,
                                   AkinDecoderFunc          func,
                                   gpointer                 user_data,
                                   AkinDecodeInfo         **info,
                                   GCancellable            *cancellable,
                                   GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinTags, akin_tags_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinDecodeInfo, akin_decode_info_free)

G_END_DECLS
