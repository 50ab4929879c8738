/* akin-cli-progress.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Progress for long commands. On a terminal: one line on stderr, redrawn in
 * place with a bar, at most ten times a second. Otherwise (a log, a pipe):
 * a plain line whenever the label changes and at most every five seconds,
 * so logs stay readable.
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "akin-cli-progress.h"

#define BAR_WIDTH 28

struct _AkinCliProgress
{
  gboolean  tty;
  gint64    last_draw;
  char     *last_label;
  gboolean  dirty;
};

AkinCliProgress *
akin_cli_progress_new (void)
{
  AkinCliProgress *self = g_new0 (AkinCliProgress, 1);

  self->tty = isatty (STDERR_FILENO);
  return self;
}

char *
akin_cli_format_eta (double seconds)
{
  guint s;

  if (!(seconds >= 0) || seconds > 360000)
    return g_strdup ("--:--");
  s = (guint) (seconds + 0.5);
  if (s >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
  return g_strdup_printf ("%u:%02u", s / 60, s % 60);
}

void
akin_cli_progress_update (AkinCliProgress *self,
                          const char      *label,
                          double           fraction,
                          const char      *detail)
{
  gint64 now = g_get_monotonic_time ();
  gboolean new_label = g_strcmp0 (label, self->last_label) != 0;
  gint64 interval = self->tty ? G_USEC_PER_SEC / 10 : 5 * G_USEC_PER_SEC;

  if (!new_label && now - self->last_draw < interval && fraction < 1.0)
    return;

  self->last_draw = now;
  g_free (self->last_label);
  self->last_label = g_strdup (label);
  fraction = CLAMP (fraction, 0.0, 1.0);

  if (self->tty)
    {
      char bar[BAR_WIDTH + 1];
      guint filled = (guint) (fraction * BAR_WIDTH + 0.5);

      for (guint i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < filled ? '#' : '-';
      bar[BAR_WIDTH] = '\0';
      fprintf (stderr, "\r\033[K%s [%s] %3.0f%% %s", label, bar, fraction * 100.0,
               detail != NULL ? detail : "");
      self->dirty = TRUE;
    }
  else
    {
      fprintf (stderr, "%s: %.0f%% %s\n", label, fraction * 100.0, detail != NULL ? detail : "");
    }
  fflush (stderr);
}

void
akin_cli_progress_clear (AkinCliProgress *self)
{
  if (self->tty && self->dirty)
    {
      fprintf (stderr, "\r\033[K");
      fflush (stderr);
    }
  self->dirty = FALSE;
}

void
akin_cli_progress_free (AkinCliProgress *self)
{
  if (self == NULL)
    return;
  akin_cli_progress_clear (self);
  g_free (self->last_label);
  g_free (self);
}
