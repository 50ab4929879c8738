/* akin-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by akin-window.c (construction, properties, player wiring) and
 * akin-window-actions.c (the library.* and player.* actions).
 */

#pragma once

#include "akin-cover-loader.h"
#include "akin-playback-bar.h"
#include "akin-spectrogram-view.h"
#include "akin-window.h"

G_BEGIN_DECLS

/* Within this many seconds of the start, "previous" goes to the previous
 * track; later it restarts the current one. */
#define AKIN_RESTART_THRESHOLD 3.0
#define AKIN_SEEK_STEP         10.0

struct _AkinWindow
{
  AdwApplicationWindow  parent_instance;

  AkinPlayer           *player;
  AkinNowPlaying       *now_playing;
  GSettings            *settings;
  gboolean              has_next;
  gboolean              has_previous;
  gint64                current_track_id;

  /* The cover of now_playing, when it came without one */
  AkinCoverLoader      *cover_loader;
  GCancellable         *cover_cancellable;
  char                 *cover_uri;

  /* akin-window-library.c */
  AkinLibraryManager   *library_manager;
  GtkWidget            *library_view;
  GtkWidget            *albums_view;
  GtkWidget            *artists_view;
  GtkWidget            *analysis_button;
  gboolean              library_has_tracks;
  gboolean              library_error;

  GSimpleActionGroup   *player_actions;
  GSimpleActionGroup   *library_actions;
  GtkFileChooserNative *folder_chooser;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *browse_stack;
  GtkBox               *albums_slot;
  GtkBox               *artists_slot;
  AdwFlap              *flap;
  GtkStack             *main_stack;
  GtkBox               *library_view_slot;
  GtkBox               *similar_pane_slot;
  GtkStack             *side_stack;
  GtkBox               *queue_pane_slot;
  AkinSpectrogramView  *spectrogram_view;
  GtkRevealer          *playback_revealer;
  AkinPlaybackBar      *playback_bar;
  AdwHeaderBar         *header_bar;
  GtkMenuButton        *menu_button;
  GtkButton            *xdg_music_button;
  GtkButton            *add_folder_button;
  AdwStatusPage        *error_page;
};

enum {
  AKIN_WINDOW_SIGNAL_NEXT_REQUESTED,
  AKIN_WINDOW_SIGNAL_PREVIOUS_REQUESTED,
  AKIN_WINDOW_N_SIGNALS
};

extern guint _akin_window_signals[AKIN_WINDOW_N_SIGNALS];

typedef struct
{
  const char *accelerator;
  const char *action;
} AkinWindowKey;

extern const AkinWindowKey _akin_window_keys[];
extern const guint         _akin_window_n_keys;

void     _akin_window_init_actions   (AkinWindow *self);
void     _akin_window_update_actions (AkinWindow *self);
gboolean _akin_window_can_go_next    (AkinWindow *self);
gboolean _akin_window_can_go_previous (AkinWindow *self);
void     _akin_window_update_main_page (AkinWindow *self);
void     _akin_window_init_drop      (AkinWindow *self);

G_END_DECLS
