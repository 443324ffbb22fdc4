/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <zlib.h>

#include "overlap-export.h"
#include "overlap-chart-layout.h"
#include "overlap-export-private.h"
#include "overlap-painter.h"

#define S(x) ((gint64) ((x) * G_USEC_PER_SEC))
#define MS(x) ((gint64) ((x) * 1000))

/* Recordings ------------------------------------------------------------- */

/* The tutorials' three tasks: A 2 s, B 1 s, C 3 s, one after another, then
 * all at once. */
static OverlapRecording *
make_abc (void)
{
  OverlapRecording *recording = overlap_recording_new ("Three tasks: A 2 s, B 1 s, C 3 s");
  g_autoptr(OverlapRun) sequential = overlap_run_new ("A, B, C", "sequential");
  g_autoptr(OverlapRun) gather = overlap_run_new ("A, B, C", "gather");
  static const char * const labels[] = { "Task A", "Task B", "Task C" };
  static const double durations[] = { 2, 1, 3 };
  gint64 t = 0;

  overlap_run_begin (sequential, 1000);
  for (guint i = 0; i < 3; i++)
    {
      guint lane = overlap_run_add_lane (sequential, labels[i], "timer", NULL);

      overlap_run_set_phase (sequential, lane, OVERLAP_PHASE_WAITING, t);
      t += S (durations[i]);
      overlap_run_lane_finish (sequential, lane, OVERLAP_RESULT_OK, NULL, t);
    }
  overlap_run_finish (sequential, OVERLAP_RUN_FINISHED, t);
  overlap_recording_add_run (recording, sequential);

  overlap_run_begin (gather, 2000);
  for (guint i = 0; i < 3; i++)
    {
      guint lane = overlap_run_add_lane (gather, labels[i], "timer", NULL);

      overlap_run_set_phase (gather, lane, OVERLAP_PHASE_WAITING, 0);
    }
  overlap_run_lane_finish (gather, 1, OVERLAP_RESULT_OK, NULL, S (1));
  overlap_run_lane_finish (gather, 0, OVERLAP_RESULT_OK, NULL, S (2));
  overlap_run_lane_finish (gather, 2, OVERLAP_RESULT_OK, NULL, S (3));
  overlap_run_finish (gather, OVERLAP_RUN_FINISHED, S (3));
  overlap_recording_add_run (recording, gather);

  return recording;
}

/* Events replayed in time order, as a real run records them (the in-flight
 * counter follows from the order). */
typedef struct
{
  gint64        time;
  guint         order;
  guint         lane;
  int           phase;    /* OverlapPhase, or -1 to finish */
  OverlapResult result;
  const char   *message;
} Event;

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *ea = a, *eb = b;

  if (ea->time != eb->time)
    return ea->time < eb->time ? -1 : 1;
  return (ea->order > eb->order) - (ea->order < eb->order);
}

static void
script_phase (GArray       *script,
              guint         lane,
              OverlapPhase  phase,
              gint64        time)
{
  Event event = { time, script->len, lane, phase, OVERLAP_RESULT_PENDING, NULL };

  g_array_append_val (script, event);
}

static void
script_finish (GArray        *script,
               guint          lane,
               OverlapResult  result,
               const char    *message,
               gint64         time)
{
  Event event = { time, script->len, lane, -1, result, message };

  g_array_append_val (script, event);
}

static void
script_play (GArray     *script,
             OverlapRun *run)
{
  g_array_sort (script, compare_events);
  for (guint i = 0; i < script->len; i++)
    {
      const Event *event = &g_array_index (script, Event, i);

      if (event->phase >= 0)
        overlap_run_set_phase (run, event->lane, event->phase, event->time);
      else
        overlap_run_lane_finish (run, event->lane, event->result, event->message, event->time);
    }
}

static void
add_download (OverlapRun   *run,
              GArray       *script,
              const char   *label,
              gint64        queued,
              gint64        start,
              gint64        length,
              OverlapResult result,
              const char   *message)
{
  guint lane = overlap_run_add_lane (run, label, "http", "http://127.0.0.1:8080/");
  gint64 end = start + length;
  gint64 receive = start + length * 45 / 100;

  if (queued < start)
    script_phase (script, lane, OVERLAP_PHASE_QUEUED, queued);
  script_phase (script, lane, OVERLAP_PHASE_DNS, start);
  script_phase (script, lane, OVERLAP_PHASE_CONNECT, start + length * 5 / 100);
  script_phase (script, lane, OVERLAP_PHASE_TLS, start + length * 12 / 100);
  script_phase (script, lane, OVERLAP_PHASE_SENDING, start + length * 20 / 100);
  script_phase (script, lane, OVERLAP_PHASE_WAITING, start + length * 24 / 100);
  if (result == OVERLAP_RESULT_FAILED)
    {
      script_finish (script, lane, result, message, receive);
      return;
    }
  script_phase (script, lane, OVERLAP_PHASE_RECEIVING, receive);
  for (gint64 t = receive + MS (40); t < end; t += MS (55))
    {
      overlap_run_add_mark (run, lane, OVERLAP_MARK_CHUNK, t, 16384);
      overlap_run_add_bytes (run, lane, 16384);
    }
  script_finish (script, lane, result, message, end);
}

/* What a talk shows: the three tasks, then downloads through a semaphore with
 * HTTP phases, a failure and a cancellation, then CPU work that blocks the
 * loop, and an as-completed run. */
