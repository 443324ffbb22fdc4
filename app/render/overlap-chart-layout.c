/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-chart-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include "overlap-chart-layout.h"
#include "overlap-painter-private.h"

/* Where everything of a recording goes on a chart of a given size, zoom,
 * scroll, fit and collapse: time ↔ x, lane ↔ y, hit tests, the visible range —
 * and what the painter paints. Made once for the inputs and kept until they
 * change (the options, or the recording: runs added, a run growing), so that a
 * view asking many questions between two frames lays the chart out once, not
 * once a question. No GTK here. */

struct _OverlapChartLayout
{
  GObject              parent_instance;

  OverlapRecording    *recording;
  OverlapPaintOptions  options;
  GArray              *collapsed;   /* the options' collapsed runs, our copy */

  PangoContext        *measure;     /* for layouts made outside a paint */
  OverlapPaintCaches  *caches;      /* kept from one paint to the next */
  OverlapGeometry     *g;           /* NULL: to be made */
  guint64              stamp;       /* the recording's state when g was made */
  guint                n_builds;
};

G_DEFINE_FINAL_TYPE (OverlapChartLayout, overlap_chart_layout, G_TYPE_OBJECT)

/* What of the recording the layout depends on: its runs, how far each has
 * grown, and where each ends (a live one: now) */
static guint64
recording_stamp (OverlapChartLayout *self)
{
  guint n_runs = overlap_recording_get_n_runs (self->recording);
  gint64 now = self->options.now > 0 ? self->options.now : g_get_monotonic_time ();
  guint64 stamp = 1469598103934665603ull ^ n_runs;

  for (guint i = 0; i < n_runs; i++)
    {
      OverlapRun *run = overlap_recording_get_run (self->recording, i);
      const OverlapCounter *counters;
      guint n_lanes, n_spans, n_marks, n_counters;
      guint64 values[6];

      overlap_run_get_lanes (run, &n_lanes);
      overlap_run_get_spans (run, &n_spans);
      overlap_run_get_marks (run, &n_marks);
      counters = overlap_run_get_counters (run, &n_counters);
      values[0] = GPOINTER_TO_SIZE (run);
      values[1] = ((guint64) n_lanes << 32) ^ n_spans;
      values[2] = ((guint64) n_marks << 32) ^ overlap_run_get_state (run);
      values[3] = (guint64) overlap_run_get_end (run, now);
      values[4] = n_counters ^ ((guint64) overlap_recording_get_each_from_zero (self->recording) << 40);
      values[5] = 0;
      for (guint j = 0; j < n_counters; j++)
        values[5] = values[5] * 31 + (counters[j].samples ? counters[j].samples->len : 0);
      for (guint k = 0; k < G_N_ELEMENTS (values); k++)
        stamp = (stamp ^ values[k]) * 1099511628211ull;
    }
  return stamp;
}

static void
invalidate (OverlapChartLayout *self)
{
  g_clear_pointer (&self->g, _overlap_geometry_free);
}

static void
set_geometry (OverlapChartLayout *self,
              OverlapGeometry    *g)
{
  invalidate (self);
  self->g = g;
  self->stamp = recording_stamp (self);
  self->n_builds++;
}

/* The layout for the current inputs, made now if they changed */
static OverlapGeometry *
ensure (OverlapChartLayout *self)
{
  if (self->g != NULL && self->stamp == recording_stamp (self))
    return self->g;

  if (self->measure == NULL)
    self->measure = _overlap_create_measure_context ();
  set_geometry (self, _overlap_geometry_new (self->recording, &self->options, self->measure, self->caches, NULL));
  return self->g;
}

static void
recording_items_changed (OverlapChartLayout *self)
{
  invalidate (self);
  _overlap_paint_caches_forget_runs (self->caches);
}

static void
overlap_chart_layout_dispose (GObject *object)
{
  OverlapChartLayout *self = OVERLAP_CHART_LAYOUT (object);

  invalidate (self);
  if (self->recording != NULL)
    g_signal_handlers_disconnect_by_func (self->recording, recording_items_changed, self);
  g_clear_object (&self->recording);
  g_clear_object (&self->measure);
  g_clear_pointer (&self->caches, _overlap_paint_caches_free);

  G_OBJECT_CLASS (overlap_chart_layout_parent_class)->dispose (object);
}

