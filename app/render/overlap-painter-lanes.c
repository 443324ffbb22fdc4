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

/* Whether something drawn from @x0 to @x1 may show in the part of a bar from
 * @part_x0 to @part_x1 (the part's clip cuts it exactly). */
static inline gboolean
in_part (double x0,
         double x1,
         double part_x0,
         double part_x1)
{
  return x1 > part_x0 - 2 && x0 < part_x1 + 2;
}

/* A phase's fill, drawn or batched. @covered is how far right the lane's
 * fills went so far: one that overlaps them (a merge of spans narrower than
 * a pixel is a pixel wide) must go on top of them, so the batch is drawn
 * first. */
static void
part_phase (OverlapPainter *p,
            guint           phase,
            double          x,
            double          bar_y,
            double          width,
            double         *covered)
{
  OverlapGeometry *g = p->g;

  if (p->batching)
    {
      if (x < *covered - 1e-6)
        _overlap_batch_flush (p->batch, p);
      _overlap_batch_phase (p->batch, p->palette, phase, x, bar_y, width, p->bar_height, g->s);
    }
  else
    _overlap_fill_phase (p->cr, p->palette, phase, x, bar_y, width, p->bar_height, g->s);
  *covered = MAX (*covered, x + width);
}

/* A rectangle of one colour on a bar, drawn or batched */
static void
part_rect (OverlapPainter    *p,
           OverlapBatchLayer  layer,
           const OverlapRgba *color,
           double             x,
           double             y,
           double             width,
           double             height)
{
  if (p->batching)
    _overlap_batch_rect (p->batch, layer, color, NULL, x, y, width, height);
  else
    {
      _overlap_set_color (p->cr, color);
      cairo_rectangle (p->cr, x, y, width, height);
      cairo_fill (p->cr);
    }
}

/* Spans merged into one, at least a pixel wide */
static void
part_named (OverlapPainter          *p,
            const OverlapPhaseStyle *style,
            double                   x,
            double                   bar_y,
            double                   width,
            double                  *covered);

static void
fill_merged (OverlapPainter          *p,
             guint                    phase,
             const OverlapPhaseStyle *named,
             double                   x0,
             double                   x1,
             double                   bar_y,
             double                   part_x0,
             double                   part_x1,
             double                  *covered)
{
  double width = MAX (1, x1 - x0);

  if (!in_part (x0, x0 + width, part_x0, part_x1))
    return;
  if (named != NULL)
    part_named (p, named, x0, bar_y, width, covered);
  else
    part_phase (p, phase, x0, bar_y, width, covered);
}

/* The style of an imported slice named by string @label of @run: its
 * name's colour, kept by string id in the layout's caches (names repeat:
 * thousands of slices, a few hundred names) */
static const OverlapPhaseStyle *
name_style (OverlapPainter *p,
            OverlapRun     *run,
            guint32         label)
{
  OverlapPaintCaches *caches = p->g->caches;
  GByteArray *colors;
  guint color;

  if (caches == NULL)
    return &p->palette->names[_overlap_name_color_of (overlap_run_string (run, label))];

  colors = g_hash_table_lookup (caches->name_colors, run);
  if (colors == NULL)
    {
      colors = g_byte_array_new ();
      g_hash_table_insert (caches->name_colors, g_object_ref (run), colors);
    }
  if (label >= colors->len)
    {
      guint old = colors->len;

      g_byte_array_set_size (colors, MAX (label + 1, old * 2));
      memset (colors->data + old, 0xff, colors->len - old);
    }
  if (colors->data[label] == 0xff)
    colors->data[label] = (guint8) _overlap_name_color_of (overlap_run_string (run, label));
  color = colors->data[label];
  return &p->palette->names[color];
}

/* The style a span is drawn in: its phase's, or an imported slice's name's */
static inline const OverlapPhaseStyle *
span_style (OverlapPainter    *p,
            OverlapRun        *run,
            const OverlapSpan *span)
{
  if (span->phase == OVERLAP_PHASE_OTHER && span->label != 0 && p->palette->n_names > 0)
    return name_style (p, run, span->label);
  return NULL;
}

/* A named slice's fill, drawn or batched, as part_phase() draws a phase's */
static void
part_named (OverlapPainter          *p,
            const OverlapPhaseStyle *style,
            double                   x,
            double                   bar_y,
            double                   width,
            double                  *covered)
{
  if (p->batching)
    {
      if (x < *covered - 1e-6)
        _overlap_batch_flush (p->batch, p);
      _overlap_batch_rect (p->batch, OVERLAP_BATCH_FILL, &style->fill, NULL, x, bar_y, width, p->bar_height);
    }
  else
    {
      _overlap_set_color (p->cr, &style->fill);
      cairo_rectangle (p->cr, x, bar_y, width, p->bar_height);
      cairo_fill (p->cr);
    }
  *covered = MAX (*covered, x + width);
}

