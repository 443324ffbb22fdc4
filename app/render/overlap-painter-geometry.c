/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-painter"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "overlap-painter-private.h"
#include "overlap-run-words.h"

/* Where everything goes: the pinned title, legend and axis; the label gutter
 * and the chart's time scale; each run's header, lanes and counter rows, in
 * content coordinates that scroll. Computed from the recording and the
 * options, the same for painting, hit-testing and tests. */

#define MAX_MEASURED_LABELS 400
void
_overlap_geometry_free (OverlapGeometry *g)
{
  g_clear_pointer (&g->runs, g_free);
  g_clear_pointer (&g->font_body, pango_font_description_free);
  g_clear_pointer (&g->font_small, pango_font_description_free);
  g_clear_pointer (&g->font_bold, pango_font_description_free);
  g_clear_pointer (&g->font_header, pango_font_description_free);
  g_clear_pointer (&g->font_title, pango_font_description_free);
  g_clear_object (&g->layout);
  _overlap_flows_wait (g);
  g_clear_pointer (&g->flows_mask, cairo_surface_destroy);
  g_clear_pointer (&g->flows_curves, g_array_unref);
  g_free (g);
}

static PangoFontDescription *
make_font (double      px,
           PangoWeight weight)
{
  PangoFontDescription *font = pango_font_description_from_string (_OVERLAP_FONT_FAMILY);

  pango_font_description_set_absolute_size (font, px * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  return font;
}

static guint
font_number (OverlapGeometry            *g,
             const PangoFontDescription *font)
{
  const PangoFontDescription *fonts[] = {
    g->font_body, g->font_small, g->font_bold, g->font_header, g->font_title,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fonts); i++)
    if (font == fonts[i])
      return i;
  return G_MAXUINT;
}

/* @text laid out in @font, ellipsized to @max_width if > 0, with its logical
 * extents in pixels; from the text cache while painting. The layout is only
 * good until the next call. */
