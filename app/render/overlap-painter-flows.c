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
 * stroked once, and all heads one fill.
 *
 * On an image surface (the PNG export) the curves are rasterized here
 * instead, into one alpha mask where they overlap as one path does: cairo's
 * scan converter takes about a millisecond for a curve that crosses a tall
 * chart (a flow from one process to another), two seconds for 2,000. */

#define MAX_FLOWS_DRAWN 2000
#define SEGMENT_LENGTH  6.0   /* px: a curve is drawn as lines about this long */

/* Where the mask may go: the target is an image surface, user space is
 * device space scaled and moved, and the clip is a box. The box is in device
 * space before the target's device offset, a whole number of pixels: a band
 * of a chart (overlap-paint-bands.c) is the chart's rows moved by it, so its
 * curves are computed exactly as the whole chart's. */
static gboolean
mask_box (cairo_t               *cr,
          cairo_rectangle_int_t *box,
          double                *scale)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_matrix_t m;
  double x0, y0, x1, y1, dx, dy, sx, sy;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_image_surface_get_format (target) != CAIRO_FORMAT_ARGB32)
    return FALSE;
  cairo_surface_get_device_offset (target, &dx, &dy);
  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_get_matrix (cr, &m);
  if (dx != floor (dx) || dy != floor (dy) || sx != 1 || sy != 1 ||
      m.xy != 0 || m.yx != 0 || m.xx != m.yy || m.xx <= 0)
    return FALSE;
  *scale = m.xx;
  cairo_clip_extents (cr, &x0, &y0, &x1, &y1);
  cairo_user_to_device (cr, &x0, &y0);
  cairo_user_to_device (cr, &x1, &y1);
  box->x = MAX ((int) -dx, (int) floor (x0));
  box->y = MAX ((int) -dy, (int) floor (y0));
  box->width = MIN ((int) -dx + cairo_image_surface_get_width (target), (int) ceil (x1)) - box->x;
  box->height = MIN ((int) -dy + cairo_image_surface_get_height (target), (int) ceil (y1)) - box->y;
  return box->width > 0 && box->height > 0;
}

/* Coverage of the pixels of one row (or column) by [a, b], kept at the
 * most of what each pixel had, so that crossing curves stay one stroke. */
static inline void
cover_span (guint8 *line,
            gsize   step,
            int     n,
            double  a,
            double  b)
{
  int first, last;

  if (b <= 0 || a >= n)
    return;
  first = a > 0 ? (int) a : 0;
  last = b < n ? (int) b : n - 1;
  for (int i = first; i <= last; i++)
    {
      /* in [0, 1]: the pixel is one of those [a, b] reaches */
      double inside = MIN (b, i + 1.0) - MAX (a, (double) i);
      guint8 value = (guint8) (inside * 255 + 0.5);

      if (value > line[i * step])
        line[i * step] = value;
    }
}

/* A line of @width from (x0, y0) to (x1, y1) into the mask over @box:
 * steep, a span per pixel row; shallow, per column. Each row's (column's)
 * span is computed from the ends alone, in the box's coordinates, so that
 * a band's mask has the same pixels as the whole chart's in their rows. */
static void
cover_line (guint8                      *mask,
            int                          stride,
            const cairo_rectangle_int_t *box,
            double                       x0,
            double                       y0,
            double                       x1,
            double                       y1,
            double                       width)
{
  double dx = x1 - x0, dy = y1 - y0, length = hypot (dx, dy);

  if (length < 1e-6)
    return;
  if (fabs (dy) >= fabs (dx))
    {
      double half = width / 2 * length / fabs (dy), slope = dx / dy;
      int first = MAX (box->y, (int) floor (MIN (y0, y1) - 0.5) + 1);
      int last = MIN (box->y + box->height - 1, (int) floor (MAX (y0, y1) - 0.5));

      for (int y = first; y <= last; y++)
        {
          double x = x0 + (y + 0.5 - y0) * slope;

          cover_span (mask + (gsize) (y - box->y) * stride, 1, box->width,
                      x - half - box->x, x + half - box->x);
        }
    }
  else
    {
      double half = width / 2 * length / fabs (dx), slope = dy / dx;
      int first = MAX (box->x, (int) floor (MIN (x0, x1) - 0.5) + 1);
      int last = MIN (box->x + box->width - 1, (int) floor (MAX (x0, x1) - 0.5));

      for (int x = first; x <= last; x++)
        {
          double y = y0 + (x + 0.5 - x0) * slope;

          cover_span (mask + (x - box->x), stride, box->height, y - half - box->y, y + half - box->y);
        }
    }
}

/* Strokes the curves (8 user-space coordinates each: a cubic Bézier) into a
 * mask within @box (from mask_box()) and paints @color through it. */
