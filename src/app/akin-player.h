/* akin-player.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * AkinPlayerState:
 * @AKIN_PLAYER_STATE_STOPPED: nothing is playing; the position is 0
 * @AKIN_PLAYER_STATE_PLAYING: the current track is playing
 * @AKIN_PLAYER_STATE_PAUSED: the current track is paused
 */
typedef enum
{
  AKIN_PLAYER_STATE_STOPPED,
  AKIN_PLAYER_STATE_PLAYING,
  AKIN_PLAYER_STATE_PAUSED,
} AkinPlayerState;

#define AKIN_TYPE_PLAYER (akin_player_get_type ())

G_DECLARE_FINAL_TYPE (AkinPlayer, akin_player, AKIN, PLAYER, GObject)

/* Every function below must be called from the main thread. */

AkinPlayer     *akin_player_new          (void);
void            akin_player_set_uri      (AkinPlayer *self,
                                          const char *uri);
void            akin_player_set_uri_at   (AkinPlayer *self,
                                          const char *uri,
                                          double      position,
                                          double      duration);
gboolean        akin_player_get_resumed  (AkinPlayer *self);
const char     *akin_player_get_uri      (AkinPlayer *self);
AkinPlayerState akin_player_get_state    (AkinPlayer *self);
double          akin_player_get_position (AkinPlayer *self);
double          akin_player_get_duration (AkinPlayer *self);
gboolean        akin_player_get_can_seek (AkinPlayer *self);
double          akin_player_get_volume   (AkinPlayer *self);
void            akin_player_set_volume   (AkinPlayer *self,
                                          double      volume);
void            akin_player_play         (AkinPlayer *self);
void            akin_player_pause        (AkinPlayer *self);
void            akin_player_toggle       (AkinPlayer *self);
void            akin_player_stop         (AkinPlayer *self);
void            akin_player_seek         (AkinPlayer *self,
                                          double      seconds);
void            akin_player_prepare_next (AkinPlayer *self,
                                          const char *uri);
const char     *akin_player_get_next_uri (AkinPlayer *self);

G_END_DECLS
