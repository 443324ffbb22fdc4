/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-painter"

#include "config.h"

#include <string.h>

#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "overlap-painter-private.h"

/* The rows of a run: a task's lane (label, bars, marks, how it ended) and
 * the counters (tasks in flight, loop lag). Culled: spans and marks outside
 * the visible time range are skipped, spans narrower than a pixel merged,
 * marks closer than a pixel drawn once. */

static const OverlapRgba *
result_color (const OverlapPalette *pal,
              OverlapResult         result)
{
  switch (result)
    {
    case OVERLAP_RESULT_FAILED: return &pal->error;
    case OVERLAP_RESULT_CANCELLED: return &pal->cancel;
    case OVERLAP_RESULT_TIMED_OUT: return &pal->timeout;
    case OVERLAP_RESULT_OK:
    case OVERLAP_RESULT_PENDING:
    default: return &pal->foreground;
    }
}

static OverlapResult
mark_result (OverlapMarkKind kind)
{
  switch (kind)
    {
    case OVERLAP_MARK_ERROR: return OVERLAP_RESULT_FAILED;
    case OVERLAP_MARK_CANCEL: return OVERLAP_RESULT_CANCELLED;
    case OVERLAP_MARK_TIMEOUT: return OVERLAP_RESULT_TIMED_OUT;
    case OVERLAP_MARK_CHUNK:
    case OVERLAP_MARK_START:
    case OVERLAP_MARK_DONE:
    case OVERLAP_MARK_INSTANT:
    case OVERLAP_N_MARKS:
    default: return OVERLAP_RESULT_OK;
    }
}

static void
paint_label (OverlapPainter     *p,
             OverlapRunGeometry *rg,
             const OverlapLane  *lane,
             double              cy,
             gboolean            selected)
{
  OverlapGeometry *g = p->g;
  const OverlapPalette *pal = p->palette;
  PangoAttrList *attrs = NULL;
  const OverlapRgba *color = result_color (pal, lane->result);
  char buffer[32];

  if (lane->start < 0 && lane->result == OVERLAP_RESULT_PENDING)
    color = &pal->dim;
  /* An imported thread's deeper levels ("Main · 2"): quieter than the thread. */
  if (lane->flags & OVERLAP_LANE_NESTED)
    color = &pal->dim;
  if (lane->result == OVERLAP_RESULT_CANCELLED)
    {
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
    }

  _overlap_draw_text (p, _overlap_lane_label (rg->run, lane, buffer, sizeof buffer),
                      selected || lane->result == OVERLAP_RESULT_FAILED ? g->font_bold : g->font_body,
                      color, g->gutter_x, cy, g->gutter_width - 14 * g->s, OVERLAP_ALIGN_LEFT, attrs);

  g_clear_pointer (&attrs, pango_attr_list_unref);
}

