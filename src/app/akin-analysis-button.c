/* akin-analysis-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The header bar's quiet report on the background analysis: a ring that
 * fills as songs are analysed (redrawn only when progress changes, never
 * animated, so a long analysis costs no frames), a pause icon when paused,
 * a warning when some songs failed. Its popover says how far it is and how
 * long is left,
 * pauses or resumes, and opens the list of problems. Hidden when there is
 * nothing to say. Fed by AkinLibraryManager's properties.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "akin-accessible.h"
#include "akin-analysis-button.h"
#include "akin-problems-dialog.h"

struct _AkinAnalysisButton
{
  GtkWidget           parent_instance;

  AkinLibraryManager *manager;
  guint               n_failed_total;   /* failed tracks in the database */
  guint               n_duplicates;     /* recordings held in several files */

  /* Template children */
  GtkMenuButton      *menu_button;
  GtkStack           *icon_stack;
  GtkDrawingArea     *ring;
  double              fraction;
  GtkLabel           *title_label;
  GtkLabel           *detail_label;
  GtkProgressBar     *progress_bar;
  GtkButton          *pause_button;
  GtkButton          *problems_button;
};

G_DEFINE_FINAL_TYPE (AkinAnalysisButton, akin_analysis_button, GTK_TYPE_WIDGET)

static void
draw_ring (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  AkinAnalysisButton *self = data;
  double cx = width / 2.0, cy = height / 2.0;
  double radius = MIN (width, height) / 2.0 - 1.5;
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  cairo_set_line_width (cr, 2.5);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.25);
  cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
  cairo_stroke (cr);
  if (self->fraction > 0)
    {
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_arc (cr, cx, cy, radius, -G_PI / 2, -G_PI / 2 + 2 * G_PI * MIN (1.0, self->fraction));
      cairo_stroke (cr);
    }
}

static char *
format_eta (double seconds)
{
  guint minutes;

  if (seconds < 0)
    return NULL;
  if (seconds < 60)
    return g_strdup (_("Less than a minute left"));
  minutes = (guint) (seconds / 60 + 0.5);
  if (minutes < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "About %u minute left",
                                         "About %u minutes left", minutes), minutes);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "About %u hour left",
                                       "About %u hours left", minutes / 60), minutes / 60);
}

/**
 * akin_analysis_button_dup_summary:
 *
 * Returns: (transfer full): the popover's first line, e.g. "Analysing 120
 *   of 500 songs"
 */
char *
akin_analysis_button_dup_summary (AkinAnalysisButton *self)
{
  AkinAnalyzerProgress p;
  guint n_processed;
  gboolean analyzing;

  g_return_val_if_fail (AKIN_IS_ANALYSIS_BUTTON (self), NULL);

  akin_library_manager_get_progress (self->manager, &p);
  n_processed = MIN (p.n_total, p.n_done + p.n_failed + p.n_skipped);
  g_object_get (self->manager, "analyzing", &analyzing, NULL);
  if (!analyzing)
    {
      if (self->n_failed_total > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u song could not be analysed",
                                             "%u songs could not be analysed",
                                             self->n_failed_total), self->n_failed_total);
      if (self->n_duplicates > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u song is in the library more than once",
                                             "%u songs are in the library more than once",
                                             self->n_duplicates), self->n_duplicates);
      return g_strdup (_("All songs are analysed"));
    }
  if (p.phase == AKIN_ANALYZER_PHASE_SCANNING || p.n_total == 0)
    return g_strdup (_("Looking for songs…"));
  if (p.paused)
    /* Translators: the first %u counts analysed songs, the second all songs to analyse */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u song analysed",
                                         "%u of %u songs analysed", p.n_total),
                            n_processed, p.n_total);
  /* Translators: the first %u counts analysed songs, the second all songs to analyse */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Analysing %u of %u song",
                                       "Analysing %u of %u songs", p.n_total),
                          MIN (n_processed + 1, p.n_total), p.n_total);
}

