/* akin-mpris.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "akin-now-playing.h"
#include "akin-player.h"

G_BEGIN_DECLS

#define AKIN_TYPE_MPRIS (akin_mpris_get_type ())

G_DECLARE_FINAL_TYPE (AkinMpris, akin_mpris, AKIN, MPRIS, GObject)

/* Main thread only. */

AkinMpris  *akin_mpris_new                 (GApplication   *application,
                                            AkinPlayer     *player);
const char *akin_mpris_get_bus_name        (AkinMpris      *self);
void        akin_mpris_set_now_playing     (AkinMpris      *self,
                                            AkinNowPlaying *now_playing);
void        akin_mpris_set_can_go_next     (AkinMpris      *self,
                                            gboolean        can_go_next);
void        akin_mpris_set_can_go_previous (AkinMpris      *self,
                                            gboolean        can_go_previous);

G_END_DECLS
