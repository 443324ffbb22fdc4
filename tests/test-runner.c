/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "overlap-runner.h"
#include "overlap-task.h"
#include "overlap-test-run.h"

/* Every strategy and task kind runs for real here, at a small time scale.
 * Timing checks compare ratios with generous margins: the machine may be busy. */

#define MS 1000

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Wait;

static OverlapRun *
run_json (const char *json,
          const char *strategy,
          double      time_scale)
{
  OverlapRunner *runner = overlap_runner_new ();
  OverlapScenario *s = overlap_test_scenario (json);
  g_autoptr(GError) error = NULL;
  OverlapRun *run;

  overlap_runner_set_time_scale (runner, time_scale);
  run = overlap_test_run (runner, s, strategy, NULL, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (runner);
  g_assert_finalize_object (s);
  return run;
}

static const OverlapLane *
lane (OverlapRun *run,
      guint       i)
{
  return overlap_run_get_lane (run, i);
}

static gint64
first_work_start (OverlapRun *run,
                  guint       l)
{
  const OverlapSpan *spans;
  guint n;

  spans = overlap_run_get_spans (run, &n);
  for (guint i = 0; i < n; i++)
    if (spans[i].lane == l && spans[i].phase != OVERLAP_PHASE_QUEUED)
      return spans[i].start;
  return -1;
}

static gint64
queued_time (OverlapRun *run,
             guint       l)
{
  const OverlapSpan *spans;
  gint64 total = 0;
  guint n;

  spans = overlap_run_get_spans (run, &n);
  for (guint i = 0; i < n; i++)
    if (spans[i].lane == l && spans[i].phase == OVERLAP_PHASE_QUEUED)
      total += spans[i].end - spans[i].start;
  return total;
}

static const char *abc =
  "{\"title\": \"ABC\", \"tasks\": ["
  " {\"kind\": \"timer\", \"label\": \"A\", \"duration\": 2},"
  " {\"kind\": \"timer\", \"label\": \"B\", \"duration\": 1},"
  " {\"kind\": \"timer\", \"label\": \"C\", \"duration\": 3}]}";

static void
test_sequential (void)
{
  OverlapRun *run = run_json (abc, "sequential", 0.05);   /* 100, 50, 150 ms */
  OverlapRunStats stats;

  overlap_run_get_stats (run, &stats);
  g_assert_cmpuint (stats.n_ok, ==, 3);
  g_assert_cmpuint (stats.max_in_flight, ==, 1);

  /* never overlap: each starts after the previous one ended */
  for (guint i = 1; i < 3; i++)
    g_assert_cmpint (lane (run, i)->start, >=, lane (run, i - 1)->end);

  /* each timer waited at least its duration */
  g_assert_cmpint (lane (run, 0)->end - lane (run, 0)->start, >=, 100 * MS);
  g_assert_cmpint (lane (run, 2)->end - lane (run, 2)->start, >=, 150 * MS);

  /* wall time is about the sum */
  g_assert_cmpint (stats.wall_time, >=, 300 * MS);
  g_assert_cmpint (stats.wall_time, <, 300 * MS * 2);
  g_assert_cmpint (lane (run, 0)->completion, ==, 1);
  g_assert_cmpint (lane (run, 2)->completion, ==, 3);

  g_assert_finalize_object (run);
}

static void
test_gather (void)
{
  OverlapRun *run = run_json (abc, "gather", 0.05);
  OverlapRunStats stats;

  overlap_run_get_stats (run, &stats);
  g_assert_cmpuint (stats.n_ok, ==, 3);
  g_assert_cmpuint (stats.max_in_flight, ==, 3);

  /* all start together; the wall time is about the longest task, not the sum */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (lane (run, i)->start, <, 20 * MS);
  g_assert_cmpint (stats.wall_time, >=, 150 * MS);
  g_assert_cmpint (stats.wall_time, <, stats.task_time_sum * 3 / 4);

  /* "Task B finishes first while Task A is still waiting" */
  g_assert_cmpint (lane (run, 1)->completion, ==, 1);
  g_assert_cmpint (lane (run, 0)->completion, ==, 2);
  g_assert_cmpint (lane (run, 2)->completion, ==, 3);

  g_assert_finalize_object (run);
}

static void
test_bounded (void)
{
  OverlapRun *run = run_json (
    "{\"title\": \"b\", \"tasks\": [{\"kind\": \"timer\", \"label\": \"job\", \"duration\": 0.1, \"repeat\": 6}]}",
    "bounded(2)", 1.0);
  OverlapRunStats stats;
  const OverlapCounter *counters;
  guint n_counters;

  overlap_run_get_stats (run, &stats);
  g_assert_cmpuint (stats.n_ok, ==, 6);
  g_assert_cmpuint (stats.max_in_flight, ==, 2);

  /* never more than 2 in flight, at any sample */
  counters = overlap_run_get_counters (run, &n_counters);
  g_assert_cmpstr (counters[0].name, ==, "in flight");
  for (guint i = 0; i < counters[0].samples->len; i++)
    g_assert_cmpfloat (g_array_index (counters[0].samples, OverlapSample, i).value, <=, 2);

  /* the first two start at once; the last two waited in the queue for about two rounds */
  g_assert_cmpint (queued_time (run, 0), ==, 0);
  g_assert_cmpint (queued_time (run, 5), >=, 200 * MS - 5 * MS);
  g_assert_cmpint (stats.wall_time, >=, 300 * MS);

  g_assert_finalize_object (run);
}

static void
test_as_completed (void)
{
  OverlapRun *run = run_json (abc, "as-completed", 0.05);

  g_assert_cmpint (lane (run, 1)->completion, ==, 1);
  g_assert_cmpint (lane (run, 0)->completion, ==, 2);
  g_assert_cmpint (lane (run, 2)->completion, ==, 3);
  g_assert_cmpstr (overlap_run_get_strategy (run), ==, "as-completed");

  g_assert_finalize_object (run);
}

static void
test_first_completed (void)
{
  OverlapRun *run = run_json (abc, "first-completed", 0.1);   /* 200, 100, 300 ms */
  OverlapRunStats stats;

  overlap_run_get_stats (run, &stats);
  g_assert_cmpint (lane (run, 1)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (lane (run, 0)->result, ==, OVERLAP_RESULT_CANCELLED);
  g_assert_cmpint (lane (run, 2)->result, ==, OVERLAP_RESULT_CANCELLED);
  g_assert_nonnull (strstr (overlap_run_string (run, lane (run, 0)->message), "“B” finished first"));
  g_assert_cmpuint (stats.n_cancelled, ==, 2);

  /* the losers were cancelled when B finished, not left to run */
  g_assert_cmpint (lane (run, 0)->end - lane (run, 1)->end, <, 50 * MS);
  g_assert_cmpint (stats.wall_time, <, 300 * MS * 2 / 3);

  g_assert_finalize_object (run);
}

static void
test_timeout (void)
{
  OverlapRun *run = run_json (
    "{\"title\": \"t\", \"tasks\": ["
    " {\"kind\": \"timer\", \"label\": \"quick\", \"duration\": 0.5},"
    " {\"kind\": \"timer\", \"label\": \"on time\", \"duration\": 1.2},"
    " {\"kind\": \"timer\", \"label\": \"too slow\", \"duration\": 2},"
    " {\"kind\": \"timer\", \"label\": \"much too slow\", \"duration\": 3}]}",
    "timeout(1.5)", 0.2);                                              /* deadline 300 ms */
  OverlapRunStats stats;

  overlap_run_get_stats (run, &stats);
  g_assert_cmpint (lane (run, 0)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (lane (run, 1)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (lane (run, 2)->result, ==, OVERLAP_RESULT_TIMED_OUT);
  g_assert_cmpint (lane (run, 3)->result, ==, OVERLAP_RESULT_TIMED_OUT);
  g_assert_nonnull (strstr (overlap_run_string (run, lane (run, 2)->message), "deadline"));

  /* cancelled at the deadline (300 ms), not when they would have ended (400, 600 ms) */
  g_assert_cmpint (lane (run, 2)->end, >=, 300 * MS);
  g_assert_cmpint (lane (run, 2)->end, <, 400 * MS);
  g_assert_cmpint (stats.wall_time, <, 600 * MS * 2 / 3);

  g_assert_finalize_object (run);
}

static void
test_task_timeout (void)
{
  OverlapRun *run = run_json (
    "{\"title\": \"t\", \"tasks\": [{\"kind\": \"timer\", \"duration\": 5, \"timeout\": 0.1}]}",
    "gather", 1.0);

  g_assert_cmpint (lane (run, 0)->result, ==, OVERLAP_RESULT_TIMED_OUT);
  g_assert_nonnull (strstr (overlap_run_string (run, lane (run, 0)->message), "Timed out after"));
  g_assert_cmpint (lane (run, 0)->end, <, 1000 * MS);

  g_assert_finalize_object (run);
}

static const char *pitfall =
  "{\"title\": \"cpu\", \"tasks\": ["
  " {\"kind\": \"cpu\", \"label\": \"compute\", \"duration\": 0.3, \"where\": \"loop\"},"
  " {\"kind\": \"timer\", \"label\": \"timer\", \"duration\": 0.05}]}";

static void
test_cpu_stall (void)
{
  OverlapRun *on_loop = run_json (pitfall, "gather", 1.0);
  OverlapRun *threads = run_json (pitfall, "threads(2)", 1.0);
  OverlapRun *in_thread = run_json (
    "{\"title\": \"cpu\", \"tasks\": [{\"kind\": \"cpu\", \"duration\": 0.3, \"where\": \"thread\"},"
    " {\"kind\": \"timer\", \"duration\": 0.05}]}", "gather", 1.0);
  OverlapRunStats loop_stats, thread_stats, in_thread_stats;
  const OverlapSpan *spans;
  guint n;

  overlap_run_get_stats (on_loop, &loop_stats);
  overlap_run_get_stats (threads, &thread_stats);
  overlap_run_get_stats (in_thread, &in_thread_stats);

  /* on the loop: a stall of about the work's duration, and the 50 ms timer ends late */
  g_assert_cmpint (loop_stats.longest_stall, >=, 300 * MS * 2 / 3);
  g_assert_cmpint (lane (on_loop, 1)->end, >=, 300 * MS * 2 / 3);
  spans = overlap_run_get_spans (on_loop, &n);
  g_assert_cmpint (spans[0].phase, ==, OVERLAP_PHASE_WAITING);   /* the timer started first */
  for (guint i = 0; i < n; i++)
    if (spans[i].lane == 0)
      g_assert_cmpint (spans[i].phase, ==, OVERLAP_PHASE_BLOCKING);

  /* in threads: the loop keeps going */
  g_assert_cmpint (thread_stats.longest_stall, <, loop_stats.longest_stall / 3);
  g_assert_cmpint (in_thread_stats.longest_stall, <, loop_stats.longest_stall / 3);
  g_assert_cmpint (lane (in_thread, 1)->end, <, 300 * MS * 2 / 3);
  g_assert_cmpuint (thread_stats.n_ok, ==, 2);

  g_assert_finalize_object (on_loop);
  g_assert_finalize_object (threads);
  g_assert_finalize_object (in_thread);
}

static void
test_threads (void)
{
  OverlapRun *run = run_json (
    "{\"title\": \"t\", \"tasks\": [{\"kind\": \"timer\", \"label\": \"sleep\", \"duration\": 0.1, \"repeat\": 4}]}",
    "threads(2)", 1.0);
  OverlapRunStats stats;

  overlap_run_get_stats (run, &stats);
  g_assert_cmpuint (stats.n_ok, ==, 4);
  g_assert_cmpuint (stats.max_in_flight, <=, 2);
  g_assert_cmpint (stats.wall_time, >=, 200 * MS - 5 * MS);
  /* two waited for a free thread */
  g_assert_cmpint (queued_time (run, 0) + queued_time (run, 1) + queued_time (run, 2) + queued_time (run, 3),
                   >=, 2 * 100 * MS * 2 / 3);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (first_work_start (run, i), >=, 0);

  g_assert_finalize_object (run);
}

static void
test_spawn (void)
{
  OverlapRun *run = run_json (
    "{\"title\": \"s\", \"tasks\": ["
    " {\"kind\": \"spawn\", \"label\": \"ok\", \"argv\": [\"echo\", \"hello\"]},"
    " {\"kind\": \"spawn\", \"label\": \"fails\", \"argv\": [\"false\"]},"
    " {\"kind\": \"spawn\", \"label\": \"missing\", \"argv\": [\"/nonexistent/program\"]},"
    " {\"kind\": \"spawn\", \"label\": \"killed\", \"argv\": [\"sh\", \"-c\", \"kill -9 $$\"]},"
    " {\"kind\": \"spawn\", \"label\": \"sleep\", \"duration\": 0.1},"
    " {\"kind\": \"spawn\", \"label\": \"flood\", \"argv\": [\"head\", \"-c\", \"3000000\", \"/dev/zero\"]}]}",
    "gather", 1.0);

  g_assert_cmpint (lane (run, 0)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpuint (lane (run, 0)->bytes, ==, 6);
  g_assert_cmpint (lane (run, 1)->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_nonnull (strstr (overlap_run_string (run, lane (run, 1)->message), "“false” exited with status 1"));
  g_assert_cmpint (lane (run, 2)->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_nonnull (strstr (overlap_run_string (run, lane (run, 2)->message), "Could not start “/nonexistent/program”"));
  g_assert_cmpint (lane (run, 3)->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_nonnull (strstr (overlap_run_string (run, lane (run, 3)->message), "killed by signal 9"));
  g_assert_cmpint (lane (run, 4)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (lane (run, 4)->end - lane (run, 4)->start, >=, 100 * MS);
  g_assert_cmpint (lane (run, 5)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpuint (lane (run, 5)->bytes, ==, 3000000);

  g_assert_finalize_object (run);
}

static void
test_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("overlap-test-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *secret = g_build_filename (dir, "secret", NULL);
  g_autofree char *json = NULL;
  OverlapRun *run = NULL;
  guint64 bytes;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (g_file_set_contents (secret, "x", 1, NULL));
  g_chmod (secret, 0);

  json = g_strdup_printf (
    "{\"title\": \"f\", \"tasks\": ["
    " {\"kind\": \"file\", \"label\": \"read\", \"size\": \"1 MiB\", \"chunk-size\": \"64 KiB\"},"
    " {\"kind\": \"file\", \"label\": \"write\", \"size\": \"1 MiB\", \"write\": true},"
    " {\"kind\": \"file\", \"label\": \"missing\", \"path\": \"%s/missing\"},"
    " {\"kind\": \"file\", \"label\": \"folder\", \"path\": \"%s\"},"
    " {\"kind\": \"file\", \"label\": \"fifo\", \"path\": \"%s\"},"
    " {\"kind\": \"file\", \"label\": \"zero\", \"path\": \"/dev/zero\", \"size\": 100000},"
    " {\"kind\": \"file\", \"label\": \"secret\", \"path\": \"%s\"}]}",
    dir, dir, fifo, secret);
  run = run_json (json, "gather", 1.0);

  g_assert_cmpint (lane (run, 0)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpuint (overlap_test_count_chunks (run, 0, &bytes), ==, 16);
  g_assert_cmpuint (bytes, ==, 1024 * 1024);
  g_assert_cmpuint (lane (run, 0)->bytes, ==, 1024 * 1024);
  g_assert_cmpint (lane (run, 1)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpuint (lane (run, 1)->bytes, ==, 1024 * 1024);

  g_assert_cmpint (lane (run, 2)->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_nonnull (strstr (overlap_run_string (run, lane (run, 2)->message), "missing"));
  g_assert_cmpint (lane (run, 3)->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_nonnull (strstr (overlap_run_string (run, lane (run, 3)->message), "folder"));
  g_assert_cmpint (lane (run, 4)->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_nonnull (strstr (overlap_run_string (run, lane (run, 4)->message), "Not a regular file"));
  g_assert_cmpint (lane (run, 5)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpuint (lane (run, 5)->bytes, ==, 100000);
  if (getuid () != 0)   /* root reads anything */
    g_assert_cmpint (lane (run, 6)->result, ==, OVERLAP_RESULT_FAILED);

  g_unlink (fifo);
  g_unlink (secret);
  g_rmdir (dir);

  g_assert_finalize_object (run);
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  OverlapRunner *runner = overlap_runner_new ();
  OverlapScenario *s = overlap_test_scenario (abc);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  OverlapRun *run = NULL;
  gint64 started = g_get_monotonic_time ();

  g_timeout_add (100, cancel_later, cancellable);
  run = overlap_test_run (runner, s, "sequential", cancellable, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 1000 * MS);
  g_assert_cmpint (lane (run, 0)->result, ==, OVERLAP_RESULT_CANCELLED);
  g_assert_cmpint (lane (run, 1)->result, ==, OVERLAP_RESULT_CANCELLED);
  g_assert_nonnull (strstr (overlap_run_string (run, lane (run, 1)->message), "Not started"));

  g_assert_finalize_object (runner);
  g_assert_finalize_object (s);
  g_assert_finalize_object (run);
}

static void
test_cancel_threads (void)
{
  OverlapRunner *runner = overlap_runner_new ();
  OverlapScenario *s = overlap_test_scenario (
    "{\"title\": \"t\", \"tasks\": [{\"kind\": \"cpu\", \"duration\": 10, \"where\": \"thread\"},"
    " {\"kind\": \"timer\", \"duration\": 10}, {\"kind\": \"spawn\", \"argv\": [\"sleep\", \"10\"]}]}");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  OverlapRun *run = NULL;
  gint64 started = g_get_monotonic_time ();

  g_timeout_add (100, cancel_later, cancellable);
  run = overlap_test_run (runner, s, "threads(3)", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 3000 * MS);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (lane (run, i)->result, ==, OVERLAP_RESULT_CANCELLED);

  g_assert_finalize_object (runner);
  g_assert_finalize_object (s);
  g_assert_finalize_object (run);
}

static void
compare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = overlap_runner_compare_finish (OVERLAP_RUNNER (object), result, &wait->error);
  wait->done = TRUE;
}

static void
test_compare (gconstpointer data)
{
  gboolean race = GPOINTER_TO_INT (data);
  OverlapRunner *runner = overlap_runner_new ();
  OverlapScenario *s = overlap_test_scenario (abc);
  OverlapRecording *recording = overlap_recording_new ("abc");
  OverlapRun *seq, *gather;
  Wait wait = { 0 };
  double speedup;

  overlap_runner_set_time_scale (runner, 0.05);
  overlap_runner_compare_async (runner,
                                &(OverlapComparisonSetup) { .scenario = s, .race = race, .recording = recording },
                                NULL, compare_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (wait.error);

  g_assert_cmpuint (overlap_recording_get_n_runs (recording), ==, 2);
  seq = overlap_recording_get_run (recording, 0);
  gather = overlap_recording_get_run (recording, 1);
  g_assert_cmpstr (overlap_run_get_strategy (seq), ==, "sequential");
  g_assert_cmpstr (overlap_run_get_strategy (gather), ==, "gather");

  /* 6 s against 3 s: about twice as fast */
  speedup = overlap_recording_get_speedup (recording, gather);
  g_assert_cmpfloat (speedup, >, 1.4);
  g_assert_cmpfloat (speedup, <, 2.6);

  if (race)
    g_assert_cmpint (overlap_run_get_offset (gather), <, 50 * MS);
  else
    g_assert_cmpint (overlap_run_get_offset (gather), >=, overlap_run_get_wall_time (seq));

  g_assert_finalize_object (runner);
  g_assert_finalize_object (s);
  g_assert_finalize_object (recording);
}

static void
test_http_queue (void)
{
  OverlapRunner *runner = overlap_runner_new ();
  const char *json =
    "{\"title\": \"h\", \"http\": {\"max-conns\": %u, \"max-conns-per-host\": %u}, \"tasks\": ["
    " {\"kind\": \"http\", \"label\": \"r\", \"size\": \"8 KiB\", \"latency\": \"100 ms\", \"repeat\": 10}]}";
  g_autofree char *limited_json = g_strdup_printf (json, 10, 2);
  g_autofree char *open_json = g_strdup_printf (json, 100, 100);
  OverlapScenario *limited = overlap_test_scenario (limited_json);
  OverlapScenario *open = overlap_test_scenario (open_json);
  OverlapRun *queued = NULL;
  OverlapRun *free_run = NULL;
  g_autoptr(GError) error = NULL;
  OverlapRunStats q, f;
  gint64 total_queue = 0;

  queued = overlap_test_run (runner, limited, "gather", NULL, &error);
  g_assert_no_error (error);
  free_run = overlap_test_run (runner, open, "gather", NULL, &error);
  g_assert_no_error (error);
  overlap_run_get_stats (queued, &q);
  overlap_run_get_stats (free_run, &f);

  g_assert_cmpuint (q.n_ok, ==, 10);
  g_assert_cmpuint (f.n_ok, ==, 10);
  /* 2 per host: five waves of 100 ms; unlimited: about one, plus setting up ten
   * connections at once, which takes 200 ms and more under the sanitizers on a
   * loaded machine */
  g_assert_cmpint (q.wall_time, >=, 5 * 100 * MS * 3 / 4);
  g_assert_cmpint (f.wall_time, <, q.wall_time * 3 / 4);
  for (guint i = 0; i < 10; i++)
    total_queue += queued_time (queued, i);
  g_assert_cmpint (total_queue, >=, (0 + 0 + 1 + 1 + 2 + 2 + 3 + 3 + 4 + 4) * 100 * MS / 2);

  g_assert_finalize_object (runner);
  g_assert_finalize_object (limited);
  g_assert_finalize_object (open);
  g_assert_finalize_object (queued);
  g_assert_finalize_object (free_run);
}

/* A timer task run on its own, outside a run (the runner keeps its timers in
 * its own queue): it waits its duration, and a cancel ends it at once. */
typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  gint64    end;
} TaskResult;

static void
task_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TaskResult *r = user_data;

  r->ok = overlap_task_run_finish (OVERLAP_TASK (object), result, &r->error);
  r->end = g_get_monotonic_time ();
  r->done = TRUE;
}

static gboolean
cancel_soon_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_timer_task_alone (void)
{
  OverlapTaskContext context = { 0 };
  g_autoptr(OverlapTaskSpec) spec = overlap_task_spec_new (OVERLAP_TASK_TIMER, "alone");
  OverlapTask *waits = NULL;
  OverlapTask *cancelled = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TaskResult a = { 0 }, b = { 0 };
  gint64 start;

  spec->duration = 200 * MS;
  waits = overlap_task_new_for_spec (spec, &context);
  spec->duration = 10 * 1000 * MS;
  cancelled = overlap_task_new_for_spec (spec, &context);

  start = g_get_monotonic_time ();
  overlap_task_run_async (waits, NULL, task_done_cb, &a);
  overlap_task_run_async (cancelled, cancellable, task_done_cb, &b);
  g_timeout_add (50, cancel_soon_cb, cancellable);
  while (!a.done || !b.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (a.error);
  g_assert_true (a.ok);
  g_assert_cmpint (a.end - start, >=, 200 * MS);
  g_assert_false (b.ok);
  g_assert_error (b.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* cancelled after 50 ms, long before its 10 s: before the other's 200 ms even */
  g_assert_cmpint (b.end, <, a.end);
  g_clear_error (&b.error);

  g_assert_finalize_object (waits);
  g_assert_finalize_object (cancelled);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = overlap_runner_run_finish (OVERLAP_RUNNER (object), result, &wait->error);
  wait->done = TRUE;
}

/* A run whose lanes are not its scenario's tasks is refused, and left as it was. */
static void
test_lanes_mismatch (void)
{
  g_autoptr(OverlapRunner) runner = overlap_runner_new ();
  g_autoptr(OverlapScenario) s = overlap_test_scenario (abc);
  g_autoptr(OverlapRun) run = NULL;
  OverlapStrategy strategy;
  Wait wait = { 0 };

  g_assert_true (overlap_strategy_parse ("gather", &strategy, NULL));
  run = overlap_runner_new_run (runner, s, &strategy);
  overlap_run_add_lane (run, "extra", "timer", NULL);
  overlap_runner_run_async (runner, s, &strategy, run, NULL, run_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (wait.ok);
  g_assert_nonnull (wait.error);
  g_assert_cmpstr (wait.error->message, ==, "The run has 4 lanes for 3 tasks");
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_PENDING);
  g_clear_error (&wait.error);
  g_assert_finalize_object (g_steal_pointer (&run));
}

/* A comparison stopped: one after another, the runs after the stopped one never
 * start; in a race every run has started, and each ends cancelled. Either way
 * the comparison ends cancelled. */
static void
test_compare_stopped (gconstpointer data)
{
  gboolean race = GPOINTER_TO_INT (data);
  g_autoptr(OverlapRunner) runner = overlap_runner_new ();
  g_autoptr(OverlapScenario) s = overlap_test_scenario (abc);
  g_autoptr(OverlapRecording) recording = overlap_recording_new ("abc");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { 0 };
  guint n_runs;

  overlap_runner_set_time_scale (runner, 0.05);
  overlap_runner_compare_async (runner,
                                &(OverlapComparisonSetup) { .scenario = s, .race = race, .recording = recording },
                                cancellable, compare_cb, &wait);
  g_timeout_add (50, cancel_soon_cb, cancellable);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (wait.ok);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  n_runs = overlap_recording_get_n_runs (recording);
  g_assert_cmpuint (n_runs, ==, race ? 2 : 1);
  for (guint i = 0; i < n_runs; i++)
    g_assert_cmpint (overlap_run_get_state (overlap_recording_get_run (recording, i)), ==,
                     OVERLAP_RUN_CANCELLED);
  g_clear_error (&wait.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runner/timer-task-alone", test_timer_task_alone);
  g_test_add_func ("/runner/sequential", test_sequential);
  g_test_add_func ("/runner/gather", test_gather);
  g_test_add_func ("/runner/bounded", test_bounded);
  g_test_add_func ("/runner/as-completed", test_as_completed);
  g_test_add_func ("/runner/first-completed", test_first_completed);
  g_test_add_func ("/runner/timeout", test_timeout);
  g_test_add_func ("/runner/task-timeout", test_task_timeout);
  g_test_add_func ("/runner/cpu-stall", test_cpu_stall);
  g_test_add_func ("/runner/threads", test_threads);
  g_test_add_func ("/runner/spawn", test_spawn);
  g_test_add_func ("/runner/files", test_files);
  g_test_add_func ("/runner/cancel", test_cancel);
  g_test_add_func ("/runner/cancel-threads", test_cancel_threads);
  g_test_add_data_func ("/runner/compare/one-after-another", GINT_TO_POINTER (FALSE), test_compare);
  g_test_add_data_func ("/runner/compare/race", GINT_TO_POINTER (TRUE), test_compare);
  g_test_add_func ("/runner/http-connection-limits", test_http_queue);
  g_test_add_func ("/runner/lanes-mismatch", test_lanes_mismatch);
  g_test_add_data_func ("/runner/compare/stopped-one-after-another", GINT_TO_POINTER (FALSE),
                        test_compare_stopped);
  g_test_add_data_func ("/runner/compare/stopped-race", GINT_TO_POINTER (TRUE), test_compare_stopped);

  return g_test_run ();
}
