/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-painter"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "overlap-painter-private.h"

/* The words of a run's rows: each lane's label in the gutter and what
 * follows its bar (how it ended, its order, its duration or message), and the
 * first and last labels for lanes too low for a label each. */

const OverlapRgba *
_overlap_result_color (const OverlapPalette *pal,
                       OverlapResult         result)
{
  switch (result)
    {
    case OVERLAP_RESULT_FAILED: return &pal->error;
    case OVERLAP_RESULT_CANCELLED: return &pal->cancel;
    case OVERLAP_RESULT_TIMED_OUT: return &pal->timeout;
    case OVERLAP_RESULT_SKIPPED: return &pal->dim;
    case OVERLAP_RESULT_OK:
    case OVERLAP_RESULT_PENDING:
    default: return &pal->foreground;
    }
}

OverlapResult
_overlap_mark_result (OverlapMarkKind kind)
{
  switch (kind)
    {
    case OVERLAP_MARK_ERROR: return OVERLAP_RESULT_FAILED;
    case OVERLAP_MARK_CANCEL: return OVERLAP_RESULT_CANCELLED;
    case OVERLAP_MARK_TIMEOUT: return OVERLAP_RESULT_TIMED_OUT;
    case OVERLAP_MARK_SKIP: return OVERLAP_RESULT_SKIPPED;
    case OVERLAP_MARK_CHUNK:
    case OVERLAP_MARK_START:
    case OVERLAP_MARK_DONE:
    case OVERLAP_MARK_INSTANT:
    case OVERLAP_N_MARKS:
    default: return OVERLAP_RESULT_OK;
    }
}

/* A lane's label in the gutter: quieter while it waits, struck through when
 * it was cancelled, bold when selected or failed */
void
_overlap_paint_lane_label (OverlapPainter     *p,
                           OverlapRunGeometry *rg,
                           const OverlapLane  *lane,
                           double              cy,
                           gboolean            selected)
{
  OverlapGeometry *g = p->g;
  const OverlapPalette *pal = p->palette;
  OverlapTextStyle style = { g->font_body, _overlap_result_color (pal, lane->result) };
  char buffer[32];

  if (selected || lane->result == OVERLAP_RESULT_FAILED)
    style.font = g->font_bold;
  if (lane->start < 0 && lane->result == OVERLAP_RESULT_PENDING)
    style.color = &pal->dim;
  /* An imported thread's deeper levels ("Main · 2"): quieter than the thread. */
  if (lane->flags & OVERLAP_LANE_NESTED)
    style.color = &pal->dim;
  if (lane->result == OVERLAP_RESULT_CANCELLED)
    {
      style.attrs = pango_attr_list_new ();
      pango_attr_list_insert (style.attrs, pango_attr_strikethrough_new (TRUE));
    }

  _overlap_draw_text (p, _overlap_lane_label (rg->run, lane, buffer, sizeof buffer), &style,
                      g->gutter_x, cy, g->gutter_width - 14 * g->s);

  g_clear_pointer (&style.attrs, pango_attr_list_unref);
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
          mark->kind == OVERLAP_MARK_TIMEOUT ||
          mark->kind == OVERLAP_MARK_SKIP)
        return mark->kind;
    }

  return OVERLAP_MARK_DONE;
}

/* What follows a lane's bar, which ends at @bar_x1: how it ended, in which
 * order it finished (as-completed), and a word about it (its message or its
 * duration) */
void
_overlap_paint_lane_end (OverlapPainter     *p,
                         OverlapRunGeometry *rg,
                         guint               lane_index,
                         gint64              lane_end,
                         double              bar_x1,
                         double              cy)
{
  const OverlapLane *lane = overlap_run_get_lane (rg->run, lane_index);
  OverlapMarkKind end_kind = lane_end_kind (p, rg, lane_index, lane_end);
  OverlapResult result = lane->result;
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  const OverlapPalette *pal = p->palette;
  double right = g->options.width - g->pad;
  double x = bar_x1 + round (6 * g->s);

  /* a task still pending that a mark says failed, was cancelled or timed out */
  if (result == OVERLAP_RESULT_PENDING && end_kind != OVERLAP_MARK_DONE)
    result = _overlap_mark_result (end_kind);

  if (result == OVERLAP_RESULT_FAILED ||
      result == OVERLAP_RESULT_CANCELLED ||
      result == OVERLAP_RESULT_TIMED_OUT ||
      result == OVERLAP_RESULT_SKIPPED)
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
          _overlap_draw_text (p, number,
                              &(OverlapTextStyle) { g->font_bold, &pal->badge_text, OVERLAP_ALIGN_CENTER },
                              x + w / 2, cy, 0);
          x += w + round (6 * g->s);
        }
    }

  if (p->labels && right - x >= 24 * g->s)
    {
      const char *message = overlap_run_string (rg->run, lane->message);
      const char *text;
      const OverlapRgba *color;
      char duration[32];

      switch (result)
        {
        case OVERLAP_RESULT_FAILED:
          text = _("failed");
          color = &pal->error;
          break;
        case OVERLAP_RESULT_CANCELLED:
          text = _("cancelled");
          color = &pal->cancel;
          break;
        case OVERLAP_RESULT_TIMED_OUT:
          text = _("timed out");
          color = &pal->timeout;
          break;
        case OVERLAP_RESULT_SKIPPED:
          text = _("skipped");
          color = &pal->dim;
          break;
        case OVERLAP_RESULT_OK:
        case OVERLAP_RESULT_PENDING:
        default:
          /* an ok or a pending lane shows its duration, not its message */
          _overlap_format_duration (duration, sizeof duration, lane_end - lane->start);
          message = duration;
          color = lane->end < 0 ? &pal->accent : &pal->dim;
          text = NULL;
          break;
        }
      _overlap_draw_text (p, message ? message : text, &(OverlapTextStyle) { g->font_small, color },
                          x, cy, right - x);
    }
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

      _overlap_draw_text (p, first, &p->caption, g->gutter_x, top + line / 2, g->gutter_width - 14 * g->s);
      if (bottom - top >= 3 * line)
        _overlap_draw_text (p, "⋮", &p->caption, g->gutter_x + 8 * g->s, (top + bottom) / 2, 0);
      _overlap_draw_text (p, last, &p->caption, g->gutter_x, bottom - line / 2, g->gutter_width - 14 * g->s);
      return;
    }
  /* Translators: the first and the last of many lanes' labels, "page 1 … page 100" */
  text = rg->n_lanes == 1 ? g_strdup (first) : g_strdup_printf (_("%s … %s"), first, last);
  _overlap_draw_text (p, text, &p->caption, g->gutter_x, (top + bottom) / 2, g->gutter_width - 14 * g->s);
}
