/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-gantt-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "overlap-format.h"
#include "overlap-gantt-view.h"
#include "overlap-run-words.h"

/* The Gantt chart: paints the recording through the shared painter (the same
 * picture as the exports), grows live at the display's frame rate while a run is
 * live (tick callback; nothing is redrawn when nothing is live), and lets a person
 * zoom (Ctrl+scroll, pinch, +/−), pan (drag, scroll, arrow keys), fit all (F, 0:
 * every run in view, time and lanes, until the next zoom or scroll), collapse a
 * run (click its header, C), select a task (click), read a task's details
 * (tooltip) and measure a span of time (drag on the time axis). */

#define MIN_SPAN        100              /* µs: the deepest zoom */
#define DRAG_THRESHOLD  4.0              /* px before a press becomes a drag */

struct _OverlapGanttView
{
  GtkWidget         parent_instance;

  OverlapRecording *recording;
  gulong            items_changed_id;
  guint             tick_id;
  guint             n_frames;

  /* the visible time range; fitted follows the recording as it grows */
  gboolean          fitted;
  /* fit all: fitted, and the lanes shrink so that every run is in view; auto_fit
   * (presentation mode) turns it on again whenever a run is added */
  gboolean          fit_all;
  gboolean          show_flows;     /* a trace's arrows from slice to slice */
  gboolean          auto_fit;
  GArray           *collapsed;   /* of guint8, per run: non-zero when collapsed */
  OverlapSelection *selection;   /* shared with the other views */
  OverlapChartLayout *layout;    /* of the recording; made again as little as it can */
  OverlapRecording *empty;       /* shown when there is no recording */
  gint64            view_start;
  gint64            view_end;

  double            text_scale;
  gboolean          high_contrast;
  int               selected_run;
  int               selected_lane;

  GtkAdjustment    *hadjustment;
  GtkAdjustment    *vadjustment;
  guint             hscroll_policy : 1;
  guint             vscroll_policy : 1;

  /* dragging: panning the chart, or measuring on the axis */
  gboolean          dragging;
  gboolean          measuring;
  gboolean          drag_moved;
  double            drag_x;
  double            drag_y;
  gint64            drag_view_start;
  gint64            drag_view_end;
  double            drag_scroll;
  gint64            measure_start;
  gint64            measure_end;

  /* pinch */
  gint64            zoom_view_start;
  gint64            zoom_view_end;

  /* the figures of a measured range */
  GtkWidget        *range_popover;
  GtkLabel         *range_label;
};

/* @text, escaped, in bold Pango markup: translatable strings carry no markup */
static char *
bold (const char *text)
{
  return g_markup_printf_escaped ("<b>%s</b>", text);
}

static void scrollable_iface_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OverlapGanttView, overlap_gantt_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, scrollable_iface_init))

enum {
  PROP_0,
  PROP_RECORDING,
  PROP_TEXT_SCALE,
  PROP_HIGH_CONTRAST,
  PROP_SELECTED_RUN,
  PROP_SELECTED_LANE,
  PROP_FIT_ALL,
  PROP_AUTO_FIT,
  PROP_SELECTION,
  PROP_SHOW_FLOWS,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

enum {
  VIEW_CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void set_fit_all        (OverlapGanttView *self,
                                gboolean          fit_all);
static void update_vadjustment (OverlapGanttView *self);
static void selection_changed  (OverlapGanttView *self);

static void
scrollable_iface_init (GtkScrollableInterface *iface)
{
}

/* Geometry */

/* The chart's layout for @options (the view's own, from
 * overlap_gantt_view_get_paint_options()): one object, made again only when
 * the options or the recording changed, for painting and every question. */
static OverlapChartLayout *
layout_with (OverlapGanttView          *self,
             const OverlapPaintOptions *options)
{
  OverlapRecording *recording = self->recording;

  if (recording == NULL)
    {
      /* nothing to show yet: an empty chart's layout */
      if (self->empty == NULL)
        self->empty = overlap_recording_new (NULL);
      recording = self->empty;
    }
  if (self->layout == NULL || overlap_chart_layout_get_recording (self->layout) != recording)
    {
      g_clear_object (&self->layout);
      self->layout = overlap_chart_layout_new (recording);
    }
  overlap_chart_layout_set_options (self->layout, options);
  return self->layout;
}

void
overlap_gantt_view_get_paint_options (OverlapGanttView    *self,
                                      OverlapPaintOptions *options)
{
  GtkWidget *widget = GTK_WIDGET (self);

  overlap_paint_options_init (options);
  options->width = MAX (1, gtk_widget_get_width (widget));
  options->height = MAX (1, gtk_widget_get_height (widget));
  options->now = g_get_monotonic_time ();
  options->text_scale = self->text_scale;
  options->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  options->high_contrast = self->high_contrast;
  options->selected_run = self->selected_run;
  options->selected_lane = self->selected_lane;
  options->scroll_y = self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
  options->fit_lanes = self->fit_all;
  options->hide_flows = !self->show_flows;
  if (self->fit_all)
    options->scroll_y = 0;
  options->collapsed = (const guint8 *) self->collapsed->data;
  options->n_collapsed = self->collapsed->len;
  if (!self->fitted)
    {
      options->view_start = self->view_start;
      options->view_end = self->view_end;
    }
}

static gint64
full_duration (OverlapGanttView *self)
{
  if (self->recording == NULL)
    return 0;
  return overlap_recording_get_duration (self->recording, g_get_monotonic_time ());
}

gboolean
overlap_gantt_view_get_visible_range (OverlapGanttView *self,
                                      gint64           *start,
                                      gint64           *end)
{
  OverlapPaintOptions options;
  OverlapPaintRect chart;

  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), FALSE);

