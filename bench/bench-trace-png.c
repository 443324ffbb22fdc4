/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"


#include <glib/gstdio.h>

#include "bench-util.h"
#include "overlap-export.h"
#include "overlap-export-private.h"
#include "overlap-import.h"

/* Issue 14's "writing the PNG of such a trace (all its lanes) takes no longer
 * than opening it" (BENCHMARKS.md, figure 11): writes a real-shaped Chrome
 * trace (bench_write_chrome_trace (): 170 threads in 12 processes, nested
 * slices, instants, counters, flows; 600,000 events, about 113 MB), then,
 * each round, opens it with overlap_import_path () and writes the PNG of all
 * its lanes as `overlap --headless --open F --png P` does
 * (overlap_export_chart () at the default width and the natural height).
 * Prints the open and PNG times, medians over the rounds, and the per-round
 * ratio PNG / open.
 *
 *   bench-trace-png [--events N] [--rounds N] [--keep PREFIX] [--breakdown] [--smoke]
 */

/* What the export's time goes to: painting (with and without the flows) and
 * encoding, each once, into an image of the export's size. */
static void
print_breakdown (OverlapRecording *recording,
                 const char       *png)
{
  OverlapPaintOptions paint;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  gint64 t0, t1, t2, t3, t4;

  overlap_paint_options_init (&paint);
  paint.width = OVERLAP_EXPORT_DEFAULT_WIDTH;
  paint.height = overlap_painter_get_natural_height (recording, &paint);
  if (paint.height > 16384)
    paint.height = 16384, paint.fit_lanes = TRUE;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, paint.width, paint.height);

  t0 = g_get_monotonic_time ();
  cr = cairo_create (surface);
  overlap_painter_paint (cr, recording, &paint);
  cairo_destroy (cr);
  t1 = g_get_monotonic_time ();
  paint.hide_flows = TRUE;
  cr = cairo_create (surface);
  overlap_painter_paint (cr, recording, &paint);
  cairo_destroy (cr);
  t2 = g_get_monotonic_time ();
  cairo_surface_write_to_png (surface, png);
  t3 = g_get_monotonic_time ();
  _overlap_png_write (surface, bytes);
  t4 = g_get_monotonic_time ();
  cairo_surface_destroy (surface);
  g_print ("breakdown (%d × %d): paint %.2f s, without flows %.2f s; cairo_surface_write_to_png %.2f s, "
           "the export's PNG writer %.2f s (%.1f MB)\n", paint.width, paint.height, (t1 - t0) / 1e6,
           (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, bytes->len / 1e6);
}

static int      n_events = 600000;
static int      n_rounds = 3;
static char    *keep;
static gboolean smoke;
static gboolean breakdown;