static OverlapRecording *
make_showcase (void)
{
  OverlapRecording *recording = make_abc ();
  g_autoptr(OverlapRun) http = overlap_run_new ("Downloads", "bounded (2)");
  g_autoptr(OverlapRun) completed = overlap_run_new ("A, B, C", "as-completed");
  g_autoptr(OverlapRun) cpu = overlap_run_new ("CPU work", "CPU on the loop");
  g_autoptr(GArray) script = g_array_new (FALSE, FALSE, sizeof (Event));
  guint lag, lane;

  overlap_run_begin (http, 3000);
  add_download (http, script, "page-1.html", 0, 0, MS (1400), OVERLAP_RESULT_OK, NULL);
  add_download (http, script, "page-2.html", 0, 0, MS (900), OVERLAP_RESULT_FAILED, "Connection refused");
  add_download (http, script, "page-3.html", 0, MS (405), MS (1500), OVERLAP_RESULT_OK, NULL);
  add_download (http, script, "page-4.html", 0, MS (1400), MS (1200), OVERLAP_RESULT_OK, NULL);
  add_download (http, script, "page-5.html", 0, MS (1905), MS (400), OVERLAP_RESULT_CANCELLED,
                "Cancelled by the user");
  lane = overlap_run_add_lane (http, "slow.bin", "http", NULL);
  script_phase (script, lane, OVERLAP_PHASE_QUEUED, 0);
  script_phase (script, lane, OVERLAP_PHASE_CONNECT, MS (2305));
  script_phase (script, lane, OVERLAP_PHASE_WAITING, MS (2400));
  script_finish (script, lane, OVERLAP_RESULT_TIMED_OUT, "No answer within 0.6 s", MS (3000));
  script_play (script, http);
  lag = overlap_run_add_counter (http, "loop lag", "ms");
  for (gint64 t = 0; t <= MS (3000); t += MS (100))
    overlap_run_add_sample (http, lag, t, (t / MS (100)) % 7 == 3 ? 12 : 1);
  overlap_run_finish (http, OVERLAP_RUN_FINISHED, MS (3000));
  overlap_recording_add_run (recording, http);

  overlap_run_begin (completed, 4000);
  g_array_set_size (script, 0);
  for (guint i = 0; i < 3; i++)
    {
      overlap_run_add_lane (completed, (const char *[]) { "Task A", "Task B", "Task C" }[i], "timer", NULL);
      script_phase (script, i, OVERLAP_PHASE_WAITING, 0);
    }
  script_finish (script, 1, OVERLAP_RESULT_OK, NULL, S (1));
  script_finish (script, 0, OVERLAP_RESULT_OK, NULL, S (2));
  script_finish (script, 2, OVERLAP_RESULT_OK, NULL, S (3));
  script_play (script, completed);
  overlap_run_finish (completed, OVERLAP_RUN_FINISHED, S (3));
  overlap_recording_add_run (recording, completed);

  overlap_run_begin (cpu, 5000);
  g_array_set_size (script, 0);
  lane = overlap_run_add_lane (cpu, "hash 50 MB", "cpu", NULL);
  script_phase (script, lane, OVERLAP_PHASE_BLOCKING, MS (200));
  script_finish (script, lane, OVERLAP_RESULT_OK, NULL, MS (712));
  lane = overlap_run_add_lane (cpu, "timer 1 s", "timer", NULL);
  script_phase (script, lane, OVERLAP_PHASE_WAITING, 0);
  script_finish (script, lane, OVERLAP_RESULT_OK, NULL, MS (1512));
  lane = overlap_run_add_lane (cpu, "hash in a thread", "cpu", NULL);
  script_phase (script, lane, OVERLAP_PHASE_QUEUED, MS (800));
  script_phase (script, lane, OVERLAP_PHASE_RUNNING, MS (850));
  script_finish (script, lane, OVERLAP_RESULT_OK, NULL, MS (1400));
  script_play (script, cpu);
  lag = overlap_run_add_counter (cpu, "loop lag", "ms");
  overlap_run_add_sample (cpu, lag, 0, 0.5);
  overlap_run_add_sample (cpu, lag, MS (200), 0.5);
  overlap_run_add_sample (cpu, lag, MS (712), 512);
  overlap_run_add_sample (cpu, lag, MS (760), 0.8);
  overlap_run_add_sample (cpu, lag, MS (1600), 0.8);
  overlap_run_note_stall (cpu, MS (512));
  overlap_run_finish (cpu, OVERLAP_RUN_FINISHED, MS (1600));
  overlap_recording_add_run (recording, cpu);

  return recording;
}

/* Helpers ---------------------------------------------------------------- */

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("overlap-painter-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

static guint32
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  int ix = (int) floor (x);
  int iy = (int) floor (y);
  const guchar *data;

  cairo_surface_flush (surface);
  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));

  data = cairo_image_surface_get_data (surface) + iy * cairo_image_surface_get_stride (surface);
  return ((const guint32 *) (gconstpointer) data)[ix] & 0xffffff;
}

/* The chart laid out with @options, as a view keeps it */
static OverlapChartLayout *
layout_new (OverlapRecording          *recording,
            const OverlapPaintOptions *options)
{
  OverlapChartLayout *layout = overlap_chart_layout_new (recording);

  overlap_chart_layout_set_options (layout, options);
  return layout;
}

static guint32
background_pixel (const OverlapPaintOptions *options)
{
  double r, g, b;

  overlap_painter_get_background (options, &r, &g, &b);
  return ((guint32) round (r * 255) << 16) | ((guint32) round (g * 255) << 8) | (guint32) round (b * 255);
}

static char *
export_and_check_png (OverlapRecording          *recording,
                      const char                *dir,
                      const char                *name,
                      const OverlapPaintOptions *options,
                      int                        expected_width)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface;

  g_assert_true (overlap_export_chart (recording, path, OVERLAP_CHART_PNG, options, &error));
  g_assert_no_error (error);

  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, expected_width);
  cairo_surface_destroy (surface);

  return path;
}

/* Tests ------------------------------------------------------------------ */

static void
test_format_from_path (void)
{
  OverlapChartFormat format = OVERLAP_CHART_PDF;

  g_assert_true (overlap_chart_format_from_path ("out.png", &format));
  g_assert_cmpint (format, ==, OVERLAP_CHART_PNG);
  g_assert_true (overlap_chart_format_from_path ("/tmp/Slide.SVG", &format));
  g_assert_cmpint (format, ==, OVERLAP_CHART_SVG);
  g_assert_true (overlap_chart_format_from_path ("a.b.pdf", &format));
  g_assert_cmpint (format, ==, OVERLAP_CHART_PDF);
  g_assert_false (overlap_chart_format_from_path ("chart.jpeg", &format));
  g_assert_false (overlap_chart_format_from_path ("png", &format));
}

typedef struct
{
  char    *root;
  gboolean error_seen;
} SvgCheck;

static void
svg_start_element (GMarkupParseContext  *context,
                   const char           *element_name,
                   const char          **attribute_names,
                   const char          **attribute_values,
                   gpointer              user_data,
                   GError              **error)
{
  SvgCheck *check = user_data;

  if (check->root == NULL)
    check->root = g_strdup (element_name);
}

