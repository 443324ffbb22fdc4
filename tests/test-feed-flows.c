/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-feed-flows"

#include "config.h"

#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlap-chart-layout.h"
#include "overlap-feed-server.h"

/* The live feed's flows, lines in and arrows out: the s/t/f form with its
 * binding points and the v2 bind_id form, read by the importer's reader of
 * flows, on threads' slices and on tasks named by their category and id.
 * And its clock: programs placed on one axis by their CLOCK_MONOTONIC
 * timestamps. */

typedef struct
{
  char              *dir;
  char              *socket_path;
  OverlapRecording  *recording;
  OverlapFeedServer *server;
  GPtrArray         *ended;      /* OverlapRun */
} Fixture;

static void
run_ended_cb (OverlapFeedServer *server,
              OverlapRun        *run,
              Fixture           *fixture)
{
  g_ptr_array_add (fixture->ended, g_object_ref (run));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("overlap-flows-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->socket_path = g_build_filename (fixture->dir, "feed.sock", NULL);
  fixture->recording = overlap_recording_new ("feed");
  fixture->server = overlap_feed_server_new (fixture->recording);
  fixture->ended = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (fixture->server, "run-ended", G_CALLBACK (run_ended_cb), fixture);
  overlap_feed_server_set_socket_path (fixture->server, fixture->socket_path);
  g_assert_true (overlap_feed_server_start (fixture->server, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  overlap_feed_server_stop (fixture->server);
  g_assert_finalize_object (fixture->server);
  g_clear_pointer (&fixture->ended, g_ptr_array_unref);
  g_assert_finalize_object (fixture->recording);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->socket_path);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_runs (Fixture *fixture,
               guint    n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, timeout_cb, &timed_out);

  while (fixture->ended->len < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

/* Sends @text as one program, from its connection's start to its end. */
static void
send_program (Fixture    *fixture,
              const char *text)
{
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (fixture->socket_path);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  guint n = fixture->ended->len;

  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, &error);
  g_assert_no_error (error);
  wait_for_runs (fixture, n + 1);
}

static guint
lane_of (OverlapRun *run,
         const char *label)
{
  const OverlapLane *lanes;
  guint n;

  lanes = overlap_run_get_lanes (run, &n);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (overlap_run_string (run, lanes[i].label), label) == 0)
      return i;
  g_error ("no lane “%s”", label);
}

/* The recording's arrows, one a line: "from-lane@time -> to-lane@time",
 * lanes by label, µs in the run's time (all in run 0). */
static char *
describe_flows (Fixture *fixture)
{
  OverlapRun *run = overlap_recording_get_run (fixture->recording, 0);
  const OverlapLane *lanes;
  const OverlapFlow *flows;
  GString *out = g_string_new (NULL);
  guint n_flows, n_lanes;

  lanes = overlap_run_get_lanes (run, &n_lanes);
  flows = overlap_recording_get_flows (fixture->recording, &n_flows);
  for (guint i = 0; i < n_flows; i++)
    {
      g_assert_cmpuint (flows[i].from_run, ==, 0);
      g_assert_cmpuint (flows[i].to_run, ==, 0);
      g_assert_cmpuint (flows[i].from_lane, <, n_lanes);
      g_assert_cmpuint (flows[i].to_lane, <, n_lanes);
      g_string_append_printf (out, "%s@%" G_GINT64_FORMAT " -> %s@%" G_GINT64_FORMAT "\n",
                              overlap_run_string (run, lanes[flows[i].from_lane].label), flows[i].from_time,
                              overlap_run_string (run, lanes[flows[i].to_lane].label), flows[i].to_time);
    }
  return g_string_free (out, FALSE);
}

#define THREADS \
  "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":1,\"args\":{\"name\":\"main\"}}\n" \
  "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":2,\"args\":{\"name\":\"worker\"}}\n"

/* s inside a slice, t inside another, f bound to the next slice (and, with
 * bp "e", to the enclosing one); a point on no slice is dropped, its flow
 * going on from the point before. */
static void
test_flows_on_threads (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *flows = NULL;
  OverlapRun *run;

  send_program (fixture,
                THREADS
                "{\"ph\":\"X\",\"name\":\"post\",\"pid\":1,\"tid\":1,\"ts\":1000,\"dur\":100}\n"
                "{\"ph\":\"s\",\"name\":\"task\",\"cat\":\"toplevel\",\"id\":7,\"pid\":1,\"tid\":1,\"ts\":1050}\n"
                "{\"ph\":\"B\",\"name\":\"relay\",\"pid\":1,\"tid\":2,\"ts\":1200}\n"
                "{\"ph\":\"t\",\"name\":\"task\",\"cat\":\"toplevel\",\"id\":7,\"pid\":1,\"tid\":2,\"ts\":1250}\n"
                "{\"ph\":\"E\",\"pid\":1,\"tid\":2,\"ts\":1300}\n"
                /* on no slice of thread 1 (after its last): dropped */
                "{\"ph\":\"t\",\"name\":\"task\",\"cat\":\"toplevel\",\"id\":7,\"pid\":1,\"tid\":1,\"ts\":1400}\n"
                "{\"ph\":\"f\",\"name\":\"task\",\"cat\":\"toplevel\",\"id\":7,\"pid\":1,\"tid\":1,\"ts\":1500}\n"
                "{\"ph\":\"X\",\"name\":\"run\",\"pid\":1,\"tid\":1,\"ts\":1600,\"dur\":100}\n"
                /* a second flow, of the same id in another category, ending inside */
                "{\"ph\":\"s\",\"name\":\"io\",\"cat\":\"ipc\",\"id\":7,\"pid\":1,\"tid\":2,\"ts\":1210}\n"
                "{\"ph\":\"f\",\"name\":\"io\",\"cat\":\"ipc\",\"id\":7,\"pid\":1,\"tid\":1,\"ts\":1650,\"bp\":\"e\"}\n");
  run = g_ptr_array_index (fixture->ended, 0);
  g_assert_cmpuint (lane_of (run, "main"), !=, lane_of (run, "worker"));
  g_assert_cmpstr (overlap_run_get_note (run), ==, "1 flow point was on no task or slice");
  flows = describe_flows (fixture);
  g_assert_cmpstr (flows, ==,
                   "main@50 -> worker@250\n"
                   "worker@250 -> main@600\n"
                   "worker@210 -> main@650\n");
}

/* The v2 form: a slice with flow_out and a bind_id leaves at its end for
 * the slice with flow_in and the same bind_id, which it enters at its start;
 * a slice may be both. */
static void
test_flows_v2 (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *flows = NULL;

  send_program (fixture,
                THREADS
                "{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":100,\"dur\":50,\"bind_id\":\"0x1\",\"flow_out\":true}\n"
                "{\"ph\":\"X\",\"name\":\"b\",\"pid\":1,\"tid\":2,\"ts\":300,\"dur\":40,\"bind_id\":\"0x1\",\"flow_in\":true}\n"
                "{\"ph\":\"X\",\"name\":\"c\",\"pid\":1,\"tid\":2,\"ts\":400,\"dur\":10,\"bind_id\":9,\"flow_in\":true,\"flow_out\":true}\n"
                "{\"ph\":\"X\",\"name\":\"d\",\"pid\":1,\"tid\":1,\"ts\":500,\"dur\":10,\"bind_id\":9,\"flow_in\":true}\n"
                /* no one leaves by this one: no arrow */
                "{\"ph\":\"X\",\"name\":\"e\",\"pid\":1,\"tid\":1,\"ts\":600,\"dur\":10,\"bind_id\":5,\"flow_in\":true}\n");
  flows = describe_flows (fixture);
  g_assert_cmpstr (flows, ==,
                   "main@50 -> worker@200\n"
                   "worker@310 -> main@400\n");
}

#define TASK(ph, id, ts, args) \
  "{\"ph\":\"" ph "\",\"cat\":\"asyncio\",\"id\":" #id ",\"name\":\"task " #id "\",\"ts\":" #ts ",\"args\":" args "}\n"

/* Flows between tasks, which name their ends by category and id in args
 * (the awaited's end to its waiter's resumption), or that ride on the
 * tasks' own events (v2). */
static void
test_flows_between_tasks (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *flows = NULL;
  OverlapRun *run;

  send_program (fixture,
                TASK ("b", 1, 1000, "{\"phase\":\"running\"}")
                TASK ("b", 2, 1100, "{\"phase\":\"running\"}")
                TASK ("b", 3, 1100, "{\"phase\":\"running\"}")
                TASK ("n", 1, 1200, "{\"phase\":\"waiting\"}")
                TASK ("e", 2, 2000, "{}")
                "{\"ph\":\"s\",\"cat\":\"await\",\"id\":21,\"ts\":2000,\"args\":{\"cat\":\"asyncio\",\"id\":2}}\n"
                TASK ("e", 3, 3000, "{}")
                "{\"ph\":\"s\",\"cat\":\"await\",\"id\":31,\"ts\":3000,\"args\":{\"cat\":\"asyncio\",\"id\":3}}\n"
                "{\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"await\",\"id\":21,\"ts\":3010,\"args\":{\"cat\":\"asyncio\",\"id\":1}}\n"
                "{\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"await\",\"id\":31,\"ts\":3010,\"args\":{\"cat\":\"asyncio\",\"id\":1}}\n"
                /* a task that is not there: dropped */
                "{\"ph\":\"s\",\"cat\":\"await\",\"id\":41,\"ts\":3020,\"args\":{\"cat\":\"asyncio\",\"id\":99}}\n"
                "{\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"await\",\"id\":41,\"ts\":3030,\"args\":{\"cat\":\"asyncio\",\"id\":1}}\n"
                /* v2 on the tasks' events */
                "{\"ph\":\"b\",\"cat\":\"asyncio\",\"id\":4,\"name\":\"task 4\",\"ts\":3100,\"bind_id\":\"k\",\"flow_out\":true}\n"
                "{\"ph\":\"e\",\"cat\":\"asyncio\",\"id\":4,\"name\":\"task 4\",\"ts\":3500,\"bind_id\":\"k2\",\"flow_out\":true}\n"
                "{\"ph\":\"n\",\"cat\":\"asyncio\",\"id\":1,\"ts\":3600,\"bind_id\":\"k2\",\"flow_in\":true,\"args\":{\"phase\":\"running\"}}\n"
                /* a flow of a task's own category and id is on it */
                TASK ("b", 5, 3700, "{}")
                "{\"ph\":\"s\",\"cat\":\"asyncio\",\"id\":5,\"ts\":3800}\n"
                TASK ("e", 5, 3800, "{}")
                "{\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"asyncio\",\"id\":5,\"ts\":3900,\"args\":{\"id\":1}}\n"
                TASK ("e", 1, 4000, "{}"));
  run = g_ptr_array_index (fixture->ended, 0);
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_FINISHED);
  g_assert_cmpstr (overlap_run_get_note (run), ==, "1 flow point was on no task or slice");
  flows = describe_flows (fixture);
  g_assert_cmpstr (flows, ==,
                   "task 2@1000 -> task 1@2010\n"
                   "task 3@2000 -> task 1@2010\n"
                   "task 4@2500 -> task 1@2600\n"
                   "task 5@2800 -> task 1@2900\n");
}

/* A program of one task, 1 s long, its first timestamp @start_us on
 * CLOCK_MONOTONIC */
static char *
one_task_program (const char *name,
                  gint64      start_us)
{
  return g_strdup_printf ("{\"ph\":\"M\",\"name\":\"process_name\",\"args\":{\"name\":\"%s\"}}\n"
                          "{\"ph\":\"b\",\"cat\":\"t\",\"id\":1,\"name\":\"work\",\"ts\":%" G_GINT64_FORMAT "}\n"
                          "{\"ph\":\"e\",\"cat\":\"t\",\"id\":1,\"ts\":%" G_GINT64_FORMAT "}\n",
                          name, start_us, start_us + G_USEC_PER_SEC);
}

/* Whether the pixel at (@x, @y) of @surface is the chart's background */
static gboolean
is_background (cairo_surface_t           *surface,
               const OverlapPaintOptions *options,
               double                     x,
               double                     y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel = *(const guint32 *) (data + (int) y * stride + (int) x * 4);
  double r, g, b;

  overlap_painter_get_background (options, &r, &g, &b);
  return abs ((int) ((pixel >> 16) & 0xff) - (int) round (r * 255)) <= 2 &&
         abs ((int) ((pixel >> 8) & 0xff) - (int) round (g * 255)) <= 2 &&
         abs ((int) (pixel & 0xff) - (int) round (b * 255)) <= 2;
}

/* Where the bar of run @run's lane 0 is drawn at @time (µs on the axis):
 * whether a bar is there */
static gboolean
bar_at (OverlapChartLayout *layout,
        cairo_surface_t    *surface,
        guint               run,
        gint64              time)
{
  OverlapPaintRect rect;

  g_assert_true (overlap_chart_layout_get_bar_rect (layout, run, 0, &rect));
  return !is_background (surface, overlap_chart_layout_get_options (layout),
                         overlap_chart_layout_time_to_x (layout, time), rect.y + rect.height / 2);
}

/* Two programs, the second 2 s after the first on CLOCK_MONOTONIC, are
 * drawn 2 s apart on one axis; each from zero, both at 0. */
static void
test_one_clock (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *first = one_task_program ("first", now - 5 * G_USEC_PER_SEC);
  g_autofree char *second = one_task_program ("second", now - 3 * G_USEC_PER_SEC);
  g_autoptr(OverlapChartLayout) layout = NULL;
  OverlapPaintOptions options;
  cairo_surface_t *surface;
  cairo_t *cr;

  /* the later one connects first: its place is its clock's, not its turn's */
  send_program (fixture, second);
  send_program (fixture, first);
  g_assert_cmpstr (overlap_run_get_title (overlap_recording_get_run (fixture->recording, 0)), ==, "second");
  g_assert_cmpint (overlap_run_get_clock_start (overlap_recording_get_run (fixture->recording, 1)), ==,
                   now - 5 * G_USEC_PER_SEC);

  layout = overlap_chart_layout_new (fixture->recording);
  overlap_paint_options_init (&options);
  options.width = 1200;
  options.height = 600;
  options.now = now;
  overlap_chart_layout_set_options (layout, &options);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, options.width, options.height);

  for (guint pass = 0; pass < 2; pass++)
    {
      gboolean each = pass == 1;

      overlap_recording_set_each_from_zero (fixture->recording, each);
      g_assert_cmpint (overlap_chart_layout_get_run_shift (layout, 0), ==, each ? 0 : 2 * G_USEC_PER_SEC);
      g_assert_cmpint (overlap_chart_layout_get_run_shift (layout, 1), ==, 0);
      /* each run lasts until its program disconnected: now */
      g_assert_cmpint (overlap_recording_get_duration (fixture->recording, now), >=, 5 * G_USEC_PER_SEC);

      cr = cairo_create (surface);
      overlap_chart_layout_paint (layout, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      /* the first from 0 s to 1 s either way */
      g_assert_true (bar_at (layout, surface, 1, G_USEC_PER_SEC / 2));
      if (each)
        {
          g_assert_true (bar_at (layout, surface, 0, G_USEC_PER_SEC / 2));
          /* past its end and its label ("1.00 s"), between gridlines */
          g_assert_false (bar_at (layout, surface, 0, G_USEC_PER_SEC * 3 / 2));
        }
      else
        {
          /* the second from 2 s to 3 s */
          g_assert_false (bar_at (layout, surface, 0, G_USEC_PER_SEC / 2));
          g_assert_false (bar_at (layout, surface, 0, G_USEC_PER_SEC * 3 / 2));
          g_assert_true (bar_at (layout, surface, 0, G_USEC_PER_SEC * 5 / 2));
        }
    }
  cairo_surface_destroy (surface);
}

/* The Python probe: who awaits whom and the threads, through a real socket
 * and a real run, for the tutorials' examples and a small program of each
 * kind. */

#define PYTHON "/usr/bin/python3"

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) data = TRUE;
}

