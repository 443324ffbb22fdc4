/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-painter"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "overlap-painter-private.h"

/* The counter rows under a run's lanes: tasks in flight (or any counter) as
 * a step chart, and the loop's lag as ramps over the stalls it measured, each
 * with its largest value. Samples that share a pixel column are drawn once. */

/* A counter row's chart: its samples, drawn from the row's foot (@base) up to
 * @inset below its top, where the value is @scale, until the run's @end */
typedef struct
{
  const OverlapCounterRow *row;
  const OverlapSample     *samples;
  guint                    n;
  gint64                   end;
  double                   base;
  double                   inset;
  double                   scale;
} CounterPlot;

static double
plot_y (const CounterPlot *plot,
        double             value)
{
  double top = plot->row->top + plot->inset;

  return plot->base - (plot->base - top) * CLAMP (value / plot->scale, 0, 1);
}

/* Where the chart ends: at the run's end (now, while live), cut by the view,
 * and not before @x */
static double
plot_end_x (const OverlapGeometry *g,
            const CounterPlot     *plot,
            double                 x)
{
  return MAX (x, MIN (_overlap_time_to_x (g, MIN (plot->end, g->t1)), g->chart_x1));
}

/* A label on a counter row, on a backing of the background so that the
 * line under it does not cross it. */
static void
paint_counter_label (OverlapPainter          *p,
                     const OverlapCounterRow *row,
                     const char              *text,
                     const OverlapRgba       *color,
                     double                   x,
                     gboolean                 right_of_x)
{
  OverlapGeometry *g = p->g;
  double w = _overlap_text_width (g, g->font_small, text);
  double h = _overlap_line_height (g, g->font_small);
  double cy = row->top + row->height / 2;
  OverlapRgba backing = p->palette->background;

  if (!right_of_x || x + w > g->options.width - g->pad)
    x = x - w - (right_of_x ? 16 * g->s : 0);
  x = MAX (x, g->chart_x0 + 2 * g->s);

  backing.alpha = 0.85;
  _overlap_set_color (p->cr, &backing);
  _overlap_rounded_rect (p->cr, x - 4 * g->s, cy - h / 2, w + 8 * g->s, h, 3 * g->s);
  cairo_fill (p->cr);
  _overlap_draw_text (p, text, &(OverlapTextStyle) { g->font_small, color }, x, cy, 0);
}

/* Down to the foot at @end_x, and the chart's area filled and outlined */
static void
close_plot (OverlapPainter    *p,
            const CounterPlot *plot,
            double             end_x,
            const OverlapRgba *color)
{
  OverlapRgba fill = *color;

  cairo_line_to (p->cr, end_x, plot->base);
  cairo_close_path (p->cr);

  fill.alpha = 0.22;
  _overlap_set_color (p->cr, &fill);
  cairo_fill_preserve (p->cr);
  _overlap_set_color (p->cr, color);
  cairo_set_line_width (p->cr, MAX (1.5, 1.5 * p->g->s));
  cairo_set_line_join (p->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (p->cr);
}

/* Tasks in flight (or any counter): a step chart. Samples that share a pixel
 * column become one step to their highest value, so no peak is lost. */
static void
paint_steps (OverlapPainter    *p,
             const CounterPlot *plot)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  double level = plot->base;
  double column_x = 0, column_max = 0, column_last = 0;
  double before = -1;
  gboolean started = FALSE;
  double end_x;
  char text[64];

  for (guint i = 0; i < plot->n; i++)
    {
      gint64 t = plot->samples[i].time;
      double v = plot->samples[i].value;
      double x;

      if (t < g->t0)
        {
          level = plot_y (plot, v);
          before = v;
          continue;
        }
      if (t > g->t1)
        break;

      x = _overlap_time_to_x (g, t);
      if (!started)
        {
          double x0 = i > 0 ? g->chart_x0 : x;

          cairo_move_to (cr, x0, plot->base);
          cairo_line_to (cr, x0, level);
          started = TRUE;
        }
      else if (x - column_x < 1)
        {
          column_max = MAX (column_max, v);
          column_last = v;
          continue;
        }
      else
        {
          cairo_line_to (cr, column_x, level);
          cairo_line_to (cr, column_x, plot_y (plot, column_max));
          level = plot_y (plot, column_last);
          if (column_last != column_max)
            cairo_line_to (cr, column_x + 1, level);
        }
      column_x = x;
      column_max = column_last = v;
    }

  if (!started)
    {
      /* No change in view: the level from before it, throughout */
      if (before < 0 || plot->end < g->t0)
        return;
      cairo_move_to (cr, g->chart_x0, plot->base);
      column_x = g->chart_x0;
      column_max = column_last = before;
    }

  cairo_line_to (cr, column_x, level);
  cairo_line_to (cr, column_x, plot_y (plot, column_max));
  level = plot_y (plot, column_last);
  end_x = plot_end_x (g, plot, column_x);
  cairo_line_to (cr, end_x, level);
  close_plot (p, plot, end_x, plot->row->kind == OVERLAP_COUNTER_ROW_IN_FLIGHT ? &p->palette->in_flight
                                                                              : &p->palette->dim);

  if (plot->row->kind == OVERLAP_COUNTER_ROW_IN_FLIGHT)
    /* Translators: the most tasks in flight at once */
    g_snprintf (text, sizeof text, _("max %g"), plot->row->counter->max);
  else
    g_snprintf (text, sizeof text, _("max %g %s"), plot->row->counter->max,
                plot->row->counter->unit ? plot->row->counter->unit : "");
  paint_counter_label (p, plot->row, text, &p->palette->dim, end_x + 8 * g->s, TRUE);
}