static void
test_export_formats (void)
{
  OverlapRecording *recording = make_abc ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *png = NULL;
  g_autofree char *svg = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "chart.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  GMarkupParser parser = { svg_start_element, NULL, NULL, NULL, NULL };
  SvgCheck check = { NULL, FALSE };
  gsize length;

  /* PNG, with the default options: 1600 wide, natural height */
  png = export_and_check_png (recording, dir, "chart.png", NULL, OVERLAP_EXPORT_DEFAULT_WIDTH);

  /* SVG parses as XML with an <svg> root */
  g_assert_true (overlap_export_chart (recording, svg, OVERLAP_CHART_SVG, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, &length, &error));
  g_assert_no_error (error);
  context = g_markup_parse_context_new (&parser, 0, &check, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (check.root, ==, "svg");
  g_clear_pointer (&check.root, g_free);
  g_clear_pointer (&contents, g_free);

  /* PDF: a header and a trailer */
  g_assert_true (overlap_export_chart (recording, pdf, OVERLAP_CHART_PDF, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 100);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  while (length > 0 && (contents[length - 1] == '\n' || contents[length - 1] == '\r'))
    contents[--length] = '\0';
  /* (binary streams may hold NULs, so not g_str_has_suffix()) */
  g_assert_cmpuint (length, >=, 5);
  g_assert_cmpmem (contents + length - 5, 5, "%%EOF", 5);

  remove_dir (dir);

  g_assert_finalize_object (recording);
}

/* The bars are where the recording says they are. */
static void
test_bar_pixels (void)
{
  OverlapRecording *recording = make_abc ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = NULL;
  OverlapPaintOptions options;
  OverlapPaintRect lane_rect, bar_rect, chart;
  OverlapChartLayout *layout;
  const OverlapSpan *spans;
  OverlapRun *sequential, *gather;
  cairo_surface_t *surface;
  guint32 background;
  double y, x;
  guint n_spans;

  overlap_paint_options_init (&options);
  options.width = 1600;
  options.height = overlap_painter_get_natural_height (recording, &options);
  g_assert_cmpint (options.height, >, 200);
  background = background_pixel (&options);

  path = export_and_check_png (recording, dir, "abc.png", &options, 1600);
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, options.height);
  layout = layout_new (recording, &options);

  /* The fitted time axis runs from 0 to the longest run's end, 6 s */
  g_assert_true (overlap_chart_layout_get_chart_rect (layout, &chart));
  g_assert_cmpfloat_with_epsilon (overlap_chart_layout_time_to_x (layout, 0), chart.x, 0.01);
  g_assert_cmpfloat_with_epsilon (overlap_chart_layout_time_to_x (layout, S (6)),
                                  chart.x + chart.width, 0.01);
  g_assert_cmpint (ABS (overlap_chart_layout_x_to_time (layout, chart.x + chart.width / 2) - S (3)),
                   <, MS (10));

  /* Task C of the sequential run: from 3 s to 6 s */
  sequential = overlap_recording_get_run (recording, 0);
  spans = overlap_run_get_spans (sequential, &n_spans);
  g_assert_cmpuint (n_spans, ==, 3);
  g_assert_cmpuint (spans[2].lane, ==, 2);
  g_assert_cmpint (spans[2].start, ==, S (3));
  g_assert_cmpint (spans[2].end, ==, S (6));

  g_assert_true (overlap_chart_layout_get_lane_rect (layout, 0, 2, &lane_rect));
  g_assert_true (overlap_chart_layout_get_bar_rect (layout, 0, 2, &bar_rect));
  g_assert_cmpfloat (bar_rect.y, >=, lane_rect.y);
  g_assert_cmpfloat (bar_rect.y + bar_rect.height, <=, lane_rect.y + lane_rect.height);
  y = bar_rect.y + bar_rect.height / 2;

  x = overlap_chart_layout_time_to_x (layout, (spans[2].start + spans[2].end) / 2);
  g_assert_cmphex (pixel_at (surface, x, y), !=, background);
  x = overlap_chart_layout_time_to_x (layout, spans[2].start + MS (100));
  g_assert_cmphex (pixel_at (surface, x, y), !=, background);
  /* …and nothing just before it starts, in its lane, nor just after it ends */
  x = overlap_chart_layout_time_to_x (layout, spans[2].start);
  g_assert_cmphex (pixel_at (surface, x - 4, y), ==, background);
  x = overlap_chart_layout_time_to_x (layout, spans[2].end);
  g_assert_cmphex (pixel_at (surface, x + 3, y), ==, background);

  /* Task B: 2 s to 3 s; after it, its lane is empty */
  g_assert_true (overlap_chart_layout_get_bar_rect (layout, 0, 1, &bar_rect));
  y = bar_rect.y + bar_rect.height / 2;
  g_assert_cmphex (pixel_at (surface, overlap_chart_layout_time_to_x (layout, MS (2500)), y),
                   !=, background);
  g_assert_cmphex (pixel_at (surface, overlap_chart_layout_time_to_x (layout, MS (4300)), y),
                   ==, background);
  g_assert_cmphex (pixel_at (surface, overlap_chart_layout_time_to_x (layout, MS (1300)), y),
                   ==, background);

  /* The gather run: every task from 0; right of all its bars, nothing */
  gather = overlap_recording_get_run (recording, 1);
  g_assert_cmpint (overlap_run_get_wall_time (gather), ==, S (3));
  for (guint lane = 0; lane < 3; lane++)
    {
      g_assert_true (overlap_chart_layout_get_bar_rect (layout, 1, lane, &bar_rect));
      y = bar_rect.y + bar_rect.height / 2;
      g_assert_cmphex (pixel_at (surface, overlap_chart_layout_time_to_x (layout, MS (500)), y),
                       !=, background);
      g_assert_cmphex (pixel_at (surface, overlap_chart_layout_time_to_x (layout, MS (4300)), y),
                       ==, background);
      g_assert_cmphex (pixel_at (surface, overlap_chart_layout_time_to_x (layout, MS (5300)), y),
                       ==, background);
    }

  cairo_surface_destroy (surface);
  remove_dir (dir);

  g_object_unref (layout);
  g_assert_finalize_object (recording);
}

static void
test_dark_background (void)
{
  OverlapRecording *recording = make_abc ();
  OverlapPaintOptions options;
  cairo_surface_t *surface;
  cairo_t *cr;

  overlap_paint_options_init (&options);
  options.dark = TRUE;
  options.width = 900;
  options.height = 500;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, options.width, options.height);
  cr = cairo_create (surface);
  overlap_painter_paint (cr, recording, &options);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  g_assert_cmphex (pixel_at (surface, options.width - 2, options.height - 2), ==, background_pixel (&options));
  g_assert_cmphex (background_pixel (&options), !=, 0xffffff);
  cairo_surface_destroy (surface);

  g_assert_finalize_object (recording);
}