/* The spans of one lane, culled and merged. */
static void
paint_spans (OverlapPainter     *p,
             OverlapRunGeometry *rg,
             guint               lane_index,
             double              bar_y,
             double              lane_x0)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  const OverlapSpan *spans = overlap_run_get_spans (rg->run, NULL);
  const OverlapRunIndex *idx = rg->index;
  double h = g->bar_height;
  double merged_x0 = 0, merged_x1 = -1;
  guint merged_phase = 0;
  gboolean merging = FALSE;

  for (guint32 i = idx->span_offsets[lane_index]; i < idx->span_offsets[lane_index + 1]; i++)
    {
      const OverlapSpan *span = &spans[idx->span_order[i]];
      gint64 end = span->end >= 0 ? span->end : rg->end;
      double x0, x1;

      if (end < g->t0)
        continue;
      if (span->start > g->t1)
        break;

      x0 = MAX (_overlap_time_to_x (g, span->start), g->chart_x0 - 2);
      x1 = MIN (_overlap_time_to_x (g, end), g->chart_x1 + 2);

      if (x1 - x0 < 1)
        {
          /* Narrower than a pixel: merge with its neighbours into one */
          if (merging && x0 - merged_x1 <= 1)
            merged_x1 = MAX (merged_x1, x1);
          else
            {
              if (merging)
                _overlap_fill_phase (cr, p->palette, merged_phase, merged_x0, bar_y,
                                     MAX (1, merged_x1 - merged_x0), h, g->s);
              merging = TRUE;
              merged_x0 = x0;
              merged_x1 = x1;
              merged_phase = span->phase;
            }
          if (merged_x1 - merged_x0 >= 1)
            {
              _overlap_fill_phase (cr, p->palette, merged_phase, merged_x0, bar_y,
                                   merged_x1 - merged_x0, h, g->s);
              merging = FALSE;
            }
          continue;
        }

      if (merging)
        {
          _overlap_fill_phase (cr, p->palette, merged_phase, merged_x0, bar_y,
                               MAX (1, merged_x1 - merged_x0), h, g->s);
          merging = FALSE;
        }

      x0 = round (x0);
      x1 = round (x1);
      _overlap_fill_phase (cr, p->palette, span->phase, x0, bar_y, x1 - x0, h, g->s);

      /* A span with its own outcome (a failed test, a timed-out one on a
       * shared worker lane): a band of the result's colour along its foot. */
      if (OVERLAP_SPAN_GET_RESULT (span) > OVERLAP_RESULT_OK)
        {
          _overlap_set_color (cr, result_color (p->palette, OVERLAP_SPAN_GET_RESULT (span)));
          cairo_rectangle (cr, x0, bar_y + h * 0.7, x1 - x0, h * 0.3);
          cairo_fill (cr);
        }

      /* A hairline of background between phases */
      if (x0 > lane_x0 + 1 && x1 - x0 >= 3)
        {
          _overlap_set_color (cr, &p->palette->background);
          cairo_rectangle (cr, x0, bar_y, MAX (1, round (g->s)), h);
          cairo_fill (cr);
        }

      if ((span->label != 0 || span->phase == OVERLAP_PHASE_BLOCKING) && x1 - x0 > 40 * g->s)
        {
          const char *label = span->label != 0 ? overlap_run_string (rg->run, span->label)
                                               : _("loop blocked");

          /* a path that does not fit may still fit as its last part: "obj/x.o" → "x.o" */
          if (label != NULL && _overlap_text_width (g, g->font_bold, label) > x1 - x0 - 12 * g->s &&
              strrchr (label, '/') != NULL && strrchr (label, '/')[1] != '\0')
            label = strrchr (label, '/') + 1;

          if (label != NULL && _overlap_text_width (g, g->font_bold, label) <= x1 - x0 - 12 * g->s)
            _overlap_draw_text (p, label, g->font_bold,
                                &p->palette->phases[MIN (span->phase, OVERLAP_PHASE_OTHER)].text,
                                x0 + 6 * g->s, bar_y + h / 2, 0, OVERLAP_ALIGN_LEFT, NULL);
        }
    }

  if (merging)
    _overlap_fill_phase (cr, p->palette, merged_phase, merged_x0, bar_y,
                         MAX (1, merged_x1 - merged_x0), h, g->s);
}

/* Chunk ticks and instants along the bar; returns the lane's end mark, if any. */
static OverlapMarkKind
paint_marks (OverlapPainter     *p,
             OverlapRunGeometry *rg,
             guint               lane_index,
             double              bar_y,
             gint64              lane_end)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  const OverlapMark *marks = overlap_run_get_marks (rg->run, NULL);
  const OverlapRunIndex *idx = rg->index;
  OverlapMarkKind end_kind = OVERLAP_MARK_DONE;
  double h = g->bar_height;
  double last_chunk = -G_MAXDOUBLE;
  double last_other = -G_MAXDOUBLE;
  double end_x = _overlap_time_to_x (g, lane_end);
  gboolean ticks = FALSE;

  for (guint32 i = idx->mark_offsets[lane_index]; i < idx->mark_offsets[lane_index + 1]; i++)
    {
      const OverlapMark *mark = &marks[idx->mark_order[i]];
      double x;

      if (mark->time < g->t0)
        continue;
      if (mark->time > g->t1)
        break;

      x = _overlap_time_to_x (g, mark->time);
      switch ((OverlapMarkKind) mark->kind)
        {
        case OVERLAP_MARK_CHUNK:
          if (x - last_chunk < 1)
            continue;
          last_chunk = x;
          x = round (x) + 0.5;
          cairo_move_to (cr, x, bar_y + h);
          cairo_line_to (cr, x, bar_y + h * 0.45);
          ticks = TRUE;
          break;

        case OVERLAP_MARK_ERROR:
        case OVERLAP_MARK_CANCEL:
        case OVERLAP_MARK_TIMEOUT:
          if (end_x - x < 2)
            {
              end_kind = mark->kind;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case OVERLAP_MARK_INSTANT:
          if (x - last_other < 1)
            continue;
          last_other = x;
          if (ticks)
            {
              _overlap_set_color (cr, &p->palette->tick);
              cairo_set_line_width (cr, MAX (1, round (g->s)));
              cairo_stroke (cr);
              ticks = FALSE;
            }
          if (mark->kind == OVERLAP_MARK_INSTANT)
            _overlap_draw_diamond (cr, &p->palette->foreground, x, bar_y + h / 2, h * 0.3);
          else
            _overlap_draw_symbol (cr, p->palette, mark_result (mark->kind), x, bar_y + h / 2,
                                  h * 0.4, g->s);
          break;

        case OVERLAP_MARK_START:
        case OVERLAP_MARK_DONE:
        case OVERLAP_N_MARKS:
        default:
          break;
        }
    }

  if (ticks)
    {
      _overlap_set_color (cr, &p->palette->tick);
      cairo_set_line_width (cr, MAX (1, round (g->s)));
      cairo_stroke (cr);
    }

  return end_kind;
}

