/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-painter"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "overlap-chart-layout.h"
#include "overlap-painter-private.h"
#include "overlap-run-words.h"

/* Paints a recording into any cairo context: the Gantt view in the window and
 * the PNG, SVG and PDF exports. No GTK here.
 *
 * The picture, top to bottom: the recording's title, a legend of what is in
 * it, one shared time axis, then each run as a group: a header (strategy, wall
 * time, speed-up), a bracket from 0 to the wall time, a lane per task with its
 * label in a gutter at the left, and the run's counters (tasks in flight, loop
 * lag) as small step charts. Title, legend and axis stay put while the runs
 * scroll under them.
 *
 * The geometry is computed from the recording first (the same for painting,
 * hit-testing and tests); painting then culls what is off screen: only the
 * lanes in the visible y range are visited, spans and marks outside the time
 * range are skipped, spans narrower than a pixel are merged and marks closer
 * than a pixel are drawn once. */

/* Draws @text in @style vertically centred on @cy, ellipsized to @max_width
 * if > 0; returns the width drawn. */
double
_overlap_draw_text (OverlapPainter         *p,
                    const char             *text,
                    const OverlapTextStyle *style,
                    double                  x,
                    double                  cy,
                    double                  max_width)
{
  PangoLayout *layout;
  PangoRectangle logical;

  if (max_width > 0 && max_width < 8)
    return 0;

  if (style->attrs == NULL)
    layout = _overlap_text_layout (p->g, style->font, text, max_width, &logical);
  else
    {
      layout = p->g->layout;
      pango_layout_set_font_description (layout, style->font);
      pango_layout_set_attributes (layout, style->attrs);
      pango_layout_set_width (layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
      pango_layout_set_ellipsize (layout, max_width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
    }

  if (style->align == OVERLAP_ALIGN_CENTER)
    x -= logical.width / 2.0;
  else if (style->align == OVERLAP_ALIGN_RIGHT)
    x -= logical.width;

  _overlap_set_color (p->cr, style->color);
  cairo_move_to (p->cr, round (x - logical.x), round (cy - logical.height / 2.0 - logical.y));
  pango_cairo_show_layout (p->cr, layout);

  return logical.width;
}

static void
paint_title (OverlapPainter *p)
{
  OverlapGeometry *g = p->g;
  const char *title = overlap_recording_get_title (g->recording);

  if (g->title_height <= 0)
    return;
  _overlap_draw_text (p, title, &(OverlapTextStyle) { g->font_title, &p->palette->foreground },
                      g->gutter_x, g->title_top + g->title_height / 2, g->options.width - 2 * g->pad);
}

static void
paint_legend (OverlapPainter *p)
{
  OverlapGeometry *g = p->g;
  double row = round (24 * g->s);

  for (guint i = 0; i < g->n_legend; i++)
    {
      const OverlapLegendItem *item = &g->legend[i];
      double sw = _overlap_legend_swatch_width (g->s);
      double cy = item->y + row / 2;

      if (item->is_kind)
        _overlap_draw_style_swatch (p, &p->palette->kinds[item->what], item->x, cy);
      else
        _overlap_draw_legend_swatch (p, item->is_phase, item->what, item->x, cy);
      _overlap_draw_text (p, item->text, &p->caption, item->x + sw + 7 * g->s, cy, 0);
    }
}

static gint64
tick_step (const OverlapGeometry *g)
{
  double wanted = 110 * g->s / g->px_per_us;
  gint64 step = 1;

  for (;;)
    {
      if (step >= wanted)
        return step;
      if (2 * step >= wanted)
        return 2 * step;
      if (5 * step >= wanted)
        return 5 * step;
      if (step > G_MAXINT64 / 100)
        return step * 10;
      step *= 10;
    }
}

static gint64
first_tick (const OverlapGeometry *g,
            gint64                 step)
{
  gint64 t = (g->t0 / step) * step;

  if (t < g->t0)
    t += step;
  return t;
}

static void
paint_axis (OverlapPainter *p)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  gint64 step = tick_step (g);
  double base = g->axis_top + g->axis_height - 0.5;
  double label_cy = g->axis_top + (g->axis_height - 8 * g->s) / 2;
  guint n = 0;

  _overlap_set_color (cr, &p->palette->separator);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, g->chart_x0, base);
  cairo_line_to (cr, g->chart_x1, base);
  cairo_stroke (cr);

  for (gint64 t = first_tick (g, step); t <= g->t1 && n < 200; t += step, n++)
    {
      char label[32];
      double x = round (_overlap_time_to_x (g, t)) + 0.5;
      double w;

      _overlap_format_tick (label, sizeof label, t, step, g->t1);
      _overlap_set_color (cr, &p->palette->separator);
      cairo_move_to (cr, x, base);
      cairo_line_to (cr, x, base - 6 * g->s);
      cairo_stroke (cr);

      w = _overlap_text_width (g, g->font_small, label);
      x = CLAMP (x - w / 2, g->gutter_x, g->options.width - g->pad - w);
      _overlap_draw_text (p, label, &p->caption, x, label_cy, 0);
    }
}

