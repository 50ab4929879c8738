/* akin-player-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by akin-player.c (the object and its main-thread API),
 * akin-player-events.c (libvlc's events, from its threads to the main loop)
 * and akin-player-next.c (the next track, prepared before it plays).
 */

#pragma once

#include <vlc/vlc.h>

#include "akin-player.h"

G_BEGIN_DECLS

struct _AkinPlayer
{
  GObject                parent_instance;

  libvlc_instance_t     *vlc;
  libvlc_media_player_t *media_player;
  GMainContext          *context;

  char                  *uri;
  AkinPlayerState        state;
  double                 position;
  double                 duration;
  double                 volume;
  gboolean               can_seek;
  double                 pending_start; /* where a resumed track starts */

  guint                  position_id;
  guint                  ticks_to_skip;
  int                    generation; /* atomic: read from libvlc threads */
  guint                  play_serial; /* counts akin_player_play() calls */

  /* akin-player-next.c */
  libvlc_media_player_t *next_player; /* the next track, paused at its start once ready */
  char                  *next_uri;
  gboolean               next_ready;
  int                    next_generation; /* atomic */
};

void     _akin_player_set_state            (AkinPlayer     *self,
                                            AkinPlayerState state);
void     _akin_player_set_position         (AkinPlayer     *self,
                                            double          position);
void     _akin_player_set_duration         (AkinPlayer     *self,
                                            double          duration);
void     _akin_player_set_can_seek         (AkinPlayer     *self,
                                            gboolean        can_seek);
gboolean _akin_player_update_position      (gpointer        data);
void     _akin_player_start_position_timer (AkinPlayer     *self);
void     _akin_player_stop_position_timer  (AkinPlayer     *self);
char    *_akin_player_display_name_for_uri (const char     *uri);
void     _akin_player_emit_error           (AkinPlayer     *self,
                                            const char     *message);
void     _akin_player_emit_end_of_stream   (AkinPlayer     *self);
void     _akin_player_finish_track         (AkinPlayer     *self);
void     _akin_player_attach_events        (AkinPlayer     *self);
void     _akin_player_detach_events        (AkinPlayer     *self);
void     _akin_player_drop_next            (AkinPlayer     *self);
gboolean _akin_player_take_next            (AkinPlayer     *self,
                                            const char     *uri);

G_END_DECLS
