/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <glib/gstdio.h>

#include "overlap-chart-layout.h"
#include "overlap-export.h"
#include "overlap-painter-private.h"

/* The chart's layout, as the painter and the views see it: fit all (every run in
 * the height, lanes shrinking to density bands), collapsed runs, hit tests and
 * time ↔ x, on recordings shaped like the scraper's. */

#define MS(x) ((gint64) ((x) * 1000))

/* A run of @n lanes: sequential, one after another, or all at once; in flight
 * and loop lag counters as real runs have. */
static OverlapRun *
make_run (const char *strategy,
          guint       n,
          gboolean    at_once,
          gint64      each)
{
  OverlapRun *run = overlap_run_new ("scraper", strategy);
  guint in_flight = overlap_run_add_counter (run, "in flight", NULL);
  guint lag = overlap_run_add_counter (run, "loop lag", "ms");
  gint64 t = 0;

  overlap_run_begin (run, 1000);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = g_strdup_printf ("page %u", i + 1);
      guint lane = overlap_run_add_lane (run, label, "http", NULL);
      gint64 start = at_once ? 0 : t;

      overlap_run_set_phase (run, lane, OVERLAP_PHASE_WAITING, start);
      overlap_run_set_phase (run, lane, OVERLAP_PHASE_RECEIVING, start + each * 3 / 4);
      overlap_run_lane_finish (run, lane, OVERLAP_RESULT_OK, NULL, start + each);
      t += each;
    }
  overlap_run_add_sample (run, in_flight, 0, at_once ? n : 1);
  overlap_run_add_sample (run, in_flight, at_once ? each : t, 0);
  overlap_run_add_sample (run, lag, 0, 0);
  overlap_run_add_sample (run, lag, at_once ? each : t, 2);
  overlap_run_finish (run, OVERLAP_RUN_FINISHED, at_once ? each : t);
  return run;
}

/* The questions a view asks, asked of one layout kept through a test as the
 * window keeps its own (a layout made per question measures every label again,
 * which under a sanitizer takes minutes for the scraper's 9,000 lanes). */
static OverlapChartLayout *kept_layout;

static void
assert_finalized (gpointer object)
{
  g_assert_finalize_object (object);
}

static OverlapChartLayout *
layout_of (OverlapRecording          *recording,
           const OverlapPaintOptions *options)
{
  if (kept_layout == NULL)
    {
      kept_layout = overlap_chart_layout_new (recording);
      g_object_add_weak_pointer (G_OBJECT (kept_layout), (gpointer *) &kept_layout);
      /* After the test (the queue runs last in, first out): the layout is
       * freed, then the recording it kept. */
      g_test_queue_destroy (assert_finalized, g_object_ref (recording));
      g_test_queue_destroy (assert_finalized, kept_layout);
    }
  g_assert_true (overlap_chart_layout_get_recording (kept_layout) == recording);
  overlap_chart_layout_set_options (kept_layout, options);
  return kept_layout;
}

#define lane_rect(rec, opt, r, l, rect) overlap_chart_layout_get_lane_rect (layout_of (rec, opt), r, l, rect)
#define chart_rect(rec, opt, rect)      overlap_chart_layout_get_chart_rect (layout_of (rec, opt), rect)
#define header_rect(rec, opt, r, rect)  overlap_chart_layout_get_header_rect (layout_of (rec, opt), r, rect)
#define hit_test(rec, opt, x, y, r, l, t) overlap_chart_layout_hit_test (layout_of (rec, opt), x, y, r, l, t)
#define time_to_x(rec, opt, t)          overlap_chart_layout_time_to_x (layout_of (rec, opt), t)
#define x_to_time(rec, opt, x)          overlap_chart_layout_x_to_time (layout_of (rec, opt), x)
#define natural_height(rec, opt)        overlap_chart_layout_get_natural_height (layout_of (rec, opt))

/* sequential, gather and bounded of @n pages each */
static OverlapRecording *
make_scraper (guint n)
{
  OverlapRecording *recording = overlap_recording_new ("A web scraper opening 100 connections");
  g_autoptr(OverlapRun) sequential = make_run ("sequential", n, FALSE, MS (200));
  g_autoptr(OverlapRun) gather = make_run ("gather", n, TRUE, MS (250));
  g_autoptr(OverlapRun) bounded = make_run ("bounded(10)", n, TRUE, MS (2000));

  overlap_recording_add_run (recording, sequential);
  overlap_recording_add_run (recording, gather);
  overlap_recording_add_run (recording, bounded);
  return recording;
}