static void
paint_grid (OverlapPainter *p,
            double          top,
            double          bottom)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  gint64 step = tick_step (g);
  int columns[200];
  guint n = 0;

  for (gint64 t = first_tick (g, step); t <= g->t1 && n < G_N_ELEMENTS (columns); t += step, n++)
    columns[n] = (int) round (_overlap_time_to_x (g, t));

  /* what the bars' cut corners show (where there are lines, top to bottom) */
  if (p->batch != NULL)
    _overlap_batch_set_backdrop (p->batch, &p->palette->background, &p->palette->grid,
                                 columns, bottom > top ? n : 0);

  if (bottom <= top)
    return;

  _overlap_set_color (cr, &p->palette->grid);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < n; i++)
    {
      cairo_move_to (cr, columns[i] + 0.5, top);
      cairo_line_to (cr, columns[i] + 0.5, bottom);
    }
  cairo_stroke (cr);
}

static void
paint_header (OverlapPainter     *p,
              OverlapRunGeometry *rg,
              guint               run_index)
{
  OverlapGeometry *g = p->g;
  const OverlapPalette *pal = p->palette;
  OverlapRun *run = rg->run;
  OverlapRunState state = overlap_run_get_state (run);
  guint n_failed, n_cancelled, n_timed_out;
  g_autoptr(GString) summary = g_string_new (NULL);
  const char *note = overlap_run_get_note (run);
  double cy = rg->top + g->header_height / 2;
  double x = g->gutter_x;
  double right = g->options.width - g->pad;
  char duration[32];
  g_autofree char *text = NULL;
  const char *status;
  OverlapTextStyle status_style = { g->font_bold };

  if (g->options.selected_run == (int) run_index && g->options.selected_lane < 0)
    {
      _overlap_set_color (p->cr, &pal->selection);
      _overlap_rounded_rect (p->cr, g->gutter_x - 8 * g->s, rg->top,
                             right - g->gutter_x + 16 * g->s,
                             rg->lanes_top - rg->top, 6 * g->s);
      cairo_fill (p->cr);
    }

  /* a disclosure triangle: the header collapses and expands the run */
  {
    double size = round (9 * g->s);
    double tx = x + size / 2, ty = cy;

    _overlap_set_color (p->cr, &pal->dim);
    if (rg->collapsed)
      {
        cairo_move_to (p->cr, tx - size * 0.3, ty - size / 2);
        cairo_line_to (p->cr, tx + size * 0.45, ty);
        cairo_line_to (p->cr, tx - size * 0.3, ty + size / 2);
      }
    else
      {
        cairo_move_to (p->cr, tx - size / 2, ty - size * 0.3);
        cairo_line_to (p->cr, tx + size / 2, ty - size * 0.3);
        cairo_line_to (p->cr, tx, ty + size * 0.45);
      }
    cairo_close_path (p->cr);
    cairo_fill (p->cr);
    x += size + round (7 * g->s);
  }

  x += _overlap_draw_text (p, overlap_run_get_display_name (run),
                           &(OverlapTextStyle) { g->font_header, &pal->foreground }, x, cy, right - x);
  x += round (14 * g->s);

  /* how the run stands, and for how long */
  _overlap_format_duration (duration, sizeof duration, rg->end - rg->start);
  switch (state)
    {
    case OVERLAP_RUN_LIVE:
      status = text = g_strdup_printf (_("running… %s"), duration);
      status_style.color = &pal->accent;
      break;
    case OVERLAP_RUN_CANCELLED:
      status = text = g_strdup_printf (_("cancelled after %s"), duration);
      status_style.color = &pal->cancel;
      break;
    case OVERLAP_RUN_PENDING:
      status = _("not started");
      status_style.font = g->font_body;
      status_style.color = &pal->dim;
      break;
    case OVERLAP_RUN_FINISHED:
    default:
      status = duration;
      status_style.color = &pal->foreground;
      break;
    }
  x += _overlap_draw_text (p, status, &status_style, x, cy, right - x);
  x += round (12 * g->s);

  if (state == OVERLAP_RUN_FINISHED && x < right)
    {
      double speedup = overlap_recording_get_speedup (g->recording, run);
      const OverlapRgba *color = NULL;
      g_autofree char *pill = NULL;

      if (overlap_recording_get_baseline (g->recording, run) == run)
        {
          pill = g_strdup (_("baseline"));
          color = &pal->dim;
        }
      else if (speedup >= 1.0)
        {
          /* Translators: a speed-up, e.g. "2.0× faster" */
          pill = g_strdup_printf (_("%.1f× faster"), speedup);
          color = &pal->ok;
        }
      else if (speedup > 0)
        {
          /* Translators: a slow-down, e.g. "1.5× slower" */
          pill = g_strdup_printf (_("%.1f× slower"), 1.0 / speedup);
          color = &pal->error;
        }

      if (pill != NULL)
        {
          double w = _overlap_text_width (g, g->font_bold, pill) + 16 * g->s;
          double h = round (22 * g->s);
          OverlapRgba tint = *color;

          if (x + w <= right)
            {
              tint.alpha = g->options.high_contrast ? 0.0 : 0.14;
              _overlap_set_color (p->cr, &tint);
              _overlap_rounded_rect (p->cr, x, cy - h / 2, w, h, h / 2);
              cairo_fill_preserve (p->cr);
              _overlap_set_color (p->cr, color);
              cairo_set_line_width (p->cr, MAX (1, g->s));
              cairo_stroke (p->cr);
              _overlap_draw_text (p, pill, &(OverlapTextStyle) { g->font_bold, color, OVERLAP_ALIGN_CENTER },
                                  x + w / 2, cy, 0);
              x += w + round (14 * g->s);
            }
        }
    }

  overlap_run_count_outcomes (run, &n_failed, &n_cancelled, &n_timed_out);
  if (g->many_titles && *overlap_run_get_title (run) != '\0' &&
      g_strcmp0 (overlap_run_get_title (run), overlap_run_get_display_name (run)) != 0)
    g_string_append_printf (summary, "%s · ", overlap_run_get_title (run));
  {
    g_autofree char *contents = overlap_run_describe_contents (run);

    g_string_append (summary, contents);
  }
  if (n_failed > 0)
    g_string_append_printf (summary, _(", %u failed"), n_failed);
  if (n_cancelled > 0)
    g_string_append_printf (summary, _(", %u cancelled"), n_cancelled);
  if (n_timed_out > 0)
    g_string_append_printf (summary, _(", %u timed out"), n_timed_out);
  if (note != NULL && *note != '\0')
    g_string_append_printf (summary, " · %s", note);
  if (x < right)
    _overlap_draw_text (p, summary->str, &(OverlapTextStyle) { g->font_body, &pal->dim }, x, cy, right - x);

  /* The bracket: the run's wall time, from its start (0) to its end */
  if (state != OVERLAP_RUN_PENDING)
    {
      double y = round (rg->top + g->header_height + g->bracket_height * 0.25) + 0.5;
      double x0 = CLAMP (_overlap_time_to_x (g, rg->start), g->chart_x0, g->chart_x1);
      double x1 = CLAMP (_overlap_time_to_x (g, rg->end), g->chart_x0, g->chart_x1);
      double tick = round (7 * g->s);
      cairo_t *cr = p->cr;

      x0 = round (x0) + 0.5;
      x1 = round (x1) - 0.5;
      _overlap_set_color (cr, state == OVERLAP_RUN_LIVE ? &pal->accent : &pal->dim);
      cairo_set_line_width (cr, MAX (1, round (1.5 * g->s)));
      if (x1 > x0)
        {
          if (_overlap_time_to_x (g, rg->start) >= g->chart_x0)
            {
              cairo_move_to (cr, x0, y + tick);
              cairo_line_to (cr, x0, y);
            }
          else
            cairo_move_to (cr, x0, y);
          cairo_line_to (cr, x1, y);
          if (_overlap_time_to_x (g, rg->end) <= g->chart_x1 + 1)
            cairo_line_to (cr, x1, y + tick);
          cairo_stroke (cr);
        }
    }
}