PangoLayout *
_overlap_text_layout (OverlapGeometry            *g,
                      const PangoFontDescription *font,
                      const char                 *text,
                      double                      max_width,
                      PangoRectangle             *logical)
{
  int width = max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1;
  guint number;

  if (g->text_cache != NULL && (number = font_number (g, font)) != G_MAXUINT)
    return _overlap_text_cache_lookup (g->text_cache, number, font, text, width, logical);

  pango_layout_set_attributes (g->layout, NULL);
  pango_layout_set_width (g->layout, width);
  pango_layout_set_ellipsize (g->layout, width >= 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_font_description (g->layout, font);
  pango_layout_set_text (g->layout, text, -1);
  pango_layout_get_pixel_extents (g->layout, NULL, logical);
  return g->layout;
}

double
_overlap_text_width (OverlapGeometry            *g,
                     const PangoFontDescription *font,
                     const char                 *text)
{
  PangoRectangle logical;

  _overlap_text_layout (g, font, text, 0, &logical);
  return logical.width;
}

double
_overlap_line_height (OverlapGeometry            *g,
                      const PangoFontDescription *font)
{
  PangoRectangle logical;

  _overlap_text_layout (g, font, "Ag", 0, &logical);
  return logical.height;
}

const char *
_overlap_lane_label (OverlapRun        *run,
                     const OverlapLane *lane,
                     char              *buffer,
                     gsize              size)
{
  const char *label = overlap_run_string (run, lane->label);

  if (label != NULL && *label != '\0')
    return label;
  g_snprintf (buffer, size, "#%u", (guint) (lane - overlap_run_get_lanes (run, NULL)) + 1);
  return buffer;
}

static OverlapCounterKind
counter_kind (const OverlapCounter *counter)
{
  if (g_strcmp0 (counter->name, "in flight") == 0)
    return OVERLAP_COUNTER_ROW_IN_FLIGHT;
  if (g_strcmp0 (counter->name, "loop lag") == 0)
    return OVERLAP_COUNTER_ROW_LAG;
  return OVERLAP_COUNTER_ROW_OTHER;
}

const char *
_overlap_counter_name (const OverlapCounter *counter)
{
  switch (counter_kind (counter))
    {
    case OVERLAP_COUNTER_ROW_IN_FLIGHT: return _("in flight");
    case OVERLAP_COUNTER_ROW_LAG: return _("loop lag");
    case OVERLAP_COUNTER_ROW_OTHER:
    default: return counter->name ? counter->name : "";
    }
}

/* The widest label decides the gutter. Measuring 10,000 labels on every
 * paint would be slow, so the first few hundred are measured and the result is
 * kept in the layout's caches until runs or lanes are added. */
static double
measure_gutter (OverlapGeometry *g)
{
  OverlapPaintCaches *caches = g->caches;
  guint64 key = g->n_runs + 1;
  double widest = 0;
  guint measured = 0;

  for (guint i = 0; i < g->n_runs; i++)
    {
      key = key * 1000003 + GPOINTER_TO_SIZE (g->runs[i].run);
      key = key * 31 + g->runs[i].n_lanes;
      key = key * 31 + g->runs[i].n_counters;
    }

  if (caches != NULL && caches->gutter_key == key && caches->gutter_scale == g->s)
    return caches->gutter_width;

  for (guint i = 0; i < g->n_runs; i++)
    {
      const OverlapRunGeometry *rg = &g->runs[i];
      const OverlapLane *lanes = overlap_run_get_lanes (rg->run, NULL);
      char buffer[32];

      for (guint j = 0; j < rg->n_lanes && measured < MAX_MEASURED_LABELS; j++, measured++)
        {
          const char *label = _overlap_lane_label (rg->run, &lanes[j], buffer, sizeof buffer);

          widest = MAX (widest, _overlap_text_width (g, g->font_body, label));
        }
      for (guint j = 0; j < rg->n_counters; j++)
        {
          const char *name = _overlap_counter_name (rg->counters[j].counter);

          widest = MAX (widest, _overlap_text_width (g, g->font_small, name));
        }
    }

  if (caches != NULL)
    {
      caches->gutter_key = key;
      caches->gutter_scale = g->s;
      caches->gutter_width = widest;
    }

  return widest;
}

static void
layout_legend (OverlapGeometry *g,
               double           top)
{
  guint32 phases = 0;
  guint32 marks = 0;
  guint32 kinds = 0;
  double x = g->gutter_x;
  double y = top;
  double row = round (24 * g->s);
  double right = g->options.width - g->pad;
  static const OverlapMarkKind legend_marks[] = {
    OVERLAP_MARK_CHUNK, OVERLAP_MARK_ERROR, OVERLAP_MARK_CANCEL, OVERLAP_MARK_TIMEOUT, OVERLAP_MARK_SKIP,
  };

  for (guint i = 0; i < g->n_runs; i++)
    {
      phases |= g->runs[i].index->plain_phases;
      marks |= g->runs[i].index->marks_used;
      kinds |= g->runs[i].index->kinds_used;
    }

  g->n_legend = 0;
  /* imported slices are coloured by their names: "other" would name none */
  if (g->palette->n_names > 0)
    phases &= ~(1u << OVERLAP_PHASE_OTHER);
  for (guint phase = 0; phase < OVERLAP_N_PHASES; phase++)
    {
      if (phases & (1u << phase))
        {
          OverlapLegendItem *item = &g->legend[g->n_legend++];

          item->is_phase = TRUE;
          item->is_kind = FALSE;
          item->what = phase;
          item->text = _overlap_phase_get_name (phase);
        }
    }
  /* ninja jobs by kind, meson tests by result */
  for (guint kind = OVERLAP_SPAN_KIND_NONE + 1; kind < OVERLAP_N_SPAN_KINDS; kind++)
    {
      if (kinds & (1u << kind))
        {
          OverlapLegendItem *item = &g->legend[g->n_legend++];

          item->is_phase = FALSE;
          item->is_kind = TRUE;
          item->what = kind;
          item->text = overlap_span_kind_get_display_name (kind);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (legend_marks); i++)
    {
      if (marks & (1u << legend_marks[i]))
        {
          OverlapLegendItem *item = &g->legend[g->n_legend++];

          item->is_phase = FALSE;
          item->is_kind = FALSE;
          item->what = legend_marks[i];
          item->text = _overlap_mark_get_name (legend_marks[i]);
        }
    }

  for (guint i = 0; i < g->n_legend; i++)
    {
      OverlapLegendItem *item = &g->legend[i];
      double w = _overlap_legend_swatch_width (g->s) + 7 * g->s +
                 _overlap_text_width (g, g->font_small, item->text);

      if (x + w > right && x > g->gutter_x)
        {
          x = g->gutter_x;
          y += row;
        }
      item->x = x;
      item->y = y;
      x += w + 22 * g->s;
    }

  g->legend_top = top;
  g->legend_height = g->n_legend > 0 ? y + row - top : 0;
}

static void fit_lanes   (OverlapGeometry *g);
static void layout_rows (OverlapGeometry *g);

/* Where a run's header counts its time from: its start, but a trace's
 * processes share the trace's clock and each begins with its first event
 * (its wall time is then its own, "Renderer 1.2 s", not the trace's). */
static gint64
run_start (OverlapRun *run,
           gint64      end)
{
  const OverlapLane *lanes;
  guint n_lanes;
  gint64 start = end;

  if (overlap_run_get_contents (run) != OVERLAP_RUN_OF_THREADS)
    return 0;
  lanes = overlap_run_get_lanes (run, &n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    if (lanes[i].start >= 0)
      start = MIN (start, lanes[i].start);
  return MAX (0, start);
}

OverlapGeometry *
_overlap_geometry_new (OverlapRecording          *recording,
                       const OverlapPaintOptions *options,
                       PangoContext              *context,
                       OverlapPaintCaches        *caches,
                       OverlapTextCache          *text_cache)
{
  PangoContext *own_context = NULL;
  OverlapGeometry *g = g_new0 (OverlapGeometry, 1);
  const char *title = overlap_recording_get_title (recording);
  gint64 duration, clock_start;
  double s, y, end_room, label_width, min_chart;

  g->recording = recording;
  g->options = *options;
  g->options.width = MAX (g->options.width, 1);
  g->options.height = MAX (g->options.height, 1);
  g->s = s = CLAMP (options->text_scale > 0 ? options->text_scale : 1.0, 0.5, 4.0);
  g->now = options->now > 0 ? options->now : g_get_monotonic_time ();
  g->palette = _overlap_palette_get (options->dark, options->high_contrast);

  if (context == NULL)
    context = own_context = _overlap_create_measure_context ();
  g->layout = pango_layout_new (context);
  g->caches = caches;
  g->text_cache = text_cache;
  g_clear_object (&own_context);

  g->font_body = make_font (13 * s, PANGO_WEIGHT_NORMAL);
  g->font_small = make_font (12 * s, PANGO_WEIGHT_NORMAL);
  g->font_bold = make_font (13 * s, PANGO_WEIGHT_BOLD);
  g->font_header = make_font (15 * s, PANGO_WEIGHT_BOLD);
  g->font_title = make_font (19 * s, PANGO_WEIGHT_BOLD);

  g->pad = round (24 * s);
  g->gutter_x = g->pad;
  g->lane_height = round (28 * s);
  g->bar_height = round (18 * s);
  g->header_height = round (34 * s);
  g->bracket_height = round (14 * s);
  g->run_gap = round (30 * s);

  /* The runs, and which of their counters have something to show */
  g->n_runs = overlap_recording_get_n_runs (recording);
  g->in_flight_scale = 1;
  g->lag_scale = 50;  /* ms: below that, lag is noise; above, the scale grows */
  g->runs = g_new0 (OverlapRunGeometry, MAX (g->n_runs, 1));
  clock_start = overlap_recording_get_clock_start (recording);
  for (guint i = 0; i < g->n_runs; i++)
    {
      OverlapRunGeometry *rg = &g->runs[i];
      const OverlapCounter *counters;
      guint n_counters;

      rg->run = overlap_recording_get_run (recording, i);
      rg->index = _overlap_run_index_get (rg->run);
      rg->end = overlap_run_get_end (rg->run, g->now);
      overlap_run_get_lanes (rg->run, &rg->n_lanes);
      rg->start = run_start (rg->run, rg->end);
      rg->shift = overlap_recording_get_shift (recording, clock_start, rg->run);

      counters = overlap_run_get_counters (rg->run, &n_counters);
      if (options->overview)
        n_counters = 0;
      for (guint j = 0; j < n_counters && rg->n_counters < _OVERLAP_MAX_COUNTER_ROWS; j++)
        {
          OverlapCounterRow *row = &rg->counters[rg->n_counters];

          if (counters[j].samples == NULL || counters[j].samples->len == 0)
            continue;
          row->counter = &counters[j];
          row->kind = counter_kind (&counters[j]);
          if (row->kind == OVERLAP_COUNTER_ROW_IN_FLIGHT && counters[j].max <= 0)
            continue;
          row->height = round ((row->kind == OVERLAP_COUNTER_ROW_LAG ? 40 : 34) * s);
          if (row->kind == OVERLAP_COUNTER_ROW_IN_FLIGHT)
            g->in_flight_scale = MAX (g->in_flight_scale, counters[j].max);
          else if (row->kind == OVERLAP_COUNTER_ROW_LAG)
            g->lag_scale = MAX (g->lag_scale, counters[j].max);
          rg->n_counters++;
        }

      if (i > 0 && g_strcmp0 (overlap_run_get_title (rg->run),
                              overlap_run_get_title (g->runs[0].run)) != 0)
        g->many_titles = TRUE;
    }

  if (options->overview)
    {
      /* the bars only, edge to edge, every run a band */
      g->pad = 0;
      g->gutter_x = 0;
      g->gutter_width = 0;
      g->chart_x0 = 0;
      g->chart_x1 = g->options.width;
      g->header_height = 0;
      g->bracket_height = 0;
      g->run_gap = 2;
      g->t0 = 0;
      duration = overlap_recording_get_duration (recording, g->now);
      g->t1 = duration > 0 ? duration : G_USEC_PER_SEC;
      g->px_per_us = (g->chart_x1 - g->chart_x0) / (double) (g->t1 - g->t0);
      g->runs_top = 0;
      g->label_height = G_MAXDOUBLE;
      for (guint i = 0; i < g->n_runs; i++)
        {
          g->runs[i].lane_height = g->lane_height;
          g->runs[i].bar_height = g->bar_height;
        }
      fit_lanes (g);
      layout_rows (g);
      return g;
    }

  /* Horizontal: gutter, chart, and room after the bars for their end */
  label_width = measure_gutter (g);
  g->gutter_width = CLAMP (label_width + 20 * s, 90 * s, MIN (300 * s, g->options.width * 0.3));
  g->chart_x0 = round (g->gutter_x + g->gutter_width);
  end_room = round (_overlap_text_width (g, g->font_small, "00.00 s") + 2 * g->bar_height + 18 * s);
  g->chart_x1 = round (g->options.width - g->pad - end_room);
  min_chart = MIN (60 * s, g->options.width / 3.0);
  if (g->chart_x1 - g->chart_x0 < min_chart)
    {
      g->chart_x0 = MAX (0, round ((g->options.width - min_chart) / 2));
      g->chart_x1 = g->chart_x0 + min_chart;
    }

  if (options->view_end > options->view_start)
    {
      g->t0 = options->view_start;
      g->t1 = options->view_end;
    }
  else
    {
      duration = overlap_recording_get_duration (recording, g->now);
      g->t0 = 0;
      g->t1 = duration > 0 ? duration : G_USEC_PER_SEC;
    }
  g->px_per_us = (g->chart_x1 - g->chart_x0) / (double) (g->t1 - g->t0);

  /* Vertical: the pinned part */
  y = round (18 * s);
  g->title_top = y;
  if (title != NULL && *title != '\0')
    {
      g->title_height = _overlap_line_height (g, g->font_title);
      y += g->title_height + round (8 * s);
    }
  layout_legend (g, y);
  if (g->legend_height > 0)
    y += g->legend_height + round (10 * s);
  g->axis_top = y;
  g->axis_height = round (_overlap_line_height (g, g->font_small) + 12 * s);
  y += g->axis_height;
  g->runs_top = round (y);

  g->label_height = ceil (_overlap_line_height (g, g->font_body) * 0.9);
  for (guint i = 0; i < g->n_runs; i++)
    {
      OverlapRunGeometry *rg = &g->runs[i];

      rg->collapsed = options->collapsed != NULL && i < options->n_collapsed && options->collapsed[i] != 0;
      rg->lane_height = g->lane_height;
      rg->bar_height = g->bar_height;
    }
  if (options->fit_lanes)
    {
      g->options.scroll_y = 0;
      fit_lanes (g);
    }
  layout_rows (g);

  return g;
}

/* The lanes shown of a run: none when collapsed. */
static guint
shown_lanes (const OverlapRunGeometry *rg)
{
  return rg->collapsed ? 0 : rg->n_lanes;
}

/* The runs top to bottom, in content coordinates (before scrolling); with
 * @lanes FALSE, the height of everything but the lanes' rows. */
static double
stack_runs (OverlapGeometry *g,
            gboolean         lanes)
{
  double y = 0;

  for (guint i = 0; i < g->n_runs; i++)
    {
      OverlapRunGeometry *rg = &g->runs[i];
      double top;

      y += i == 0 ? (g->options.overview ? 0 : round (8 * g->s)) : g->run_gap;
      top = y;
      y += g->header_height + g->bracket_height;
      if (lanes)
        {
          rg->top = top;
          rg->lanes_top = y;
          if (!rg->density)
            rg->lanes_height = shown_lanes (rg) * rg->lane_height;
          y += rg->lanes_height;
        }
      if (rg->n_counters > 0)
        y += round (6 * g->s);
      for (guint j = 0; j < rg->n_counters; j++)
        {
          if (lanes)
            rg->counters[j].top = y;
          y += rg->counters[j].height + round (4 * g->s);
        }
      if (lanes)
        rg->bottom = y;
    }
  return y + g->pad;
}

static void
layout_rows (OverlapGeometry *g)
{
  g->content_height = stack_runs (g, TRUE);
}

static void
set_lane_height (OverlapGeometry    *g,
                 OverlapRunGeometry *rg,
                 double              height)
{
  rg->lane_height = MIN (height, g->lane_height);
  rg->bar_height = MAX (1, round (rg->lane_height * g->bar_height / g->lane_height));
  /* thin lanes: the bars take all but a pixel of them, so that they still
   * read as bars, one row apart */
  if (rg->lane_height < 5)
    rg->bar_height = MAX (1, floor (rg->lane_height));
  else if (rg->lane_height < 12)
    rg->bar_height = floor (rg->lane_height) - 1;
}

/* Fit all: the lanes share what the headers and counters leave of the height.
 * One lane height for every run while it is at least _OVERLAP_MIN_LANE; below,
 * each run gets a band by its number of lanes, but never less than a band that
 * can be read (a run of 3 lanes beside one of 10,000 keeps its 3 bars), and a
 * band thinner than its lanes is drawn as a density band. */
static void
fit_lanes (OverlapGeometry *g)
{
  double avail = g->options.height - g->runs_top - stack_runs (g, FALSE);
  double min_band = g->options.overview ? 4 : round (24 * g->s);
  double rest, sum = 0;
  g_autofree double *band = NULL;
  g_autofree gboolean *fixed = NULL;
  guint total = 0, rest_lanes;
  gboolean changed;

  for (guint i = 0; i < g->n_runs; i++)
    total += shown_lanes (&g->runs[i]);
  if (total == 0 || total * g->lane_height <= avail)
    return;

  /* Lanes too low for their labels: the counters give up half their height
   * first (a step chart still reads at that size) */
  if (avail / total < g->label_height)
    {
      for (guint i = 0; i < g->n_runs; i++)
        for (guint j = 0; j < g->runs[i].n_counters; j++)
          g->runs[i].counters[j].height = MAX (round (16 * g->s), round (g->runs[i].counters[j].height / 2));
      avail = g->options.height - g->runs_top - stack_runs (g, FALSE);
      if (total * g->lane_height <= avail)
        return;
    }

  /* Density bands ahead: the room between and around the runs goes to them,
   * and the counters keep only what a step chart needs, so that a band is
   * tall enough to read from the back of a room */
  if (avail / total < _OVERLAP_MIN_LANE && !g->options.overview)
    {
      g->run_gap = round (16 * g->s);
      g->bracket_height = round (10 * g->s);
      for (guint i = 0; i < g->n_runs; i++)
        for (guint j = 0; j < g->runs[i].n_counters; j++)
          g->runs[i].counters[j].height = round (16 * g->s);
      avail = g->options.height - g->runs_top - stack_runs (g, FALSE);
    }

  avail = MAX (avail, 0);
  if (avail / total >= _OVERLAP_MIN_LANE)
    {
      for (guint i = 0; i < g->n_runs; i++)
        set_lane_height (g, &g->runs[i], avail / total);
      return;
    }

  band = g_new0 (double, g->n_runs);
  fixed = g_new0 (gboolean, g->n_runs);
  rest = avail;
  rest_lanes = total;
  do
    {
      changed = FALSE;
      for (guint i = 0; i < g->n_runs && rest_lanes > 0; i++)
        {
          guint n = shown_lanes (&g->runs[i]);
          double least = MIN (n * g->lane_height, min_band);

          if (fixed[i] || n == 0)
            continue;
          if (rest * n / rest_lanes < least)
            {
              band[i] = least;
              fixed[i] = TRUE;
              rest -= least;
              rest_lanes -= n;
              changed = TRUE;
            }
        }
    }
  while (changed);

  for (guint i = 0; i < g->n_runs; i++)
    {
      guint n = shown_lanes (&g->runs[i]);

      if (!fixed[i] && n > 0)
        band[i] = MIN (MAX (rest, 0) * n / MAX (rest_lanes, 1), n * g->lane_height);
      sum += band[i];
    }
  /* the smallest bands together taller than the room: all shrink alike */
  if (sum > avail && sum > 0)
    for (guint i = 0; i < g->n_runs; i++)
      band[i] = band[i] * avail / sum;

  for (guint i = 0; i < g->n_runs; i++)
    {
      OverlapRunGeometry *rg = &g->runs[i];
      guint n = shown_lanes (rg);

      if (n == 0)
        continue;
      if (band[i] / n >= _OVERLAP_MIN_LANE)
        set_lane_height (g, rg, band[i] / n);
      else
        {
          rg->density = TRUE;
          rg->lanes_height = MAX (4, floor (band[i]));
          rg->lane_height = rg->lanes_height / n;
          rg->bar_height = rg->lane_height;
        }
    }
}

/* Where lane @lane's row starts (content y), and which lane a content y is in
 * (G_MAXUINT: none). */
double
_overlap_lane_y (const OverlapRunGeometry *rg,
                 guint                     lane)
{
  return round (rg->lanes_top + lane * rg->lane_height);
}

guint
_overlap_lane_at (const OverlapRunGeometry *rg,
                  double                    y)
{
  guint n = shown_lanes (rg);
  double row;

  if (n == 0 || y < rg->lanes_top || y >= rg->lanes_top + rg->lanes_height)
    return G_MAXUINT;
  row = floor ((y - rg->lanes_top) / rg->lanes_height * n);
  return (guint) CLAMP (row, 0, n - 1);
}