  if (self->recording == NULL)
    return FALSE;

  overlap_gantt_view_get_paint_options (self, &options);
  overlap_chart_layout_get_chart_rect (layout_with (self, &options), &chart);
  *start = overlap_chart_layout_x_to_time (layout_with (self, &options), chart.x);
  *end = overlap_chart_layout_x_to_time (layout_with (self, &options), chart.x + chart.width);
  return *end > *start;
}

static void
set_range (OverlapGanttView *self,
           gint64            start,
           gint64            end)
{
  gint64 duration = MAX (full_duration (self), MIN_SPAN);
  gint64 span = MAX (end - start, MIN_SPAN);

  if (span >= duration)
    {
      overlap_gantt_view_fit (self);
      return;
    }

  /* keep some of the recording in view */
  start = CLAMP (start, -span / 2, duration - span / 2);
  set_fit_all (self, FALSE);
  self->fitted = FALSE;
  self->view_start = start;
  self->view_end = start + span;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

static void
set_fit_all (OverlapGanttView *self,
             gboolean          fit_all)
{
  fit_all = !!fit_all;
  if (self->fit_all == fit_all)
    return;
  self->fit_all = fit_all;
  if (fit_all)
    {
      self->fitted = TRUE;
      self->view_start = self->view_end = 0;
      if (self->vadjustment != NULL)
        gtk_adjustment_set_value (self->vadjustment, 0);
    }
  update_vadjustment (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT_ALL]);
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

static void
update_vadjustment (OverlapGanttView *self)
{
  OverlapPaintOptions options;
  double natural, page, value;

  if (self->vadjustment == NULL)
    return;

  page = gtk_widget_get_height (GTK_WIDGET (self));
  natural = page;
  if (self->recording != NULL && !self->fit_all)
    {
      overlap_gantt_view_get_paint_options (self, &options);
      natural = overlap_chart_layout_get_natural_height (layout_with (self, &options));
    }
  value = CLAMP (gtk_adjustment_get_value (self->vadjustment), 0, MAX (0, natural - page));
  gtk_adjustment_configure (self->vadjustment, value, 0, MAX (natural, page),
                            page * 0.1, page * 0.9, page);
}

/* Live updates */

static gboolean
recording_active (OverlapRecording *recording)
{
  guint n;

  if (recording == NULL)
    return FALSE;

  n = overlap_recording_get_n_runs (recording);
  for (guint i = 0; i < n; i++)
    {
      OverlapRunState state = overlap_run_get_state (overlap_recording_get_run (recording, i));

      if (state == OVERLAP_RUN_LIVE || state == OVERLAP_RUN_PENDING)
        return TRUE;
    }
  return FALSE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  OverlapGanttView *self = OVERLAP_GANTT_VIEW (widget);

  /* Here, before the frame's layout, and never while painting: the scrollbar the
   * adjustment drives must be allocated before it is drawn. */
  update_vadjustment (self);
  gtk_widget_queue_draw (widget);

  if (!recording_active (self->recording))
    {
      /* one last frame with the final picture, then nothing until something changes */
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
ensure_ticking (OverlapGanttView *self)
{
  if (self->tick_id == 0 && recording_active (self->recording))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static void
recording_items_changed (OverlapGanttView *self,
                         guint             position,
                         guint             removed,
                         guint             added,
                         GListModel       *model)
{
  /* the runs' collapsed states follow the runs */
  if (position < self->collapsed->len && removed > 0)
    g_array_remove_range (self->collapsed, position, MIN (removed, self->collapsed->len - position));
  if (added > 0)
    {
      g_autofree guint8 *zeros = g_new0 (guint8, added);

      g_array_insert_vals (self->collapsed, MIN (position, self->collapsed->len), zeros, added);
    }
  if (added > 0 && self->auto_fit)
    set_fit_all (self, TRUE);

  if (self->selected_run >= (int) g_list_model_get_n_items (model))
    overlap_gantt_view_select (self, -1, -1);
  update_vadjustment (self);
  ensure_ticking (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Describing a task, for tooltips and the details panel */


char *
overlap_gantt_view_describe_lane (OverlapRecording *recording,
                                  guint             run_index,
                                  guint             lane_index)
{
  OverlapRun *run;
  const OverlapLane *lane;
  const OverlapSpan *spans;
  gint64 phase_time[OVERLAP_N_PHASES] = { 0 };
  gint64 now;
  guint n_spans;
  GString *text;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *duration = NULL;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), NULL);
  g_return_val_if_fail (run_index < overlap_recording_get_n_runs (recording), NULL);

  run = overlap_recording_get_run (recording, run_index);
  lane = overlap_run_get_lane (run, lane_index);
  g_return_val_if_fail (lane != NULL, NULL);

  now = overlap_run_get_end (run, g_get_monotonic_time ());
  spans = overlap_run_get_spans (run, &n_spans);
  for (guint i = 0; i < n_spans; i++)
    if (spans[i].lane == lane_index)
      phase_time[spans[i].phase] += (spans[i].end >= 0 ? spans[i].end : now) - spans[i].start;

  text = g_string_new (NULL);
  {
    g_autofree char *label = g_markup_escape_text (overlap_run_string (run, lane->label) ?: "", -1);
    g_autofree char *kind = g_markup_escape_text (overlap_run_string (run, lane->kind) ?: "", -1);
    g_autofree char *strategy = g_markup_escape_text (overlap_run_get_display_name (run), -1);

    g_string_append_printf (text, "<b>%s</b>  <span alpha=\"70%%\">%s · %s</span>", label, kind, strategy);
  }
  if (lane->detail != 0)
    {
      g_autofree char *escaped = g_markup_escape_text (overlap_run_string (run, lane->detail), -1);
      g_string_append_printf (text, "\n%s", escaped);
    }

  start = overlap_format_duration (lane->start);
  end = lane->end >= 0 ? overlap_format_duration (lane->end) : g_strdup (lane->start >= 0 ? _("running") : "—");
  duration = overlap_format_duration (lane->start >= 0 ? (lane->end >= 0 ? lane->end : now) - lane->start : -1);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("from %s to %s: %s"), start, end, duration);

  for (guint p = 0; p < OVERLAP_N_PHASES; p++)
    {
      g_autofree char *t = NULL;

      if (phase_time[p] <= 0)
        continue;
      t = overlap_format_duration (phase_time[p]);
      g_string_append_printf (text, "\n  %s %s", _(overlap_phase_to_string (p)), t);
    }

  if (lane->bytes > 0)
    {
      g_autofree char *size = g_format_size (lane->bytes);
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("%s transferred"), size);
    }

  if (lane->result != OVERLAP_RESULT_PENDING)
    {
      g_autofree char *message = g_markup_escape_text (overlap_run_string (run, lane->message) ?: "", -1);
      g_autofree char *result = bold (_(overlap_result_to_string (lane->result)));

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Result: %s"), result);
      if (lane->completion > 0)
        g_string_append_printf (text, _(", finished #%d"), lane->completion);
      if (*message)
        g_string_append_printf (text, "\n%s", message);
    }

  return g_string_free (text, FALSE);
}

/* The span of @lane at @time, for timelines whose lanes hold many jobs. */
static char *
describe_span_at (OverlapRecording *recording,
                  guint             run_index,
                  guint             lane_index,
                  gint64            time)
{
  OverlapRun *run = overlap_recording_get_run (recording, run_index);
  const OverlapSpan *spans;
  const OverlapSpan *best = NULL;
  g_autofree char *duration = NULL;
  GString *text;
  guint n;

  spans = overlap_run_get_spans (run, &n);
  for (guint i = 0; i < n; i++)
    if (spans[i].lane == lane_index && spans[i].start <= time &&
        (spans[i].end < 0 || spans[i].end >= time) &&
        (spans[i].label != 0 || spans[i].detail != 0 || OVERLAP_SPAN_GET_RESULT (&spans[i]) != 0))
      best = &spans[i];
  if (best == NULL)
    return NULL;

  text = g_string_new (NULL);
  duration = overlap_format_duration (best->end >= 0 ? best->end - best->start : -1);
  if (best->label != 0)
    {
      g_autofree char *label = g_markup_escape_text (overlap_run_string (run, best->label), -1);
      g_string_append_printf (text, "\n<b>%s</b> %s", label, duration);
    }
  if (best->detail != 0)
    {
      g_autofree char *detail = g_markup_escape_text (overlap_run_string (run, best->detail), -1);
      g_string_append_printf (text, "\n%s", detail);
    }
  if (OVERLAP_SPAN_GET_RESULT (best) != OVERLAP_RESULT_PENDING)
    {
      g_autofree char *result = bold (_(overlap_result_to_string (OVERLAP_SPAN_GET_RESULT (best))));

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Result: %s"), result);
    }
  return g_string_free (text, FALSE);
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  OverlapGanttView *self = OVERLAP_GANTT_VIEW (widget);
  OverlapPaintOptions options;
  g_autofree char *markup = NULL;
  guint run, lane;
  gint64 time = -1;

  if (self->recording == NULL || self->dragging)
    return FALSE;

  if (keyboard)
    {
      if (self->selected_run < 0 || self->selected_lane < 0)
        return FALSE;
      run = self->selected_run;
      lane = self->selected_lane;
    }
  else
    {
      overlap_gantt_view_get_paint_options (self, &options);
      if (!overlap_chart_layout_hit_test (layout_with (self, &options), x, y, &run, &lane, &time) ||
          lane == G_MAXUINT)
        return FALSE;
    }

  markup = overlap_gantt_view_describe_lane (self->recording, run, lane);
  if (!keyboard && time >= 0)
    {
      g_autofree char *span = describe_span_at (self->recording, run, lane, time);

      if (span != NULL)
        {
          char *both = g_strconcat (markup, "\n", span, NULL);
          g_free (markup);
          markup = both;
        }
    }
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

/* Input */

static gboolean
in_axis (OverlapGanttView *self,
         double            y)
{
  OverlapPaintOptions options;
  OverlapPaintRect chart;

  if (self->recording == NULL)
    return FALSE;
  overlap_gantt_view_get_paint_options (self, &options);
  overlap_chart_layout_get_chart_rect (layout_with (self, &options), &chart);
  return y < chart.y;
}

static gint64
time_at (OverlapGanttView *self,
         double            x)
{
  OverlapPaintOptions options;

  overlap_gantt_view_get_paint_options (self, &options);
  return overlap_chart_layout_x_to_time (layout_with (self, &options), x);
}

static void
drag_begin_cb (GtkGestureDrag   *gesture,
               double            x,
               double            y,
               OverlapGanttView *self)
{
  if (self->recording == NULL)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->dragging = TRUE;
  self->drag_moved = FALSE;
  self->drag_x = x;
  self->drag_y = y;
  self->measuring = in_axis (self, y);
  overlap_gantt_view_get_visible_range (self, &self->drag_view_start, &self->drag_view_end);
  self->drag_scroll = gtk_adjustment_get_value (self->vadjustment);
  if (self->measuring)
    self->measure_start = self->measure_end = time_at (self, x);
}

static void
drag_update_cb (GtkGestureDrag   *gesture,
                double            dx,
                double            dy,
                OverlapGanttView *self)
{
  OverlapPaintOptions options;
  OverlapPaintRect chart;
  gint64 span;

  if (!self->dragging)
    return;
  if (!self->drag_moved && hypot (dx, dy) < DRAG_THRESHOLD)
    return;
  self->drag_moved = TRUE;

  if (self->measuring)
    {
      self->measure_end = time_at (self, self->drag_x + dx);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  overlap_gantt_view_get_paint_options (self, &options);
  overlap_chart_layout_get_chart_rect (layout_with (self, &options), &chart);
  span = self->drag_view_end - self->drag_view_start;
  if (chart.width > 0 && fabs (dx) > 0)
    {
      gint64 shift = (gint64) (-dx / chart.width * span);
      set_range (self, self->drag_view_start + shift, self->drag_view_end + shift);
    }
  gtk_adjustment_set_value (self->vadjustment, self->drag_scroll - dy);
}

/* Figures of the measured range, per run: tasks active, the busiest moment,
 * idle time and the longest task. */
static void
show_range_figures (OverlapGanttView *self)
{
  gint64 t0 = MIN (self->measure_start, self->measure_end);
  gint64 t1 = MAX (self->measure_start, self->measure_end);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *duration = overlap_format_duration (t1 - t0);
  g_autofree char *span = bold (duration);
  OverlapPaintOptions options;
  GdkRectangle where;
  guint n = overlap_recording_get_n_runs (self->recording);

  /* Translators: "1.50 s selected", the measured range */
  g_string_append_printf (text, _("%s selected"), span);
  for (guint i = 0; i < n && i < 12; i++)
    {
      OverlapRun *run = overlap_recording_get_run (self->recording, i);
      OverlapRangeStats stats;
      g_autofree char *idle = NULL;
      g_autofree char *strategy = NULL;
      g_autofree char *active = NULL;

      if (!overlap_recording_get_range_stats (self->recording, run, t0, t1, &stats))
        continue;
      idle = overlap_format_duration (stats.idle_time);
      strategy = bold (overlap_run_get_display_name (run));
      active = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task active", "%u tasks active", stats.n_active),
                                stats.n_active);
      g_string_append_c (text, '\n');
      /* Translators: "gather: 3 tasks active, at most 3 at once, idle 0 ms" */
      g_string_append_printf (text, _("%s: %s, at most %u at once, idle %s"),
                              strategy, active, stats.max_concurrency, idle);
      if (stats.longest_lane != G_MAXUINT)
        {
          g_autofree char *longest = overlap_format_duration (stats.longest_time);
          g_autofree char *label = g_markup_escape_text (
            overlap_run_string (run, overlap_run_get_lane (run, stats.longest_lane)->label) ?: "", -1);

          g_string_append_printf (text, _("; longest: %s, %s"), label, longest);
        }
    }

  if (self->range_popover == NULL)
    {
      self->range_popover = gtk_popover_new ();
      self->range_label = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->range_label, 0);
      gtk_label_set_selectable (self->range_label, TRUE);
      gtk_popover_set_child (GTK_POPOVER (self->range_popover), GTK_WIDGET (self->range_label));
      gtk_popover_set_position (GTK_POPOVER (self->range_popover), GTK_POS_BOTTOM);
      gtk_widget_set_parent (self->range_popover, GTK_WIDGET (self));
    }
  gtk_label_set_markup (self->range_label, text->str);

  overlap_gantt_view_get_paint_options (self, &options);
  where.x = (int) overlap_chart_layout_time_to_x (layout_with (self, &options), t0);
  where.width = MAX (1, (int) overlap_chart_layout_time_to_x (layout_with (self, &options), t1) - where.x);
  where.y = 0;
  where.height = 24;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->range_popover), &where);
  gtk_popover_popup (GTK_POPOVER (self->range_popover));
}