static void
init_options (OverlapPaintOptions *options,
              int                  width,
              int                  height)
{
  overlap_paint_options_init (options);
  options->width = width;
  options->height = height;
  options->now = g_get_monotonic_time ();
}

/* Every lane of every run lies inside the chart's area of the target. */
static void
assert_all_inside (OverlapRecording          *recording,
                   const OverlapPaintOptions *options)
{
  OverlapPaintRect chart, rect;

  g_assert_true (chart_rect (recording, options, &chart));
  for (guint r = 0; r < overlap_recording_get_n_runs (recording); r++)
    {
      guint n_lanes;

      overlap_run_get_lanes (overlap_recording_get_run (recording, r), &n_lanes);
      for (guint l = 0; l < n_lanes; l += MAX (1, n_lanes / 50))
        {
          g_assert_true (lane_rect (recording, options, r, l, &rect));
          g_assert_cmpfloat (rect.y, >=, chart.y);
          g_assert_cmpfloat (rect.y + rect.height, <=, options->height);
        }
      g_assert_true (lane_rect (recording, options, r, n_lanes - 1, &rect));
      g_assert_cmpfloat (rect.y + rect.height, <=, options->height);
    }
}

/* The scraper's 300 lanes do not fit 1920×1080 at full size; fitted, all three
 * runs do, and the lanes of a run keep their order top to bottom. */
static void
test_fit_scraper (void)
{
  g_autoptr(OverlapRecording) recording = make_scraper (100);
  OverlapPaintOptions options;
  OverlapPaintRect a, b;

  init_options (&options, 1920, 1080);
  g_assert_cmpint (natural_height (recording, &options), >, 1080 * 3);
  g_assert_true (lane_rect (recording, &options, 2, 0, &a));
  g_assert_cmpfloat (a.y, >, 1080);

  options.fit_lanes = TRUE;
  options.scroll_y = 500;   /* ignored when fitted */
  assert_all_inside (recording, &options);
  for (guint l = 1; l < 100; l++)
    {
      g_assert_true (lane_rect (recording, &options, 1, l - 1, &a));
      g_assert_true (lane_rect (recording, &options, 1, l, &b));
      g_assert_cmpfloat (b.y, >=, a.y);
    }

  /* a layout made afresh has the kept layout's answer */
  {
    g_autoptr(OverlapChartLayout) fresh = overlap_chart_layout_new (recording);
    OverlapPaintRect once;

    overlap_chart_layout_set_options (fresh, &options);
    g_assert_true (overlap_chart_layout_get_lane_rect (fresh, 2, 99, &once));
    g_assert_true (lane_rect (recording, &options, 2, 99, &a));
    g_assert_cmpmem (&once, sizeof once, &a, sizeof a);
  }

  /* presentation-sized text: still all inside */
  options.text_scale = 1.75;
  assert_all_inside (recording, &options);
}

/* A height too small for 2 px lanes: density bands, each run's still in its own
 * place, hit tests finding the lane under a band's row. */
static void
test_density_bands (void)
{
  g_autoptr(OverlapRecording) recording = make_scraper (3000);
  OverlapPaintOptions options;
  OverlapPaintRect first, last, chart;
  guint run = 99, lane = 99;
  double y;

  init_options (&options, 1600, 900);
  options.fit_lanes = TRUE;
  assert_all_inside (recording, &options);

  g_assert_true (lane_rect (recording, &options, 0, 0, &first));
  g_assert_true (lane_rect (recording, &options, 0, 2999, &last));
  g_assert_cmpfloat (first.height, <, 2.0);
  /* the band is a readable size */
  g_assert_cmpfloat (last.y + last.height - first.y, >=, 24);

  /* the middle of the band is the middle lane, roughly */
  y = (first.y + last.y + last.height) / 2;
  g_assert_true (chart_rect (recording, &options, &chart));
  g_assert_true (hit_test (recording, &options, chart.x + 10, y, &run, &lane, NULL));
  g_assert_cmpuint (run, ==, 0);
  g_assert_cmpuint (lane, >, 1300);
  g_assert_cmpuint (lane, <, 1700);

  /* and painting it works, with every band's pixels drawn */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 900);
    cairo_t *cr = cairo_create (surface);
    const guint32 *pixels;
    int stride;
    guint busy = 0;

    overlap_painter_paint (cr, recording, &options);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    pixels = (const guint32 *) cairo_image_surface_get_data (surface);
    stride = cairo_image_surface_get_stride (surface) / 4;
    /* the third run's band (all at once for 2 s, some 5 px): every row of it is
     * busy at its start, and idle where the recording goes on without it */
    g_assert_true (lane_rect (recording, &options, 2, 0, &first));
    g_assert_true (lane_rect (recording, &options, 2, 2999, &last));
    for (int row = (int) ceil (first.y); row < (int) floor (last.y + last.height); row++)
      if (pixels[row * stride + (int) chart.x + 2] != pixels[row * stride + (int) (chart.x + chart.width) - 4])
        busy++;
    g_assert_cmpuint (busy, >=, (guint) floor (last.y + last.height - first.y) - 1);
    cairo_surface_destroy (surface);
  }
}

