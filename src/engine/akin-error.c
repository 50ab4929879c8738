/* akin-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "akin-error.h"

#include <gio/gio.h>

G_DEFINE_QUARK (akin-error-quark, akin_error)

/**
 * akin_error_is_transient:
 * @error: why a file could not be analysed
 *
 * Whether the cause may go away by itself, so that the file is worth
 * trying again at the next scan: reading it failed (permissions, an I/O
 * error, a busy or unmounted device), the disk was full, the work was
 * cancelled, or decoding stalled. Damaged files, files that are not audio
 * and the like fail the same way every time, until the file changes.
 *
 * Returns: %TRUE for a temporary failure
 */
gboolean
akin_error_is_transient (const GError *error)
{
  GQuark gst_resource = g_quark_try_string ("gst-resource-error-quark");

  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_FAILED:       /* EIO and other errno values */
      case G_IO_ERROR_PERMISSION_DENIED:
      case G_IO_ERROR_NO_SPACE:
      case G_IO_ERROR_CANCELLED:
      case G_IO_ERROR_BUSY:
      case G_IO_ERROR_TIMED_OUT:
      case G_IO_ERROR_WOULD_BLOCK:
      case G_IO_ERROR_NOT_MOUNTED:
      case G_IO_ERROR_HOST_NOT_FOUND:
      case G_IO_ERROR_HOST_UNREACHABLE:
      case G_IO_ERROR_NETWORK_UNREACHABLE:
      case G_IO_ERROR_CONNECTION_REFUSED:
      case G_IO_ERROR_CONNECTION_CLOSED:
        return TRUE;
      default:
        return FALSE;
      }
  if (error->domain == AKIN_ERROR)
    return error->code == AKIN_ERROR_TIMEOUT;
  /* GstResourceError, without linking to GStreamer: 4 BUSY, 5 OPEN_READ,
   * 9 READ, 14 NO_SPACE_LEFT, 15 NOT_AUTHORIZED. */
  if (gst_resource != 0 && error->domain == gst_resource)
    return error->code == 4 || error->code == 5 || error->code == 9
           || error->code == 14 || error->code == 15;
  return FALSE;
}