static const GOptionEntry entries[] = {
  { "events", 'n', 0, G_OPTION_ARG_INT, &n_events, "Events in the generated trace (default 600000)", "N" },
  { "rounds", 'r', 0, G_OPTION_ARG_INT, &n_rounds, "Open + PNG rounds (default 3)", "N" },
  { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep the trace and the image as PREFIX.json, PREFIX.png", "PREFIX" },
  { "breakdown", 0, 0, G_OPTION_ARG_NONE, &breakdown, "Also time the paint, with and without flows, and the encoding apart", NULL },
  { "smoke", 0, 0, G_OPTION_ARG_NONE, &smoke, "A tiny run (5000 events, 1 round), for the tests", NULL },
  { NULL }
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pngs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *trace = NULL;
  g_autofree char *png = NULL;
  g_autofree char *s_open = NULL, *s_png = NULL, *s_ratio = NULL, *s_cpu = NULL;
  guint64 written;
  GStatBuf st, png_st;
  guint n_lanes = 0, n_spans = 0, n_runs = 0;

  if (!bench_parse_args (context, entries, &argc, &argv))
    return 2;
  if (smoke)
    n_events = 5000, n_rounds = 1;
  n_events = MAX (n_events, 1);
  n_rounds = MAX (n_rounds, 1);

  if (keep != NULL)
    {
      trace = g_strconcat (keep, ".json", NULL);
      png = g_strconcat (keep, ".png", NULL);
    }
  else
    {
      dir = g_dir_make_tmp ("bench-trace-png-XXXXXX", &error);
      g_assert_no_error (error);
      trace = g_build_filename (dir, "trace.json", NULL);
      png = g_build_filename (dir, "trace.png", NULL);
    }
  written = bench_write_chrome_trace (trace, n_events, 12, &error);
  g_assert_no_error (error);
  g_assert (g_stat (trace, &st) == 0);
  g_print ("trace: %" G_GUINT64_FORMAT " events, %.1f MB\n", written, st.st_size / 1e6);

  for (int r = 0; r < n_rounds; r++)
    {
      g_auto(OverlapImportReport) report = { 0 };
      g_autoptr(OverlapRecording) recording = NULL;
      OverlapPaintOptions paint;
      gint64 t0, t1, t2, c0, c1, c2;
      double open_s, png_s, cpu_ratio;

      c0 = bench_cpu_time ();
      t0 = g_get_monotonic_time ();
      recording = overlap_import_path (trace, &report, &error);
      t1 = g_get_monotonic_time ();
      c1 = bench_cpu_time ();
      g_assert_no_error (error);

      /* as write_outputs () in overlap-cli.c: every run and lane */
      overlap_paint_options_init (&paint);
      paint.width = OVERLAP_EXPORT_DEFAULT_WIDTH;
      paint.height = 0;
      if (!overlap_export_chart (recording, png, OVERLAP_CHART_PNG, &paint, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      t2 = g_get_monotonic_time ();
      c2 = bench_cpu_time ();

      if (r == 0)
        {
          n_runs = overlap_recording_get_n_runs (recording);
          for (guint i = 0; i < n_runs; i++)
            {
              guint lanes, spans;

              overlap_run_get_lanes (overlap_recording_get_run (recording, i), &lanes);
              overlap_run_get_spans (overlap_recording_get_run (recording, i), &spans);
              n_lanes += lanes;
              n_spans += spans;
            }
          g_assert (g_stat (png, &png_st) == 0);
          g_print ("opened: %u processes, %u lanes, %u spans, %u skipped; natural height %d px; "
                   "PNG %.1f MB\n", n_runs, n_lanes, n_spans, report.n_skipped,
                   overlap_painter_get_natural_height (recording, &paint), png_st.st_size / 1e6);
        }

      if (r == 0 && breakdown)
        print_breakdown (recording, png);

      open_s = (t1 - t0) / 1e6;
      png_s = (t2 - t1) / 1e6;
      g_array_append_val (opens, open_s);
      g_array_append_val (pngs, png_s);
      cpu_ratio = (double) (c2 - c1) / MAX (c1 - c0, 1);
      g_array_append_val (ratios, (double) { png_s / open_s });
      g_array_append_val (cpu_ratios, cpu_ratio);
      g_print ("round %d: open %.2f s, PNG %.2f s, PNG / open %.2f; CPU: open %.2f s, PNG %.2f s, %.2f\n",
               r + 1, open_s, png_s, png_s / open_s, (c1 - c0) / 1e6, (c2 - c1) / 1e6, cpu_ratio);
    }

  s_open = bench_summary (opens, "%.2f");
  s_png = bench_summary (pngs, "%.2f");
  s_ratio = bench_summary (ratios, "%.2f");
  g_print ("open s %s\n", s_open);
  g_print ("png s %s\n", s_png);
  g_print ("png/open %s (target ≤ 1: %s)\n", s_ratio, bench_median (ratios) <= 1.0 ? "met" : "not met");
  /* the CPU time both take, which the machine's load changes less */
  s_cpu = bench_summary (cpu_ratios, "%.2f");
  g_print ("png/open CPU %s\n", s_cpu);

  if (keep == NULL)
    {
      g_remove (png);
      g_remove (trace);
      g_rmdir (dir);
    }
  g_free (keep);
  return n_spans > 0 ? 0 : 1;
}