/* A live run's open span grows to now. */
static void
test_live (void)
{
  OverlapRecording *recording = overlap_recording_new (NULL);
  OverlapRun *run = overlap_run_new ("live", "gather");
  const gint64 origin = 5 * G_USEC_PER_SEC;
  OverlapPaintOptions options;
  OverlapPaintRect bar, chart;
  OverlapChartLayout *layout;
  cairo_surface_t *surface;
  guint32 background;
  cairo_t *cr;
  guint lane;
  double y;

  overlap_run_begin (run, origin);
  lane = overlap_run_add_lane (run, "Task A", "timer", NULL);
  overlap_run_set_phase (run, lane, OVERLAP_PHASE_WAITING, 0);
  overlap_recording_add_run (recording, run);
  g_assert_true (overlap_run_is_live (run));

  overlap_paint_options_init (&options);
  options.width = 1200;
  options.height = overlap_painter_get_natural_height (recording, &options);
  options.now = origin + MS (1500);
  options.view_start = 0;
  options.view_end = S (3);
  background = background_pixel (&options);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, options.width, options.height);
  cr = cairo_create (surface);
  overlap_painter_paint (cr, recording, &options);
  cairo_destroy (cr);

  layout = layout_new (recording, &options);
  g_assert_true (overlap_chart_layout_get_bar_rect (layout, 0, lane, &bar));
  y = bar.y + bar.height / 2;
  g_assert_cmphex (pixel_at (surface, overlap_chart_layout_time_to_x (layout, MS (100)), y), !=, background);
  g_assert_cmphex (pixel_at (surface, overlap_chart_layout_time_to_x (layout, MS (1400)), y), !=, background);
  g_assert_cmphex (pixel_at (surface, overlap_chart_layout_time_to_x (layout, MS (2700)), y), ==, background);
  cairo_surface_destroy (surface);

  /* A second later the bar is longer */
  options.now = origin + MS (2500);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, options.width, options.height);
  cr = cairo_create (surface);
  overlap_painter_paint (cr, recording, &options);
  cairo_destroy (cr);
  overlap_chart_layout_set_options (layout, &options);
  g_assert_cmphex (pixel_at (surface, overlap_chart_layout_time_to_x (layout, MS (2400)), y), !=, background);
  cairo_surface_destroy (surface);

  if (g_getenv ("OVERLAP_PAINTER_OUTPUT"))
    {
      g_autofree char *path = g_build_filename (g_getenv ("OVERLAP_PAINTER_OUTPUT"), "painter-live.png", NULL);
      g_autoptr(OverlapRun) http = overlap_run_new ("live", "bounded (2)");
      guint l;

      overlap_run_begin (http, origin);
      for (guint i = 0; i < 4; i++)
        overlap_run_add_lane (http, (const char *[]) { "one", "two", "three", "four" }[i], "http", NULL);
      for (guint i = 0; i < 4; i++)
        overlap_run_set_phase (http, i, OVERLAP_PHASE_QUEUED, 0);
      overlap_run_set_phase (http, 0, OVERLAP_PHASE_CONNECT, MS (10));
      overlap_run_set_phase (http, 1, OVERLAP_PHASE_CONNECT, MS (10));
      overlap_run_set_phase (http, 0, OVERLAP_PHASE_RECEIVING, MS (300));
      overlap_run_set_phase (http, 1, OVERLAP_PHASE_WAITING, MS (200));
      overlap_run_lane_finish (http, 1, OVERLAP_RESULT_FAILED, "HTTP 503", MS (900));
      overlap_run_set_phase (http, 2, OVERLAP_PHASE_CONNECT, MS (900));
      overlap_run_set_phase (http, 2, OVERLAP_PHASE_RECEIVING, MS (1200));
      for (l = 0; l < 20; l++)
        overlap_run_add_mark (http, 0, OVERLAP_MARK_CHUNK, MS (330 + l * 50), 4096);
      overlap_recording_add_run (recording, http);
      options.height = overlap_painter_get_natural_height (recording, &options);
      options.view_end = 0;
      options.now = origin + MS (2500);
      g_assert_true (overlap_export_chart (recording, path, OVERLAP_CHART_PNG, &options, NULL));
      overlap_recording_remove_run (recording, 1);
    }

  /* Fitting a live recording fits up to now */
  options.view_end = 0;
  overlap_chart_layout_set_options (layout, &options);
  g_assert_true (overlap_chart_layout_get_chart_rect (layout, &chart));
  g_assert_cmpfloat_with_epsilon (overlap_chart_layout_time_to_x (layout, MS (2500)),
                                  chart.x + chart.width, 0.01);

  g_object_unref (layout);
  g_assert_finalize_object (recording);
  g_assert_finalize_object (run);
}

static void
test_hit_test (void)
{
  OverlapRecording *recording = make_abc ();
  OverlapPaintOptions options;
  OverlapPaintRect rect;
  OverlapChartLayout *layout;
  guint run = 99, lane = 99;
  gint64 time = -5;

  overlap_paint_options_init (&options);
  options.width = 1400;
  options.height = overlap_painter_get_natural_height (recording, &options);
  layout = layout_new (recording, &options);

  for (guint r = 0; r < 2; r++)
    for (guint l = 0; l < 3; l++)
      {
        double x;

        g_assert_true (overlap_chart_layout_get_lane_rect (layout, r, l, &rect));
        x = overlap_chart_layout_time_to_x (layout, MS (700));
        g_assert_true (overlap_chart_layout_hit_test (layout, x, rect.y + rect.height / 2,
                                                      &run, &lane, &time));
        g_assert_cmpuint (run, ==, r);
        g_assert_cmpuint (lane, ==, l);
        g_assert_cmpint (ABS (time - MS (700)), <, MS (10));

        /* the top and bottom rows of the lane belong to it too */
        g_assert_true (overlap_chart_layout_hit_test (layout, x, rect.y + 0.5, &run, &lane, NULL));
        g_assert_cmpuint (lane, ==, l);
        g_assert_true (overlap_chart_layout_hit_test (layout, x, rect.y + rect.height - 0.5,
                                                      &run, &lane, NULL));
        g_assert_cmpuint (lane, ==, l);
      }

  /* Over the label gutter: the lane, no time */
  g_assert_true (overlap_chart_layout_get_lane_rect (layout, 1, 2, &rect));
  g_assert_true (overlap_chart_layout_hit_test (layout, rect.x - 10, rect.y + rect.height / 2,
                                                &run, &lane, &time));
  g_assert_cmpuint (lane, ==, 2);
  g_assert_cmpint (time, ==, -1);

  /* Over the axis: nothing */
  g_assert_false (overlap_chart_layout_hit_test (layout, 500, 2, &run, &lane, &time));

  /* Scrolled: the same lane moves up by the scroll offset */
  g_assert_true (overlap_chart_layout_get_lane_rect (layout, 1, 1, &rect));
  options.scroll_y = 40;
  overlap_chart_layout_set_options (layout, &options);
  g_assert_true (overlap_chart_layout_hit_test (layout, rect.x + 20, rect.y + rect.height / 2 - 40,
                                                &run, &lane, NULL));
  g_assert_cmpuint (run, ==, 1);
  g_assert_cmpuint (lane, ==, 1);
  g_assert_false (overlap_chart_layout_get_lane_rect (layout, 1, 3, &rect));
  g_assert_false (overlap_chart_layout_get_lane_rect (layout, 2, 0, &rect));

  g_object_unref (layout);
  g_assert_finalize_object (recording);
}

