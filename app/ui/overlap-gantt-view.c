/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-gantt-view"

#include "config.h"

#include <adwaita.h>

#include "overlap-duration.h"
#include "overlap-gantt-view-private.h"

/* The Gantt chart: paints the recording through the shared painter (the same
 * picture as the exports), grows live at the display's frame rate while a run is
 * live (tick callback; nothing is redrawn when nothing is live), and lets a person
 * zoom (Ctrl+scroll, pinch, +/−), pan (drag, scroll, arrow keys), fit all (F, 0:
 * every run in view, time and lanes, until the next zoom or scroll), collapse a
 * run (click its header, C), select a task (click), read a task's details
 * (tooltip) and measure a span of time (drag on the time axis).
 *
 * This file is the widget: its layout, live updates, drawing, properties and
 * selection; what it shows is chosen in overlap-gantt-view-navigation.c, the
 * hands and keys are overlap-gantt-view-input.c's, and the words (tooltips,
 * measured figures, accessibility) overlap-gantt-view-describe.c's. */

static void scrollable_iface_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OverlapGanttView, overlap_gantt_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, scrollable_iface_init))

enum {
  PROP_0,
  PROP_RECORDING,
  PROP_TEXT_SCALE,
  PROP_HIGH_CONTRAST,
  PROP_FIT_ALL,
  PROP_AUTO_FIT,
  PROP_SELECTION,
  PROP_SHOW_FLOWS,
  PROP_SELECTED_NOTE,
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

/* The layout for the view as it is now */
OverlapChartLayout *
_overlap_gantt_view_current_layout (OverlapGanttView *self)
{
  OverlapPaintOptions options;

  overlap_gantt_view_get_paint_options (self, &options);
  return layout_with (self, &options);
}

/* The time under @x, in µs from the runs' start */
gint64
_overlap_gantt_view_time_at (OverlapGanttView *self,
                             double            x)
{
  return overlap_chart_layout_x_to_time (_overlap_gantt_view_current_layout (self), x);
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
  options->selected_run = overlap_selection_get_run (self->selection);
  options->selected_lane = overlap_selection_get_lane (self->selection);
  options->selected_note = self->selected_note;
  options->scroll_y = self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
  options->fit_lanes = self->fit_all;
  options->hide_flows = !self->show_flows;
  if (self->fit_all)
    options->scroll_y = 0;
  options->collapsed = (const guint8 *) self->collapsed->data;
  options->n_collapsed = self->collapsed->len;
  if (self->highlight != NULL && self->highlight->len > 0)
    {
      options->highlight_lanes = (const guint8 *) self->highlight->data;
      options->n_highlight_lanes = self->highlight->len;
      options->highlight_run = self->highlight_run;
    }
  if (!self->fitted)
    {
      options->view_start = self->view_start;
      options->view_end = self->view_end;
    }
}

/* The visible range, fit all or the lanes' sizes changed */
void
_overlap_gantt_view_view_changed (OverlapGanttView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

void
_overlap_gantt_view_set_fit_all (OverlapGanttView *self,
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
  _overlap_gantt_view_update_vadjustment (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT_ALL]);
  _overlap_gantt_view_view_changed (self);
}

void
_overlap_gantt_view_update_vadjustment (OverlapGanttView *self)
{
  double natural, page, value;

  if (self->vadjustment == NULL)
    return;

  page = gtk_widget_get_height (GTK_WIDGET (self));
  natural = page;
  if (self->recording != NULL && !self->fit_all)
    natural = overlap_chart_layout_get_natural_height (_overlap_gantt_view_current_layout (self));
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
  _overlap_gantt_view_update_vadjustment (self);
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
    _overlap_gantt_view_set_fit_all (self, TRUE);

  if (overlap_selection_get_run (self->selection) >= (int) g_list_model_get_n_items (model))
    overlap_selection_clear (self->selection);
  _overlap_gantt_view_update_vadjustment (self);
  ensure_ticking (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
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

  _overlap_gantt_view_update_vadjustment (self);
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
  _overlap_gantt_view_update_vadjustment (self);
}

static void
overlap_gantt_view_dispose (GObject *object)
{
  OverlapGanttView *self = (OverlapGanttView *)object;

  overlap_gantt_view_set_recording (self, NULL);
  g_clear_object (&self->recording_signals);
  g_clear_pointer (&self->collapsed, g_array_unref);
  _overlap_gantt_view_dispose_pointing (self);
  g_clear_object (&self->layout);
  g_clear_object (&self->empty);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed, self);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->range_popover, gtk_widget_unparent);
  _overlap_gantt_view_dispose_notes (self);
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
    case PROP_SELECTED_NOTE:
      g_value_set_uint (value, overlap_gantt_view_get_selected_note (self));
      break;
    case PROP_TEXT_SCALE:
      g_value_set_double (value, self->text_scale);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
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
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = overlap_gantt_view_dispose;
  object_class->get_property = overlap_gantt_view_get_property;
  object_class->set_property = overlap_gantt_view_set_property;

