/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-gantt-view"

#include "config.h"

#include "overlap-gantt-view-private.h"

/* The chart and the code view point at each other: the bar under the pointer
 * is the hovered task ("hover-changed"), and the lanes the code view's cursor
 * line starts are framed (overlap_gantt_view_set_highlight()). */

enum {
  HOVER_CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
set_hover (OverlapGanttView *self,
           int               run,
           int               lane)
{
  if (self->hover_run == run && self->hover_lane == lane)
    return;
  self->hover_run = run;
  self->hover_lane = lane;
  g_signal_emit (self, signals[HOVER_CHANGED], 0);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           OverlapGanttView         *self)
{
  overlap_gantt_view_hover_at (self, x, y);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          OverlapGanttView         *self)
{
  set_hover (self, -1, -1);
}

void
_overlap_gantt_view_class_init_pointing (GObjectClass *object_class)
{
  /* the task under the pointer changed (overlap_gantt_view_get_hovered()) */
  signals[HOVER_CHANGED] =
    g_signal_new ("hover-changed", G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

void
_overlap_gantt_view_init_pointing (OverlapGanttView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hover_run = -1;
  self->hover_lane = -1;
  self->highlight_run = -1;
  self->highlight = g_array_new (FALSE, TRUE, sizeof (guint8));
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

void
_overlap_gantt_view_dispose_pointing (OverlapGanttView *self)
{
  g_clear_pointer (&self->highlight, g_array_unref);
}

/* The pointer is at @x, @y: the task of the lane there is hovered (its bar or
 * its row), none elsewhere */
void
overlap_gantt_view_hover_at (OverlapGanttView *self,
                             double            x,
                             double            y)
{
  guint run, lane;
  gint64 time;

  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  if (overlap_chart_layout_hit_test (_overlap_gantt_view_current_layout (self), x, y, &run, &lane, &time) &&
      lane != G_MAXUINT)
    set_hover (self, run, lane);
  else
    set_hover (self, -1, -1);
}

/* The task under the pointer: its run and lane, -1 when none */
void
overlap_gantt_view_get_hovered (OverlapGanttView *self,
                                int              *run,
                                int              *lane)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  if (run != NULL)
    *run = self->hover_run;
  if (lane != NULL)
    *lane = self->hover_lane;
}

/* Frames @lanes (indices) in @run, or in every run when @run is -1; none
 * when @n_lanes is 0 */
void
overlap_gantt_view_set_highlight (OverlapGanttView *self,
                                  int               run,
                                  const guint      *lanes,
                                  guint             n_lanes)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  if (self->highlight == NULL)
    return;
  g_array_set_size (self->highlight, 0);
  for (guint i = 0; i < n_lanes; i++)
    {
      if (lanes[i] >= self->highlight->len)
        g_array_set_size (self->highlight, lanes[i] + 1);
      g_array_index (self->highlight, guint8, lanes[i]) = 1;
    }
  self->highlight_run = run;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Whether the lane @lane of @run is framed */
gboolean
overlap_gantt_view_is_highlighted (OverlapGanttView *self,
                                   guint             run,
                                   guint             lane)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), FALSE);

  return self->highlight != NULL && lane < self->highlight->len && g_array_index (self->highlight, guint8, lane) &&
         (self->highlight_run < 0 || self->highlight_run == (int) run);
}