/* Runs @script (a path, or an example's name) under the probe; returns its
 * run, which ended. */
static OverlapRun *
run_python (Fixture    *fixture,
            const char *script)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *python_dir = g_test_build_filename (G_TEST_DIST, "..", "data", "python", NULL);
  g_autofree char *path = g_path_is_absolute (script) ? g_strdup (script)
                                                      : g_build_filename (python_dir, "examples", script, NULL);
  gboolean exited = FALSE, timed_out = FALSE;
  guint n = fixture->ended->len, id;
  OverlapRun *run;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "OVERLAP_FEED", fixture->socket_path, TRUE);
  g_subprocess_launcher_setenv (launcher, "PYTHONPATH", python_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "PYTHONDONTWRITEBYTECODE", "1", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, PYTHON, "-m", "overlap_probe",
                                         "--time-scale", "0.05", path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, exited_cb, &exited);
  id = g_timeout_add_seconds (60, timeout_cb, &timed_out);
  while ((fixture->ended->len == n || !exited) && !timed_out &&
         !(exited && !g_subprocess_get_successful (process)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
  g_assert_true (g_subprocess_get_successful (process));
  g_assert_cmpuint (fixture->ended->len, ==, n + 1);
  run = g_ptr_array_index (fixture->ended, n);
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_FINISHED);
  g_assert_null (overlap_run_get_note (run));
  return run;
}

