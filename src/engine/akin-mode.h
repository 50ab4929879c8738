/* akin-mode.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mode of a key: the one word of music vocabulary that both the audio
 * layer (which estimates keys) and the nn layer (whose fusion stage encodes
 * them) need. It lives at the engine's root so that neither has to see the
 * other.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AkinMode:
 * @AKIN_MODE_UNKNOWN: no key, or an undefined one
 * @AKIN_MODE_MAJOR: major
 * @AKIN_MODE_MINOR: minor
 *
 * The mode of a key.
 */
typedef enum
{
  AKIN_MODE_UNKNOWN = 0,
  AKIN_MODE_MAJOR,
  AKIN_MODE_MINOR,
} AkinMode;

G_END_DECLS