static void
stroke_into_mask (cairo_t               *cr,
                  cairo_rectangle_int_t  box,
                  double                 scale,
                  const GArray          *curves,
                  double                 line_width,
                  const OverlapRgba     *color)
{
  cairo_surface_t *mask;
  guint8 *data;
  double width = line_width * scale;
  int stride;

  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  int bx, by;

  /* only as large as the curves: a curve is inside its control points */
  for (guint i = 0; i + 2 <= curves->len; i += 2)
    {
      double x = g_array_index (curves, double, i), y = g_array_index (curves, double, i + 1);

      cairo_user_to_device (cr, &x, &y);
      x0 = MIN (x0, x), y0 = MIN (y0, y), x1 = MAX (x1, x), y1 = MAX (y1, y);
    }
  bx = MAX (box.x, (int) floor (x0 - width - 1));
  by = MAX (box.y, (int) floor (y0 - width - 1));
  box.width = MIN (box.x + box.width, (int) ceil (x1 + width + 1)) - bx;
  box.height = MIN (box.y + box.height, (int) ceil (y1 + width + 1)) - by;
  box.x = bx, box.y = by;
  if (box.width <= 0 || box.height <= 0)
    return;   /* all outside the clip */
  mask = cairo_image_surface_create (CAIRO_FORMAT_A8, box.width, box.height);
  if (cairo_surface_status (mask) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (mask);
      return;
    }
  cairo_surface_flush (mask);
  data = cairo_image_surface_get_data (mask);
  stride = cairo_image_surface_get_stride (mask);

  for (guint c = 0; c + 8 <= curves->len; c += 8)
    {
      double p[8];
      double polygon = 0, px, py;
      int n;

      for (int i = 0; i < 8; i += 2)
        {
          p[i] = g_array_index (curves, double, c + i);
          p[i + 1] = g_array_index (curves, double, c + i + 1);
          cairo_user_to_device (cr, &p[i], &p[i + 1]);
          if (i > 0)
            polygon += hypot (p[i] - p[i - 2], p[i + 1] - p[i - 1]);
        }
      n = CLAMP ((int) ceil (polygon / SEGMENT_LENGTH), 1, 4096);
      px = p[0], py = p[1];
      for (int k = 1; k <= n; k++)
        {
          double t = (double) k / n, u = 1 - t;
          double x = u * u * u * p[0] + 3 * u * u * t * p[2] + 3 * u * t * t * p[4] + t * t * t * p[6];
          double y = u * u * u * p[1] + 3 * u * u * t * p[3] + 3 * u * t * t * p[5] + t * t * t * p[7];

          cover_line (data, stride, &box, px, py, x, y, width);
          px = x, py = y;
        }
    }
  cairo_surface_mark_dirty (mask);

  cairo_save (cr);
  cairo_identity_matrix (cr);
  _overlap_set_color (cr, color);
  cairo_mask_surface (cr, mask, box.x, box.y);
  cairo_restore (cr);
  cairo_surface_destroy (mask);
}

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
  g_autoptr(GArray) curves = NULL;
  cairo_rectangle_int_t box;
  double scale;

  flows = overlap_recording_get_flows (g->recording, &n_flows);
  if (n_flows == 0 || g->options.hide_flows || g->options.overview)
    return;
  /* an image target: the curves are kept for the mask, not made a path */
  if (mask_box (cr, &box, &scale))
    curves = g_array_new (FALSE, FALSE, sizeof (double));

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
          /* the same arrows counted in every band of a chart, each drawing its own */
          if ((y0 < p->cull_top - head && y1 < p->cull_top - head) ||
              (y0 > p->cull_bottom + head && y1 > p->cull_bottom + head))
            {
              drawn += pass == 0;
              continue;
            }

          bend = MAX (fabs (x1 - x0) / 2, 12 * g->s);
          if (pass == 0)
            {
              double curve[8] = { x0, y0, x0 + bend, y0, x1 - bend, y1, x1 - head, y1 };

              if (curves != NULL)
                g_array_append_vals (curves, curve, 8);
              else
                {
                  cairo_move_to (cr, x0, y0);
                  cairo_curve_to (cr, curve[2], curve[3], curve[4], curve[5], curve[6], curve[7]);
                }
            }
          else
            {
              /* the curve ends level: the head points right */
              cairo_move_to (cr, x1, y1);
              cairo_line_to (cr, x1 - head, y1 - head / 2);
              cairo_line_to (cr, x1 - head, y1 + head / 2);
              cairo_close_path (cr);
            }
          /* the same flows in both passes: a head for each curve drawn */
          drawn++;
        }

      color = only_selected ? p->palette->accent : p->palette->foreground;
      if (pass == 0)
        {
          color.alpha *= only_selected ? 0.9 : 0.4;
          if (curves != NULL)
            {
              if (curves->len > 0)
                stroke_into_mask (cr, box, scale, curves, MAX (1.0, 1.25 * g->s), &color);
            }
          else
            {
              _overlap_set_color (cr, &color);
              cairo_set_line_width (cr, MAX (1.0, 1.25 * g->s));
              cairo_stroke (cr);
            }
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
