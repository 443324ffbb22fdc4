/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

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
#define FLATNESS        0.1   /* px: a curve is drawn as lines no further from it */
#define MAX_DEPTH       16    /* and halved at most this many times */

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

/* Coverage of the pixels @lo to @hi - 1 of one row (or column) by [a, b],
 * in 1/256 of a pixel, kept at the most of what each pixel had, so that
 * crossing curves stay one stroke. */
static inline void
cover (guint8 *pixel,
       int     coverage)
{
  guint8 value = (guint8) ((coverage * 255 + 128) >> 8);

  if (value > *pixel)
    *pixel = value;
}

/* [fa, fb] in 1/256 of a pixel, within the line */
static inline void
cover_fixed (guint8 *line,
             gsize   step,
             int     fa,
             int     fb)
{
  int first, last;

  if (fb <= fa)
    return;
  first = fa >> 8;
  last = (fb - 1) >> 8;
  if (first == last)
    {
      cover (line + first * step, fb - fa);
      return;
    }
  cover (line + first * step, ((first + 1) << 8) - fa);
  /* a line is a pixel or two wide: no memset () for what is between */
  for (int i = first + 1; i < last; i++)
    *(volatile guint8 *) (line + i * step) = 255;
  cover (line + last * step, fb - (last << 8));
}

static inline void
cover_span (guint8 *line,
            gsize   step,
            int     lo,
            int     hi,
            double  a,
            double  b)
{
  if (b <= lo || a >= hi)
    return;
  cover_fixed (line, step, (int) (MAX (a, (double) lo) * 256 + 0.5), (int) (MIN (b, (double) hi) * 256 + 0.5));
}

/* A line of @width from (x0, y0) to (x1, y1), in the mask's coordinates,
 * into its rows @top to @bottom - 1 (@w wide): steep, a span per pixel row;
 * shallow, per column. Each row's (column's) span is computed from the ends
 * alone, so the rows come out the same whichever are drawn at a time. */
static void
cover_line (guint8 *mask,
            int     stride,
            int     w,
            int     top,
            int     bottom,
            double  x0,
            double  y0,
            double  x1,
            double  y1,
            double  width)
{
  double dx = x1 - x0, dy = y1 - y0, length;

  if ((y0 < top - width && y1 < top - width) || (y0 > bottom + width && y1 > bottom + width))
    return;
  length = hypot (dx, dy);
  if (length < 1e-6)
    return;
  if (fabs (dy) >= fabs (dx))
    {
      double half = width / 2 * length / fabs (dy), slope = dx / dy;
      int first = MAX (top, (int) floor (MIN (y0, y1) - 0.5) + 1);
      int last = MIN (bottom - 1, (int) floor (MAX (y0, y1) - 0.5));

      /* a row's span moves by the slope: in 1/65536 of a pixel */
      gint64 a = (gint64) llround ((x0 + (first + 0.5 - y0) * slope - half) * 65536);
      gint64 step = (gint64) llround (slope * 65536), span = (gint64) llround (2 * half * 65536);
      gint64 end = (gint64) w << 16;
      guint8 *line = mask + (gsize) MAX (first, 0) * stride;

      for (int y = first; y <= last; y++, line += stride, a += step)
        if (a + span > 0 && a < end)
          cover_fixed (line, 1, (int) (MAX (a, 0) >> 8), (int) (MIN (a + span, end) >> 8));
    }
  else
    {
      double half = width / 2 * length / fabs (dx), slope = dy / dx;
      int first = MAX (0, (int) floor (MIN (x0, x1) - 0.5) + 1);
      int last = MIN (w - 1, (int) floor (MAX (x0, x1) - 0.5));

      for (int x = first; x <= last; x++)
        {
          double y = y0 + (x + 0.5 - x0) * slope;

          cover_span (mask + x, stride, top, bottom, y - half, y + half);
        }
    }
}

/* What a thread rasterizes: rows @top to @bottom - 1 of the mask */
typedef struct
{
  guint8       *data;
  int           stride;
  int           width;
  int           top;
  int           bottom;
  const double *curves;    /* in the mask's coordinates */
  guint         n_curves;
  double        line_width;
} MaskRows;

/* Flat enough to be a line: the control points are within FLATNESS of the
 * chord (Willcocks' bound on a cubic's distance from it) */
static gboolean
is_flat (const double *q)
{
  double ux = 3 * q[2] - 2 * q[0] - q[6], uy = 3 * q[3] - 2 * q[1] - q[7];
  double vx = 3 * q[4] - q[0] - 2 * q[6], vy = 3 * q[5] - q[1] - 2 * q[7];

  return MAX (ux * ux, vx * vx) + MAX (uy * uy, vy * vy) <= 16 * FLATNESS * FLATNESS;
}

