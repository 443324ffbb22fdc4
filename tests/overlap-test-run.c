/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-test-run.h"

/* Running a scenario in a test, as the window and the command line do. */

typedef struct
{
  gboolean done;
  GError  *error;
} Wait;

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Wait *wait = user_data;

  overlap_runner_run_finish (OVERLAP_RUNNER (object), result, &wait->error);
  wait->done = TRUE;
}

OverlapScenario *
overlap_test_scenario (const char *json)
{
  g_autoptr(GError) error = NULL;
  OverlapScenario *s = overlap_scenario_new_from_data (json, -1, "test.json", &error);

  g_assert_no_error (error);
  return s;
}

OverlapScenario *
overlap_test_bundled (const char *name)
{
  g_autoptr(GError) error = NULL;
  OverlapScenario *s = overlap_scenario_new_bundled (name, &error);

  g_assert_no_error (error);
  return s;
}

/* Runs @s under @strategy_text on the main loop until every task has ended. A run
 * that does not end within 20 minutes (OVERLAP_TEST_HANG: 10 s) fails the test and
 * says which tasks never ended. */
OverlapRun *
overlap_test_run (OverlapRunner   *runner,
                  OverlapScenario *s,
                  const char      *strategy_text,
                  GCancellable    *cancellable,
                  GError         **error)
{
  OverlapStrategy strategy;
  OverlapRun *run;
  Wait wait = { 0 };
  gint64 deadline = g_get_monotonic_time () + (g_getenv ("OVERLAP_TEST_HANG") ? 10 : 1200) * G_USEC_PER_SEC;

  g_assert_true (overlap_strategy_parse (strategy_text, &strategy, NULL));
  run = overlap_runner_new_run (runner, s, &strategy);
  overlap_runner_run_async (runner, s, &strategy, run, cancellable, run_cb, &wait);
  while (!wait.done)
    {
      /* A hang says which tasks never ended. */
      if (g_get_monotonic_time () > deadline)
        {
          guint n;

          overlap_run_get_lanes (run, &n);
          for (guint i = 0; i < n; i++)
            if (overlap_run_get_lane (run, i)->result == OVERLAP_RESULT_PENDING)
              g_printerr ("still running: task %u “%s” (%s)\n", i,
                          overlap_run_string (run, overlap_run_get_lane (run, i)->label),
                          overlap_run_string (run, overlap_run_get_lane (run, i)->kind));
          g_error ("%s: the run did not end in time", strategy_text);
        }
      /* Not blocking: the context is left unowned between iterations, as often as
       * possible, which once let worker threads run main-context code. */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (200);
    }
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  g_assert_false (overlap_run_is_live (run));
  return run;
}

/* How many chunks lane @lane of @run received, and in @bytes (if not NULL) how
 * many bytes they held. */
guint
overlap_test_count_chunks (OverlapRun *run,
                           guint       lane,
                           guint64    *bytes)
{
  const OverlapMark *marks;
  guint64 total = 0;
  guint n, count = 0;

  marks = overlap_run_get_marks (run, &n);
  for (guint i = 0; i < n; i++)
    if (marks[i].lane == lane && marks[i].kind == OVERLAP_MARK_CHUNK)
      {
        count++;
        total += marks[i].value;
      }
  if (bytes != NULL)
    *bytes = total;
  return count;
}

/* The demo server, listening on a free port of the loopback. */
OverlapDemoServer *
overlap_test_demo_server_new (void)
{
  g_autoptr(GError) error = NULL;
  OverlapDemoServer *server = overlap_demo_server_new ();

  g_assert_true (overlap_demo_server_start (server, 0, &error));
  g_assert_no_error (error);
  return server;
}