static void
test_unwritable (void)
{
  OverlapRecording *recording = make_abc ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "missing", "out.png", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (overlap_export_chart (recording, path, OVERLAP_CHART_PNG, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "out.png"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_false (overlap_export_chart (recording, path, OVERLAP_CHART_SVG, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "out.png"));
  g_clear_error (&error);

  /* A directory is not a file */
  g_assert_false (overlap_export_chart (recording, dir, OVERLAP_CHART_PDF, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_clear_error (&error);

  remove_dir (dir);

  g_assert_finalize_object (recording);
}

static void
test_empty (void)
{
  OverlapRecording *recording = overlap_recording_new ("Nothing yet");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = export_and_check_png (recording, dir, "empty.png", NULL, OVERLAP_EXPORT_DEFAULT_WIDTH);
  OverlapPaintOptions options;
  OverlapChartLayout *layout;
  guint run, lane;
  gint64 time;

  overlap_paint_options_init (&options);
  layout = layout_new (recording, &options);
  g_assert_false (overlap_chart_layout_hit_test (layout, 100, 300, &run, &lane, &time));
  remove_dir (dir);

  g_object_unref (layout);
  g_assert_finalize_object (recording);
}

/* 10,000 lanes, 100,000 spans and 1,000,000 marks paint at 1920×1080. */
static void
test_large (void)
{
  OverlapRecording *recording = overlap_recording_new ("Large");
  OverlapRun *run = overlap_run_new ("many", "bounded (64)");
  OverlapPaintOptions options;
  OverlapChartLayout *layout;
  cairo_surface_t *surface;
  gint64 begin;
  cairo_t *cr;
  guint n_spans, n_marks;
  guint run_index, lane;
  gint64 time;

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *label = g_strdup_printf ("request %u", i);
      gint64 start = (gint64) (i % 997) * 1000;
      guint l = overlap_run_add_lane (run, label, "http", NULL);

      for (guint j = 0; j < 10; j++)
        overlap_run_add_span (run, l, j % 2 ? OVERLAP_PHASE_RECEIVING : OVERLAP_PHASE_WAITING,
                              start + j * 300, start + (j + 1) * 300, NULL);
      for (guint j = 0; j < 100; j++)
        overlap_run_add_mark (run, l, OVERLAP_MARK_CHUNK, start + j * 30, 1024);
    }
  overlap_run_finish (run, OVERLAP_RUN_FINISHED, 0);
  overlap_recording_add_run (recording, run);
  overlap_run_get_spans (run, &n_spans);
  overlap_run_get_marks (run, &n_marks);
  g_assert_cmpuint (n_spans, ==, 100000);
  g_assert_cmpuint (n_marks, ==, 1000000);

  overlap_paint_options_init (&options);
  options.width = 1920;
  options.height = 1080;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, options.width, options.height);

  for (guint pass = 0; pass < 4; pass++)
    {
      begin = g_get_monotonic_time ();
      cr = cairo_create (surface);
      overlap_painter_paint (cr, recording, &options);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      g_test_message ("paint %u (scroll %.0f, view %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT "): %.1f ms",
                      pass, options.scroll_y, options.view_start, options.view_end,
                      (g_get_monotonic_time () - begin) / 1000.0);

      if (pass == 0 && g_getenv ("OVERLAP_PAINTER_OUTPUT"))
        {
          g_autofree char *path = g_build_filename (g_getenv ("OVERLAP_PAINTER_OUTPUT"),
                                                    "painter-large.png", NULL);

          g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
        }

      /* then scrolled half-way down, zoomed in */
      if (pass == 0)
        continue;
      options.scroll_y = overlap_painter_get_natural_height (recording, &options) / 2.0;
      options.view_start = 400000;
      options.view_end = 402000;
    }

  layout = layout_new (recording, &options);
  g_assert_true (overlap_chart_layout_hit_test (layout, 1000, 600, &run_index, &lane, &time));
  g_assert_cmpuint (run_index, ==, 0);
  g_assert_cmpuint (lane, >, 4000);
  g_assert_cmpuint (lane, <, 6000);

  cairo_surface_destroy (surface);

  g_object_unref (layout);
  g_assert_finalize_object (recording);
  g_assert_finalize_object (run);
}

/* Distinct colours along a row of a bar */
static guint
count_colors_in_bar (cairo_surface_t        *surface,
                     const OverlapPaintRect *bar)
{
  g_autoptr(GHashTable) colors = g_hash_table_new (NULL, NULL);
  double y = bar->y + bar->height / 2;

  for (double x = bar->x + 4; x < bar->x + bar->width - 4; x++)
    g_hash_table_add (colors, GUINT_TO_POINTER (pixel_at (surface, x, y)));
  return g_hash_table_size (colors);
}

/* A waiting (hatched) bar far down a long recording is hatched like one at the
 * top: 40,000 pixels down, a pattern anchored at the top was past what pixman
 * reaches, and the bars there came out flat. */
static void
test_hatch_far_down (void)
{
  OverlapRecording *recording = overlap_recording_new ("Long");
  OverlapRun *run = overlap_run_new ("many", "gather");
  OverlapPaintOptions options;
  OverlapPaintRect top_bar, deep_bar;
  OverlapChartLayout *layout;
  cairo_surface_t *surface;
  guint deep_lane = 2900;
  cairo_t *cr;

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *label = g_strdup_printf ("task %u", i);
      guint l = overlap_run_add_lane (run, label, "timer", NULL);

      overlap_run_add_span (run, l, OVERLAP_PHASE_WAITING, 0, 1000000, NULL);
    }
  overlap_run_finish (run, OVERLAP_RUN_FINISHED, 1000000);
  overlap_recording_add_run (recording, run);

  overlap_paint_options_init (&options);
  options.width = 1200;
  options.height = 800;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, options.width, options.height);

  cr = cairo_create (surface);
  overlap_painter_paint (cr, recording, &options);
  cairo_destroy (cr);
  layout = layout_new (recording, &options);
  g_assert_true (overlap_chart_layout_get_bar_rect (layout, 0, 0, &top_bar));
  g_assert_cmpuint (count_colors_in_bar (surface, &top_bar), >=, 2);

  g_assert_true (overlap_chart_layout_get_bar_rect (layout, 0, deep_lane, &deep_bar));
  g_assert_cmpfloat (deep_bar.y, >, 40000);
  options.scroll_y = deep_bar.y - options.height / 2;
  overlap_chart_layout_set_options (layout, &options);
  g_assert_true (overlap_chart_layout_get_bar_rect (layout, 0, deep_lane, &deep_bar));
  g_assert_cmpfloat (deep_bar.y, >, 0);
  g_assert_cmpfloat (deep_bar.y + deep_bar.height, <, options.height);

  cr = cairo_create (surface);
  overlap_painter_paint (cr, recording, &options);
  cairo_destroy (cr);
  g_assert_cmpuint (count_colors_in_bar (surface, &deep_bar), >=, 2);

  cairo_surface_destroy (surface);

  g_object_unref (layout);
  g_assert_finalize_object (recording);
  g_assert_finalize_object (run);
}

/* Writes the pictures that a person looks at: light, dark, presentation
 * size, high contrast. Into $OVERLAP_PAINTER_OUTPUT when set. */