static void
select_at (OverlapGanttView *self,
           double            x,
           double            y)
{
  OverlapPaintOptions options;
  guint run, lane;
  gint64 time;

  OverlapPaintRect header;

  overlap_gantt_view_get_paint_options (self, &options);
  if (overlap_chart_layout_hit_test (layout_with (self, &options), x, y, &run, &lane, &time))
    {
      overlap_gantt_view_select (self, run, lane == G_MAXUINT ? -1 : (int) lane);
      /* a click on a run's header collapses or expands it */
      if (lane == G_MAXUINT && overlap_chart_layout_get_header_rect (layout_with (self, &options), run, &header) &&
          y >= header.y && y < header.y + header.height)
        overlap_gantt_view_set_run_collapsed (self, run, !overlap_gantt_view_get_run_collapsed (self, run));
    }
  else
    overlap_gantt_view_select (self, -1, -1);
}

static void
drag_end_cb (GtkGestureDrag   *gesture,
             double            dx,
             double            dy,
             OverlapGanttView *self)
{
  if (!self->dragging)
    return;

  self->dragging = FALSE;
  if (!self->drag_moved)
    {
      self->measuring = FALSE;
      select_at (self, self->drag_x, self->drag_y);
    }
  else if (self->measuring && self->measure_end != self->measure_start)
    show_range_figures (self);
  /* a measurement stays on screen until the next click */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           OverlapGanttView         *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y;

  if (self->recording == NULL)
    return FALSE;

  if (event != NULL)
    gdk_event_get_position (event, &x, &y);
  if (event != NULL)
    {
      graphene_point_t p;
      GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
      double nx, ny;

      gtk_native_get_surface_transform (native, &nx, &ny);
      if (gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self),
                                    &GRAPHENE_POINT_INIT (x - nx, y - ny), &p))
        x = p.x;
    }

  if (state & GDK_CONTROL_MASK)
    {
      overlap_gantt_view_zoom (self, dy < 0 ? 1.25 : 0.8, x);
      return TRUE;
    }
  if ((state & GDK_SHIFT_MASK) || dx != 0)
    {
      overlap_gantt_view_pan (self, 0.1 * ((state & GDK_SHIFT_MASK) ? dy : dx));
      return TRUE;
    }

  if (self->fit_all)
    {
      /* scrolling leaves fit all: the lanes at full size, from where they were */
      set_fit_all (self, FALSE);
    }
  gtk_adjustment_set_value (self->vadjustment,
                            gtk_adjustment_get_value (self->vadjustment) + dy * 40);
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               OverlapGanttView *self)
{
  overlap_gantt_view_get_visible_range (self, &self->zoom_view_start, &self->zoom_view_end);
}

