/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-gantt-view"

#include "config.h"

#include "overlap-gantt-view-private.h"

/* Which part of the recording the chart shows: zoom, pan, fit (the whole time
 * axis), fit all (and every lane) and the runs collapsed to their headers. */

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
  OverlapChartLayout *layout;
  OverlapPaintRect chart;

  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), FALSE);

  if (self->recording == NULL)
    return FALSE;

  layout = _overlap_gantt_view_current_layout (self);
  overlap_chart_layout_get_chart_rect (layout, &chart);
  *start = overlap_chart_layout_x_to_time (layout, chart.x);
  *end = overlap_chart_layout_x_to_time (layout, chart.x + chart.width);
  return *end > *start;
}

/* Shows @start to @end; a span as long as the recording or longer fits it */
void
_overlap_gantt_view_set_range (OverlapGanttView *self,
                               gint64            start,
                               gint64            end)
{
  gint64 duration = MAX (full_duration (self), _OVERLAP_GANTT_MIN_SPAN);
  gint64 span = MAX (end - start, _OVERLAP_GANTT_MIN_SPAN);

  if (span >= duration)
    {
      overlap_gantt_view_fit (self);
      return;
    }

  /* keep some of the recording in view */
  start = CLAMP (start, -span / 2, duration - span / 2);
  _overlap_gantt_view_set_fit_all (self, FALSE);
  self->fitted = FALSE;
  self->view_start = start;
  self->view_end = start + span;
  _overlap_gantt_view_view_changed (self);
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

  anchor = _overlap_gantt_view_time_at (self, anchor_x);
  frac = (double) (anchor - start) / (end - start);
  span = MAX (_OVERLAP_GANTT_MIN_SPAN, (gint64) ((end - start) / factor));
  start = anchor - (gint64) (frac * span);
  _overlap_gantt_view_set_range (self, start, start + span);
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
  _overlap_gantt_view_set_range (self, start + shift, end + shift);
}

void
overlap_gantt_view_fit (OverlapGanttView *self)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  self->fitted = TRUE;
  self->view_start = self->view_end = 0;
  self->measuring = FALSE;
  _overlap_gantt_view_view_changed (self);
}

/* Shows @start to @end (µs from the runs' start); the whole recording or more
 * fits it. */
void
overlap_gantt_view_set_visible_range (OverlapGanttView *self,
                                      gint64            start,
                                      gint64            end)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  _overlap_gantt_view_set_range (self, start, end);
}

/* Every run in view: the whole time axis, and the lanes shrunk (down to density
 * bands) so that every run fits the height; until the next zoom or scroll. */
void
overlap_gantt_view_fit_all (OverlapGanttView *self)
{
  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  self->measuring = FALSE;
  overlap_gantt_view_fit (self);
  _overlap_gantt_view_set_fit_all (self, TRUE);
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
    _overlap_gantt_view_set_fit_all (self, FALSE);
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
  if (collapsed && overlap_selection_get_run (self->selection) == (int) run &&
      overlap_selection_get_lane (self->selection) >= 0)
    overlap_gantt_view_select (self, run, -1);
  _overlap_gantt_view_update_vadjustment (self);
  _overlap_gantt_view_view_changed (self);
}