static void
test_showcase (void)
{
  OverlapRecording *recording = make_showcase ();
  const char *output = g_getenv ("OVERLAP_PAINTER_OUTPUT");
  g_autofree char *dir = output ? g_strdup (output) : make_tmp_dir ();
  OverlapPaintOptions options;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *svg = g_build_filename (dir, "painter-showcase.svg", NULL);

  overlap_paint_options_init (&options);
  options.width = 1600;
  options.height = 0;
  a = export_and_check_png (recording, dir, "painter-light.png", &options, 1600);

  options.dark = TRUE;
  options.selected_run = 2;
  options.selected_lane = 1;
  b = export_and_check_png (recording, dir, "painter-dark.png", &options, 1600);

  options.dark = FALSE;
  options.selected_run = -1;
  options.selected_lane = -1;
  options.text_scale = 2;
  options.width = 1920;
  c = export_and_check_png (recording, dir, "painter-scale2.png", &options, 1920);

  options.text_scale = 1.5;
  options.high_contrast = TRUE;
  options.width = 1280;
  d = export_and_check_png (recording, dir, "painter-contrast.png", &options, 1280);

  options.high_contrast = FALSE;
  options.text_scale = 1;
  options.width = 1600;
  options.height = 600;
  options.view_start = MS (300);
  options.view_end = MS (1600);
  e = export_and_check_png (recording, dir, "painter-zoomed.png", &options, 1600);

  g_assert_true (overlap_export_chart (recording, svg, OVERLAP_CHART_SVG, NULL, &error));
  g_assert_no_error (error);

  if (output == NULL)
    remove_dir (dir);

  g_assert_finalize_object (recording);
}

/* A trace's flows are drawn as arrows between the slices they join, over
 * the chart and only there, and not when hidden. */
static OverlapRun *
flows_run (const char *title,
           gint64      start)
{
  OverlapRun *run = overlap_run_new (title, NULL);

  for (guint i = 0; i < 2; i++)
    {
      guint lane = overlap_run_add_lane (run, i == 0 ? "Main" : "Main · 2", "thread", NULL);

      overlap_run_add_span (run, lane, OVERLAP_PHASE_OTHER, start + i * 100, start + 1000 - i * 100, "RunTask");
      overlap_run_restore_lane (run, lane,
                                &(OverlapRestoredLane) {
                                  .result = OVERLAP_RESULT_OK, .start = start, .end = start + 1000,
                                  .flags = OVERLAP_LANE_WORKED,
                                });
    }
  overlap_run_restore_state (run, OVERLAP_RUN_FINISHED, start + 1000);
  return run;
}

static void
test_flows (void)
{
  g_autoptr(OverlapRecording) recording = overlap_recording_new ("flows");
  g_autoptr(OverlapRun) browser = flows_run ("Browser", 0);
  g_autoptr(OverlapRun) renderer = flows_run ("Renderer", 1500);
  const OverlapFlow flows[] = { { 0, 1, 1, 0, 200, 1600 }, { 1, 0, 0, 0, 1600, 2400 } };
  cairo_surface_t *shown = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 400);
  cairo_surface_t *hidden = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 400);
  OverlapPaintOptions options;
  g_autoptr(OverlapChartLayout) layout = NULL;
  OverlapPaintRect from, to;
  const guint32 *a, *b;
  int stride;
  guint differ = 0, outside = 0;

  overlap_recording_add_run (recording, browser);
  overlap_recording_add_run (recording, renderer);
  overlap_recording_add_flows (recording, flows, G_N_ELEMENTS (flows));
  overlap_paint_options_init (&options);
  options.width = 1200;
  options.height = 400;
  for (int i = 0; i < 2; i++)
    {
      cairo_t *cr = cairo_create (i == 0 ? shown : hidden);

      options.hide_flows = i == 1;
      overlap_painter_paint (cr, recording, &options);
      cairo_destroy (cr);
    }
  cairo_surface_flush (shown);
  cairo_surface_flush (hidden);
  a = (const guint32 *) cairo_image_surface_get_data (shown);
  b = (const guint32 *) cairo_image_surface_get_data (hidden);
  stride = cairo_image_surface_get_stride (shown) / 4;

  /* the arrows: between Browser's lanes and the Renderer's */
  layout = layout_new (recording, &options);
  g_assert_true (overlap_chart_layout_get_lane_rect (layout, 0, 0, &from));
  g_assert_true (overlap_chart_layout_get_lane_rect (layout, 1, 0, &to));
  for (int y = 0; y < 400; y++)
    for (int x = 0; x < 1200; x++)
      if (a[y * stride + x] != b[y * stride + x])
        {
          differ++;
          if (y < from.y - 8 || y > to.y + to.height + 8)
            outside++;
        }
  g_assert_cmpuint (differ, >, 300);     /* two curves of a few hundred pixels */
  g_assert_cmpuint (outside, ==, 0);     /* between the lanes they join */

  /* a lane selected that no flow touches: none drawn */
  options.selected_run = 1;
  options.selected_lane = 1;
  for (int i = 0; i < 2; i++)
    {
      cairo_t *cr = cairo_create (i == 0 ? shown : hidden);

      options.hide_flows = i == 1;
      overlap_painter_paint (cr, recording, &options);
      cairo_destroy (cr);
    }
  cairo_surface_flush (shown);
  cairo_surface_flush (hidden);
  g_assert_cmpmem (a, stride * 4 * 400, b, stride * 4 * 400);

  cairo_surface_destroy (shown);
  cairo_surface_destroy (hidden);
}

/* Ninja jobs by kind and meson tests by result: each kind its own colour,
 * the same in every picture, light and dark, and a swatch in the legend. */
static void
test_span_kinds (void)
{
  static const struct { OverlapSpanKind kind; guint32 light; guint32 dark; } kinds[] = {
    { OVERLAP_SPAN_KIND_COMPILE, 0x0072B2, 0x2F86C0 },
    { OVERLAP_SPAN_KIND_LINK, 0xE69F00, 0xC98C00 },
    { OVERLAP_SPAN_KIND_CUSTOM, 0xCC79A7, 0xA8648A },
    { OVERLAP_SPAN_KIND_TEST_OK, 0x009E73, 0x00875F },
    { OVERLAP_SPAN_KIND_TEST_FAILED, 0xC0231A, 0xD03A30 },
    { OVERLAP_SPAN_KIND_TEST_SKIPPED, 0xC4C9CF, 0x5A6068 },
    { OVERLAP_SPAN_KIND_TEST_TIMED_OUT, 0xE69F00, 0xC98C00 },
    { OVERLAP_SPAN_KIND_TEST_EXPECTED_FAIL, 0x88CCEE, 0x5C9FC0 },
  };
  g_autoptr(OverlapRecording) recording = overlap_recording_new ("kinds");
  g_autoptr(OverlapRun) run = overlap_run_new ("Build 1", "ninja");

  overlap_run_begin (run, 0);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      guint lane = overlap_run_add_lane (run, "worker", "ninja", NULL);
      guint span = overlap_run_add_span (run, lane, OVERLAP_PHASE_RUNNING, 0, S (1), NULL);

      overlap_run_set_span_info (run, span, OVERLAP_RESULT_OK | OVERLAP_SPAN_KIND_FLAGS (kinds[i].kind), NULL);
    }
  overlap_run_finish (run, OVERLAP_RUN_FINISHED, S (1));
  overlap_recording_add_run (recording, run);

  for (int dark = 0; dark <= 1; dark++)
    {
      g_autoptr(OverlapChartLayout) layout = NULL;
      OverlapPaintOptions options;
      cairo_surface_t *surface;
      cairo_t *cr;

      overlap_paint_options_init (&options);
      options.width = 800;
      options.dark = dark;
      options.height = overlap_painter_get_natural_height (recording, &options);
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, options.width, options.height);
      cr = cairo_create (surface);
      overlap_painter_paint (cr, recording, &options);
      cairo_destroy (cr);

      layout = layout_new (recording, &options);
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        {
          OverlapPaintRect bar;
          double x = overlap_chart_layout_time_to_x (layout, MS (200));

          g_test_message ("%s kind %u", dark ? "dark" : "light", kinds[i].kind);
          g_assert_true (overlap_chart_layout_get_bar_rect (layout, 0, i, &bar));
          /* above the band a failed or skipped test has along its foot */
          g_assert_cmphex (pixel_at (surface, x, bar.y + bar.height * 0.3), ==,
                           dark ? kinds[i].dark : kinds[i].light);
        }
      cairo_surface_destroy (surface);
    }
  /* …and their names for the legend */
  g_assert_cmpstr (overlap_span_kind_get_display_name (OVERLAP_SPAN_KIND_LINK), ==, "link");
  g_assert_cmpstr (overlap_span_kind_get_display_name (OVERLAP_SPAN_KIND_TEST_SKIPPED), ==, "skipped");
}