static void
zoom_scale_changed_cb (GtkGestureZoom   *gesture,
                       double            scale,
                       OverlapGanttView *self)
{
  double cx, cy;
  gint64 anchor, span;
  double frac;

  if (self->recording == NULL || scale <= 0)
    return;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy);
  anchor = time_at (self, cx);
  span = self->zoom_view_end - self->zoom_view_start;
  frac = span > 0 ? (double) (anchor - self->zoom_view_start) / span : 0.5;
  span = (gint64) (span / scale);
  set_range (self, anchor - (gint64) (frac * span), anchor - (gint64) (frac * span) + span);
}

/* Actions */

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OverlapGanttView *self = OVERLAP_GANTT_VIEW (widget);
  double center = gtk_widget_get_width (widget) / 2.0;

  if (g_str_equal (action_name, "gantt.zoom-in"))
    overlap_gantt_view_zoom (self, 1.5, center);
  else if (g_str_equal (action_name, "gantt.zoom-out"))
    overlap_gantt_view_zoom (self, 1 / 1.5, center);
  else
    overlap_gantt_view_fit_all (self);
}

static void
collapse_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OverlapGanttView *self = OVERLAP_GANTT_VIEW (widget);

  if (self->selected_run >= 0)
    overlap_gantt_view_set_run_collapsed (self, self->selected_run,
                                          !overlap_gantt_view_get_run_collapsed (self, self->selected_run));
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  OverlapGanttView *self = OVERLAP_GANTT_VIEW (widget);

  if (g_str_equal (action_name, "gantt.pan-left"))
    overlap_gantt_view_pan (self, -0.2);
  else if (g_str_equal (action_name, "gantt.pan-right"))
    overlap_gantt_view_pan (self, 0.2);
  else
    {
      set_fit_all (self, FALSE);
      gtk_adjustment_set_value (self->vadjustment, gtk_adjustment_get_value (self->vadjustment) +
                                (g_str_equal (action_name, "gantt.scroll-up") ? -60 : 60));
    }
}

