/* akin-cli-progress.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AkinCliProgress AkinCliProgress;

AkinCliProgress *akin_cli_progress_new    (void);
void             akin_cli_progress_update (AkinCliProgress *self,
                                           const char      *label,
                                           double           fraction,
                                           const char      *detail);
void             akin_cli_progress_clear  (AkinCliProgress *self);
void             akin_cli_progress_free   (AkinCliProgress *self);
char            *akin_cli_format_eta      (double           seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AkinCliProgress, akin_cli_progress_free)

G_END_DECLS
