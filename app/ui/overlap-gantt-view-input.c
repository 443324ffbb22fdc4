/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-gantt-view"

#include "config.h"

#include <math.h>

#include "overlap-gantt-view-private.h"

/* A person's hands on the chart: drag to pan (on the time axis: measure),
 * click to select or to collapse a run, scroll (with Ctrl: zoom, with Shift:
 * pan), pinch to zoom, and the keys (+, −, F, 0, arrows, C). */

#define DRAG_THRESHOLD  4.0              /* px before a press becomes a drag */

static gboolean
in_axis (OverlapGanttView *self,
         double            y)
{
  OverlapPaintRect chart;

  if (self->recording == NULL)
    return FALSE;
  overlap_chart_layout_get_chart_rect (_overlap_gantt_view_current_layout (self), &chart);
  return y < chart.y;
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
  if (!self->measuring)
    _overlap_gantt_view_note_drag_begin (self, x, y);
  if (self->measuring)
    self->measure_start = self->measure_end = _overlap_gantt_view_time_at (self, x);
}

static void
drag_update_cb (GtkGestureDrag   *gesture,
                double            dx,
                double            dy,
                OverlapGanttView *self)
{
  OverlapPaintRect chart;
  gint64 span;

  if (!self->dragging)
    return;
  if (!self->drag_moved && hypot (dx, dy) < DRAG_THRESHOLD)
    return;
  self->drag_moved = TRUE;

  if (self->drag_note != 0)
    {
      _overlap_gantt_view_note_drag_update (self, dx);
      return;
    }
  if (self->measuring)
    {
      self->measure_end = _overlap_gantt_view_time_at (self, self->drag_x + dx);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  overlap_chart_layout_get_chart_rect (_overlap_gantt_view_current_layout (self), &chart);
  span = self->drag_view_end - self->drag_view_start;
  if (chart.width > 0 && fabs (dx) > 0)
    {
      gint64 shift = (gint64) (-dx / chart.width * span);
      _overlap_gantt_view_set_range (self, self->drag_view_start + shift, self->drag_view_end + shift);
    }
  gtk_adjustment_set_value (self->vadjustment, self->drag_scroll - dy);
}

static void
select_at (OverlapGanttView *self,
           double            x,
           double            y)
{
  OverlapChartLayout *layout = _overlap_gantt_view_current_layout (self);
  OverlapPaintRect header;
  guint run, lane;
  gint64 time;

  if (overlap_chart_layout_hit_test (layout, x, y, &run, &lane, &time))
    {
      overlap_gantt_view_select (self, run, lane == G_MAXUINT ? -1 : (int) lane);
      /* a click on a run's header collapses or expands it */
      if (lane == G_MAXUINT && overlap_chart_layout_get_header_rect (layout, run, &header) &&
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
  if (self->drag_note != 0)
    {
      _overlap_gantt_view_note_drag_end (self, self->drag_moved);
      return;
    }
  _overlap_gantt_view_set_selected_note (self, 0);
  if (!self->drag_moved)
    {
      self->measuring = FALSE;
      select_at (self, self->drag_x, self->drag_y);
    }
  else if (self->measuring && self->measure_end != self->measure_start)
    _overlap_gantt_view_show_range_figures (self);
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
      _overlap_gantt_view_set_fit_all (self, FALSE);
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
  anchor = _overlap_gantt_view_time_at (self, cx);
  span = self->zoom_view_end - self->zoom_view_start;
  frac = span > 0 ? (double) (anchor - self->zoom_view_start) / span : 0.5;
  span = (gint64) (span / scale);
  _overlap_gantt_view_set_range (self, anchor - (gint64) (frac * span), anchor - (gint64) (frac * span) + span);
}

/* Keys: the view's actions and their bindings */

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
  int run = overlap_selection_get_run (self->selection);

  if (run >= 0)
    overlap_gantt_view_set_run_collapsed (self, run, !overlap_gantt_view_get_run_collapsed (self, run));
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
      _overlap_gantt_view_set_fit_all (self, FALSE);
      gtk_adjustment_set_value (self->vadjustment, gtk_adjustment_get_value (self->vadjustment) +
                                (g_str_equal (action_name, "gantt.scroll-up") ? -60 : 60));
    }
}

/* The view's actions, and the keys (without modifiers) bound to them */
static const struct
{
  const char                  *name;
  GtkWidgetActionActivateFunc  activate;
  guint                        keys[3];   /* 0: no more */
} actions[] = {
  { "gantt.zoom-in", zoom_action, { GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add } },
  { "gantt.zoom-out", zoom_action, { GDK_KEY_minus, GDK_KEY_KP_Subtract } },
  { "gantt.zoom-fit", zoom_action, { GDK_KEY_f, GDK_KEY_0 } },
  { "gantt.pan-left", pan_action, { GDK_KEY_Left } },
  { "gantt.pan-right", pan_action, { GDK_KEY_Right } },
  { "gantt.scroll-up", pan_action, { GDK_KEY_Up } },
  { "gantt.scroll-down", pan_action, { GDK_KEY_Down } },
  { "gantt.toggle-collapse", collapse_action, { GDK_KEY_c } },
};

void
_overlap_gantt_view_class_init_input (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, NULL, actions[i].activate);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    for (guint k = 0; k < G_N_ELEMENTS (actions[i].keys) && actions[i].keys[k] != 0; k++)
      gtk_widget_class_add_binding_action (widget_class, actions[i].keys[k], 0, actions[i].name, NULL);
}

void
_overlap_gantt_view_init_input (OverlapGanttView *self)
{
  GtkGesture *drag, *zoom;
  GtkEventController *scroll;

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
}