static gpointer
cover_rows (gpointer data)
{
  const MaskRows *rows = data;
  double top = rows->top - rows->line_width, bottom = rows->bottom + rows->line_width;

  for (guint c = 0; c < rows->n_curves; c++)
    {
      /* halved until flat (de Casteljau), each half within 8 coordinates */
      double stack[MAX_DEPTH + 1][8];
      int depth = 0;

      memcpy (stack[0], rows->curves + 8 * c, sizeof stack[0]);
      while (depth >= 0)
        {
          double *q = stack[depth];
          double y_min = MIN (MIN (q[1], q[3]), MIN (q[5], q[7]));
          double y_max = MAX (MAX (q[1], q[3]), MAX (q[5], q[7]));

          /* a curve is inside its control points */
          if (y_max < top || y_min > bottom)
            {
              depth--;
              continue;
            }
          if (depth == MAX_DEPTH || is_flat (q))
            {
              cover_line (rows->data, rows->stride, rows->width, rows->top, rows->bottom,
                          q[0], q[1], q[6], q[7], rows->line_width);
              depth--;
              continue;
            }
          /* the second half goes where q was, the first above it, drawn first */
          {
            double *first = stack[depth + 1];
            double ab[2], bc[2], cd[2], abc[2], bcd[2], mid[2];

            for (int i = 0; i < 2; i++)
              {
                ab[i] = (q[i] + q[2 + i]) / 2;
                bc[i] = (q[2 + i] + q[4 + i]) / 2;
                cd[i] = (q[4 + i] + q[6 + i]) / 2;
                abc[i] = (ab[i] + bc[i]) / 2;
                bcd[i] = (bc[i] + cd[i]) / 2;
                mid[i] = (abc[i] + bcd[i]) / 2;
                first[i] = q[i];
                first[2 + i] = ab[i];
                first[4 + i] = abc[i];
                first[6 + i] = mid[i];
                q[i] = mid[i];
                q[2 + i] = bcd[i];
                q[4 + i] = cd[i];
              }
            depth++;
          }
        }
    }
  return NULL;
}

#define MIN_ROWS_PER_THREAD 2048

/* A mask to rasterize: the curves in its coordinates, and where it goes */
typedef struct
{
  cairo_surface_t       *mask;
  cairo_rectangle_int_t  at;       /* device space */
  double                *curves;
  guint                  n_curves;
  double                 width;    /* the line's, device space */
  OverlapGeometry       *g;        /* made in a thread for it (or NULL) */
} MaskJob;

/* A mask within @box (from mask_box()) as large as the curves (8 user-space
 * coordinates each: a cubic Bézier) are there; FALSE when none is. */
static gboolean
mask_job_init (MaskJob               *job,
               cairo_t               *cr,
               cairo_rectangle_int_t  box,
               double                 scale,
               const GArray          *curves,
               double                 line_width)
{
  double width = line_width * scale;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  int bx, by;

  *job = (MaskJob) { .n_curves = curves->len / 8, .width = width };
  /* a curve is inside its control points */
  job->curves = g_new (double, curves->len);
  for (guint i = 0; i + 2 <= curves->len; i += 2)
    {
      double x = g_array_index (curves, double, i), y = g_array_index (curves, double, i + 1);

      cairo_user_to_device (cr, &x, &y);
      job->curves[i] = x, job->curves[i + 1] = y;
      x0 = MIN (x0, x), y0 = MIN (y0, y), x1 = MAX (x1, x), y1 = MAX (y1, y);
    }
  bx = MAX (box.x, (int) floor (x0 - width - 1));
  by = MAX (box.y, (int) floor (y0 - width - 1));
  box.width = MIN (box.x + box.width, (int) ceil (x1 + width + 1)) - bx;
  box.height = MIN (box.y + box.height, (int) ceil (y1 + width + 1)) - by;
  box.x = bx, box.y = by;
  if (box.width > 0 && box.height > 0)
    {
      job->mask = cairo_image_surface_create (CAIRO_FORMAT_A8, box.width, box.height);
      if (cairo_surface_status (job->mask) != CAIRO_STATUS_SUCCESS)
        g_clear_pointer (&job->mask, cairo_surface_destroy);
    }
  if (job->mask == NULL)
    {
      g_clear_pointer (&job->curves, g_free);
      return FALSE;
    }
  cairo_surface_flush (job->mask);
  for (guint i = 0; i + 2 <= curves->len; i += 2)
    job->curves[i] -= box.x, job->curves[i + 1] -= box.y;
  job->at = box;
  return TRUE;
}