static void
paint_run (OverlapPainter     *p,
           OverlapRunGeometry *rg,
           guint               run_index)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  guint first, last;

  if (run_index > 0 && rg->top - g->run_gap / 2 >= p->visible_top && !g->options.overview)
    {
      double y = round (rg->top - g->run_gap / 2) + 0.5;

      _overlap_set_color (cr, &p->palette->separator);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, g->gutter_x, y);
      cairo_line_to (cr, g->options.width - g->pad, y);
      cairo_stroke (cr);
    }

  if (rg->lanes_top > p->visible_top - g->lane_height && g->header_height > 0 &&
      rg->top - g->run_gap <= p->cull_bottom && rg->lanes_top >= p->cull_top - g->lane_height)
    paint_header (p, rg, run_index);

  p->lane_height = rg->lane_height;
  p->bar_height = rg->bar_height;
  p->labels = rg->lane_height >= g->label_height && !g->options.overview;
  if (rg->collapsed || rg->lanes_height <= 0)
    ;
  else if (rg->density)
    _overlap_paint_density (p, rg);
  else
    {
      /* Only the lanes in the visible range */
      first = (guint) CLAMP (floor ((p->cull_top - rg->lanes_top) / rg->lane_height), 0, rg->n_lanes);
      last = (guint) CLAMP (ceil ((p->cull_bottom - rg->lanes_top) / rg->lane_height) + 1, 0, rg->n_lanes);
      for (guint i = first; i < last; i++)
        _overlap_paint_lane (p, rg, run_index, i, _overlap_lane_y (rg, i));
      if (p->batch != NULL)
        _overlap_batch_flush (p->batch, p);
      if (!p->labels && !g->options.overview)
        _overlap_paint_lane_summary (p, rg);
    }

  if (overlap_run_is_live (rg->run) && rg->end >= g->t0 && rg->end <= g->t1 && rg->lanes_height > 0)
    {
      double x = round (_overlap_time_to_x (g, rg->end)) + 0.5;
      OverlapRgba now_color = p->palette->accent;

      now_color.alpha = 0.7;
      _overlap_set_color (cr, &now_color);
      cairo_set_line_width (cr, MAX (1, round (g->s)));
      cairo_move_to (cr, x, rg->lanes_top);
      cairo_line_to (cr, x, rg->bottom);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < rg->n_counters; i++)
    {
      OverlapCounterRow *row = &rg->counters[i];

      if (row->top + row->height >= p->cull_top && row->top <= p->cull_bottom)
        _overlap_paint_counter (p, rg, row);
    }
}