static OverlapRun *
run_python_source (Fixture    *fixture,
                   const char *name,
                   const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  OverlapRun *run;

  g_file_set_contents (path, source, -1, &error);
  g_assert_no_error (error);
  run = run_python (fixture, path);
  g_unlink (path);
  return run;
}

/* The run's lanes, one a line, but threads' (which thread of a pool runs
 * which work, and so how many there are, is the pool's business) */
static char *
describe_lanes (OverlapRun *run)
{
  const OverlapLane *lanes;
  GString *out = g_string_new (NULL);
  guint n;

  lanes = overlap_run_get_lanes (run, &n);
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (overlap_run_string (run, lanes[i].kind), "thread") == 0)
        continue;
      g_string_append_printf (out, "%s%s\n", overlap_run_string (run, lanes[i].label),
                              lanes[i].result == OVERLAP_RESULT_OK ? "" : " · not ok");
    }
  return g_string_free (out, FALSE);
}

/* The arrows of the last run, one a line, "awaited -> waiter"; each from
 * the end of the awaited (a task, or a thread's work) to a time at or after
 * it, in the waiter's bar. */
static char *
describe_awaits (Fixture    *fixture,
                 OverlapRun *run)
{
  guint position = overlap_recording_get_n_runs (fixture->recording) - 1;
  const OverlapLane *lanes;
  const OverlapFlow *flows;
  GString *out = g_string_new (NULL);
  guint n_flows, n_lanes;

  g_assert_true (overlap_recording_get_run (fixture->recording, position) == run);
  lanes = overlap_run_get_lanes (run, &n_lanes);
  flows = overlap_recording_get_flows (fixture->recording, &n_flows);
  for (guint i = 0; i < n_flows; i++)
    {
      const OverlapLane *from, *to;

      if (flows[i].from_run != position)
        continue;
      g_assert_cmpuint (flows[i].to_run, ==, position);
      from = &lanes[flows[i].from_lane];
      to = &lanes[flows[i].to_lane];
      if (g_strcmp0 (overlap_run_string (run, from->kind), "thread") == 0)
        {
          /* from the end of a slice of work on the thread */
          const OverlapSpan *spans;
          guint n_spans, found = 0;

          spans = overlap_run_get_spans (run, &n_spans);
          for (guint k = 0; k < n_spans; k++)
            found += spans[k].lane == flows[i].from_lane && spans[k].end == flows[i].from_time;
          g_assert_cmpuint (found, ==, 1);
        }
      else
        g_assert_cmpint (flows[i].from_time, ==, from->end);
      g_assert_cmpint (flows[i].to_time, >=, flows[i].from_time);
      g_assert_cmpint (flows[i].to_time, >=, to->start);
      g_assert_cmpint (flows[i].to_time, <=, to->end);
      g_string_append_printf (out, "%s -> %s\n",
                              g_strcmp0 (overlap_run_string (run, from->kind), "thread") == 0
                                ? "a thread" : overlap_run_string (run, from->label),
                              overlap_run_string (run, to->label));
    }
  return g_string_free (out, FALSE);
}