/* Drawing */

static void
draw_measure (OverlapGanttView *self,
              cairo_t          *cr,
              const OverlapPaintOptions *options)
{
  gint64 t0 = MIN (self->measure_start, self->measure_end);
  gint64 t1 = MAX (self->measure_start, self->measure_end);
  double x0 = overlap_chart_layout_time_to_x (layout_with (self, options), t0);
  double x1 = overlap_chart_layout_time_to_x (layout_with (self, options), t1);
  g_autofree char *label = overlap_format_duration (t1 - t0);
  PangoLayout *layout;
  int tw, th;
  double lx;

  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.18);
  cairo_rectangle (cr, x0, 0, MAX (1, x1 - x0), options->height);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, x0, 0);
  cairo_line_to (cr, x0, options->height);
  cairo_move_to (cr, x1, 0);
  cairo_line_to (cr, x1, options->height);
  cairo_stroke (cr);

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  {
    g_autofree char *markup = g_strdup_printf ("<b>%s</b>", label);
    pango_layout_set_markup (layout, markup, -1);
  }
  pango_layout_get_pixel_size (layout, &tw, &th);
  lx = CLAMP ((x0 + x1) / 2 - tw / 2.0 - 6, 0, options->width - tw - 12);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.95);
  cairo_rectangle (cr, lx, 4, tw + 12, th + 4);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, lx + 6, 6);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