static MaskRows
mask_rows (const MaskJob *job,
           int            top,
           int            bottom)
{
  return (MaskRows) {
    .data = cairo_image_surface_get_data (job->mask),
    .stride = cairo_image_surface_get_stride (job->mask),
    .width = job->at.width,
    .top = top,
    .bottom = bottom,
    .curves = job->curves,
    .n_curves = job->n_curves,
    .line_width = job->width,
  };
}

#define MIN_ROWS_PER_THREAD 2048

/* Rasterizes the job's curves, a tall mask on two CPUs (each its own rows:
 * only numbers and the mask's memory), and frees the curves. */
static void
mask_job_run (MaskJob  *job,
              gboolean  share)
{
  int height = job->at.height;
  MaskRows rows[2] = { mask_rows (job, 0, height / 2), mask_rows (job, height / 2, height) };
  GThread *thread = NULL;

  if (!share || height < 2 * MIN_ROWS_PER_THREAD || g_get_num_processors () < 2 ||
      (thread = g_thread_try_new ("overlap-flows", cover_rows, &rows[1], NULL)) == NULL)
    {
      rows[0].bottom = height;
      cover_rows (&rows[0]);
    }
  else
    {
      cover_rows (&rows[0]);
      g_thread_join (thread);
    }
  g_clear_pointer (&job->curves, g_free);
}

static gpointer
mask_job_thread (gpointer data)
{
  MaskJob *job = data;

  mask_job_run (job, FALSE);
  g_atomic_int_set (&job->g->flows_done, TRUE);
  return job;
}

/* The curves rasterized into a mask, on two CPUs; NULL when none is in
 * @box. *@at: where the mask goes. */
static cairo_surface_t *
stroke_into_mask (cairo_t               *cr,
                  cairo_rectangle_int_t  box,
                  double                 scale,
                  const GArray          *curves,
                  double                 line_width,
                  cairo_rectangle_int_t *at)
{
  MaskJob job;

  if (!mask_job_init (&job, cr, box, scale, curves, line_width))
    return NULL;
  mask_job_run (&job, TRUE);
  cairo_surface_mark_dirty (job.mask);
  *at = job.at;
  return job.mask;
}

static void
paint_mask (cairo_t           *cr,
            cairo_surface_t   *mask,
            int                x,
            int                y,
            const OverlapRgba *color)
{
  cairo_save (cr);
  cairo_identity_matrix (cr);
  _overlap_set_color (cr, color);
  cairo_mask_surface (cr, mask, x, y);
  cairo_restore (cr);
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

/* The curves of the flows drawn (up to MAX_FLOWS_DRAWN of those on screen,
 * in order), 8 user-space coordinates each: a cubic Bézier. */
static GArray *
flow_curves (OverlapPainter *p)
{
  const OverlapGeometry *g = p->g;
  const OverlapFlow *flows;
  GArray *curves = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_flows, drawn = 0;
  double head = 5 * g->s;
  int run = g->options.selected_run;
  int lane = g->options.selected_lane;
  gboolean only_selected = run >= 0 && lane >= 0;

  flows = overlap_recording_get_flows (g->recording, &n_flows);
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
      drawn++;
      bend = MAX (fabs (x1 - x0) / 2, 12 * g->s);
      g_array_append_vals (curves, (double[8]) { x0, y0, x0 + bend, y0, x1 - bend, y1, x1 - head, y1 }, 8);
    }
  return curves;
}

static void
keep_mask (OverlapGeometry *g,
           MaskJob         *job)
{
  cairo_surface_mark_dirty (job->mask);
  g->flows_mask = job->mask;
  g->flows_mask_x = job->at.x;
  g->flows_mask_y = job->at.y;
  g_free (job);
}

/* For a chart painted in bands: begins the flows' mask for all its rows in a
 * thread, which the bands' flows then wait for. Nothing when there are none,
 * or the target is not an image. */
