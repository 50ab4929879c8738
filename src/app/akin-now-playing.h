/* akin-now-playing.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define AKIN_TYPE_NOW_PLAYING (akin_now_playing_get_type ())

/**
 * AkinNowPlaying:
 *
 * What the window shows about the current track: an immutable, refcounted
 * record that the player bar and MPRIS read. Safe to share between threads
 * once built.
 */
typedef struct _AkinNowPlaying AkinNowPlaying;

GType           akin_now_playing_get_type    (void) G_GNUC_CONST;
AkinNowPlaying *akin_now_playing_new         (const char     *uri,
                                              const char     *title,
                                              const char     *artist,
                                              const char     *album,
                                              GBytes         *cover);
AkinNowPlaying *akin_now_playing_new_for_uri (const char     *uri);
AkinNowPlaying *akin_now_playing_copy_with_cover (AkinNowPlaying *self,
                                                  GBytes         *cover);
AkinNowPlaying *akin_now_playing_ref         (AkinNowPlaying *self);
void            akin_now_playing_unref       (AkinNowPlaying *self);
const char     *akin_now_playing_get_uri     (AkinNowPlaying *self);
const char     *akin_now_playing_get_title   (AkinNowPlaying *self);
const char     *akin_now_playing_get_artist  (AkinNowPlaying *self);
const char     *akin_now_playing_get_album   (AkinNowPlaying *self);
GBytes         *akin_now_playing_get_cover   (AkinNowPlaying *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinNowPlaying, akin_now_playing_unref)

G_END_DECLS