/* Paints the recording laid out in @g (made for this target: see
 * overlap_chart_layout_paint()) into @cr. @rows NULL: what @cr's clip shows;
 * else { top, bottom }: the rows, in @cr's user space, of the whole chart that
 * @cr's clip is a band of. */
void
_overlap_paint_geometry (cairo_t          *cr,
                         OverlapGeometry  *g,
                         const double     *rows,
                         OverlapPaintParts parts)
{
  g_autoptr(OverlapBatch) batch = NULL;
  OverlapPainter p = { 0 };
  double clip_x0, clip_y0, clip_x1, clip_y1;
  double cull_y0, cull_y1;
  double origin;

  p.cr = cr;
  p.g = g;
  p.palette = g->palette;
  p.caption = (OverlapTextStyle) { g->font_small, &p.palette->dim };

  /* The bars' rectangles in few fills, on raster targets (vector ones keep
   * real hatching lines) unless every bar is outlined on top */
  if (!_overlap_is_vector_target (cr) && !p.palette->outline && p.palette->background.alpha >= 1.0)
    p.batch = batch = _overlap_batch_new ();

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, g->options.width, g->options.height);
  cairo_clip (cr);
  cairo_clip_extents (cr, &clip_x0, &clip_y0, &clip_x1, &clip_y1);
  cull_y0 = clip_y0;
  cull_y1 = clip_y1;
  if (rows != NULL)
    {
      clip_y0 = MAX (0, rows[0]);
      clip_y1 = MIN (g->options.height, rows[1]);
    }

  if (parts & OVERLAP_PAINT_UNDER)
    {
      _overlap_set_color (cr, &p.palette->background);
      cairo_paint (cr);
    }

  if (g->n_runs == 0)
    {
      if (!(parts & OVERLAP_PAINT_UNDER))
        {
          cairo_restore (cr);
          return;
        }
      paint_title (&p);
      _overlap_draw_text (&p, _("Nothing recorded yet"),
                          &(OverlapTextStyle) { g->font_header, &p.palette->dim, OVERLAP_ALIGN_CENTER },
                          g->options.width / 2.0, g->runs_top + 60 * g->s, 0);
      cairo_restore (cr);
      return;
    }

  /* The runs, scrolled, under the pinned title, legend and axis */
  origin = g->runs_top - g->options.scroll_y;
  cairo_save (cr);
  cairo_rectangle (cr, 0, g->runs_top, g->options.width, MAX (0, g->options.height - g->runs_top));
  cairo_clip (cr);
  if (!g->options.overview && (parts & OVERLAP_PAINT_UNDER))
    paint_grid (&p, g->runs_top, MIN (clip_y1, origin + g->content_height - g->pad));
  cairo_translate (cr, 0, origin);
  p.visible_top = MAX (clip_y0, g->runs_top) - origin;
  p.visible_bottom = clip_y1 - origin;
  p.cull_top = MAX (p.visible_top, cull_y0 - origin);
  p.cull_bottom = MIN (p.visible_bottom, cull_y1 - origin);
  if (parts & OVERLAP_PAINT_START_FLOWS)
    _overlap_flows_start (&p);
  for (guint i = 0; i < g->n_runs && (parts & OVERLAP_PAINT_UNDER); i++)
    {
      OverlapRunGeometry *rg = &g->runs[i];

      gint64 t0 = g->t0, t1 = g->t1;

      if (rg->bottom < p.cull_top || rg->top - g->run_gap > p.cull_bottom)
        continue;
      /* in the run's own time: the axis moved by its shift */
      g->t0 -= rg->shift;
      g->t1 -= rg->shift;
      paint_run (&p, rg, i);
      g->t0 = t0;
      g->t1 = t1;
    }
  if (!(parts & OVERLAP_PAINT_OVER))
    {
      cairo_restore (cr);
      cairo_restore (cr);
      return;
    }
  _overlap_paint_flows (&p);
  cairo_restore (cr);
  _overlap_paint_notes (&p, MIN (g->options.height, origin + g->content_height - g->pad));

  if (clip_y0 < g->runs_top && !g->options.overview)
    {
      paint_title (&p);
      paint_legend (&p);
      paint_axis (&p);
    }

  cairo_restore (cr);
}

