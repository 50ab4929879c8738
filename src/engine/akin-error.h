/* akin-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AKIN_ERROR (akin_error_quark ())

/**
 * AkinError:
 * @AKIN_ERROR_FAILED: an internal failure with no better code
 * @AKIN_ERROR_NOT_AUDIO: the file holds no audio stream that can be decoded
 * @AKIN_ERROR_TIMEOUT: decoding made no progress within its time limit
 * @AKIN_ERROR_EMPTY: the file decoded to no samples at all
 * @AKIN_ERROR_MODEL_INVALID: a model file is truncated, corrupted or not a model file
 * @AKIN_ERROR_MODEL_VERSION: a model file was written by an unsupported format version
 * @AKIN_ERROR_MODEL_MISMATCH: a model's architecture differs from what the code expects
 * @AKIN_ERROR_DIMENSION_MISMATCH: vectors of different lengths were compared or stored
 * @AKIN_ERROR_SCHEMA_TOO_NEW: the database was written by a newer version of Akin
 * @AKIN_ERROR_DATABASE_CORRUPT: the database file is damaged or not a database
 * @AKIN_ERROR_NOT_FOUND: no track with that id or location is in the library
 * @AKIN_ERROR_NOT_ANALYZED: the track has not been analysed (yet) with the current model
 * @AKIN_ERROR_INVALID_ARGUMENT: a caller passed a value outside its documented range
 * @AKIN_ERROR_TOO_LONG: the audio is longer than the limit the caller asked for
 * @AKIN_ERROR_SCHEMA_TOO_OLD: a database opened read-only has an older schema (or
 *   none): a scan brings it up to date
 * @AKIN_ERROR_TOO_SHORT: the audio is too short to analyse (under
 *   %AKIN_ANALYSIS_MIN_SECONDS)
 *
 * Errors raised by Akin's own code. Cancellation is always reported as
 * %G_IO_ERROR_CANCELLED, file problems as #G_IO_ERROR codes and decoder
 * failures keep GStreamer's #GST_RESOURCE_ERROR / #GST_STREAM_ERROR codes.
 */
typedef enum
{
  AKIN_ERROR_FAILED,
  AKIN_ERROR_NOT_AUDIO,
  AKIN_ERROR_TIMEOUT,
  AKIN_ERROR_EMPTY,
  AKIN_ERROR_MODEL_INVALID,
  AKIN_ERROR_MODEL_VERSION,
  AKIN_ERROR_MODEL_MISMATCH,
  AKIN_ERROR_DIMENSION_MISMATCH,
  AKIN_ERROR_SCHEMA_TOO_NEW,
  AKIN_ERROR_DATABASE_CORRUPT,
  AKIN_ERROR_NOT_FOUND,
  AKIN_ERROR_NOT_ANALYZED,
  AKIN_ERROR_INVALID_ARGUMENT,
  AKIN_ERROR_TOO_LONG,
  AKIN_ERROR_SCHEMA_TOO_OLD,
  AKIN_ERROR_TOO_SHORT,
} AkinError;

GQuark   akin_error_quark        (void);
gboolean akin_error_is_transient (const GError *error);

G_END_DECLS
