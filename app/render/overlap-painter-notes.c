/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "overlap-painter-private.h"

/* Notes on the timeline: a moment is a flag (a line across the lanes and a
 * label at its top), a range a translucent band with its label at its start.
 * The labels are dark text on the notes' amber, which reads the same on a
 * light and a dark chart; labels that would overlap go on the next row.
 * While a recording is live (a run, or a replay), a note shows once the run
 * has reached it. */

#define NOTE_ROWS 3

static const OverlapRgba note_light = { 0.90, 0.56, 0.04, 1.0 };
static const OverlapRgba note_dark = { 0.97, 0.77, 0.22, 1.0 };
static const OverlapRgba note_text = { 0.12, 0.09, 0.02, 1.0 };

static gint64
reached (const OverlapGeometry *g)
{
  gint64 end = 0;
  gboolean live = FALSE;

  for (guint i = 0; i < g->n_runs; i++)
    {
      live |= overlap_run_is_live (g->runs[i].run);
      end = MAX (end, g->runs[i].end);
    }
  return live ? end : G_MAXINT64;
}

typedef struct
{
  const OverlapNote *note;
  double             x0;
  double             x1;
  OverlapPaintRect   label;
} NoteBox;

/* Where each shown note and its label go; returns how many. */
static guint
layout_notes (OverlapGeometry *g,
              NoteBox        **boxes_out)
{
  const OverlapNote *notes;
  NoteBox *boxes;
  double row_end[NOTE_ROWS];
  double row_height = ceil (20 * g->s);
  double pad = 5 * g->s;
  gint64 until = reached (g);
  guint n_notes, n = 0;

  notes = overlap_recording_get_notes (g->recording, &n_notes);
  boxes = g_new0 (NoteBox, MAX (n_notes, 1));
  for (guint r = 0; r < NOTE_ROWS; r++)
    row_end[r] = -G_MAXDOUBLE;

  for (guint i = 0; i < n_notes; i++)
    {
      const OverlapNote *note = &notes[i];
      NoteBox *box = &boxes[n];
      double width;
      guint row = 0;

      if (note->start > until || note->end < g->t0 || note->start > g->t1)
        continue;
      box->note = note;
      box->x0 = _overlap_time_to_x (g, note->start);
      box->x1 = _overlap_time_to_x (g, note->end);
      width = MIN (_overlap_text_width (g, g->font_small, note->text) + 2 * pad, 320 * g->s);
      /* at the flag, moved left when it would leave the chart */
      box->label.x = MAX (MIN (box->x0, g->options.width - g->pad - width), g->chart_x0);
      for (row = 0; row < NOTE_ROWS - 1 && row_end[row] > box->label.x; row++)
        ;
      row_end[row] = box->label.x + width + 4 * g->s;
      box->label.y = g->runs_top + 3 * g->s + row * (row_height + 2 * g->s);
      box->label.width = width;
      box->label.height = row_height;
      n++;
    }

  *boxes_out = boxes;
  return n;
}

void
_overlap_paint_notes (OverlapPainter *p,
                      double          bottom)
{
  OverlapGeometry *g = p->g;
  cairo_t *cr = p->cr;
  const OverlapRgba *color = g->options.dark ? &note_dark : &note_light;
  g_autofree NoteBox *boxes = NULL;
  double pad = 5 * g->s;
  guint n;

  if (g->options.overview || g->n_runs == 0)
    return;
  n = layout_notes (g, &boxes);
  if (n == 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, g->chart_x0, g->runs_top, g->chart_x1 - g->chart_x0, bottom - g->runs_top);
  cairo_clip (cr);
  for (guint i = 0; i < n; i++)
    {
      const NoteBox *box = &boxes[i];
      gboolean selected = box->note->id == g->options.selected_note;
      OverlapRgba c = *color;

      if (box->x1 > box->x0)
        {
          c.alpha = selected ? 0.28 : 0.18;
          _overlap_set_color (cr, &c);
          cairo_rectangle (cr, box->x0, g->runs_top, box->x1 - box->x0, bottom - g->runs_top);
          cairo_fill (cr);
        }
      c.alpha = 0.95;
      _overlap_set_color (cr, &c);
      cairo_set_line_width (cr, selected ? 3 * g->s : MAX (1.5, 1.5 * g->s));
      cairo_move_to (cr, round (box->x0) + 0.5, g->runs_top);
      cairo_line_to (cr, round (box->x0) + 0.5, bottom);
      if (box->x1 > box->x0)
        {
          cairo_move_to (cr, round (box->x1) + 0.5, g->runs_top);
          cairo_line_to (cr, round (box->x1) + 0.5, bottom);
        }
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  /* the labels over everything, so that each reads whole */
  for (guint i = 0; i < n; i++)
    {
      const NoteBox *box = &boxes[i];
      const OverlapPaintRect *r = &box->label;

      _overlap_rounded_rect (cr, r->x, r->y, r->width, r->height, 4 * g->s);
      _overlap_set_color (cr, color);
      cairo_fill_preserve (cr);
      if (box->note->id == g->options.selected_note)
        {
          _overlap_set_color (cr, &p->palette->foreground);
          cairo_set_line_width (cr, 2 * g->s);
          cairo_stroke (cr);
        }
      else
        cairo_new_path (cr);
      _overlap_draw_text (p, box->note->text, &(OverlapTextStyle) { g->font_small, &note_text },
                          r->x + pad, r->y + r->height / 2, r->width - 2 * pad);
    }
}

/* The note at (@x, @y): its label, its line (a few pixels either side) or
 * its band; 0 when none. */
guint
_overlap_geometry_note_at (OverlapGeometry *g,
                           double           x,
                           double           y)
{
  g_autofree NoteBox *boxes = NULL;
  double slop = 4 * g->s;
  guint n, found = 0;

  if (g->options.overview || g->n_runs == 0 || y < g->runs_top)
    return 0;
  n = layout_notes (g, &boxes);
  for (guint i = 0; i < n; i++)
    {
      const OverlapPaintRect *r = &boxes[i].label;

      if (x >= r->x && x < r->x + r->width && y >= r->y && y < r->y + r->height)
        return boxes[i].note->id;
    }
  for (guint i = 0; i < n && found == 0; i++)
    if (fabs (x - boxes[i].x0) <= slop || (boxes[i].x1 > boxes[i].x0 && x >= boxes[i].x0 && x <= boxes[i].x1))
      found = boxes[i].note->id;
  return found;
}
