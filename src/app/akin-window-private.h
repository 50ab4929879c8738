/* akin-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by akin-window.c (construction, properties, playback wiring),
 * akin-window-actions.c (the library.*, player.* and queue.* actions) and
 * akin-window-library.c (the library, the queue page, drops).
 */

#pragma once

#include "akin-playback-bar.h"
#include "akin-spectrogram-view.h"
#include "akin-window.h"

G_BEGIN_DECLS

#define AKIN_SEEK_STEP         10.0

struct _AkinWindow
{
  AdwApplicationWindow  parent_instance;

  AkinPlayback         *playback;
  GSettings            *settings;

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

typedef struct
{
  const char *accelerator;
  const char *action;
} AkinWindowKey;

extern const AkinWindowKey _akin_window_keys[];
extern const guint         _akin_window_n_keys;

void     _akin_window_init_actions   (AkinWindow *self);
void     _akin_window_update_actions (AkinWindow *self);
void     _akin_window_update_main_page (AkinWindow *self);
void     _akin_window_init_drop      (AkinWindow *self);
void     _akin_window_init_queue_actions (AkinWindow *self);

G_END_DECLS