void
_overlap_paint_lane (OverlapPainter     *p,
                     OverlapRunGeometry *rg,
                     guint               run_index,
                     guint               lane_index,
                     double              y)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  const OverlapPalette *pal = p->palette;
  const OverlapLane *lane = overlap_run_get_lane (rg->run, lane_index);
  gboolean selected = g->options.selected_run == (int) run_index &&
                      g->options.selected_lane == (int) lane_index;
  double bar_y = y + round ((g->lane_height - g->bar_height) / 2);
  double cy = bar_y + g->bar_height / 2;
  double right = g->options.width - g->pad;
  OverlapResult result = lane->result;
  OverlapMarkKind end_kind;
  gint64 lane_end;
  double x0, x1, clip_x1, x;

  if (selected)
    {
      _overlap_set_color (cr, &pal->selection);
      _overlap_rounded_rect (cr, g->gutter_x - 8 * g->s, y, right - g->gutter_x + 16 * g->s,
                             g->lane_height, 4 * g->s);
      cairo_fill (cr);
    }

  paint_label (p, rg, lane, cy, selected);

  if (lane->start < 0)
    return;

  lane_end = lane->end >= 0 ? lane->end : rg->end;
  if (lane_end < g->t0 || lane->start > g->t1)
    return;

  /* A bar cut by the view's edges runs on past them, without rounded ends */
  x0 = MAX (round (_overlap_time_to_x (g, lane->start)), g->chart_x0 - g->bar_height);
  x1 = MIN (round (_overlap_time_to_x (g, lane_end)), g->chart_x1 + g->bar_height);
  x1 = MAX (x1, x0 + 1);
  clip_x1 = g->chart_x1 + 1;
  if (lane->end < 0 && overlap_run_is_live (rg->run))
    {
      /* Still growing: a square end at now */
      clip_x1 = MIN (clip_x1, x1);
      x1 += g->bar_height;
    }

  /* The bar's phases and ticks go into a group clipped to a rectangle, then onto
   * the target through the rounded bar's shape, once. Clipping every fill and
   * stroke to the rounded shape made cairo build a mask per operation: 60% of
   * a paint (BENCHMARKS.md, figure 3). */
  cairo_save (cr);
  cairo_rectangle (cr, g->chart_x0, bar_y, clip_x1 - g->chart_x0, g->bar_height);
  cairo_clip (cr);
  cairo_push_group (cr);
  paint_spans (p, rg, lane_index, bar_y, x0);
  end_kind = paint_marks (p, rg, lane_index, bar_y, lane_end);
  cairo_pop_group_to_source (cr);
  _overlap_rounded_rect (cr, x0, bar_y, x1 - x0, g->bar_height,
                         MIN (g->bar_height * 0.22, MAX (0, (x1 - x0) / 2)));
  cairo_fill (cr);
  cairo_restore (cr);

  if (pal->outline)
    {
      cairo_save (cr);
      cairo_rectangle (cr, g->chart_x0, bar_y, clip_x1 - g->chart_x0, g->bar_height);
      cairo_clip (cr);
      _overlap_set_color (cr, &pal->foreground);
      cairo_set_line_width (cr, 1);
      _overlap_rounded_rect (cr, x0 + 0.5, bar_y + 0.5, x1 - x0 - 1, g->bar_height - 1,
                             MIN (g->bar_height * 0.22, MAX (0, (x1 - x0 - 1) / 2)));
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  if (lane_end > g->t1)
    return;
  x1 = MIN (x1, clip_x1);

  /* What follows the bar: how it ended, in which order, and a word about it */
  if (result == OVERLAP_RESULT_PENDING && end_kind != OVERLAP_MARK_DONE)
    result = mark_result (end_kind);

  x = x1 + round (6 * g->s);
  if (result == OVERLAP_RESULT_FAILED ||
      result == OVERLAP_RESULT_CANCELLED ||
      result == OVERLAP_RESULT_TIMED_OUT)
    {
      double r = round (g->bar_height * 0.45);

      _overlap_draw_symbol (cr, pal, result, x + r, cy, r, g->s);
      x += 2 * r + round (6 * g->s);
    }

  if (lane->completion > 0 &&
      g_str_has_prefix (overlap_run_get_strategy (rg->run), "as-completed"))
    {
      char number[16];
      double h = round (g->bar_height * 0.95);
      double w;

      g_snprintf (number, sizeof number, "%d", lane->completion);
      w = MAX (h, _overlap_text_width (g, g->font_bold, number) + 10 * g->s);
      if (x + w <= right)
        {
          _overlap_set_color (cr, &pal->accent);
          _overlap_rounded_rect (cr, x, cy - h / 2, w, h, h / 2);
          cairo_fill (cr);
          _overlap_draw_text (p, number, g->font_bold, &pal->badge_text,
                              x + w / 2, cy, 0, OVERLAP_ALIGN_CENTER, NULL);
          x += w + round (6 * g->s);
        }
    }

  if (right - x >= 24 * g->s)
    {
      const char *message = overlap_run_string (rg->run, lane->message);
      char duration[32];

      switch (result)
        {
        case OVERLAP_RESULT_FAILED:
          _overlap_draw_text (p, message ? message : _("failed"), g->font_small, &pal->error,
                              x, cy, right - x, OVERLAP_ALIGN_LEFT, NULL);
          break;
        case OVERLAP_RESULT_CANCELLED:
          _overlap_draw_text (p, message ? message : _("cancelled"), g->font_small, &pal->cancel,
                              x, cy, right - x, OVERLAP_ALIGN_LEFT, NULL);
          break;
        case OVERLAP_RESULT_TIMED_OUT:
          _overlap_draw_text (p, message ? message : _("timed out"), g->font_small, &pal->timeout,
                              x, cy, right - x, OVERLAP_ALIGN_LEFT, NULL);
          break;
        case OVERLAP_RESULT_OK:
        case OVERLAP_RESULT_PENDING:
        default:
          _overlap_format_duration (duration, sizeof duration, lane_end - lane->start);
          _overlap_draw_text (p, duration, g->font_small,
                              lane->end < 0 ? &pal->accent : &pal->dim,
                              x, cy, right - x, OVERLAP_ALIGN_LEFT, NULL);
          break;
        }
    }
}

