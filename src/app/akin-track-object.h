/* akin-track-object.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "akin-engine.h"
#include "akin-now-playing.h"

G_BEGIN_DECLS

#define AKIN_TYPE_TRACK_OBJECT (akin_track_object_get_type ())

G_DECLARE_FINAL_TYPE (AkinTrackObject, akin_track_object, AKIN, TRACK_OBJECT, GObject)

/* Main thread only. */

AkinTrackObject *akin_track_object_new            (const AkinTrack *track);
AkinTrackObject *akin_track_object_new_placeholder (gint64          track_id);
void             akin_track_object_update         (AkinTrackObject *self,
                                                   const AkinTrack *track);
gint64           akin_track_object_get_id         (AkinTrackObject *self);
const char      *akin_track_object_get_uri        (AkinTrackObject *self);
const char      *akin_track_object_get_title      (AkinTrackObject *self);
const char      *akin_track_object_get_artist     (AkinTrackObject *self);
const char      *akin_track_object_get_album      (AkinTrackObject *self);
const char      *akin_track_object_get_genre      (AkinTrackObject *self);
double           akin_track_object_get_duration   (AkinTrackObject *self);
double           akin_track_object_get_bpm        (AkinTrackObject *self);
const char      *akin_track_object_get_key        (AkinTrackObject *self);
AkinTrackStatus  akin_track_object_get_status     (AkinTrackObject *self);
const char      *akin_track_object_get_last_error (AkinTrackObject *self);

char            *akin_format_duration             (double           seconds);

G_END_DECLS
