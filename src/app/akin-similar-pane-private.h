/* akin-similar-pane-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by akin-similar-pane.c (the widget, its states and API) and
 * akin-similar-pane-query.c (queries through the library manager).
 */

#pragma once

#include <adwaita.h>

#include "akin-similar-pane.h"

G_BEGIN_DECLS

struct _AkinSimilarPane
{
  GtkWidget             parent_instance;

  AkinLibraryManager   *manager;
  GBinding             *analyzing_binding;
  GSettings            *settings;
  GSimpleActionGroup   *actions;
  GCancellable         *cancellable;
  GListStore           *items;

  gint64                track_id;
  char                 *track_title;     /* of @track_id, for the header */
  guint                 n_results;
  AkinSimilarPaneState  state;

  /* An anchor outside the library */
  char                 *anchor_uri;
  char                 *anchor_title;
  float                *anchor_vector;
  guint                 anchor_dim;
  AkinTimbreModel      *anchor_timbre;   /* nullable */
  AkinTags             *anchor_tags;     /* nullable */
  AkinDescriptorRecord  anchor_record;

  /* Template children */
  GtkStack             *stack;
  GtkListView          *list_view;
  GtkLabel             *anchor_label;
  GtkButton            *play_anchor_button;
  GtkMenuButton        *options_button;
  GtkSpinner           *pending_spinner;
  AdwStatusPage        *pending_page;
  AdwStatusPage        *error_page;
};

void _akin_similar_pane_set_state        (AkinSimilarPane      *self,
                                          AkinSimilarPaneState  state);
void _akin_similar_pane_set_anchor_title (AkinSimilarPane      *self,
                                          const char           *title);
void _akin_similar_pane_cancel_query     (AkinSimilarPane      *self);
void _akin_similar_pane_start_query      (AkinSimilarPane      *self);

G_END_DECLS