/* Public API ------------------------------------------------------------- */

void
overlap_paint_options_init (OverlapPaintOptions *options)
{
  g_return_if_fail (options != NULL);

  /* all the rest 0, FALSE or NULL: the whole range, light, nothing collapsed */
  *options = (OverlapPaintOptions) {
    .width = 1024,
    .height = 768,
    .now = g_get_monotonic_time (),
    .text_scale = 1.0,
    .selected_run = -1,
    .selected_lane = -1,
    .highlight_run = -1,
  };
}

/* A paint, or its natural height, of one recording and one set of options:
 * each makes a layout for the one call. A view keeps an OverlapChartLayout
 * instead, and asks it where things are (time ↔ x, rectangles, hit tests).
 * The layout is NULL (after a critical) for arguments that are not a
 * recording and options. */
static OverlapChartLayout *
layout_for (OverlapRecording          *recording,
            const OverlapPaintOptions *options)
{
  OverlapChartLayout *layout;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  layout = overlap_chart_layout_new (recording);
  overlap_chart_layout_set_options (layout, options);
  return layout;
}

/* The height at which every run and lane fits, title, legend and axis included. */
int
overlap_painter_get_natural_height (OverlapRecording          *recording,
                                    const OverlapPaintOptions *options)
{
  g_autoptr(OverlapChartLayout) layout = layout_for (recording, options);

  return layout != NULL ? overlap_chart_layout_get_natural_height (layout) : 0;
}

void
overlap_painter_paint (cairo_t                   *cr,
                       OverlapRecording          *recording,
                       const OverlapPaintOptions *options)
{
  g_autoptr(OverlapChartLayout) layout = NULL;

  g_return_if_fail (cr != NULL);

  layout = layout_for (recording, options);
  if (layout != NULL)
    overlap_chart_layout_paint (layout, cr);
}

void
overlap_painter_get_background (const OverlapPaintOptions *options,
                                double                    *red,
                                double                    *green,
                                double                    *blue)
{
  const OverlapPalette *palette;

  g_return_if_fail (options != NULL);

  palette = _overlap_palette_get (options->dark, options->high_contrast);
  if (red)
    *red = palette->background.red;
  if (green)
    *green = palette->background.green;
  if (blue)
    *blue = palette->background.blue;
}
