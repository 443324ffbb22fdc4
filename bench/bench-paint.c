/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <malloc.h>
#include <stdio.h>

#include "bench-util.h"
#include "overlap-chart-layout.h"
#include "overlap-painter-private.h"
#include "overlap-recording.h"

/* Figure 3, drawing: full 1920×1080 paints (cairo image surface) of a recording
 * of LANES lanes, SPANS spans and MARKS marks, fitted and zoomed in; the first
 * paint (which builds the painter's per-lane index) apart from the rest.
 * Figure 4, memory: bytes per recorded span and mark, as sizeof and as the
 * heap really grows (GArray doubling included).
 *
 *   bench-paint [--lanes N] [--spans N] [--marks N] [--paints N] [--view N]
 *               [--png PREFIX] [--smoke]
 *
 * --view paints one view only (1–5, in the order printed), for profiling;
 * --png writes each view's last paint to PREFIX-N.png, to compare pictures.
 */

static int      n_lanes = 10000;
static int      n_spans = 100000;
static int      n_marks = 1000000;
static int      n_paints = 30;
static int      only_view;
static char    *png_prefix;
static gboolean smoke;

static const GOptionEntry entries[] = {
  { "lanes", 0, 0, G_OPTION_ARG_INT, &n_lanes, "Lanes (default 10000)", "N" },
  { "spans", 0, 0, G_OPTION_ARG_INT, &n_spans, "Spans (default 100000)", "N" },
  { "marks", 0, 0, G_OPTION_ARG_INT, &n_marks, "Marks (default 1000000)", "N" },
  { "paints", 0, 0, G_OPTION_ARG_INT, &n_paints, "Paints per view (default 30)", "N" },
  { "view", 0, 0, G_OPTION_ARG_INT, &only_view, "Paint only this view, 1–5 (default all)", "N" },
  { "png", 0, 0, G_OPTION_ARG_FILENAME, &png_prefix, "Write each view's last paint to PREFIX-N.png", "PREFIX" },
  { "smoke", 0, 0, G_OPTION_ARG_NONE, &smoke, "A tiny run that only checks everything works", NULL },
  { NULL }
};

#define RUN_LENGTH (10 * G_USEC_PER_SEC)

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  /* Small blocks from the heap plus large ones mmap()ed on their own. */
  return info.uordblks + info.hblkhd;
}

/* A finished run as an importer restores it: lanes, then spans and marks
 * spread over each lane's time. */
static OverlapRun *
build_run (gsize *span_bytes,
           gsize *mark_bytes)
{
  OverlapRun *run = overlap_run_new ("Benchmark", "gather");
  int spans_per_lane = MAX (1, n_spans / n_lanes);
  int marks_per_lane = MAX (1, n_marks / n_lanes);
  gsize before;

  for (int i = 0; i < n_lanes; i++)
    {
      char label[32];

      g_snprintf (label, sizeof label, "task %d", i + 1);
      overlap_run_add_lane (run, label, "http", NULL);
    }

  before = heap_in_use ();
  for (int i = 0; i < n_lanes; i++)
    {
      gint64 start = (gint64) i * (RUN_LENGTH / 2) / n_lanes;
      gint64 length = RUN_LENGTH / 2;
      gint64 step = length / spans_per_lane;

      for (int k = 0; k < spans_per_lane; k++)
        overlap_run_add_span (run, i, OVERLAP_PHASE_QUEUED + k % 8, start + k * step,
                              start + (k + 1) * step, NULL);
    }
  *span_bytes = heap_in_use () - before;

  before = heap_in_use ();
  for (int i = 0; i < n_lanes; i++)
    {
      gint64 start = (gint64) i * (RUN_LENGTH / 2) / n_lanes;
      gint64 step = (RUN_LENGTH / 2) / marks_per_lane;

      for (int k = 0; k < marks_per_lane; k++)
        overlap_run_add_mark (run, i, OVERLAP_MARK_CHUNK, start + k * step, 65536);
    }
  *mark_bytes = heap_in_use () - before;

  for (int i = 0; i < n_lanes; i++)
    {
      gint64 start = (gint64) i * (RUN_LENGTH / 2) / n_lanes;

      overlap_run_restore_lane (run, i,
                                &(OverlapRestoredLane) {
                                  .result = OVERLAP_RESULT_OK,
                                  .completion = i + 1,
                                  .start = start,
                                  .end = start + RUN_LENGTH / 2,
                                  .bytes = (guint64) marks_per_lane * 65536,
                                });
    }
  overlap_run_restore_state (run, OVERLAP_RUN_FINISHED, RUN_LENGTH);
  return run;
}