static void
update (AkinAnalysisButton *self)
{
  g_autofree char *summary = akin_analysis_button_dup_summary (self);
  g_autofree char *detail = NULL;
  AkinAnalyzerProgress p;
  gboolean analyzing, paused;
  double eta;

  g_object_get (self->manager, "analyzing", &analyzing, "paused", &paused,
                "eta-seconds", &eta, NULL);
  akin_library_manager_get_progress (self->manager, &p);

  gtk_label_set_label (self->title_label, summary);
  if (analyzing && paused)
    detail = g_strdup (p.n_active > 0 ? _("Pausing: songs being analysed finish first")
                                      : _("Paused"));
  else if (analyzing && p.phase == AKIN_ANALYZER_PHASE_ANALYZING)
    detail = format_eta (eta);
  else if (analyzing)
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u song found", "%u songs found",
                                           p.n_found), p.n_found);
  gtk_label_set_label (self->detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL);

  self->fraction = p.n_total > 0
                   ? (double) MIN (p.n_total, p.n_done + p.n_failed + p.n_skipped) / p.n_total
                   : 0.0;
  if (p.n_total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, self->fraction);
  else
    gtk_progress_bar_pulse (self->progress_bar);
  gtk_widget_queue_draw (GTK_WIDGET (self->ring));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), analyzing);

  gtk_button_set_label (self->pause_button, paused ? _("_Resume") : _("_Pause"));
  gtk_button_set_use_underline (self->pause_button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->pause_button), analyzing || paused);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_button),
                          self->n_failed_total > 0 || p.n_failed > 0 || self->n_duplicates > 0);

  if (paused)
    gtk_stack_set_visible_child_name (self->icon_stack, "paused");
  else if (analyzing)
    gtk_stack_set_visible_child_name (self->icon_stack, "running");
  else
    gtk_stack_set_visible_child_name (self->icon_stack, "problems");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), summary);
  gtk_widget_set_visible (GTK_WIDGET (self), analyzing || paused || self->n_failed_total > 0
                          || self->n_duplicates > 0);
}

/* The failures of earlier runs count too: they are in the database; so
 * do the recordings held in several files. */
static void
count_failed (AkinAnalysisButton *self)
{
  AkinDatabase *db = akin_library_manager_get_database (self->manager);
  g_autoptr(GArray) members = NULL;
  guint n_failed;

  if (akin_database_count_with_status (db, AKIN_TRACK_STATUS_FAILED, &n_failed, NULL))
    self->n_failed_total = n_failed;
  if ((members = akin_database_list_recordings (db, NULL)) != NULL)
    {
      self->n_duplicates = 0;
      for (guint i = 0; i < members->len; i++)
        if (i == 0 || g_array_index (members, AkinRecordingMember, i).recording
                      != g_array_index (members, AkinRecordingMember, i - 1).recording)
          self->n_duplicates++;
    }
  update (self);
}

static void
on_pause_clicked (AkinAnalysisButton *self)
{
  gboolean paused;

  g_object_get (self->manager, "paused", &paused, NULL);
  if (paused)
    akin_library_manager_resume (self->manager);
  else
    akin_library_manager_pause (self->manager);
}

static void
on_problems_clicked (AkinAnalysisButton *self)
{
  GtkWidget *dialog = akin_problems_dialog_new (self->manager);

  gtk_menu_button_popdown (self->menu_button);
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
akin_analysis_button_dispose (GObject *object)
{
  AkinAnalysisButton *self = AKIN_ANALYSIS_BUTTON (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), AKIN_TYPE_ANALYSIS_BUTTON);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (akin_analysis_button_parent_class)->dispose (object);
}

static void
akin_analysis_button_class_init (AkinAnalysisButtonClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = akin_analysis_button_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "analysisbutton");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/akinplayer/Akin/ui/akin-analysis-button.ui");
  gtk_widget_class_bind_template_child (widget_class, AkinAnalysisButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, AkinAnalysisButton, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, AkinAnalysisButton, ring);
  gtk_widget_class_bind_template_child (widget_class, AkinAnalysisButton, title_label);
  gtk_widget_class_bind_template_child (widget_class, AkinAnalysisButton, detail_label);
  gtk_widget_class_bind_template_child (widget_class, AkinAnalysisButton, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AkinAnalysisButton, pause_button);
  gtk_widget_class_bind_template_child (widget_class, AkinAnalysisButton, problems_button);
  gtk_widget_class_bind_template_callback (widget_class, on_pause_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_problems_clicked);
}

static void
akin_analysis_button_init (AkinAnalysisButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->ring, draw_ring, self, NULL);
  akin_accessible_name_button (GTK_WIDGET (self->menu_button), _("Analysis Progress"));
}

/**
 * akin_analysis_button_new:
 * @manager: the library whose analysis to show
 *
 * Returns: (transfer floating): a new button
 */
GtkWidget *
akin_analysis_button_new (AkinLibraryManager *manager)
{
  AkinAnalysisButton *self;
  const char *props[] = { "notify::analyzing", "notify::paused", "notify::n-done",
                          "notify::n-failed", "notify::n-total", "notify::eta-seconds" };

  g_return_val_if_fail (AKIN_IS_LIBRARY_MANAGER (manager), NULL);

  self = g_object_new (AKIN_TYPE_ANALYSIS_BUTTON, NULL);
  self->manager = g_object_ref (manager);
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect_object (manager, props[i], G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "tracks-changed", G_CALLBACK (count_failed), self,
                           G_CONNECT_SWAPPED);
  count_failed (self);
  return GTK_WIDGET (self);
}