  widget_class->snapshot = overlap_gantt_view_snapshot;
  widget_class->size_allocate = overlap_gantt_view_size_allocate;
  widget_class->measure = overlap_gantt_view_measure;

  properties[PROP_RECORDING] = g_param_spec_object ("recording", NULL, NULL, OVERLAP_TYPE_RECORDING, rw);
  properties[PROP_TEXT_SCALE] = g_param_spec_double ("text-scale", NULL, NULL, 0.5, 4.0, 1.0, rw);
  properties[PROP_HIGH_CONTRAST] = g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE, rw);
  /* every run in view, time and lanes (lanes shrink, down to density bands) */
  properties[PROP_FIT_ALL] = g_param_spec_boolean ("fit-all", NULL, NULL, FALSE, rw);
  properties[PROP_SELECTION] = g_param_spec_object ("selection", NULL, NULL, OVERLAP_TYPE_SELECTION, rw);
  /* fit all again whenever a run is added (presentation mode) */
  properties[PROP_AUTO_FIT] = g_param_spec_boolean ("auto-fit", NULL, NULL, FALSE, rw);
  /* a trace's flows drawn as arrows (A shows or hides them) */
  properties[PROP_SHOW_FLOWS] = g_param_spec_boolean ("show-flows", NULL, NULL, TRUE, rw);
  /* the id of the note drawn as selected, 0 for none (overlap-gantt-view-notes.c) */
  properties[PROP_SELECTED_NOTE] = g_param_spec_uint ("selected-note", NULL, NULL, 0, G_MAXUINT, 0,
                                                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
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

  _overlap_gantt_view_class_init_input (widget_class);
  _overlap_gantt_view_class_init_notes (widget_class);
  _overlap_gantt_view_class_init_pointing (object_class);
  gtk_widget_class_install_property_action (widget_class, "gantt.show-flows", "show-flows");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, 0, "gantt.show-flows", NULL);

  gtk_widget_class_set_css_name (widget_class, "ganttview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
overlap_gantt_view_init (OverlapGanttView *self)
{
  self->recording_signals = g_signal_group_new (OVERLAP_TYPE_RECORDING);
  g_signal_group_connect_swapped (self->recording_signals, "items-changed",
                                  G_CALLBACK (recording_items_changed), self);
  g_signal_group_connect_swapped (self->recording_signals, "notes-changed",
                                  G_CALLBACK (_overlap_gantt_view_notes_changed), self);
  self->fitted = TRUE;
  self->show_flows = TRUE;
  self->collapsed = g_array_new (FALSE, TRUE, sizeof (guint8));
  self->text_scale = 1.0;
  overlap_gantt_view_set_selection (self, NULL);
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  _overlap_gantt_view_init_input (self);
  _overlap_gantt_view_init_pointing (self);
  _overlap_gantt_view_init_describe (self);
  _overlap_gantt_view_init_notes (self);

  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (gtk_widget_queue_draw), self);
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

  _overlap_gantt_view_set_selected_note (self, 0);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_set_object (&self->recording, recording);
  g_signal_group_set_target (self->recording_signals, recording);
  _overlap_gantt_view_notes_changed (self);

  overlap_selection_clear (self->selection);
  if (self->collapsed != NULL)
    g_array_set_size (g_array_set_size (self->collapsed, 0),
                      recording ? overlap_recording_get_n_runs (recording) : 0);
  overlap_gantt_view_fit (self);
  _overlap_gantt_view_update_vadjustment (self);
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
  _overlap_gantt_view_update_vadjustment (self);
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

  if (run >= 0 && lane >= 0 && self->recording != NULL && !self->fit_all &&
      run < (int) overlap_recording_get_n_runs (self->recording))
    {
      OverlapChartLayout *layout = _overlap_gantt_view_current_layout (self);
      OverlapPaintRect rect;
      double value = gtk_adjustment_get_value (self->vadjustment);
      double page = gtk_adjustment_get_page_size (self->vadjustment);
      OverlapPaintRect chart;

      /* bring the selected lane into view */
      overlap_chart_layout_get_chart_rect (layout, &chart);
      if (overlap_chart_layout_get_lane_rect (layout, run, lane, &rect))
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
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));
  g_return_if_fail (selection == NULL || OVERLAP_IS_SELECTION (selection));

  if (!overlap_selection_share (&self->selection, selection, G_CALLBACK (selection_changed), self))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION]);
}

/* Frames painted so far (for frame-rate measurements). */
guint
overlap_gantt_view_get_n_frames (OverlapGanttView *self)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), 0);
  return self->n_frames;
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

/* The chart's layout as last painted or asked (NULL before), for tests: where
 * every run, lane and header is. */
OverlapChartLayout *
overlap_gantt_view_get_layout (OverlapGanttView *self)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), NULL);

  if (self->recording == NULL)
    return NULL;
  return _overlap_gantt_view_current_layout (self);
}

/* Selects note @id (0: none) on the chart, notifying :selected-note */
void
_overlap_gantt_view_set_selected_note (OverlapGanttView *self,
                                       guint             id)
{
  if (self->selected_note == id)
    return;
  self->selected_note = id;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NOTE]);
}