overlap_gantt_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  OverlapGanttView *self = OVERLAP_GANTT_VIEW (widget);
  OverlapPaintOptions options;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  self->n_frames++;
  overlap_gantt_view_get_paint_options (self, &options);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  overlap_chart_layout_paint (layout_with (self, &options), cr);
  if (self->measuring && self->measure_end != self->measure_start && self->recording != NULL)
    draw_measure (self, cr, &options);
  cairo_destroy (cr);
}

static void
overlap_gantt_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  OverlapGanttView *self = OVERLAP_GANTT_VIEW (widget);

  update_vadjustment (self);
  if (self->range_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->range_popover));
}

static void
overlap_gantt_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 320;
      *natural = 960;
    }
  else
    {
      *minimum = 200;
      *natural = 600;
    }
}

/* GObject */

static void
adjustment_changed (OverlapGanttView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (OverlapGanttView  *self,
                GtkAdjustment    **slot,
                GtkAdjustment     *adjustment)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*slot == adjustment)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, adjustment_changed, self);
  g_set_object (slot, g_object_ref_sink (adjustment));
  g_object_unref (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (adjustment_changed), self);
  update_vadjustment (self);
}

static void
overlap_gantt_view_dispose (GObject *object)
{
  OverlapGanttView *self = (OverlapGanttView *)object;

  overlap_gantt_view_set_recording (self, NULL);
  g_clear_pointer (&self->collapsed, g_array_unref);
  g_clear_object (&self->layout);
  g_clear_object (&self->empty);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed, self);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->range_popover, gtk_widget_unparent);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_changed, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (), gtk_widget_queue_draw, self);

  G_OBJECT_CLASS (overlap_gantt_view_parent_class)->dispose (object);
}

static void
overlap_gantt_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OverlapGanttView *self = OVERLAP_GANTT_VIEW (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      g_value_set_object (value, self->recording);
      break;
    case PROP_TEXT_SCALE:
      g_value_set_double (value, self->text_scale);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    case PROP_SELECTED_RUN:
      g_value_set_int (value, self->selected_run);
      break;
    case PROP_SELECTED_LANE:
      g_value_set_int (value, self->selected_lane);
      break;
    case PROP_FIT_ALL:
      g_value_set_boolean (value, self->fit_all);
      break;
    case PROP_AUTO_FIT:
      g_value_set_boolean (value, self->auto_fit);
      break;
    case PROP_SELECTION:
      g_value_set_object (value, self->selection);
      break;
    case PROP_SHOW_FLOWS:
      g_value_set_boolean (value, self->show_flows);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_gantt_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OverlapGanttView *self = OVERLAP_GANTT_VIEW (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      overlap_gantt_view_set_recording (self, g_value_get_object (value));
      break;
    case PROP_TEXT_SCALE:
      overlap_gantt_view_set_text_scale (self, g_value_get_double (value));
      break;
    case PROP_HIGH_CONTRAST:
      overlap_gantt_view_set_high_contrast (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTED_RUN:
      overlap_gantt_view_select (self, g_value_get_int (value), self->selected_lane);
      break;
    case PROP_SELECTED_LANE:
      overlap_gantt_view_select (self, self->selected_run, g_value_get_int (value));
      break;
    case PROP_FIT_ALL:
      overlap_gantt_view_set_fit_all (self, g_value_get_boolean (value));
      break;
    case PROP_AUTO_FIT:
      overlap_gantt_view_set_auto_fit (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTION:
      overlap_gantt_view_set_selection (self, g_value_get_object (value));
      break;
    case PROP_SHOW_FLOWS:
      if (self->show_flows != g_value_get_boolean (value))
        {
          self->show_flows = g_value_get_boolean (value);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_gantt_view_class_init (OverlapGanttViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = overlap_gantt_view_dispose;
  object_class->get_property = overlap_gantt_view_get_property;
  object_class->set_property = overlap_gantt_view_set_property;

  widget_class->snapshot = overlap_gantt_view_snapshot;
  widget_class->size_allocate = overlap_gantt_view_size_allocate;
  widget_class->measure = overlap_gantt_view_measure;

  properties[PROP_RECORDING] =
    g_param_spec_object ("recording", NULL, NULL, OVERLAP_TYPE_RECORDING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT_SCALE] =
    g_param_spec_double ("text-scale", NULL, NULL, 0.5, 4.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_RUN] =
    g_param_spec_int ("selected-run", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_LANE] =
    g_param_spec_int ("selected-lane", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* every run in view, time and lanes (lanes shrink, down to density bands) */
  properties[PROP_FIT_ALL] =
    g_param_spec_boolean ("fit-all", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTION] =
    g_param_spec_object ("selection", NULL, NULL, OVERLAP_TYPE_SELECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* fit all again whenever a run is added (presentation mode) */
  properties[PROP_AUTO_FIT] =
    g_param_spec_boolean ("auto-fit", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* a trace's flows drawn as arrows (A shows or hides them) */
  properties[PROP_SHOW_FLOWS] =
    g_param_spec_boolean ("show-flows", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* the visible range, fit all or the lanes' sizes changed (not the scroll
   * position: that is the vertical adjustment's) */
  signals[VIEW_CHANGED] =
    g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_install_action (widget_class, "gantt.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "gantt.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "gantt.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "gantt.pan-left", NULL, pan_action);
  gtk_widget_class_install_action (widget_class, "gantt.pan-right", NULL, pan_action);
  gtk_widget_class_install_action (widget_class, "gantt.scroll-up", NULL, pan_action);
  gtk_widget_class_install_action (widget_class, "gantt.scroll-down", NULL, pan_action);
  gtk_widget_class_install_action (widget_class, "gantt.toggle-collapse", NULL, collapse_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "gantt.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "gantt.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "gantt.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "gantt.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "gantt.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "gantt.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "gantt.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "gantt.pan-left", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "gantt.pan-right", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "gantt.scroll-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "gantt.scroll-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, 0, "gantt.toggle-collapse", NULL);
  gtk_widget_class_install_property_action (widget_class, "gantt.show-flows", "show-flows");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, 0, "gantt.show-flows", NULL);

  gtk_widget_class_set_css_name (widget_class, "ganttview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
overlap_gantt_view_init (OverlapGanttView *self)
{
  self->show_flows = TRUE;
  GtkGesture *drag, *zoom;
  GtkEventController *scroll;

  self->fitted = TRUE;
  self->collapsed = g_array_new (FALSE, TRUE, sizeof (guint8));
  self->text_scale = 1.0;
  self->selected_run = -1;
  self->selected_lane = -1;
  overlap_gantt_view_set_selection (self, NULL);
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (gtk_widget_queue_draw), self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Gantt chart of the runs"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Every task as a bar on a shared time axis; the task table lists the same data"),
                                  -1);
}

/* Public API */

GtkWidget *
overlap_gantt_view_new (void)
{
  return g_object_new (OVERLAP_TYPE_GANTT_VIEW, NULL);
}

OverlapRecording *
overlap_gantt_view_get_recording (OverlapGanttView *self)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), NULL);
  return self->recording;
}

void
overlap_gantt_view_set_recording (OverlapGanttView *self,
                                  OverlapRecording *recording)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));
  g_return_if_fail (!recording || OVERLAP_IS_RECORDING (recording));

  if (self->recording == recording)
    return;

  if (self->recording != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->recording);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_set_object (&self->recording, recording);
  if (recording != NULL)
    self->items_changed_id = g_signal_connect_swapped (recording, "items-changed",
                                                       G_CALLBACK (recording_items_changed), self);

  overlap_selection_clear (self->selection);
  if (self->collapsed != NULL)
    g_array_set_size (g_array_set_size (self->collapsed, 0),
                      recording ? overlap_recording_get_n_runs (recording) : 0);
  overlap_gantt_view_fit (self);
  update_vadjustment (self);
  ensure_ticking (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

double
overlap_gantt_view_get_text_scale (OverlapGanttView *self)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), 1.0);
  return self->text_scale;
}

void
overlap_gantt_view_set_text_scale (OverlapGanttView *self,
                                   double            text_scale)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  text_scale = CLAMP (text_scale, 0.5, 4.0);
  if (self->text_scale == text_scale)
    return;
  self->text_scale = text_scale;
  update_vadjustment (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SCALE]);
}

gboolean
overlap_gantt_view_get_high_contrast (OverlapGanttView *self)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), FALSE);
  return self->high_contrast;
}