/* The first busy column of a pixel row inside @rect, or -1 */
static int
first_busy_column (const guint32          *pixels,
                   int                     stride,
                   const OverlapPaintRect *chart,
                   int                     row)
{
  guint32 idle = pixels[row * stride + (int) (chart->x + chart->width) - 2];

  for (int x = (int) ceil (chart->x); x < (int) (chart->x + chart->width) - 2; x++)
    if (pixels[row * stride + x] != idle)
      return x;
  return -1;
}

/* One by one reads as a staircase in a density band: the top rows are busy at
 * the start, the bottom rows at the end; at presentation size the bands still
 * get a fair share of the height; and a layout kept between paints paints
 * what a paint of its own does. */
static void
test_density_staircase (void)
{
  g_autoptr(OverlapRecording) recording = make_scraper (3000);
  g_autoptr(OverlapChartLayout) layout = overlap_chart_layout_new (recording);
  OverlapPaintOptions options;
  OverlapPaintRect first, last, chart;
  cairo_surface_t *once, *kept;
  int top_x, bottom_x;

  init_options (&options, 1920, 1080);
  options.fit_lanes = TRUE;
  options.text_scale = 1.75;
  g_assert_true (chart_rect (recording, &options, &chart));
  g_assert_true (lane_rect (recording, &options, 0, 0, &first));
  g_assert_true (lane_rect (recording, &options, 0, 2999, &last));
  /* the room between the runs and the counters' spare height go to the bands
   * (29 px each before they did, 64 now) */
  g_assert_cmpfloat (last.y + last.height - first.y, >=, 50);

  once = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  kept = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  {
    cairo_t *cr = cairo_create (once);

    overlap_painter_paint (cr, recording, &options);
    cairo_destroy (cr);
  }
  overlap_chart_layout_set_options (layout, &options);
  for (int i = 0; i < 2; i++)   /* the second paint from the kept band */
    {
      cairo_t *cr = cairo_create (kept);

      overlap_chart_layout_paint (layout, cr);
      cairo_destroy (cr);
    }
  cairo_surface_flush (once);
  cairo_surface_flush (kept);
  g_assert_cmpmem (cairo_image_surface_get_data (once),
                   cairo_image_surface_get_stride (once) * 1080,
                   cairo_image_surface_get_data (kept),
                   cairo_image_surface_get_stride (kept) * 1080);

  top_x = first_busy_column ((const guint32 *) cairo_image_surface_get_data (kept),
                             cairo_image_surface_get_stride (kept) / 4, &chart, (int) ceil (first.y) + 1);
  bottom_x = first_busy_column ((const guint32 *) cairo_image_surface_get_data (kept),
                                cairo_image_surface_get_stride (kept) / 4, &chart,
                                (int) floor (last.y + last.height) - 2);
  g_assert_cmpint (top_x, >=, 0);
  g_assert_cmpint (top_x, <, chart.x + chart.width * 0.05);
  g_assert_cmpint (bottom_x, >, chart.x + chart.width * 0.9);

  cairo_surface_destroy (once);
  cairo_surface_destroy (kept);
}