static void
overlap_chart_layout_finalize (GObject *object)
{
  OverlapChartLayout *self = OVERLAP_CHART_LAYOUT (object);

  g_clear_pointer (&self->collapsed, g_array_unref);

  G_OBJECT_CLASS (overlap_chart_layout_parent_class)->finalize (object);
}

static void
overlap_chart_layout_class_init (OverlapChartLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = overlap_chart_layout_dispose;
  object_class->finalize = overlap_chart_layout_finalize;
}

static void
overlap_chart_layout_init (OverlapChartLayout *self)
{
  self->collapsed = g_array_new (FALSE, TRUE, sizeof (guint8));
  self->caches = _overlap_paint_caches_new ();
  overlap_paint_options_init (&self->options);
}

OverlapChartLayout *
overlap_chart_layout_new (OverlapRecording *recording)
{
  OverlapChartLayout *self;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), NULL);

  self = g_object_new (OVERLAP_TYPE_CHART_LAYOUT, NULL);
  self->recording = g_object_ref (recording);
  g_signal_connect_swapped (recording, "items-changed", G_CALLBACK (recording_items_changed), self);
  return self;
}

OverlapRecording *
overlap_chart_layout_get_recording (OverlapChartLayout *self)
{
  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), NULL);
  return self->recording;
}

/* The chart's size, zoom, scroll, fit and collapsed runs; the layout is made
 * again only when something in them changed (but "now": that only moves the
 * live runs' ends, which the recording's state tells). */
void
overlap_chart_layout_set_options (OverlapChartLayout        *self,
                                  const OverlapPaintOptions *options)
{
  OverlapPaintOptions a, b;
  gboolean same_collapsed;

  g_return_if_fail (OVERLAP_IS_CHART_LAYOUT (self));
  g_return_if_fail (options != NULL);

  same_collapsed = options->n_collapsed == self->collapsed->len &&
                   (options->n_collapsed == 0 ||
                    memcmp (options->collapsed, self->collapsed->data, options->n_collapsed) == 0);
  a = *options;
  b = self->options;
  a.now = b.now = 0;
  a.collapsed = b.collapsed = NULL;
  if (!same_collapsed || memcmp (&a, &b, sizeof a) != 0)
    invalidate (self);

  self->options = *options;
  if (!same_collapsed)
    {
      g_array_set_size (self->collapsed, 0);
      if (options->collapsed != NULL)
        g_array_append_vals (self->collapsed, options->collapsed, options->n_collapsed);
    }
  self->options.collapsed = self->collapsed->len > 0 ? (const guint8 *) self->collapsed->data : NULL;
  self->options.n_collapsed = self->collapsed->len;
}

const OverlapPaintOptions *
overlap_chart_layout_get_options (OverlapChartLayout *self)
{
  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), NULL);
  return &self->options;
}

/* A geometry for painting into @cr: text is measured for @cr's target, so the
 * layout is made for it, and kept for the questions that follow. */
static OverlapGeometry *
begin_paint (OverlapChartLayout *self,
             cairo_t            *cr)
{
  PangoContext *context;
  OverlapGeometry *g;

  context = _overlap_text_cache_begin (&self->caches->text, cr,
                                       CLAMP (self->options.text_scale > 0 ? self->options.text_scale : 1.0, 0.5, 4.0));
  g = _overlap_geometry_new (self->recording, &self->options, context, self->caches, self->caches->text);
  set_geometry (self, g);
  return g;
}

/* Paints into @cr. */
void
overlap_chart_layout_paint (OverlapChartLayout *self,
                            cairo_t            *cr)
{
  OverlapGeometry *g;

  g_return_if_fail (OVERLAP_IS_CHART_LAYOUT (self));
  g_return_if_fail (cr != NULL);

  g = begin_paint (self, cr);
  _overlap_paint_geometry (cr, g, NULL, OVERLAP_PAINT_ALL);
  /* the text cache is the paint's; questions need no text */
  g->text_cache = NULL;
}

static void
paint_rows (OverlapGeometry   *g,
            cairo_t           *cr,
            int                top,
            int                bottom,
            OverlapPaintParts  parts)
{
  double rows[2] = { 0, g->options.height };

  cairo_save (cr);
  cairo_rectangle (cr, 0, top, g->options.width, bottom - top);
  cairo_clip (cr);
  _overlap_paint_geometry (cr, g, rows, parts);
  cairo_restore (cr);
}