/* Loop lag: a sample (t, lag) says the loop could not run from t − lag to t,
 * so each is drawn as a ramp rising over the stall it measures; a long stall
 * lines up with the bar that caused it. */
static void
paint_lag (OverlapPainter    *p,
           const CounterPlot *plot)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  double last_x = -G_MAXDOUBLE;
  double peak_x = -1, peak = -1;
  double column_x = 0, column_max = -1;
  double end_x;
  char duration[32];
  char text[64];

  cairo_move_to (cr, g->chart_x0, plot->base);
  for (guint i = 0; i <= plot->n; i++)
    {
      double x = 0, v = 0;

      if (i < plot->n)
        {
          gint64 t = plot->samples[i].time;

          v = MAX (0, plot->samples[i].value);
          if (t < g->t0 || t - (gint64) (v * 1000) > g->t1)
            continue;
          x = _overlap_time_to_x (g, t);
          if (v > peak)
            {
              peak = v;
              peak_x = x;
            }
          if (column_max >= 0 && x - column_x < 1)
            {
              column_max = MAX (column_max, v);
              continue;
            }
        }

      if (column_max >= 0)
        {
          double ramp = MAX (column_x - column_max * 1000 * g->px_per_us, last_x);

          cairo_line_to (cr, ramp, plot->base);
          cairo_line_to (cr, column_x, plot_y (plot, column_max));
          cairo_line_to (cr, column_x, plot->base);
          last_x = column_x;
        }
      column_x = x;
      column_max = v;
    }

  end_x = plot_end_x (g, plot, last_x);
  close_plot (p, plot, end_x, &p->palette->lag);

  if (peak < 0)
    return;
  _overlap_format_duration (duration, sizeof duration, (gint64) (plot->row->counter->max * 1000));
  /* Translators: the longest time the main loop was blocked, e.g. "longest stall 512 ms" */
  g_snprintf (text, sizeof text, _("longest stall %s"), duration);
  paint_counter_label (p, plot->row, text, &p->palette->lag, peak_x + 8 * g->s, TRUE);
}

void
_overlap_paint_counter (OverlapPainter     *p,
                        OverlapRunGeometry *rg,
                        OverlapCounterRow  *row)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  CounterPlot plot = {
    .row = row,
    .samples = (const OverlapSample *) (gpointer) row->counter->samples->data,
    .n = row->counter->samples->len,
    .end = rg->end,
    .base = row->top + row->height,
    .inset = round (4 * g->s),
  };

  _overlap_draw_text (p, _overlap_counter_name (row->counter), &p->caption, g->gutter_x,
                      row->top + row->height / 2, g->gutter_width - 14 * g->s);

  cairo_save (cr);
  cairo_rectangle (cr, g->chart_x0, row->top, g->options.width - g->chart_x0, row->height + 2);
  cairo_clip (cr);
  switch (row->kind)
    {
    case OVERLAP_COUNTER_ROW_IN_FLIGHT:
      plot.scale = g->in_flight_scale;
      paint_steps (p, &plot);
      break;
    case OVERLAP_COUNTER_ROW_LAG:
      plot.scale = g->lag_scale;
      paint_lag (p, &plot);
      break;
    case OVERLAP_COUNTER_ROW_OTHER:
    default:
      plot.scale = MAX (row->counter->max, 1);
      paint_steps (p, &plot);
      break;
    }
  cairo_restore (cr);
}