/* A run of 3 lanes beside runs of 10,000 keeps bars of its own. */
static void
test_small_run_beside_large (void)
{
  g_autoptr(OverlapRecording) recording = overlap_recording_new ("mixed");
  g_autoptr(OverlapRun) small = make_run ("gather", 3, TRUE, MS (100));
  g_autoptr(OverlapRun) large = make_run ("sequential", 10000, FALSE, MS (1));
  OverlapPaintOptions options;
  OverlapPaintRect rect;

  overlap_recording_add_run (recording, small);
  overlap_recording_add_run (recording, large);
  init_options (&options, 1920, 1080);
  options.fit_lanes = TRUE;
  assert_all_inside (recording, &options);
  g_assert_true (lane_rect (recording, &options, 0, 2, &rect));
  g_assert_cmpfloat (rect.height, >=, 2.0);
  g_assert_true (lane_rect (recording, &options, 1, 0, &rect));
  g_assert_cmpfloat (rect.height, <, 2.0);
}

/* Collapsing a run takes its lanes away and moves the runs below it up by as
 * much; its header stays, and expanding puts everything back. */
static void
test_collapse (void)
{
  g_autoptr(OverlapRecording) recording = make_scraper (20);
  OverlapPaintOptions options;
  OverlapPaintRect first, last, below, below_collapsed, header;
  guint8 collapsed[3] = { 0, 0, 0 };
  guint run = 99, lane = 99;

  init_options (&options, 1600, 900);
  options.collapsed = collapsed;
  options.n_collapsed = G_N_ELEMENTS (collapsed);
  g_assert_true (lane_rect (recording, &options, 0, 0, &first));
  g_assert_true (lane_rect (recording, &options, 0, 19, &last));
  g_assert_true (lane_rect (recording, &options, 1, 0, &below));

  collapsed[0] = 1;
  g_assert_false (lane_rect (recording, &options, 0, 0, &first));
  g_assert_true (lane_rect (recording, &options, 1, 0, &below_collapsed));
  g_assert_cmpfloat (fabs ((below.y - below_collapsed.y) - (last.y + last.height - first.y)), <, 1.0);

  /* the header is still there, and a click on it finds the run, no lane */
  g_assert_true (header_rect (recording, &options, 0, &header));
  g_assert_true (hit_test (recording, &options, header.x + 40, header.y + header.height / 2,
                                           &run, &lane, NULL));
  g_assert_cmpuint (run, ==, 0);
  g_assert_cmpuint (lane, ==, G_MAXUINT);

  collapsed[0] = 0;
  g_assert_true (lane_rect (recording, &options, 1, 0, &below_collapsed));
  g_assert_cmpfloat (below_collapsed.y, ==, below.y);
}

/* time → x → time comes back within what a pixel stands for, zoomed or fitted. */
static void
test_time_x_round_trip (void)
{
  g_autoptr(OverlapRecording) recording = make_scraper (100);
  OverlapPaintOptions options;
  const gint64 views[][2] = { { 0, 0 }, { MS (100), MS (300) }, { MS (5000), MS (5001) } };

  init_options (&options, 1920, 1080);
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      gint64 start, end, per_px;
      OverlapPaintRect chart;

      options.view_start = views[v][0];
      options.view_end = views[v][1];
      options.fit_lanes = v == 0;
      g_assert_true (chart_rect (recording, &options, &chart));
      start = x_to_time (recording, &options, chart.x);
      end = x_to_time (recording, &options, chart.x + chart.width);
      if (v > 0)
        {
          g_assert_cmpint (start, ==, views[v][0]);
          g_assert_cmpint (end, ==, views[v][1]);
        }
      per_px = MAX (1, (end - start) / (gint64) chart.width);
      for (gint64 t = start; t <= end; t += MAX (1, (end - start) / 97))
        {
          double x = time_to_x (recording, &options, t);
          gint64 back = x_to_time (recording, &options, x);

          g_assert_cmpint (ABS (back - t), <=, per_px);
        }
    }
}

/* Without a height, an export too tall for an image is fitted, not refused; with
 * one, it is exactly that size with every run in it. */