/* The export's own PNG writer: what it writes reads back as the pixels that
 * cairo's writer gives, opaque (RGB) or not (RGBA, un-premultiplied), in one
 * part or split between threads. */
static cairo_status_t
read_from_bytes (void          *closure,
                 unsigned char *data,
                 unsigned int   length)
{
  GByteArray *bytes = closure;

  if (length > bytes->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, bytes->data, length);
  g_byte_array_remove_range (bytes, 0, length);
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
write_to_bytes (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
test_png_writer (void)
{
  static const struct { int height; gboolean opaque; } cases[] = {
    { 7, TRUE }, { 7, FALSE }, { 3000, TRUE }, { 3000, FALSE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 333, cases[c].height);
      g_autoptr(GByteArray) ours = g_byte_array_new ();
      g_autoptr(GByteArray) theirs = g_byte_array_new ();
      cairo_surface_t *a, *b;
      cairo_t *cr = cairo_create (surface);

      /* a background, bars and a curve: repeated rows, edges, partial alpha */
      cairo_set_source_rgba (cr, 0.9, 0.92, 0.95, cases[c].opaque ? 1 : 0.5);
      cairo_paint (cr);
      for (int y = 0; y < cases[c].height; y += 28)
        {
          cairo_set_source_rgba (cr, (y % 5) / 5.0, 0.3, 0.7, 0.6);
          cairo_rectangle (cr, 10.5 + y % 50, y + 5, 200.25, 18);
          cairo_fill (cr);
        }
      cairo_move_to (cr, 0, 0);
      cairo_curve_to (cr, 300, 0, 0, cases[c].height, 333, cases[c].height);
      cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 0.4);
      cairo_stroke (cr);
      if (!cases[c].opaque)
        {
          cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
          cairo_rectangle (cr, 300, 0, 33, cases[c].height);
          cairo_fill (cr);
        }
      cairo_destroy (cr);

      g_assert_true (_overlap_png_write (surface, ours));
      g_assert_cmpint (cairo_surface_write_to_png_stream (surface, write_to_bytes, theirs), ==, CAIRO_STATUS_SUCCESS);
      a = cairo_image_surface_create_from_png_stream (read_from_bytes, ours);
      b = cairo_image_surface_create_from_png_stream (read_from_bytes, theirs);
      g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_format (a), ==, cairo_image_surface_get_format (b));
      g_assert_cmpint (cairo_image_surface_get_height (a), ==, cases[c].height);
      for (int y = 0; y < cases[c].height; y++)
        g_assert_cmpmem (cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a), 333 * 4,
                         cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b), 333 * 4);
      cairo_surface_destroy (a);
      cairo_surface_destroy (b);
      cairo_surface_destroy (surface);
    }
}

/* A tall chart painted band by band while the bands above are deflated
 * (overlap-paint-bands.c) has every pixel of one paint: lanes of named
 * slices, some narrower than a pixel, hatched waits, marks, counters, labels,
 * notes, and more arrows than are drawn, many across the seams; whatever the
 * bands' height. */
static OverlapRun *
bands_run (guint index)
{
  static const char * const names[] = { "RunTask", "Layout", "Paint", "v8.compile", "GC", "Commit",
                                        "ParseHTML", "Decode", "Raster", "IPC", "Timer", "Idle" };
  g_autofree char *title = g_strdup_printf ("Renderer %u", index);
  OverlapRun *run = overlap_run_new (title, NULL);
  guint counter = overlap_run_add_counter (run, "heap", "MB");

  for (guint i = 0; i < 90; i++)
    {
      g_autofree char *label = g_strdup_printf ("Thread %u", i);
      guint lane = overlap_run_add_lane (run, label, "thread", NULL);
      gint64 t = (gint64) ((i * 7919 + index * 104729) % 5000);

      for (guint j = 0; j < 60; j++)
        {
          /* a few µs (narrower than a pixel) to a few ms */
          gint64 length = j % 3 == 0 ? 3 + j % 7 : 200 + (gint64) ((i * 31 + j * 17) % 1800);

          overlap_run_add_span (run, lane, j % 5 == 4 ? OVERLAP_PHASE_WAITING : OVERLAP_PHASE_OTHER,
                                t, t + length, j % 5 == 4 ? NULL : names[(i * 7 + j * j * 5 + index) % G_N_ELEMENTS (names)]);
          if (j % 4 == 0)
            overlap_run_add_mark (run, lane, OVERLAP_MARK_CHUNK, t + length / 2, 100);
          /* nested slices, and one narrower than a pixel inside those */
          if (length > 600)
            {
              overlap_run_add_span (run, lane, OVERLAP_PHASE_OTHER, t + 100, t + length - 100,
                                    names[(i + j + 2) % G_N_ELEMENTS (names)]);
              overlap_run_add_span (run, lane, OVERLAP_PHASE_OTHER, t + 300, t + 305 + j % 40,
                                    names[(i + j + 4) % G_N_ELEMENTS (names)]);
            }
          t += length + 20 + (gint64) ((i + j) % 13) * 7;
        }
      overlap_run_restore_lane (run, lane,
                                &(OverlapRestoredLane) {
                                  .result = OVERLAP_RESULT_OK, .start = 0, .end = t,
                                  .flags = OVERLAP_LANE_WORKED,
                                });
    }
  for (guint k = 0; k < 200; k++)
    overlap_run_add_sample (run, counter, (gint64) k * 600, 10 + (k * 37 % 50));
  overlap_run_restore_state (run, OVERLAP_RUN_FINISHED, 120000);
  return run;
}

static cairo_surface_t *
read_png (const char *path)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  return image;
}

