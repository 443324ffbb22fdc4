/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "overlap-painter-private.h"

/* Flows: an arrow from the point of a slice that posted a task to the slice
 * that ran it, drawn over the bars of the runs that show their lanes (not in
 * a density band or a collapsed run). With a lane selected, only the flows
 * that leave or reach it, in the accent colour; else all of them, faint,
 * up to MAX_FLOWS_DRAWN (a real trace has tens of thousands: a grey wall,
 * where the selected lane's few read at a glance). All curves are one path,
 * stroked once, and all heads one fill. */

#define MAX_FLOWS_DRAWN 2000

static gboolean
touches (const OverlapFlow *flow,
         int                run,
         int                lane)
{
  return ((int) flow->from_run == run && (int) flow->from_lane == lane) ||
         ((int) flow->to_run == run && (int) flow->to_lane == lane);
}

static gboolean
flow_point (const OverlapGeometry *g,
            guint                  run,
            guint                  lane,
            gint64                 time,
            double                *x,
            double                *y)
{
  const OverlapRunGeometry *rg;

  if (run >= g->n_runs)
    return FALSE;
  rg = &g->runs[run];
  if (rg->collapsed || rg->density || lane >= rg->n_lanes)
    return FALSE;
  *x = _overlap_time_to_x (g, time + rg->shift);
  *y = _overlap_lane_y (rg, lane) + rg->lane_height / 2;
  return TRUE;
}

void
_overlap_paint_flows (OverlapPainter *p)
{
  const OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  const OverlapFlow *flows;
  OverlapRgba color;
  guint n_flows, drawn = 0;
  double head = 5 * g->s;
  int run = g->options.selected_run;
  int lane = g->options.selected_lane;
  gboolean only_selected = run >= 0 && lane >= 0;

  flows = overlap_recording_get_flows (g->recording, &n_flows);
  if (n_flows == 0 || g->options.hide_flows || g->options.overview)
    return;

  cairo_save (cr);
  cairo_new_path (cr);
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n_flows && drawn < MAX_FLOWS_DRAWN; i++)
        {
          const OverlapFlow *flow = &flows[i];
          double x0, y0, x1, y1, bend;

          if (only_selected && !touches (flow, run, lane))
            continue;
          if (!flow_point (g, flow->from_run, flow->from_lane, flow->from_time, &x0, &y0) ||
              !flow_point (g, flow->to_run, flow->to_lane, flow->to_time, &x1, &y1))
            continue;
          /* off screen: both ends on the same side of it */
          if ((x0 < g->chart_x0 && x1 < g->chart_x0) || (x0 > g->chart_x1 && x1 > g->chart_x1) ||
              (y0 < p->visible_top && y1 < p->visible_top) ||
              (y0 > p->visible_bottom && y1 > p->visible_bottom))
            continue;

          bend = MAX (fabs (x1 - x0) / 2, 12 * g->s);
          if (pass == 0)
            {
              cairo_move_to (cr, x0, y0);
              cairo_curve_to (cr, x0 + bend, y0, x1 - bend, y1, x1 - head, y1);
              drawn++;
            }
          else
            {
              /* the curve ends level: the head points right */
              cairo_move_to (cr, x1, y1);
              cairo_line_to (cr, x1 - head, y1 - head / 2);
              cairo_line_to (cr, x1 - head, y1 + head / 2);
              cairo_close_path (cr);
            }
        }

      color = only_selected ? p->palette->accent : p->palette->foreground;
      if (pass == 0)
        {
          color.alpha *= only_selected ? 0.9 : 0.4;
          _overlap_set_color (cr, &color);
          cairo_set_line_width (cr, MAX (1.0, 1.25 * g->s));
          cairo_stroke (cr);
          drawn = 0;
        }
      else
        {
          color.alpha *= 0.8;
          _overlap_set_color (cr, &color);
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);
}