static void
test_export_heights (void)
{
  g_autoptr(OverlapRecording) recording = make_scraper (3000);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("overlap-layout-XXXXXX", NULL);
  g_autofree char *tall = g_build_filename (dir, "tall.png", NULL);
  g_autofree char *slide = g_build_filename (dir, "slide.png", NULL);
  OverlapPaintOptions options;
  cairo_surface_t *image;

  init_options (&options, 1600, 0);
  g_assert_cmpint (natural_height (recording, &options), >, 32767);
  g_assert_true (overlap_export_chart (recording, tall, OVERLAP_CHART_PNG, &options, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (tall);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1600);
  g_assert_cmpint (cairo_image_surface_get_height (image), <=, 16384);
  cairo_surface_destroy (image);

  init_options (&options, 1920, 1080);
  options.fit_lanes = TRUE;
  g_assert_true (overlap_export_chart (recording, slide, OVERLAP_CHART_PNG, &options, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (slide);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1920);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 1080);
  cairo_surface_destroy (image);

  g_assert_cmpint (g_remove (tall), ==, 0);
  g_assert_cmpint (g_remove (slide), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The overview strip's picture: the bars only, every run in the strip. */
static void
test_overview (void)
{
  g_autoptr(OverlapRecording) recording = make_scraper (100);
  OverlapPaintOptions options;
  OverlapPaintRect rect, chart;

  init_options (&options, 1200, 56);
  options.overview = TRUE;
  options.fit_lanes = TRUE;
  g_assert_true (chart_rect (recording, &options, &chart));
  g_assert_cmpfloat (chart.x, ==, 0);
  g_assert_cmpfloat (chart.width, ==, 1200);
  for (guint r = 0; r < 3; r++)
    {
      g_assert_true (lane_rect (recording, &options, r, 99, &rect));
      g_assert_cmpfloat (rect.y + rect.height, <=, 56);
    }
  /* the time axis is the whole recording, whatever the chart's zoom */
  options.view_start = MS (100);
  options.view_end = MS (200);
  g_assert_cmpfloat (time_to_x (recording, &options, 0), ==, 0);
}

/* A run that grows is indexed by appending what is new: never rebuilt, every
 * lane's spans and marks in time order, one that arrives late sorted in. */
static void
test_index_grows (void)
{
  OverlapRun *run = overlap_run_new ("live", "gather");
  const OverlapRunIndex *index;
  const OverlapSpan *spans;
  const OverlapMark *marks;

  overlap_run_begin (run, 1000);
  for (guint i = 0; i < 50; i++)
    overlap_run_add_lane (run, "task", "http", NULL);
  for (gint64 t = 0; t < 100; t++)
    {
      for (guint lane = 0; lane < 50; lane++)
        {
          overlap_run_set_phase (run, lane, t % 2 ? OVERLAP_PHASE_RECEIVING : OVERLAP_PHASE_WAITING,
                                 MS (t) + lane);
          overlap_run_add_mark (run, lane, OVERLAP_MARK_CHUNK, MS (t) + lane + 1, 0);
        }
      index = _overlap_run_index_get (run);
      g_assert_cmpuint (index->n_rebuilds, ==, 0);
    }
  /* a mark from the past, as an imported trace may send one */
  overlap_run_add_mark (run, 7, OVERLAP_MARK_INSTANT, MS (3), 0);
  index = _overlap_run_index_get (run);
  g_assert_cmpuint (index->n_rebuilds, ==, 0);

  spans = overlap_run_get_spans (run, NULL);
  marks = overlap_run_get_marks (run, NULL);
  for (guint lane = 0; lane < 50; lane++)
    {
      const OverlapIndexList *s = &index->lane_spans[lane];
      const OverlapIndexList *m = &index->lane_marks[lane];

      g_assert_cmpuint (s->len, >=, 99);
      g_assert_cmpuint (m->len, ==, lane == 7 ? 101 : 100);
      for (guint k = 1; k < s->len; k++)
        g_assert_cmpint (spans[s->items[k - 1]].start, <=, spans[s->items[k]].start);
      for (guint k = 1; k < m->len; k++)
        g_assert_cmpint (marks[m->items[k - 1]].time, <=, marks[m->items[k]].time);
      for (guint k = 0; k < s->len; k++)
        g_assert_cmpuint (spans[s->items[k]].lane, ==, lane);
    }

  g_assert_finalize_object (run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layout/fit-scraper", test_fit_scraper);
  g_test_add_func ("/layout/density-bands", test_density_bands);
  g_test_add_func ("/layout/density-staircase", test_density_staircase);
  g_test_add_func ("/layout/small-run-beside-large", test_small_run_beside_large);
  g_test_add_func ("/layout/collapse", test_collapse);
  g_test_add_func ("/layout/time-x-round-trip", test_time_x_round_trip);
  g_test_add_func ("/layout/export-heights", test_export_heights);
  g_test_add_func ("/layout/overview", test_overview);
  g_test_add_func ("/layout/index-grows", test_index_grows);

  return g_test_run ();
}