static double
counter_y (const OverlapCounterRow *row,
           double                   value,
           double                   max,
           double                   inset)
{
  double bottom = row->top + row->height;
  double top = row->top + inset;

  return bottom - (bottom - top) * CLAMP (value / max, 0, 1);
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
  _overlap_draw_text (p, text, g->font_small, color, x, cy, 0, OVERLAP_ALIGN_LEFT, NULL);
}

static void
stroke_counter_path (OverlapPainter    *p,
                     const OverlapRgba *color)
{
  OverlapRgba fill = *color;

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
paint_steps (OverlapPainter          *p,
             OverlapRunGeometry      *rg,
             const OverlapCounterRow *row,
             double                   scale)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  const OverlapCounter *counter = row->counter;
  const OverlapSample *samples = (const OverlapSample *) (gpointer) counter->samples->data;
  guint n = counter->samples->len;
  double inset = round (4 * g->s);
  double base = row->top + row->height;
  double level = base;
  double column_x = 0, column_max = 0, column_last = 0;
  double before = -1;
  gboolean started = FALSE;
  double end_x;
  char text[64];

  for (guint i = 0; i < n; i++)
    {
      gint64 t = samples[i].time;
      double v = samples[i].value;
      double x;

      if (t < g->t0)
        {
          level = counter_y (row, v, scale, inset);
          before = v;
          continue;
        }
      if (t > g->t1)
        break;

      x = _overlap_time_to_x (g, t);
      if (!started)
        {
          double x0 = i > 0 ? g->chart_x0 : x;

          cairo_move_to (cr, x0, base);
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
          cairo_line_to (cr, column_x, counter_y (row, column_max, scale, inset));
          level = counter_y (row, column_last, scale, inset);
          if (column_last != column_max)
            cairo_line_to (cr, column_x + 1, level);
        }
      column_x = x;
      column_max = column_last = v;
    }

  if (!started)
    {
      /* No change in view: the level from before it, throughout */
      if (before < 0 || rg->end < g->t0)
        return;
      cairo_move_to (cr, g->chart_x0, base);
      column_x = g->chart_x0;
      column_max = column_last = before;
    }

  cairo_line_to (cr, column_x, level);
  cairo_line_to (cr, column_x, counter_y (row, column_max, scale, inset));
  level = counter_y (row, column_last, scale, inset);
  end_x = MAX (column_x, MIN (_overlap_time_to_x (g, MIN (rg->end, g->t1)), g->chart_x1));
  cairo_line_to (cr, end_x, level);
  cairo_line_to (cr, end_x, base);
  cairo_close_path (cr);
  stroke_counter_path (p, row->kind == OVERLAP_COUNTER_ROW_IN_FLIGHT ? &p->palette->in_flight
                                                                     : &p->palette->dim);

  if (row->kind == OVERLAP_COUNTER_ROW_IN_FLIGHT)
    /* Translators: the most tasks in flight at once */
    g_snprintf (text, sizeof text, _("max %g"), counter->max);
  else
    g_snprintf (text, sizeof text, _("max %g %s"), counter->max, counter->unit ? counter->unit : "");
  paint_counter_label (p, row, text, &p->palette->dim, end_x + 8 * g->s, TRUE);
}

