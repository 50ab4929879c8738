/* akin-playback.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "akin-library-manager.h"
#include "akin-now-playing.h"
#include "akin-player.h"
#include "akin-queue.h"

G_BEGIN_DECLS

/* Within this many seconds of the start, "previous" goes to the previous
 * track; later it restarts the current one. */
#define AKIN_RESTART_THRESHOLD 3.0

#define AKIN_TYPE_PLAYBACK (akin_playback_get_type ())

G_DECLARE_FINAL_TYPE (AkinPlayback, akin_playback, AKIN, PLAYBACK, GObject)

/* Main thread only. */

AkinPlayback       *akin_playback_new                  (void);
AkinPlayer         *akin_playback_get_player           (AkinPlayback             *self);
AkinQueue          *akin_playback_get_queue            (AkinPlayback             *self);
void                akin_playback_set_library_manager  (AkinPlayback             *self,
                                                        AkinLibraryManager       *manager);
AkinLibraryManager *akin_playback_get_library_manager  (AkinPlayback             *self);

AkinNowPlaying     *akin_playback_get_now_playing      (AkinPlayback             *self);
void                akin_playback_set_now_playing      (AkinPlayback             *self,
                                                        AkinNowPlaying           *now_playing);
gint64              akin_playback_get_current_track_id (AkinPlayback             *self);
AkinPlayerState     akin_playback_get_state            (AkinPlayback             *self);
double              akin_playback_get_position         (AkinPlayback             *self);
gboolean            akin_playback_get_has_next         (AkinPlayback             *self);
gboolean            akin_playback_get_has_previous     (AkinPlayback             *self);
gboolean            akin_playback_get_can_go_previous  (AkinPlayback             *self);
gboolean            akin_playback_get_shuffle          (AkinPlayback             *self);
void                akin_playback_set_shuffle          (AkinPlayback             *self,
                                                        gboolean                  shuffle);
AkinQueueRepeat     akin_playback_get_repeat           (AkinPlayback             *self);
void                akin_playback_set_repeat           (AkinPlayback             *self,
                                                        AkinQueueRepeat           repeat);
gboolean            akin_playback_get_play_similar     (AkinPlayback             *self);
void                akin_playback_set_play_similar     (AkinPlayback             *self,
                                                        gboolean                  play_similar);

void                akin_playback_play_uri             (AkinPlayback             *self,
                                                        const char               *uri,
                                                        AkinNowPlaying           *now_playing);
gboolean            akin_playback_play_track           (AkinPlayback             *self,
                                                        gint64                    track_id,
                                                        AkinQueueSource           source);
gboolean            akin_playback_play_from_list       (AkinPlayback             *self,
                                                        const AkinQueueCandidate *list,
                                                        guint                     n_list,
                                                        gint64                    track_id);
void                akin_playback_set_candidates       (AkinPlayback             *self,
                                                        gint64                    anchor_id,
                                                        const AkinQueueCandidate *candidates,
                                                        guint                     n_candidates);
gboolean            akin_playback_queue_track          (AkinPlayback             *self,
                                                        gint64                    track_id,
                                                        gboolean                  play_next);
gboolean            akin_playback_play_queued          (AkinPlayback             *self,
                                                        guint                     position);
void                akin_playback_next                 (AkinPlayback             *self);
void                akin_playback_previous             (AkinPlayback             *self);
void                akin_playback_play                 (AkinPlayback             *self);
void                akin_playback_pause                (AkinPlayback             *self);
void                akin_playback_toggle               (AkinPlayback             *self);
void                akin_playback_stop                 (AkinPlayback             *self);
void                akin_playback_seek                 (AkinPlayback             *self,
                                                        double                    seconds);

/* akin-playback-resume.c */
void                akin_playback_save_resume          (AkinPlayback             *self);
gboolean            akin_playback_restore_resume       (AkinPlayback             *self);

G_END_DECLS