void
overlap_gantt_view_set_high_contrast (OverlapGanttView *self,
                                      gboolean          high_contrast)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  high_contrast = !!high_contrast;
  if (self->high_contrast == high_contrast)
    return;
  self->high_contrast = high_contrast;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

int
overlap_gantt_view_get_selected_run (OverlapGanttView *self)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), -1);
  return self->selected_run;
}

int
overlap_gantt_view_get_selected_lane (OverlapGanttView *self)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), -1);
  return self->selected_lane;
}

void
overlap_gantt_view_select (OverlapGanttView *self,
                           int               run,
                           int               lane)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  overlap_selection_set (self->selection, run, lane);
}

/* The shared selection changed (here, in the table or anywhere): show it. */
static void
selection_changed (OverlapGanttView *self)
{
  int run = overlap_selection_get_run (self->selection);
  int lane = overlap_selection_get_lane (self->selection);

  /* a task of a collapsed run, selected (in the table, say): the run opens */
  if (run >= 0 && lane >= 0 && overlap_gantt_view_get_run_collapsed (self, run))
    overlap_gantt_view_set_run_collapsed (self, run, FALSE);
  if (self->selected_run == run && self->selected_lane == lane)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->selected_run != run)
    {
      self->selected_run = run;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_RUN]);
    }
  if (self->selected_lane != lane)
    {
      self->selected_lane = lane;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_LANE]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  if (run >= 0 && lane >= 0 && self->recording != NULL && !self->fit_all &&
      run < (int) overlap_recording_get_n_runs (self->recording))
    {
      OverlapPaintOptions options;
      OverlapPaintRect rect;
      double value = gtk_adjustment_get_value (self->vadjustment);
      double page = gtk_adjustment_get_page_size (self->vadjustment);
      OverlapPaintRect chart;

      /* bring the selected lane into view */
      overlap_gantt_view_get_paint_options (self, &options);
      overlap_chart_layout_get_chart_rect (layout_with (self, &options), &chart);
      if (overlap_chart_layout_get_lane_rect (layout_with (self, &options), run, lane, &rect))
        {
          if (rect.y < chart.y)
            gtk_adjustment_set_value (self->vadjustment, value - (chart.y - rect.y) - rect.height);
          else if (rect.y + rect.height > page)
            gtk_adjustment_set_value (self->vadjustment, value + (rect.y + rect.height - page) + rect.height);
        }
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

OverlapSelection *
overlap_gantt_view_get_selection (OverlapGanttView *self)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), NULL);
  return self->selection;
}