/* Loop lag: a sample (t, lag) says the loop could not run from t − lag to t,
 * so each is drawn as a ramp rising over the stall it measures; a long stall
 * lines up with the bar that caused it. */
static void
paint_lag (OverlapPainter          *p,
           OverlapRunGeometry      *rg,
           const OverlapCounterRow *row,
           double                   scale)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  const OverlapCounter *counter = row->counter;
  const OverlapSample *samples = (const OverlapSample *) (gpointer) counter->samples->data;
  guint n = counter->samples->len;
  double inset = round (4 * g->s);
  double base = row->top + row->height;
  double last_x = -G_MAXDOUBLE;
  double peak_x = -1, peak = -1;
  double column_x = 0, column_max = -1;
  double end_x;
  char duration[32];
  char text[64];

  cairo_move_to (cr, g->chart_x0, base);
  for (guint i = 0; i <= n; i++)
    {
      double x = 0, v = 0;

      if (i < n)
        {
          gint64 t = samples[i].time;

          v = MAX (0, samples[i].value);
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

          cairo_line_to (cr, ramp, base);
          cairo_line_to (cr, column_x, counter_y (row, column_max, scale, inset));
          cairo_line_to (cr, column_x, base);
          last_x = column_x;
        }
      column_x = x;
      column_max = v;
    }

  end_x = MAX (last_x, MIN (_overlap_time_to_x (g, MIN (rg->end, g->t1)), g->chart_x1));
  cairo_line_to (cr, end_x, base);
  cairo_close_path (cr);
  stroke_counter_path (p, &p->palette->lag);

  if (peak < 0)
    return;
  _overlap_format_duration (duration, sizeof duration, (gint64) (counter->max * 1000));
  /* Translators: the longest time the main loop was blocked, e.g. "longest stall 512 ms" */
  g_snprintf (text, sizeof text, _("longest stall %s"), duration);
  paint_counter_label (p, row, text, &p->palette->lag, peak_x + 8 * g->s, TRUE);
}

void
_overlap_paint_counter (OverlapPainter     *p,
                        OverlapRunGeometry *rg,
                        OverlapCounterRow  *row)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;

  _overlap_draw_text (p, _overlap_counter_name (row->counter), g->font_small, &p->palette->dim, g->gutter_x,
                      row->top + row->height / 2, g->gutter_width - 14 * g->s, OVERLAP_ALIGN_LEFT, NULL);

  cairo_save (cr);
  cairo_rectangle (cr, g->chart_x0, row->top, g->options.width - g->chart_x0, row->height + 2);
  cairo_clip (cr);
  switch (row->kind)
    {
    case OVERLAP_COUNTER_ROW_IN_FLIGHT:
      paint_steps (p, rg, row, g->in_flight_scale);
      break;
    case OVERLAP_COUNTER_ROW_LAG:
      paint_lag (p, rg, row, g->lag_scale);
      break;
    case OVERLAP_COUNTER_ROW_OTHER:
    default:
      paint_steps (p, rg, row, MAX (row->counter->max, 1));
      break;
    }
  cairo_restore (cr);
}