/* Paints @self's chart into @cr band by band, @band_rows rows of @cr's
 * user space each from the top, each as it would be in one paint of the
 * whole chart, and calls @painted with the rows done so far as each is
 * done: a tall image can be written while its lower bands are painted
 * (overlap-paint-bands.c). What is under the flows goes first, band after
 * band, while their mask is made on another CPU; a band is done when what
 * is over them is painted too, as soon as the mask is made. One layout
 * serves every band. */
void
_overlap_chart_layout_paint_bands (OverlapChartLayout *self,
                                   cairo_t            *cr,
                                   int                 band_rows,
                                   OverlapBandPainted  painted,
                                   gpointer            data)
{
  int height = self->options.height, done = 0;
  OverlapGeometry *g;

  g_return_if_fail (OVERLAP_IS_CHART_LAYOUT (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (band_rows > 0);

  g = begin_paint (self, cr);
  for (int top = 0; top < height || done < height; top = MIN (top + band_rows, height))
    {
      if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
        break;
      if (top < height)
        paint_rows (g, cr, top, MIN (top + band_rows, height),
                    OVERLAP_PAINT_UNDER | (top == 0 ? OVERLAP_PAINT_START_FLOWS : 0));
      /* all under painted: the rest waits for the mask if it must */
      while (done < MIN (top + band_rows, height) && (top >= height || _overlap_flows_ready (g)))
        {
          int bottom = MIN (done + band_rows, height);

          paint_rows (g, cr, done, bottom, OVERLAP_PAINT_OVER);
          cairo_surface_flush (cairo_get_target (cr));
          done = bottom;
          painted (done, data);
        }
    }
  g->text_cache = NULL;
}

int
overlap_chart_layout_get_natural_height (OverlapChartLayout *self)
{
  OverlapGeometry *g;

  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), 0);

  g = ensure (self);
  if (g->n_runs == 0)
    return (int) ceil (g->runs_top + 120 * g->s);
  if (g->options.fit_lanes)
    return g->options.height;
  return (int) ceil (g->runs_top + g->content_height);
}

double
overlap_chart_layout_time_to_x (OverlapChartLayout *self,
                                gint64              time)
{
  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), 0);
  return _overlap_time_to_x (ensure (self), time);
}

gint64
overlap_chart_layout_x_to_time (OverlapChartLayout *self,
                                double              x)
{
  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), 0);
  return _overlap_x_to_time (ensure (self), x);
}

/* The time range across the chart, µs from the runs' start */
gboolean
overlap_chart_layout_get_visible_range (OverlapChartLayout *self,
                                        gint64             *start,
                                        gint64             *end)
{
  OverlapGeometry *g;

  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), FALSE);

  g = ensure (self);
  if (start)
    *start = g->t0;
  if (end)
    *end = g->t1;
  return g->t1 > g->t0;
}

/* The area where the bars go (without the label gutter), from below the axis
 * to the bottom of the target. */
gboolean
overlap_chart_layout_get_chart_rect (OverlapChartLayout *self,
                                     OverlapPaintRect   *rect)
{
  OverlapGeometry *g;

  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  g = ensure (self);
  rect->x = g->chart_x0;
  rect->y = g->runs_top;
  rect->width = g->chart_x1 - g->chart_x0;
  rect->height = MAX (0, g->options.height - g->runs_top);
  return g->n_runs > 0;
}

/* The row of a task lane in device pixels (scrolling applied), from the
 * chart's left edge to its right edge; in a density band, the rows' part
 * that stands for the lane (under a pixel). FALSE for a collapsed run. */
gboolean
overlap_chart_layout_get_lane_rect (OverlapChartLayout *self,
                                    guint               run,
                                    guint               lane,
                                    OverlapPaintRect   *rect)
{
  OverlapGeometry *g;
  const OverlapRunGeometry *rg;

  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  g = ensure (self);
  if (run >= g->n_runs || lane >= g->runs[run].n_lanes || g->runs[run].collapsed)
    return FALSE;

  rg = &g->runs[run];
  rect->x = g->chart_x0;
  rect->width = g->chart_x1 - g->chart_x0;
  if (rg->density)
    {
      rect->y = g->runs_top - g->options.scroll_y + rg->lanes_top + lane * rg->lane_height;
      rect->height = rg->lane_height;
    }
  else
    {
      rect->y = g->runs_top - g->options.scroll_y + _overlap_lane_y (rg, lane);
      rect->height = _overlap_lane_y (rg, lane + 1) - _overlap_lane_y (rg, lane);
    }
  return TRUE;
}