static void
test_bands (void)
{
  g_autoptr(OverlapRecording) recording = overlap_recording_new ("Bands");
  g_autoptr(GArray) flows = g_array_new (FALSE, FALSE, sizeof (OverlapFlow));
  g_autofree char *dir = g_dir_make_tmp ("overlap-bands-XXXXXX", NULL);
  g_autofree char *one = g_build_filename (dir, "one.png", NULL);
  g_autofree char *banded = g_build_filename (dir, "banded.png", NULL);
  const int band_rows[] = { 512, 777, 4000 };
  cairo_surface_t *whole;
  GError *error = NULL;
  int height, stride;

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(OverlapRun) run = bands_run (i);

      overlap_recording_add_run (recording, run);
    }
  /* 3,000 arrows, from run to run: more than the 2,000 drawn */
  for (guint k = 0; k < 3000; k++)
    {
      OverlapFlow flow = { k % 4, (k * 7) % 90, (k * 3 + 1) % 4, (k * 11) % 90,
                           (gint64) (k * 37 % 100000), (gint64) (k * 37 % 100000) + 500 + k % 3000 };

      g_array_append_val (flows, flow);
    }
  overlap_recording_add_flows (recording, (const OverlapFlow *) (gpointer) flows->data, flows->len);
  overlap_recording_add_note (recording, 10000, 10000, "a moment");
  overlap_recording_add_note (recording, 30000, 60000, "a range");

  _overlap_paint_bands_force (0);
  g_assert_true (overlap_export_chart (recording, one, OVERLAP_CHART_PNG, NULL, &error));
  g_assert_no_error (error);
  whole = read_png (one);
  height = cairo_image_surface_get_height (whole);
  stride = cairo_image_surface_get_stride (whole);
  g_assert_cmpint (height, >, 8000);  /* tall: bands worth it */
  g_assert_cmpint (height, <=, 16384);  /* at full size */

  for (guint i = 0; i < G_N_ELEMENTS (band_rows); i++)
    {
      cairo_surface_t *image;

      g_test_message ("bands of %d rows", band_rows[i]);
      _overlap_paint_bands_force (band_rows[i]);
      g_assert_true (overlap_export_chart (recording, banded, OVERLAP_CHART_PNG, NULL, &error));
      g_assert_no_error (error);
      image = read_png (banded);
      g_assert_cmpint (cairo_image_surface_get_width (image), ==, cairo_image_surface_get_width (whole));
      g_assert_cmpint (cairo_image_surface_get_height (image), ==, height);
      g_assert_cmpint (cairo_image_surface_get_format (image), ==, cairo_image_surface_get_format (whole));
      /* the same pixels */
      g_assert_cmpmem (cairo_image_surface_get_data (image), (gsize) stride * height,
                       cairo_image_surface_get_data (whole), (gsize) stride * height);
      cairo_surface_destroy (image);
    }

  _overlap_paint_bands_force (-1);
  cairo_surface_destroy (whole);
  g_unlink (one);
  g_unlink (banded);
  g_rmdir (dir);
}

/* The PNG writer's deflate, read back by zlib: runs around the longest match
 * (258), literals enough for several blocks, bytes of every value, and a
 * stream in parts, as the writer's threads make it. */
static void
deflate_and_check (const guint8 *data,
                   gsize         len,
                   guint         n_parts)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *back = g_malloc (len + 1);
  z_stream z = { 0 };
  uLong adler = adler32 (0, NULL, 0);
  int status;

  for (guint i = 0; i < n_parts; i++)
    {
      OverlapDeflate *deflate = _overlap_deflate_new (out);
      gsize from = len * i / n_parts, to = len * (i + 1) / n_parts;

      /* in pieces of odd sizes, as rows come */
      for (gsize at = from; at < to; at += MIN (to - at, 4801))
        _overlap_deflate_add (deflate, data + at, MIN (to - at, 4801));
      adler = adler32_combine (adler, _overlap_deflate_finish (deflate, i == n_parts - 1), to - from);
    }
  /* and the sums of what it was given, for the stream's end */
  g_assert_cmphex (adler, ==, adler32 (adler32 (0, NULL, 0), data, len));

  g_assert_cmpint (inflateInit2 (&z, -15), ==, Z_OK);
  z.next_in = out->data;
  z.avail_in = out->len;
  z.next_out = back;
  z.avail_out = len + 1;
  status = inflate (&z, Z_FINISH);
  g_assert_cmpint (status, ==, Z_STREAM_END);
  g_assert_cmpuint (z.total_out, ==, len);
  g_assert_cmpuint (z.avail_in, ==, 0);   /* nothing after the final block */
  g_assert_cmpmem (back, len, data, len);
  inflateEnd (&z);
}

static void
test_deflate (void)
{
  const gsize runs[] = { 1, 2, 3, 4, 257, 258, 259, 260, 261, 262, 515, 516, 517, 518, 1000, 70000 };
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  deflate_and_check ((const guint8 *) "", 0, 1);
  deflate_and_check ((const guint8 *) "a", 1, 1);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_byte_array_set_size (data, 0);
      for (guint byte = 0; byte < 256; byte += 51)
        {
          g_byte_array_append (data, (const guint8[]) { 7 }, 1);
          for (gsize k = 0; k < runs[i]; k++)
            g_byte_array_append (data, (const guint8[]) { byte }, 1);
        }
      deflate_and_check (data->data, data->len, 1);
      deflate_and_check (data->data, data->len, 3);
    }

  /* literals of every value, and runs between: more tokens than a block */
  g_byte_array_set_size (data, 0);
  for (guint k = 0; k < 400000; k++)
    {
      guint8 byte = g_rand_int_range (rand, 0, 256);
      guint run = g_rand_int_range (rand, 0, 8) == 0 ? g_rand_int_range (rand, 1, 700) : 1;

      for (guint j = 0; j < run; j++)
        g_byte_array_append (data, &byte, 1);
    }
  deflate_and_check (data->data, data->len, 1);
  deflate_and_check (data->data, data->len, 4);
  /* all one byte */
  memset (data->data, 0, data->len);
  deflate_and_check (data->data, data->len, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/painter/format-from-path", test_format_from_path);
  g_test_add_func ("/painter/export-formats", test_export_formats);
  g_test_add_func ("/painter/bar-pixels", test_bar_pixels);
  g_test_add_func ("/painter/dark", test_dark_background);
  g_test_add_func ("/painter/live", test_live);
  g_test_add_func ("/painter/hit-test", test_hit_test);
  g_test_add_func ("/painter/unwritable", test_unwritable);
  g_test_add_func ("/painter/hatch-far-down", test_hatch_far_down);
  g_test_add_func ("/painter/empty", test_empty);
  g_test_add_func ("/painter/large", test_large);
  g_test_add_func ("/painter/showcase", test_showcase);
  g_test_add_func ("/painter/flows", test_flows);
  g_test_add_func ("/painter/span-kinds", test_span_kinds);
  g_test_add_func ("/painter/png-writer", test_png_writer);
  g_test_add_func ("/painter/deflate", test_deflate);
  g_test_add_func ("/painter/bands", test_bands);

  return g_test_run ();
}