static gboolean
skip_without_python (void)
{
  if (g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  g_test_skip (PYTHON " is missing");
  return TRUE;
}

static void
test_python_examples (Fixture       *fixture,
                      gconstpointer  data)
{
  static const struct { const char *name, *lanes, *awaits; } examples[] = {
    { "abc_gather.py",
      "main()\ntask('A', 2)\ntask('B', 1)\ntask('C', 3)\n",
      "task('A', 2) -> main()\ntask('B', 1) -> main()\ntask('C', 3) -> main()\n" },
    { "two_tasks.py",
      "main()\nlong_running_task_1()\nlong_running_task_2()\n",
      "long_running_task_1() -> main()\nlong_running_task_2() -> main()\n" },
    { "hello_world.py",
      "main()\nsay_hello()\nsay_world()\n",
      "say_hello() -> main()\nsay_world() -> main()\n" },
    /* awaited one by one, coroutines: no task awaits another; gathered, the
     * tasks wake the coroutine that gathers them */
    { "sequential_vs_gather.py",
      "main()\nsequential()\ntask('Task A', 2)\ntask('Task B', 1)\nconcurrent()\ntask('Task A', 2)\ntask('Task B', 1)\n",
      "task('Task A', 2) -> concurrent()\ntask('Task B', 1) -> concurrent()\n" },
    { "cpu_pitfall.py",
      "main()\ncrunch('compute 1', 1)\ncrunch('compute 2', 1)\ntimer('timer 0.5 s', 0.5)\ntimer('timer 1 s', 1)\n",
      "crunch('compute 1', 1) -> main()\ncrunch('compute 2', 1) -> main()\n"
      "timer('timer 0.5 s', 0.5) -> main()\ntimer('timer 1 s', 1) -> main()\n" },
  };

  if (skip_without_python ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      OverlapRun *run = run_python (fixture, examples[i].name);
      g_autofree char *lanes = describe_lanes (run);
      g_autofree char *awaits = describe_awaits (fixture, run);

      g_test_message ("%s", examples[i].name);
      g_assert_cmpstr (overlap_run_get_title (run), ==, examples[i].name);
      g_assert_cmpstr (lanes, ==, examples[i].lanes);
      g_assert_cmpstr (awaits, ==, examples[i].awaits);
    }
}

static const char kinds_py[] =
  "import asyncio, time\n"
  "\n"
  "async def child(name, delay):\n"
  "    await asyncio.sleep(delay)\n"
  "\n"
  "def blocking(n):\n"
  "    time.sleep(0.05)\n"
  "    return n\n"
  "\n"
  "async def main():\n"
  "    await asyncio.gather(child('g1', 0.2), child('g2', 0.4))\n"
  "    task = asyncio.create_task(child('t', 0.2))\n"
  "    await task\n"
  "    async with asyncio.TaskGroup() as group:\n"
  "        group.create_task(child('x', 0.4))\n"
  "        group.create_task(child('y', 0.2))\n"
  "    await asyncio.to_thread(blocking, 7)\n"
  "    await asyncio.get_running_loop().run_in_executor(None, blocking, 8)\n"
  "    # awaited twice: the second time it is done, no wait; lone later\n"
  "    lone = asyncio.create_task(child('lone', 0.6))\n"
  "    twice = asyncio.create_task(child('twice', 0.2))\n"
  "    await twice\n"
  "    await twice\n"
  "    await lone\n"
  "\n"
  "asyncio.run(main())\n";

/* gather, await task, TaskGroup, to_thread, run_in_executor */
static void
test_python_kinds (Fixture       *fixture,
                   gconstpointer  data)
{
  OverlapRun *run;
  g_autofree char *lanes = NULL;
  g_autofree char *awaits = NULL;
  const OverlapLane *all;
  const OverlapSpan *spans;
  g_autoptr(GString) work = g_string_new (NULL);
  guint n_lanes, n_spans, n_threads = 0;

  if (skip_without_python ())
    return;
  run = run_python_source (fixture, "kinds.py", kinds_py);
  lanes = describe_lanes (run);
  awaits = describe_awaits (fixture, run);
  g_assert_cmpstr (lanes, ==,
                   "main()\nchild('g1', 0.2)\nchild('g2', 0.4)\nchild('t', 0.2)\nchild('x', 0.4)\nchild('y', 0.2)\n"
                   "child('lone', 0.6)\nchild('twice', 0.2)\n");
  g_assert_cmpstr (awaits, ==,
                   "child('g1', 0.2) -> main()\nchild('g2', 0.4) -> main()\n"
                   "child('t', 0.2) -> main()\n"
                   "child('y', 0.2) -> main()\nchild('x', 0.4) -> main()\n"
                   "a thread -> main()\na thread -> main()\n"
                   "child('twice', 0.2) -> main()\n"
                   "child('lone', 0.6) -> main()\n");

  /* the pool's threads (one, or two when the second job came before the
   * first thread was free again): named as Python names them, their tids
   * said, the work on them */
  all = overlap_run_get_lanes (run, &n_lanes);
  spans = overlap_run_get_spans (run, &n_spans);
  for (guint i = 0; i < n_lanes; i++)
    {
      const char *detail = overlap_run_string (run, all[i].detail);
      int number = -1;

      if (g_strcmp0 (overlap_run_string (run, all[i].kind), "thread") != 0)
        continue;
      n_threads++;
      g_assert_cmpint (sscanf (overlap_run_string (run, all[i].label), "asyncio_%d", &number), ==, 1);
      g_assert_cmpint (number, >=, 0);
      g_assert_true (g_str_has_prefix (detail, "thread "));
      g_assert_cmpint (g_ascii_strtoll (detail + 7, NULL, 10), >, 0);
      for (guint k = 0; k < n_spans; k++)
        if (spans[k].lane == i)
          g_assert_cmpint (spans[k].end - spans[k].start, >=, 40 * 1000);
    }
  g_assert_cmpuint (n_threads, >=, 1);
  g_assert_cmpuint (n_threads, <=, 2);
  for (guint k = 0; k < n_spans; k++)
    if (g_strcmp0 (overlap_run_string (run, all[spans[k].lane].kind), "thread") == 0)
      g_string_append_printf (work, "%s\n", overlap_run_string (run, spans[k].label));
  g_assert_cmpstr (work->str, ==, "blocking(7)\nblocking(8)\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/feed-flows/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("threads", test_flows_on_threads);
  ADD ("v2", test_flows_v2);
  ADD ("tasks", test_flows_between_tasks);
  ADD ("one-clock", test_one_clock);
  ADD ("python/examples", test_python_examples);
  ADD ("python/kinds", test_python_kinds);
#undef ADD

  return g_test_run ();
}
