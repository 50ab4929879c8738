/* akin-application-bench.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The start-up benchmark's hook (bench/bench-startup.c): when the window
 * has painted its first frame, print the monotonic clock (comparable with
 * the launcher's, so the launcher computes the start-up time) and the
 * resident memory, then quit.
 */

#include "config.h"

#include <stdio.h>

#include "akin-application.h"

static guint64
read_vm_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

static void
on_after_paint (GdkFrameClock *clock,
                GtkWidget     *window)
{
  GApplication *app = g_application_get_default ();

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  printf ("first-frame-monotonic-us %" G_GINT64_FORMAT "\nvm-rss-kb %" G_GUINT64_FORMAT "\n",
          g_get_monotonic_time (), read_vm_rss_kb ());
  fflush (stdout);
  if (app != NULL)
    g_application_quit (app);
}

static void
on_realize (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), window);
}

void
_akin_application_report_first_frame (GtkWidget *window)
{
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
}