/* Like overlap_chart_layout_get_lane_rect(), but only the band the bars are
 * drawn in. */
gboolean
overlap_chart_layout_get_bar_rect (OverlapChartLayout *self,
                                   guint               run,
                                   guint               lane,
                                   OverlapPaintRect   *rect)
{
  OverlapGeometry *g;

  if (!overlap_chart_layout_get_lane_rect (self, run, lane, rect))
    return FALSE;

  g = self->g;
  if (!g->runs[run].density)
    {
      rect->y += round ((g->runs[run].lane_height - g->runs[run].bar_height) / 2);
      rect->height = g->runs[run].bar_height;
    }
  return TRUE;
}

/* A run's header (its title line and wall-time bracket) in device pixels,
 * scrolling applied, across the chart's width: a click there collapses the run. */
gboolean
overlap_chart_layout_get_header_rect (OverlapChartLayout *self,
                                      guint               run,
                                      OverlapPaintRect   *rect)
{
  OverlapGeometry *g;

  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  g = ensure (self);
  if (run >= g->n_runs || g->header_height <= 0)
    return FALSE;
  rect->x = g->gutter_x - 8 * g->s;
  rect->width = g->options.width - g->pad - rect->x + 8 * g->s;
  rect->y = g->runs_top - g->options.scroll_y + g->runs[run].top;
  rect->height = g->runs[run].lanes_top - g->runs[run].top;
  return TRUE;
}

/* The id of the note drawn at (@x, @y), or 0. */
guint
overlap_chart_layout_note_at (OverlapChartLayout *self,
                              double              x,
                              double              y)
{
  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), 0);

  return _overlap_geometry_note_at (ensure (self), x, y);
}

/* What is under (@x, @y): TRUE over a run, with @lane the task lane, or
 * G_MAXUINT over the run's header or counters, and @time the time under @x in
 * µs from the run's start (-1 over the label gutter). */
gboolean
overlap_chart_layout_hit_test (OverlapChartLayout *self,
                               double              x,
                               double              y,
                               guint              *run,
                               guint              *lane,
                               gint64             *time)
{
  OverlapGeometry *g;
  double cy;

  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), FALSE);

  g = ensure (self);
  if (y < g->runs_top || y >= g->options.height || x < 0 || x >= g->options.width)
    return FALSE;

  cy = y - g->runs_top + g->options.scroll_y;
  for (guint i = 0; i < g->n_runs; i++)
    {
      const OverlapRunGeometry *rg = &g->runs[i];

      if (cy < rg->top || cy >= rg->bottom)
        continue;
      if (run)
        *run = i;
      if (lane)
        *lane = _overlap_lane_at (rg, cy);
      if (time)
        *time = x >= g->chart_x0 ? MAX (0, _overlap_x_to_time (g, x) - rg->shift) : -1;
      return TRUE;
    }

  return FALSE;
}

/* Where run @run's time 0 is on the axis, µs (one clock; 0 each from zero) */
gint64
overlap_chart_layout_get_run_shift (OverlapChartLayout *self,
                                    guint               run)
{
  OverlapGeometry *g;

  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), 0);

  g = ensure (self);
  return run < g->n_runs ? g->runs[run].shift : 0;
}

/* Whether run @run's lanes are drawn as a density band */
gboolean
overlap_chart_layout_is_density (OverlapChartLayout *self,
                                 guint               run)
{
  OverlapGeometry *g;

  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), FALSE);

  g = ensure (self);
  return run < g->n_runs && g->runs[run].density && !g->runs[run].collapsed;
}

/* How many times the layout was made, for tests and benchmarks: questions
 * between two changes make it once. */
guint
overlap_chart_layout_get_n_builds (OverlapChartLayout *self)
{
  g_return_val_if_fail (OVERLAP_IS_CHART_LAYOUT (self), 0);
  return self->n_builds;
}