/* Shares @selection with other views (NULL: a selection of the view's own). */
void
overlap_gantt_view_set_selection (OverlapGanttView *self,
                                  OverlapSelection *selection)
{
  g_autoptr(OverlapSelection) own = NULL;

  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));
  g_return_if_fail (selection == NULL || OVERLAP_IS_SELECTION (selection));

  if (selection == NULL)
    selection = own = overlap_selection_new ();
  if (self->selection == selection)
    return;
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed, self);
  g_set_object (&self->selection, selection);
  g_signal_connect_swapped (selection, "changed", G_CALLBACK (selection_changed), self);
  selection_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION]);
}

/* Zooms by @factor (> 1: in) keeping the time under @anchor_x in place. */
void
overlap_gantt_view_zoom (OverlapGanttView *self,
                         double            factor,
                         double            anchor_x)
{
  gint64 start, end, anchor, span;
  double frac;

  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));
  g_return_if_fail (factor > 0);

  if (!overlap_gantt_view_get_visible_range (self, &start, &end))
    return;

  anchor = time_at (self, anchor_x);
  frac = (double) (anchor - start) / (end - start);
  span = MAX (MIN_SPAN, (gint64) ((end - start) / factor));
  start = anchor - (gint64) (frac * span);
  set_range (self, start, start + span);
}

/* Pans by @fraction of the visible span (negative: earlier). */
void
overlap_gantt_view_pan (OverlapGanttView *self,
                        double            fraction)
{
  gint64 start, end, shift;

  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  if (self->fitted || !overlap_gantt_view_get_visible_range (self, &start, &end))
    return;
  shift = (gint64) (fraction * (end - start));
  set_range (self, start + shift, end + shift);
}

void
overlap_gantt_view_fit (OverlapGanttView *self)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  self->fitted = TRUE;
  self->view_start = self->view_end = 0;
  self->measuring = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

/* Shows @start to @end (µs from the runs' start); the whole recording or more
 * fits it. */
void
overlap_gantt_view_set_visible_range (OverlapGanttView *self,
                                      gint64            start,
                                      gint64            end)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  set_range (self, start, end);
}

/* Frames painted so far (for frame-rate measurements). */
guint
overlap_gantt_view_get_n_frames (OverlapGanttView *self)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), 0);
  return self->n_frames;
}

/* Every run in view: the whole time axis, and the lanes shrunk (down to density
 * bands) so that every run fits the height; until the next zoom or scroll. */
void
overlap_gantt_view_fit_all (OverlapGanttView *self)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  self->measuring = FALSE;
  overlap_gantt_view_fit (self);
  set_fit_all (self, TRUE);
}

gboolean
overlap_gantt_view_get_fit_all (OverlapGanttView *self)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), FALSE);
  return self->fit_all;
}

void
overlap_gantt_view_set_fit_all (OverlapGanttView *self,
                                gboolean          fit_all)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  if (fit_all)
    overlap_gantt_view_fit_all (self);
  else
    set_fit_all (self, FALSE);
}

gboolean
overlap_gantt_view_get_auto_fit (OverlapGanttView *self)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), FALSE);
  return self->auto_fit;
}

/* Presentation mode: fit all now, and again whenever a run is added. */
void
overlap_gantt_view_set_auto_fit (OverlapGanttView *self,
                                 gboolean          auto_fit)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  auto_fit = !!auto_fit;
  if (auto_fit)
    overlap_gantt_view_fit_all (self);
  if (self->auto_fit == auto_fit)
    return;
  self->auto_fit = auto_fit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_FIT]);
}

gboolean
overlap_gantt_view_get_run_collapsed (OverlapGanttView *self,
                                      guint             run)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), FALSE);

  return run < self->collapsed->len && g_array_index (self->collapsed, guint8, run) != 0;
}

/* A collapsed run shows its header (wall time, speed-up) and its counters
 * (tasks in flight, loop lag), not its lanes. */
void
overlap_gantt_view_set_run_collapsed (OverlapGanttView *self,
                                      guint             run,
                                      gboolean          collapsed)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  if (self->recording == NULL || run >= overlap_recording_get_n_runs (self->recording))
    return;
  if (self->collapsed->len < overlap_recording_get_n_runs (self->recording))
    g_array_set_size (self->collapsed, overlap_recording_get_n_runs (self->recording));
  if ((g_array_index (self->collapsed, guint8, run) != 0) == !!collapsed)
    return;
  g_array_index (self->collapsed, guint8, run) = collapsed ? 1 : 0;
  if (collapsed && self->selected_run == (int) run && self->selected_lane >= 0)
    overlap_gantt_view_select (self, run, -1);
  update_vadjustment (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

/* The chart's layout as last painted or asked (NULL before), for tests: where
 * every run, lane and header is. */
OverlapChartLayout *
overlap_gantt_view_get_layout (OverlapGanttView *self)
{
  OverlapPaintOptions options;

  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), NULL);

  if (self->recording == NULL)
    return NULL;
  overlap_gantt_view_get_paint_options (self, &options);
  return layout_with (self, &options);
}