/* The spans of one lane, culled and merged; only what falls in the part of
 * the bar from @part_x0 to @part_x1 is drawn, but the merging runs from the
 * lane's first span so that every part merges alike. */
static void
paint_spans (OverlapPainter     *p,
             OverlapRunGeometry *rg,
             guint               lane_index,
             double              bar_y,
             double              lane_x0,
             double              part_x0,
             double              part_x1)
{
  OverlapGeometry *g = p->g;
  const OverlapSpan *spans = overlap_run_get_spans (rg->run, NULL);
  const OverlapRunIndex *idx = rg->index;
  double h = p->bar_height;
  double covered = -G_MAXDOUBLE;
  double merged_x0 = 0, merged_x1 = -1;
  guint merged_phase = 0;
  const OverlapPhaseStyle *merged_named = NULL;
  gboolean merging = FALSE;

  const OverlapIndexList *lane_spans = &idx->lane_spans[lane_index];

  for (guint32 i = 0; i < lane_spans->len; i++)
    {
      const OverlapSpan *span = &spans[lane_spans->items[i]];
      gint64 end = span->end >= 0 ? span->end : rg->end;
      const OverlapPhaseStyle *named;
      double x0, x1;

      if (end < g->t0)
        continue;
      if (span->start > g->t1)
        break;

      x0 = MAX (_overlap_time_to_x (g, span->start), g->chart_x0 - 2);
      x1 = MIN (_overlap_time_to_x (g, end), g->chart_x1 + 2);

      /* In time order: past the part, only a merge in progress is left */
      if (x0 > part_x1 + 2)
        break;

      if (x1 - x0 < 1)
        {
          /* Narrower than a pixel: merge with its neighbours into one */
          if (merging && x0 - merged_x1 <= 1)
            merged_x1 = MAX (merged_x1, x1);
          else
            {
              if (merging)
                fill_merged (p, merged_phase, merged_named, merged_x0, merged_x1, bar_y, part_x0, part_x1, &covered);
              merging = TRUE;
              merged_x0 = x0;
              merged_x1 = x1;
              merged_phase = span->phase;
              merged_named = span_style (p, rg->run, span);
            }
          if (merged_x1 - merged_x0 >= 1)
            {
              fill_merged (p, merged_phase, merged_named, merged_x0, merged_x1, bar_y, part_x0, part_x1, &covered);
              merging = FALSE;
            }
          continue;
        }

      if (merging)
        {
          fill_merged (p, merged_phase, merged_named, merged_x0, merged_x1, bar_y, part_x0, part_x1, &covered);
          merging = FALSE;
        }

      x0 = round (x0);
      x1 = round (x1);
      if (!in_part (x0, x1, part_x0, part_x1))
        continue;
      named = span_style (p, rg->run, span);
      if (named != NULL)
        part_named (p, named, x0, bar_y, x1 - x0, &covered);
      else
        part_phase (p, span->phase, x0, bar_y, x1 - x0, &covered);

      /* A span with its own outcome (a failed test, a timed-out one on a
       * shared worker lane): a band of the result's colour along its foot. */
      if (OVERLAP_SPAN_GET_RESULT (span) > OVERLAP_RESULT_OK)
        part_rect (p, OVERLAP_BATCH_BAND, result_color (p->palette, OVERLAP_SPAN_GET_RESULT (span)),
                   x0, bar_y + h * 0.7, x1 - x0, h * 0.3);

      /* A hairline of background between phases */
      if (x0 > lane_x0 + 1 && x1 - x0 >= 3)
        part_rect (p, OVERLAP_BATCH_HAIRLINE, &p->palette->background,
                   x0, bar_y, MAX (1, round (g->s)), h);

      if ((span->label != 0 || span->phase == OVERLAP_PHASE_BLOCKING) && x1 - x0 > 40 * g->s &&
          h >= g->label_height * 0.8)
        {
          const char *label = span->label != 0 ? overlap_run_string (rg->run, span->label)
                                               : _("loop blocked");

          /* a path that does not fit may still fit as its last part: "obj/x.o" → "x.o" */
          if (label != NULL && _overlap_text_width (g, g->font_bold, label) > x1 - x0 - 12 * g->s &&
              strrchr (label, '/') != NULL && strrchr (label, '/')[1] != '\0')
            label = strrchr (label, '/') + 1;

          if (label != NULL && _overlap_text_width (g, g->font_bold, label) <= x1 - x0 - 12 * g->s)
            {
              const OverlapRgba *color = named != NULL ? &named->text
                                                       : &p->palette->phases[MIN (span->phase, OVERLAP_PHASE_OTHER)].text;

              if (p->batching)
                _overlap_batch_label (p->batch, label, g->font_bold, color, x0 + 6 * g->s, bar_y + h / 2);
              else
                _overlap_draw_text (p, label, g->font_bold, color,
                                    x0 + 6 * g->s, bar_y + h / 2, 0, OVERLAP_ALIGN_LEFT, NULL);
            }
        }
    }

  if (merging)
    fill_merged (p, merged_phase, merged_named, merged_x0, merged_x1, bar_y, part_x0, part_x1, &covered);
}