void
_overlap_flows_start (OverlapPainter *p)
{
  OverlapGeometry *g = p->g;
  cairo_rectangle_int_t box;
  double scale, top_x = 0, top = p->visible_top, bottom_x = 0, bottom = p->visible_bottom;
  guint n_flows;
  MaskJob *job;

  overlap_recording_get_flows (g->recording, &n_flows);
  if (g->flows_started)
    return;
  g->flows_started = TRUE;
  if (n_flows == 0 || g->options.hide_flows || g->options.overview || !mask_box (p->cr, &box, &scale))
    return;

  if (g->flows_curves == NULL)
    g->flows_curves = flow_curves (p);
  cairo_user_to_device (p->cr, &top_x, &top);
  cairo_user_to_device (p->cr, &bottom_x, &bottom);
  box.y = MAX (0, (int) floor (top));
  box.height = (int) ceil (bottom) - box.y;
  job = g_new (MaskJob, 1);
  if (!mask_job_init (job, p->cr, box, scale, g->flows_curves, MAX (1.0, 1.25 * g->s)))
    {
      g_free (job);
      return;
    }
  job->g = g;
  g->flows_thread = g_thread_try_new ("overlap-flows", mask_job_thread, job, NULL);
  if (g->flows_thread == NULL)
    {
      /* made here, then */
      mask_job_run (job, TRUE);
      keep_mask (g, job);
    }
}

/* Waits for the mask begun by _overlap_flows_start(), if it is not made yet,
 * and keeps it in @g. */
void
_overlap_flows_wait (OverlapGeometry *g)
{
  if (g->flows_thread != NULL)
    keep_mask (g, g_thread_join (g_steal_pointer (&g->flows_thread)));
}

/* Whether the flows' mask begun by _overlap_flows_start() is made (or none
 * was begun): the bands' flows can be painted without waiting. */
gboolean
_overlap_flows_ready (OverlapGeometry *g)
{
  return g->flows_thread == NULL || g_atomic_int_get (&g->flows_done);
}

void
_overlap_paint_flows (OverlapPainter *p)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  g_autoptr(GArray) curves = NULL;
  OverlapRgba color;
  double head = 5 * g->s, line_width = MAX (1.0, 1.25 * g->s);
  gboolean only_selected = g->options.selected_run >= 0 && g->options.selected_lane >= 0;
  gboolean band = p->cull_top > p->visible_top || p->cull_bottom < p->visible_bottom;
  cairo_rectangle_int_t box, at;
  double scale;
  guint n_flows;

  overlap_recording_get_flows (g->recording, &n_flows);
  if (n_flows == 0 || g->options.hide_flows || g->options.overview)
    return;

  /* a chart in bands: the same curves for every band, made once */
  if (band && g->flows_curves == NULL)
    g->flows_curves = flow_curves (p);
  curves = band ? g_array_ref (g->flows_curves) : flow_curves (p);
  cairo_save (cr);
  color = only_selected ? p->palette->accent : p->palette->foreground;
  color.alpha *= only_selected ? 0.9 : 0.4;
  if (mask_box (cr, &box, &scale))
    {
      /* an image target: the curves are rasterized here, for a chart in
       * bands once, for all its rows (from the visible top to its bottom),
       * on another CPU while the bands are painted */
      if (band && !g->flows_started)
        _overlap_flows_start (p);
      _overlap_flows_wait (g);
      if (band && g->flows_mask != NULL)
        paint_mask (cr, g->flows_mask, g->flows_mask_x, g->flows_mask_y, &color);
      else if (!band && curves->len > 0)
        {
          cairo_surface_t *mask = stroke_into_mask (cr, box, scale, curves, line_width, &at);

          if (mask != NULL)
            paint_mask (cr, mask, at.x, at.y, &color);
          g_clear_pointer (&mask, cairo_surface_destroy);
        }
    }
  else if (curves->len > 0)
    {
      cairo_new_path (cr);
      for (guint c = 0; c + 8 <= curves->len; c += 8)
        {
          const double *k = &g_array_index (curves, double, c);

          cairo_move_to (cr, k[0], k[1]);
          cairo_curve_to (cr, k[2], k[3], k[4], k[5], k[6], k[7]);
        }
      _overlap_set_color (cr, &color);
      cairo_set_line_width (cr, line_width);
      cairo_stroke (cr);
    }

  /* a head at each curve's end, level: it points right */
  cairo_new_path (cr);
  for (guint c = 0; c + 8 <= curves->len; c += 8)
    {
      double x1 = g_array_index (curves, double, c + 6) + head, y1 = g_array_index (curves, double, c + 7);

      /* a band draws the heads it shows */
      if (y1 < p->cull_top - head || y1 > p->cull_bottom + head)
        continue;
      cairo_move_to (cr, x1, y1);
      cairo_line_to (cr, x1 - head, y1 - head / 2);
      cairo_line_to (cr, x1 - head, y1 + head / 2);
      cairo_close_path (cr);
    }
  color = only_selected ? p->palette->accent : p->palette->foreground;
  color.alpha *= 0.8;
  _overlap_set_color (cr, &color);
  cairo_fill (cr);
  cairo_restore (cr);
}