static void
paint_view (OverlapRecording *recording,
            int               view,
            const char       *name,
            gint64            view_start,
            gint64            view_end,
            double            scroll_y,
            gboolean          fit_all)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  g_autoptr(OverlapChartLayout) layout = overlap_chart_layout_new (recording);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *summary = NULL;
  OverlapPaintOptions options;
  double first = 0;

  if (only_view > 0 && only_view != view)
    return;

  overlap_paint_options_init (&options);
  options.width = 1920;
  options.height = 1080;
  options.view_start = view_start;
  options.view_end = view_end;
  options.scroll_y = scroll_y;
  options.fit_lanes = fit_all;
  /* as the window paints: one layout kept from one paint to the next */
  overlap_chart_layout_set_options (layout, &options);

  for (int i = 0; i < n_paints + 1; i++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      overlap_chart_layout_paint (layout, cr);
      cairo_surface_flush (surface);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      cairo_destroy (cr);

      if (i == 0)
        first = ms;
      else
        g_array_append_val (times, ms);
    }

  summary = bench_summary (times, "%.2f");
  printf ("%-34s first %7.2f ms   then %s ms (%d paints)\n", name, first, summary, n_paints);
  if (png_prefix != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s-%d.png", png_prefix, view);

      if (cairo_surface_write_to_png (surface, path) != CAIRO_STATUS_SUCCESS)
        g_printerr ("Could not write %s\n", path);
    }
  cairo_surface_destroy (surface);
}

/* A live frame: what updating the painter's per-lane index costs when the run
 * has grown by a frame's worth (a span and 10 marks on 1% of the lanes), against
 * indexing the whole run anew, as the index did before it appended. */
static void
measure_live_update (OverlapRun *run)
{
  g_autoptr(GArray) update = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *u = NULL;
  g_autofree char *f = NULL;
  guint total, step = MAX (1, n_lanes / 100);
  gint64 t = RUN_LENGTH;

  _overlap_run_index_get (run);
  for (int frame = 0; frame < n_paints; frame++)
    {
      gint64 t0;
      double ms;

      for (int lane = frame % step; lane < n_lanes; lane += step)
        {
          overlap_run_add_span (run, lane, OVERLAP_PHASE_RECEIVING, t, t + 1000, NULL);
          for (int k = 0; k < 10; k++)
            overlap_run_add_mark (run, lane, OVERLAP_MARK_CHUNK, t + k * 100, 0);
        }
      t += 1000;
      t0 = g_get_monotonic_time ();
      _overlap_run_index_get (run);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (update, ms);

      /* the same run indexed from nothing */
      g_object_set_data (G_OBJECT (run), "overlap-painter-run-index", NULL);
      t0 = g_get_monotonic_time ();
      _overlap_run_index_get (run);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (full, ms);
    }
  overlap_run_get_spans (run, &total);
  u = bench_summary (update, "%.3f");
  f = bench_summary (full, "%.2f");
  printf ("\nlive frame, index update (%d spans and %d marks added to %u): %s ms;\n"
          "the whole run indexed anew: %s ms (%.0f× the update)\n",
          n_lanes / step, 10 * n_lanes / step, total, u, f,
          bench_median (full) / MAX (bench_median (update), 1e-6));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— figures 3 and 4: drawing, memory");
  g_autoptr(OverlapRecording) recording = NULL;
  g_autoptr(OverlapRun) run = NULL;
  gsize span_bytes, mark_bytes;
  guint n;

  if (!bench_parse_args (context, entries, &argc, &argv))
    return 2;
  if (smoke)
    {
      n_lanes = 100;
      n_spans = 1000;
      n_marks = 10000;
      n_paints = 2;
    }
  n_lanes = CLAMP (n_lanes, 1, 1000000);
  n_spans = CLAMP (n_spans, n_lanes, 100000000);
  n_marks = CLAMP (n_marks, n_lanes, 100000000);
  n_paints = CLAMP (n_paints, 1, 10000);

  run = build_run (&span_bytes, &mark_bytes);
  overlap_run_get_spans (run, &n);
  printf ("Figure 4 — memory\n");
  printf ("span: sizeof %zu bytes; heap growth %.1f bytes a span (%zu bytes for %u)\n",
          sizeof (OverlapSpan), (double) span_bytes / n, span_bytes, n);
  overlap_run_get_marks (run, &n);
  printf ("mark: sizeof %zu bytes; heap growth %.1f bytes a mark (%zu bytes for %u)\n",
          sizeof (OverlapMark), (double) mark_bytes / n, mark_bytes, n);
  printf ("overlap_run_get_memory_size: %zu bytes\n\n", overlap_run_get_memory_size (run));

  recording = overlap_recording_new ("Benchmark");
  overlap_recording_add_run (recording, run);

  printf ("Figure 3 — drawing: 1920×1080, %d lanes, %d spans, %d marks\n",
          n_lanes, n_spans, n_marks);
  paint_view (recording, 1, "fitted, top", 0, 0, 0, FALSE);
  paint_view (recording, 2, "fitted, scrolled to the middle", 0, 0,
              overlap_painter_get_natural_height (recording, &(OverlapPaintOptions) {
                .width = 1920, .height = 1080, .text_scale = 1.0 }) / 2.0, FALSE);
  paint_view (recording, 3, "zoomed in (1/100), top", RUN_LENGTH / 4, RUN_LENGTH / 4 + RUN_LENGTH / 100, 0, FALSE);
  paint_view (recording, 4, "zoomed in (1/100), middle", RUN_LENGTH / 2, RUN_LENGTH / 2 + RUN_LENGTH / 100,
              overlap_painter_get_natural_height (recording, &(OverlapPaintOptions) {
                .width = 1920, .height = 1080, .text_scale = 1.0 }) / 2.0, FALSE);
  paint_view (recording, 5, "fit all (density bands)", 0, 0, 0, TRUE);
  if (only_view == 0)
    measure_live_update (run);
  return 0;
}
