/* akin-playback-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by akin-playback.c (the object, previous/next, following the
 * player) and akin-playback-resume.c (what is shown about the current
 * track, its cover, and resuming at the next start).
 */

#pragma once

#include "akin-cover-loader.h"
#include "akin-playback.h"

G_BEGIN_DECLS

struct _AkinPlayback
{
  GObject             parent_instance;

  AkinPlayer         *player;
  AkinQueue          *queue;
  AkinLibraryManager *manager;
  GSettings          *settings;

  AkinNowPlaying     *now_playing;
  gint64              current_track_id;  /* what was notified of the queue's current */
  gboolean            has_next;
  gboolean            has_previous;
  gboolean            can_go_previous;
  gboolean            starting;          /* this object is loading a track */
  gboolean            resumed;

  /* The cover of now_playing, when it came without one */
  AkinCoverLoader    *cover_loader;
  GCancellable       *cover_cancellable;
  char               *cover_uri;
};

enum {
  AKIN_PLAYBACK_PROP_0,
  AKIN_PLAYBACK_PROP_PLAYER,
  AKIN_PLAYBACK_PROP_NOW_PLAYING,
  AKIN_PLAYBACK_PROP_CURRENT_TRACK_ID,
  AKIN_PLAYBACK_PROP_STATE,
  AKIN_PLAYBACK_PROP_POSITION,
  AKIN_PLAYBACK_PROP_HAS_NEXT,
  AKIN_PLAYBACK_PROP_HAS_PREVIOUS,
  AKIN_PLAYBACK_PROP_CAN_GO_PREVIOUS,
  AKIN_PLAYBACK_PROP_SHUFFLE,
  AKIN_PLAYBACK_PROP_REPEAT,
  AKIN_PLAYBACK_PROP_PLAY_SIMILAR,
  AKIN_PLAYBACK_N_PROPS
};

extern GParamSpec *_akin_playback_properties[AKIN_PLAYBACK_N_PROPS];

void _akin_playback_clear_cover (AkinPlayback *self);

G_END_DECLS
