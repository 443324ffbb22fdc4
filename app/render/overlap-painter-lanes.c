/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-painter"

#include "config.h"

#include <string.h>

#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "overlap-painter-private.h"

/* A task's lane: its bar (phases, the spans of imported slices, chunk ticks
 * and instants), with its label and what follows it drawn by
 * overlap-painter-labels.c. Culled: spans and marks outside the visible time
 * range are skipped, spans narrower than a pixel merged, marks closer than a
 * pixel drawn once. */

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
    _overlap_batch_rect (p->batch, layer, color, NULL, &(OverlapPaintRect) { x, y, width, height });
  else
    {
      _overlap_set_color (p->cr, color);
      cairo_rectangle (p->cr, x, y, width, height);
      cairo_fill (p->cr);
    }
}

/* A span's fill, drawn or batched: its phase's, or (@named) the colour of an
 * imported slice's name. @covered is how far right the lane's fills went so
 * far: one that overlaps them (a merge of spans narrower than a pixel is a
 * pixel wide) must go on top of them, so the batch is drawn first. */
static void
part_fill (OverlapPainter          *p,
           guint                    phase,
           const OverlapPhaseStyle *named,
           double                   x,
           double                   bar_y,
           double                   width,
           double                  *covered)
{
  OverlapPaintRect box = { x, bar_y, width, p->bar_height };

  if (p->batching && x < *covered - 1e-6)
    _overlap_batch_flush (p->batch, p);
  if (named != NULL)
    part_rect (p, OVERLAP_BATCH_FILL, &named->fill, x, bar_y, width, p->bar_height);
  else
    _overlap_fill_phase (p, phase, &box);
  *covered = MAX (*covered, x + width);
}

/* Spans merged into one, at least a pixel wide */
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

  if (in_part (x0, x0 + width, part_x0, part_x1))
    part_fill (p, phase, named, x0, bar_y, width, covered);
}

/* The style of an imported slice named by string @label of @run: its
 * name's colour, kept by string id in the layout's caches (names repeat:
 * thousands of slices, a few hundred names) */
const OverlapPhaseStyle *
_overlap_name_style (OverlapPainter *p,
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

/* The style a span is drawn in: its kind's (a ninja job, a meson test), its
 * phase's, or an imported slice's name's */
static inline const OverlapPhaseStyle *
span_style (OverlapPainter    *p,
            OverlapRun        *run,
            const OverlapSpan *span)
{
  OverlapSpanKind kind = OVERLAP_SPAN_GET_KIND (span);

  if (kind != OVERLAP_SPAN_KIND_NONE && kind < OVERLAP_N_SPAN_KINDS)
    return &p->palette->kinds[kind];
  if (span->phase == OVERLAP_PHASE_OTHER && span->label != 0 && p->palette->n_names > 0)
    return _overlap_name_style (p, run, span->label);
  return NULL;
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
      part_fill (p, span->phase, named, x0, bar_y, x1 - x0, &covered);

      /* A span with its own outcome (a failed test, a timed-out one on a
       * shared worker lane): a band of the result's colour along its foot. */
      if (OVERLAP_SPAN_GET_RESULT (span) > OVERLAP_RESULT_OK)
        part_rect (p, OVERLAP_BATCH_BAND, _overlap_result_color (p->palette, OVERLAP_SPAN_GET_RESULT (span)),
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
                _overlap_batch_label (p->batch, label, color, x0 + 6 * g->s, bar_y + h / 2);
              else
                _overlap_draw_text (p, label, &(OverlapTextStyle) { g->font_bold, color },
                                    x0 + 6 * g->s, bar_y + h / 2, 0);
            }
        }
    }

  if (merging)
    fill_merged (p, merged_phase, merged_named, merged_x0, merged_x1, bar_y, part_x0, part_x1, &covered);
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
        case OVERLAP_MARK_SKIP:
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
            _overlap_draw_symbol (cr, p->palette, _overlap_mark_result (mark->kind), x, bar_y + h / 2,
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
      _overlap_batch_set_window (p->batch, &(OverlapPaintRect) { part_x0, bar_y, part_x1 - part_x0, h });
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
  gint64 lane_end;
  double x0, x1, clip_x1;
  double radius, corner, part_x0, part_x1;
  gboolean left_end, right_end;

  if (selected)
    {
      _overlap_set_color (cr, &pal->selection);
      _overlap_rounded_rect (cr, g->gutter_x - 8 * g->s, y, right - g->gutter_x + 16 * g->s,
                             p->lane_height, 4 * g->s);
      cairo_fill (cr);
    }
  if (lane_index < g->options.n_highlight_lanes && g->options.highlight_lanes[lane_index] &&
      (g->options.highlight_run < 0 || g->options.highlight_run == (int) run_index))
    {
      /* pointed at from the code: a frame around the lane's time axis (its
       * label stays readable), over any selection */
      double w = MAX (1.5, 2 * g->s);
      double x = g->chart_x0 - 6 * g->s;

      _overlap_set_color (cr, &pal->pointed);
      cairo_set_line_width (cr, w);
      _overlap_rounded_rect (cr, x + w / 2, y + w / 2, right + 8 * g->s - x - w, p->lane_height - w,
                             MIN (4 * g->s, p->lane_height / 2));
      cairo_stroke (cr);
    }

  if (p->labels)
    _overlap_paint_lane_label (p, rg, lane, cy, selected);

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
      _overlap_batch_corners (p->batch, &(OverlapPaintRect) { x0, bar_y, x1 - x0, p->bar_height },
                              radius, left_end, right_end);
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

  if (lane_end <= g->t1)
    _overlap_paint_lane_end (p, rg, lane_index, lane_end, MIN (x1, clip_x1), cy);
}