/* How the lane ended, if a mark says so at its end: the last error,
 * cancellation or time-out in view within two pixels of @lane_end. */
static OverlapMarkKind
lane_end_kind (OverlapPainter     *p,
               OverlapRunGeometry *rg,
               guint               lane_index,
               gint64              lane_end)
{
  OverlapGeometry *g = p->g;
  const OverlapMark *marks = overlap_run_get_marks (rg->run, NULL);
  const OverlapRunIndex *idx = rg->index;
  double end_x = _overlap_time_to_x (g, lane_end);

  const OverlapIndexList *lane_marks = &idx->lane_marks[lane_index];

  for (guint32 i = lane_marks->len; i > 0; i--)
    {
      const OverlapMark *mark = &marks[lane_marks->items[i - 1]];

      if (mark->time > g->t1)
        continue;
      if (mark->time < g->t0 || end_x - _overlap_time_to_x (g, mark->time) >= 2)
        break;
      if (mark->kind == OVERLAP_MARK_ERROR ||
          mark->kind == OVERLAP_MARK_CANCEL ||
          mark->kind == OVERLAP_MARK_TIMEOUT)
        return mark->kind;
    }

  return OVERLAP_MARK_DONE;
}

/* The lane's first mark at or after the view's start */
static guint32
first_mark_in_view (const OverlapGeometry *g,
                    const OverlapMark     *marks,
                    const OverlapRunIndex *idx,
                    guint                  lane_index)
{
  const OverlapIndexList *lane_marks = &idx->lane_marks[lane_index];
  guint32 lo = 0;
  guint32 hi = lane_marks->len;

  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (marks[lane_marks->items[mid]].time < g->t0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Chunk ticks and instants along the bar, those in the part from @part_x0 to
 * @part_x1; marks closer than a pixel are thinned from the lane's first one,
 * so every part thins alike. */
static void
paint_marks (OverlapPainter     *p,
             OverlapRunGeometry *rg,
             guint               lane_index,
             double              bar_y,
             gint64              lane_end,
             double              part_x0,
             double              part_x1)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  const OverlapMark *marks = overlap_run_get_marks (rg->run, NULL);
  const OverlapRunIndex *idx = rg->index;
  double h = p->bar_height;
  double last_chunk = -G_MAXDOUBLE;
  double last_other = -G_MAXDOUBLE;
  double end_x = _overlap_time_to_x (g, lane_end);
  double tick_width = MAX (1, round (g->s));
  double tick_top = round (h * 0.45);  /* on a pixel's edge: cairo fills such boxes fastest */
  gboolean ticks = FALSE;

  const OverlapIndexList *lane_marks = &idx->lane_marks[lane_index];

  for (guint32 i = first_mark_in_view (g, marks, idx, lane_index); i < lane_marks->len; i++)
    {
      const OverlapMark *mark = &marks[lane_marks->items[i]];
      double x;

      if (mark->time > g->t1)
        break;

      x = _overlap_time_to_x (g, mark->time);
      if (x > part_x1 + h)
        break;

      switch ((OverlapMarkKind) mark->kind)
        {
        case OVERLAP_MARK_CHUNK:
          if (x - last_chunk < 1)
            continue;
          last_chunk = x;
          x = round (x) + 0.5;
          if (!in_part (x - 1, x + 1, part_x0, part_x1))
            continue;
          /* a line from the bar's foot up, filled as the rectangle its
           * stroke would cover: one fill of boxes for all of them */
          if (p->batching)
            _overlap_batch_tick (p->batch, x - tick_width / 2, tick_width);
          else
            {
              cairo_rectangle (cr, x - tick_width / 2, bar_y + tick_top, tick_width, h - tick_top);
              ticks = TRUE;
            }
          break;

        case OVERLAP_MARK_ERROR:
        case OVERLAP_MARK_CANCEL:
        case OVERLAP_MARK_TIMEOUT:
          /* at the lane's end: drawn after the bar instead */
          if (end_x - x < 2)
            break;
          G_GNUC_FALLTHROUGH;
        case OVERLAP_MARK_INSTANT:
          if (x - last_other < 1)
            continue;
          last_other = x;
          if (!in_part (x - h / 2, x + h / 2, part_x0, part_x1))
            continue;
          if (ticks)
            {
              _overlap_set_color (cr, &p->palette->tick);
              cairo_fill (cr);
              ticks = FALSE;
            }
          if (p->batching)
            {
              /* over the ticks before it, under those after */
              _overlap_batch_end_ticks (p->batch, &p->palette->tick, bar_y + tick_top, h - tick_top);
              _overlap_batch_flush (p->batch, p);
              cairo_save (cr);
              cairo_rectangle (cr, part_x0, bar_y, part_x1 - part_x0, h);
              cairo_clip (cr);
            }
          if (mark->kind == OVERLAP_MARK_INSTANT)
            _overlap_draw_diamond (cr, &p->palette->foreground, x, bar_y + h / 2, h * 0.3);
          else
            _overlap_draw_symbol (cr, p->palette, mark_result (mark->kind), x, bar_y + h / 2,
                                  h * 0.4, g->s);
          if (p->batching)
            cairo_restore (cr);
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
      cairo_fill (cr);
    }
  if (p->batching)
    _overlap_batch_end_ticks (p->batch, &p->palette->tick, bar_y + tick_top, h - tick_top);
}

/* One part of a bar, from @part_x0 to @part_x1: its phases and ticks, cut
 * to the part. With @rounded, they go into a group first, which goes onto
 * the target through the rounded bar's shape (from @x0 to @x1) once:
 * clipping every fill and stroke to the rounded shape made cairo build a mask
 * per operation (BENCHMARKS.md, figure 3), and so does a group, on its whole
 * surface. So only a bar's ends, as wide as their corners, take that way;
 * the straight middle is drawn onto the target as it is. */
static void
paint_bar_part (OverlapPainter     *p,
                OverlapRunGeometry *rg,
                guint               lane_index,
                double              bar_y,
                double              x0,
                double              x1,
                double              radius,
                gint64              lane_end,
                double              part_x0,
                double              part_x1,
                gboolean            rounded)
{
  cairo_t *cr = p->cr;
  double h = p->bar_height;

  if (part_x1 <= part_x0)
    return;

  if (!rounded && p->batch != NULL)
    {
      p->batching = TRUE;
      _overlap_batch_set_window (p->batch, part_x0, bar_y, part_x1 - part_x0, h);
      paint_spans (p, rg, lane_index, bar_y, x0, part_x0, part_x1);
      paint_marks (p, rg, lane_index, bar_y, lane_end, part_x0, part_x1);
      p->batching = FALSE;
      return;
    }

  cairo_save (cr);
  cairo_rectangle (cr, part_x0, bar_y, part_x1 - part_x0, h);
  cairo_clip (cr);
  if (rounded)
    cairo_push_group (cr);
  paint_spans (p, rg, lane_index, bar_y, x0, part_x0, part_x1);
  paint_marks (p, rg, lane_index, bar_y, lane_end, part_x0, part_x1);
  if (rounded)
    {
      cairo_pop_group_to_source (cr);
      _overlap_rounded_rect (cr, x0, bar_y, x1 - x0, h, radius);
      cairo_fill (cr);
    }
  cairo_restore (cr);
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
  double bar_y = y + round ((p->lane_height - p->bar_height) / 2);
  double cy = bar_y + p->bar_height / 2;
  double right = g->options.width - g->pad;
  OverlapResult result = lane->result;
  OverlapMarkKind end_kind;
  gint64 lane_end;
  double x0, x1, clip_x1, x;
  double radius, corner, part_x0, part_x1;
  gboolean left_end, right_end;

  if (selected)
    {
      _overlap_set_color (cr, &pal->selection);
      _overlap_rounded_rect (cr, g->gutter_x - 8 * g->s, y, right - g->gutter_x + 16 * g->s,
                             p->lane_height, 4 * g->s);
      cairo_fill (cr);
    }

  if (p->labels)
    paint_label (p, rg, lane, cy, selected);

  if (lane->start < 0)
    return;

  lane_end = lane->end >= 0 ? lane->end : rg->end;
  if (lane_end < g->t0 || lane->start > g->t1)
    return;

  /* A bar cut by the view's edges runs on past them, without rounded ends */
  x0 = MAX (round (_overlap_time_to_x (g, lane->start)), g->chart_x0 - p->bar_height);
  x1 = MIN (round (_overlap_time_to_x (g, lane_end)), g->chart_x1 + p->bar_height);
  x1 = MAX (x1, x0 + 1);
  clip_x1 = g->chart_x1 + 1;
  if (lane->end < 0 && overlap_run_is_live (rg->run))
    {
      /* Still growing: a square end at now */
      clip_x1 = MIN (clip_x1, x1);
      x1 += p->bar_height;
    }

  /* The bar in three parts: its rounded ends, each as wide as a corner, and
   * the straight middle; an end cut by the view's edges is not drawn. The
   * middle is batched, the ends too where the corners can be cut out. */
  radius = MIN (p->bar_height * 0.22, MAX (0, (x1 - x0) / 2));
  corner = radius > 0.5 ? ceil (MIN (radius, MIN (x1 - x0, p->bar_height) / 2)) : 0;
  part_x0 = MAX (x0, g->chart_x0);
  part_x1 = MIN (x1, clip_x1);
  left_end = MIN (x0 + corner, part_x1) > part_x0;
  right_end = part_x1 > MAX (x1 - corner, part_x0);
  if (corner > 0 && p->batch != NULL && !selected &&
      (!left_end || (x0 >= g->chart_x0 && x0 + corner <= clip_x1)) &&
      (!right_end || (x1 <= clip_x1 && x1 - corner >= g->chart_x0)))
    {
      /* Over the plain backdrop of a lane, its ends (each wholly in view or
       * not at all) are rounded by cutting the corners out afterwards */
      paint_bar_part (p, rg, lane_index, bar_y, x0, x1, radius, lane_end,
                      part_x0, part_x1, FALSE);
      _overlap_batch_corners (p->batch, x0, bar_y, x1 - x0, p->bar_height, radius,
                              left_end, right_end);
    }
  else if (x1 - x0 <= 2 * corner)
    paint_bar_part (p, rg, lane_index, bar_y, x0, x1, radius, lane_end,
                    part_x0, part_x1, corner > 0);
  else
    {
      paint_bar_part (p, rg, lane_index, bar_y, x0, x1, radius, lane_end,
                      part_x0, MIN (x0 + corner, part_x1), TRUE);
      paint_bar_part (p, rg, lane_index, bar_y, x0, x1, radius, lane_end,
                      MAX (x0 + corner, part_x0), MIN (x1 - corner, part_x1), FALSE);
      paint_bar_part (p, rg, lane_index, bar_y, x0, x1, radius, lane_end,
                      MAX (x1 - corner, part_x0), part_x1, TRUE);
    }

  if (pal->outline)
    {
      cairo_save (cr);
      cairo_rectangle (cr, g->chart_x0, bar_y, clip_x1 - g->chart_x0, p->bar_height);
      cairo_clip (cr);
      _overlap_set_color (cr, &pal->foreground);
      cairo_set_line_width (cr, 1);
      _overlap_rounded_rect (cr, x0 + 0.5, bar_y + 0.5, x1 - x0 - 1, p->bar_height - 1,
                             MIN (p->bar_height * 0.22, MAX (0, (x1 - x0 - 1) / 2)));
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  if (lane_end > g->t1)
    return;
  x1 = MIN (x1, clip_x1);
  end_kind = lane_end_kind (p, rg, lane_index, lane_end);

  /* What follows the bar: how it ended, in which order, and a word about it */
  if (result == OVERLAP_RESULT_PENDING && end_kind != OVERLAP_MARK_DONE)
    result = mark_result (end_kind);

  x = x1 + round (6 * g->s);
  if (result == OVERLAP_RESULT_FAILED ||
      result == OVERLAP_RESULT_CANCELLED ||
      result == OVERLAP_RESULT_TIMED_OUT)
    {
      double r = round (p->bar_height * 0.45);

      _overlap_draw_symbol (cr, pal, result, x + r, cy, r, g->s);
      x += 2 * r + round (6 * g->s);
    }

  if (p->labels && lane->completion > 0 &&
      g_str_has_prefix (overlap_run_get_strategy (rg->run), "as-completed"))
    {
      char number[16];
      double h = round (p->bar_height * 0.95);
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

  if (p->labels && right - x >= 24 * g->s)
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

/* Lanes too low for a label each: the first and the last label, for the lot
 * ("page 1 … page 100"), in the middle of the run's lanes. */
void
_overlap_paint_lane_summary (OverlapPainter     *p,
                             OverlapRunGeometry *rg)
{
  OverlapGeometry *g = p->g;
  const OverlapLane *lanes = overlap_run_get_lanes (rg->run, NULL);
  char first_buffer[32], last_buffer[32];
  g_autofree char *text = NULL;
  double top = MAX (rg->lanes_top, p->visible_top);
  double bottom = MIN (rg->lanes_top + rg->lanes_height, p->visible_bottom);
  const char *first, *last;

  if (rg->n_lanes == 0 || bottom <= top)
    return;
  first = _overlap_lane_label (rg->run, &lanes[0], first_buffer, sizeof first_buffer);
  last = _overlap_lane_label (rg->run, &lanes[rg->n_lanes - 1], last_buffer, sizeof last_buffer);
  if (rg->n_lanes > 1 && bottom - top >= 2 * g->label_height)
    {
      /* the first at the top, the last at the bottom, and between them a
       * sign that more lanes are there when there is room for it */
      double line = g->label_height;

      _overlap_draw_text (p, first, g->font_small, &p->palette->dim, g->gutter_x, top + line / 2,
                          g->gutter_width - 14 * g->s, OVERLAP_ALIGN_LEFT, NULL);
      if (bottom - top >= 3 * line)
        _overlap_draw_text (p, "⋮", g->font_small, &p->palette->dim, g->gutter_x + 8 * g->s, (top + bottom) / 2,
                            0, OVERLAP_ALIGN_LEFT, NULL);
      _overlap_draw_text (p, last, g->font_small, &p->palette->dim, g->gutter_x, bottom - line / 2,
                          g->gutter_width - 14 * g->s, OVERLAP_ALIGN_LEFT, NULL);
      return;
    }
  /* Translators: the first and the last of many lanes' labels, "page 1 … page 100" */
  text = rg->n_lanes == 1 ? g_strdup (first) : g_strdup_printf (_("%s … %s"), first, last);
  _overlap_draw_text (p, text, g->font_small, &p->palette->dim, g->gutter_x, (top + bottom) / 2,
                      g->gutter_width - 14 * g->s, OVERLAP_ALIGN_LEFT, NULL);
}

/* A density band: the run's lanes fitted into fewer pixel rows than there are
 * lanes. A row stands for the lanes that fall into it; a pixel mixes the colours
 * of the phases its tasks are in at that moment, and is the stronger the more of
 * the row's lanes are busy: one by one draws a staircase, all at once a wall.
 * Kept in the layout's caches between paints while nothing it is made of
 * changes. */

typedef struct
{
  guint                 n_spans;
  gint64                end;
  int                   rows;
  int                   cols;
  gint64                t0;
  gint64                t1;
  const OverlapPalette *palette;
  cairo_surface_t      *image;
} DensityCache;

static void
density_cache_free (gpointer data)
{
  DensityCache *cache = data;

  g_clear_pointer (&cache->image, cairo_surface_destroy);
  g_free (cache);
}

OverlapPaintCaches *
_overlap_paint_caches_new (void)
{
  OverlapPaintCaches *caches = g_new0 (OverlapPaintCaches, 1);

  /* a run is kept while its band is: a run made later at its address cannot
   * be taken for it */
  caches->density = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, density_cache_free);
  caches->name_colors = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref,
                                               (GDestroyNotify) g_byte_array_unref);
  return caches;
}

void
_overlap_paint_caches_free (OverlapPaintCaches *caches)
{
  if (caches == NULL)
    return;
  g_clear_pointer (&caches->text, _overlap_text_cache_free);
  g_clear_pointer (&caches->density, g_hash_table_unref);
  g_clear_pointer (&caches->name_colors, g_hash_table_unref);
  g_free (caches);
}

/* Runs came or went: the bands of the runs gone go with them */
void
_overlap_paint_caches_forget_runs (OverlapPaintCaches *caches)
{
  g_hash_table_remove_all (caches->density);
  g_hash_table_remove_all (caches->name_colors);
  caches->gutter_key = 0;
}

static const OverlapRgba *
density_color (const OverlapPalette *pal,
               guint                 phase)
{
  const OverlapPhaseStyle *style = &pal->phases[phase];

  /* a hatched phase is its lines on a light tint: the lines' colour reads */
  return style->style == OVERLAP_FILL_HATCHED ? &style->line : &style->fill;
}

/* One entry of a row's walk: at column col, a task of phase slot enters (+1)
 * or leaves (−1) */
typedef struct
{
  gint32 col;
  gint16 slot;
  gint16 delta;
} DensityEdge;

static int
compare_edges (gconstpointer a,
               gconstpointer b)
{
  const DensityEdge *ea = a, *eb = b;

  return (ea->col > eb->col) - (ea->col < eb->col);
}

static inline guint32
density_pixel (const int   *counts,
               guint        n_used,
               const int   *red,
               const int   *green,
               const int   *blue,
               int          lanes_in_row,
               const int    base_rgb[3],
               guint32      base)
{
  int total = 0, r = 0, gr = 0, b = 0, share, alpha;
  float inverse;

  for (guint k = 0; k < n_used; k++)
    {
      int count = counts[k];

      if (count <= 0)
        continue;
      total += count;
      r += count * red[k];
      gr += count * green[k];
      b += count * blue[k];
    }
  if (total <= 0)
    return base;
  /* 0.35 of the phase's colour for one busy lane in many, all of it when
   * every lane of the row is */
  share = MIN (256, total * 256 / lanes_in_row);
  alpha = 90 + ((166 * share) >> 8);
  inverse = 1.0f / total;
  return 0xff000000 |
         ((guint32) (base_rgb[0] + ((((int) (r * inverse)) - base_rgb[0]) * alpha >> 8)) << 16) |
         ((guint32) (base_rgb[1] + ((((int) (gr * inverse)) - base_rgb[1]) * alpha >> 8)) << 8) |
         (guint32) (base_rgb[2] + ((((int) (b * inverse)) - base_rgb[2]) * alpha >> 8));
}

static inline void
density_row_range (guint64  lane,
                   guint    n_lanes,
                   int      rows,
                   int     *r0,
                   int     *r1)
{
  /* lane l covers rows r0 to r1: several lanes share a row, or (fewer lanes
   * than rows, but thinner than a bar can be) a lane has a row or two */
  *r0 = (int) (lane * rows / n_lanes);
  *r1 = MAX (*r0 + 1, (int) ((lane + 1) * rows / n_lanes));
}

static cairo_surface_t *
draw_density (OverlapPainter     *p,
              OverlapRunGeometry *rg,
              int                 rows,
              int                 cols)
{
  OverlapGeometry *g = p->g;
  const OverlapSpan *spans;
  guint n_spans, n = rg->n_lanes, n_used = 0;
  guint slot[OVERLAP_N_PHASES], name_slot = G_MAXUINT;
  g_autofree guint *row_lanes = NULL;
  g_autofree guint *row_start = NULL;
  g_autofree DensityEdge *edges = NULL;
  /* the phases, then the names' colours */
  int red[OVERLAP_N_PHASES + _OVERLAP_N_NAME_COLORS];
  int green[OVERLAP_N_PHASES + _OVERLAP_N_NAME_COLORS];
  int blue[OVERLAP_N_PHASES + _OVERLAP_N_NAME_COLORS];
  int counts[OVERLAP_N_PHASES + _OVERLAP_N_NAME_COLORS];
  int base_rgb[3];
  cairo_surface_t *image;
  guint32 *pixels, base;
  int pixel_stride;
  guint n_edges = 0;

  for (guint phase = 0; phase < OVERLAP_N_PHASES; phase++)
    if (rg->index->phases_used & (1u << phase))
      {
        const OverlapRgba *color = density_color (p->palette, phase);

        red[n_used] = (int) round (color->red * 255);
        green[n_used] = (int) round (color->green * 255);
        blue[n_used] = (int) round (color->blue * 255);
        slot[phase] = n_used++;
      }
    else
      slot[phase] = G_MAXUINT;
  /* imported slices mix in their names' colours, as their bars are drawn */
  if (slot[OVERLAP_PHASE_OTHER] != G_MAXUINT && p->palette->n_names > 0)
    {
      name_slot = n_used;
      for (guint i = 0; i < p->palette->n_names; i++)
        {
          const OverlapRgba *color = &p->palette->names[i].fill;

          red[n_used] = (int) round (color->red * 255);
          green[n_used] = (int) round (color->green * 255);
          blue[n_used] = (int) round (color->blue * 255);
          n_used++;
        }
    }

  {
    const OverlapRgba *bg = &p->palette->background, *tint = &p->palette->grid;
    double a = tint->alpha * 0.5;

    base_rgb[0] = (int) round (255 * (bg->red * (1 - a) + tint->red * a));
    base_rgb[1] = (int) round (255 * (bg->green * (1 - a) + tint->green * a));
    base_rgb[2] = (int) round (255 * (bg->blue * (1 - a) + tint->blue * a));
    base = 0xff000000 | ((guint32) base_rgb[0] << 16) | ((guint32) base_rgb[1] << 8) | (guint32) base_rgb[2];
  }

  /* opaque: the band's faint tint over the background, under the mix, so that
   * painting it is a copy */
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cols, rows);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    return image;
  cairo_surface_flush (image);
  pixels = (guint32 *) cairo_image_surface_get_data (image);
  pixel_stride = cairo_image_surface_get_stride (image) / 4;

  row_lanes = g_new0 (guint, rows);
  row_start = g_new0 (guint, (gsize) rows + 1);
  for (guint l = 0; l < n; l++)
    {
      int r0, r1;

      density_row_range (l, n, rows, &r0, &r1);
      for (int r = r0; r < r1; r++)
        row_lanes[r]++;
    }

  /* each span in view is two edges on each row it covers; the rows' edges are
   * laid out one row after another (a counting sort), each row then sorted by
   * column and walked once, filling the columns between two edges at once */
  spans = overlap_run_get_spans (rg->run, &n_spans);
  for (int pass = 0; pass < 2 && n_used > 0 && n > 0; pass++)
    {
      if (pass == 1)
        {
          guint sum = 0;

          for (int r = 0; r <= rows; r++)
            {
              guint c = row_start[r];

              row_start[r] = sum;
              sum += c;
            }
          n_edges = sum;
          edges = g_new (DensityEdge, MAX (n_edges, 1));
        }
      for (guint i = 0; i < n_spans; i++)
        {
          const OverlapSpan *span = &spans[i];
          gint64 end = span->end >= 0 ? span->end : rg->end;
          int c0, c1, r0, r1;
          guint k;

          if (end < g->t0 || span->start > g->t1 || span->lane >= n || slot[span->phase] == G_MAXUINT)
            continue;
          k = slot[span->phase];
          if (name_slot != G_MAXUINT && span->phase == OVERLAP_PHASE_OTHER && span->label != 0)
            k = name_slot + (guint) (name_style (p, rg->run, span->label) - p->palette->names);
          c0 = (int) CLAMP (floor ((span->start - g->t0) * g->px_per_us), 0, cols - 1);
          c1 = (int) CLAMP (ceil ((end - g->t0) * g->px_per_us), c0 + 1, cols);
          density_row_range (span->lane, n, rows, &r0, &r1);
          for (int row = r0; row < r1; row++)
            if (pass == 0)
              row_start[row] += 2;
            else
              {
                DensityEdge *e = &edges[row_start[row]];

                e[0] = (DensityEdge) { c0, (gint16) k, 1 };
                e[1] = (DensityEdge) { c1, (gint16) k, -1 };
                row_start[row] += 2;
              }
        }
    }
  /* the fill moved each row's start to the next row's: shift back */
  for (int r = rows; r > 0; r--)
    row_start[r] = row_start[r - 1];
  row_start[0] = 0;

  for (int row = 0; row < rows; row++)
    {
      guint32 *out = pixels + row * pixel_stride;
      DensityEdge *e = edges + row_start[row];
      guint n_row = n_edges > 0 ? row_start[row + 1] - row_start[row] : 0;
      int lanes_in_row = MAX (1, (int) row_lanes[row]);
      int col = 0;
      guint32 color = base;

      if (n_row > 2)
        qsort (e, n_row, sizeof *e, compare_edges);
      memset (counts, 0, sizeof counts);
      for (guint i = 0; i < n_row;)
        {
          int at = e[i].col;

          for (; col < at; col++)
            out[col] = color;
          for (; i < n_row && e[i].col == at; i++)
            counts[e[i].slot] += e[i].delta;
          color = density_pixel (counts, n_used, red, green, blue, lanes_in_row, base_rgb, base);
        }
      for (; col < cols; col++)
        out[col] = color;
    }
  cairo_surface_mark_dirty (image);
  return image;
}

void
_overlap_paint_density (OverlapPainter     *p,
                        OverlapRunGeometry *rg)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  DensityCache *cache = NULL, own = { 0 };
  int rows = (int) MAX (1, round (rg->lanes_height));
  int cols = (int) MAX (1, round (g->chart_x1 - g->chart_x0));
  guint n_spans;

  if (rg->lanes_top + rg->lanes_height < p->visible_top || rg->lanes_top > p->visible_bottom)
    return;

  overlap_run_get_spans (rg->run, &n_spans);
  /* without a layout's caches (a paint of its own), the band is the paint's */
  if (g->caches == NULL)
    cache = &own;
  else if ((cache = g_hash_table_lookup (g->caches->density, rg->run)) == NULL)
    {
      cache = g_new0 (DensityCache, 1);
      g_hash_table_insert (g->caches->density, g_object_ref (rg->run), cache);
    }
  if (cache->image == NULL || cache->n_spans != n_spans || cache->end != rg->end ||
      cache->rows != rows || cache->cols != cols || cache->t0 != g->t0 || cache->t1 != g->t1 ||
      cache->palette != p->palette)
    {
      g_clear_pointer (&cache->image, cairo_surface_destroy);
      cache->image = draw_density (p, rg, rows, cols);
      cache->n_spans = n_spans;
      cache->end = rg->end;
      cache->rows = rows;
      cache->cols = cols;
      cache->t0 = g->t0;
      cache->t1 = g->t1;
      cache->palette = p->palette;
    }

  /* the band's extent is faintly tinted, so that its idle parts read as the
   * run's too (in the image: painting it is a copy) */
  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, cache->image, g->chart_x0, round (rg->lanes_top));
  cairo_rectangle (cr, g->chart_x0, round (rg->lanes_top), cols, rows);
  cairo_fill (cr);
  cairo_restore (cr);
  g_clear_pointer (&own.image, cairo_surface_destroy);

  if (!g->options.overview)
    _overlap_paint_lane_summary (p, rg);
}
