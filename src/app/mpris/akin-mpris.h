/* akin-mpris.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-playback.h"

G_BEGIN_DECLS

#define AKIN_TYPE_MPRIS (akin_mpris_get_type ())

G_DECLARE_FINAL_TYPE (AkinMpris, akin_mpris, AKIN, MPRIS, GObject)

/* Main thread only. */

AkinMpris  *akin_mpris_new          (GApplication *application,
                                     AkinPlayback *playback);
const char *akin_mpris_get_bus_name (AkinMpris    *self);

G_END_DECLS
