/* akin-application-bench.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The start-up benchmark's hook (bench/bench-startup.c): print the
 * monotonic clock (comparable with the launcher's, so the launcher computes
 * the start-up time) when the window has painted its first frame, and again
 * at the first frame that shows the song list filled, with the resident
 * memory then; then quit.
 */

#include "config.h"

#include <stdio.h>

#include "akin-application.h"
#include "akin-library-view.h"
#include "akin-window.h"

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
quit (GtkWidget *window)
{
  printf ("vm-rss-kb %" G_GUINT64_FORMAT "\n", read_vm_rss_kb ());
  fflush (stdout);
  g_application_quit (g_application_get_default ());
}

static void
on_list_painted (GdkFrameClock *clock,
                 GtkWidget     *window)
{
  g_signal_handlers_disconnect_by_func (clock, on_list_painted, window);
  printf ("list-frame-monotonic-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  quit (window);
}

static void
wait_for_list_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_list_painted), window);
  gtk_widget_queue_draw (window);
}

static void
on_list_refreshed (AkinLibraryModel *model,
                   GtkWidget        *window)
{
  g_signal_handlers_disconnect_by_func (model, on_list_refreshed, window);
  wait_for_list_frame (window);
}

static void
on_after_paint (GdkFrameClock *clock,
                GtkWidget     *window)
{
  GtkWidget *view = akin_window_get_library_view (AKIN_WINDOW (window));
  AkinLibraryModel *model;

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  printf ("first-frame-monotonic-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  if (view == NULL)
    {
      quit (window);
      return;
    }
  model = akin_library_view_get_model (AKIN_LIBRARY_VIEW (view));
  if (akin_library_model_get_loading (model))
    g_signal_connect (model, "refreshed", G_CALLBACK (on_list_refreshed), window);
  else
    wait_for_list_frame (window);
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
