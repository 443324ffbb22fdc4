/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "bench-util.h"
#include "overlap-runner.h"
#include "overlap-scenario.h"

/* Figure 7, fidelity: does the recording tell the truth?
 * - timer tasks of d, for several d, under gather: recorded duration − d (lane
 *   end − lane start, what the bar shows), p50 and p99;
 * - a CPU task that blocks the loop for 500 ms, on purpose: the run's longest
 *   stall as the loop-lag lane reports it.
 *
 *   bench-fidelity [--timers N] [--blocks N] [--smoke]
 */

static int      n_timers = 200;
static int      n_blocks = 10;
static gboolean smoke;

static const GOptionEntry entries[] = {
  { "timers", 'n', 0, G_OPTION_ARG_INT, &n_timers, "Timers per duration (default 200)", "N" },
  { "blocks", 'b', 0, G_OPTION_ARG_INT, &n_blocks, "Runs with a 500 ms block (default 10)", "N" },
  { "smoke", 0, 0, G_OPTION_ARG_NONE, &smoke, "A tiny run that only checks everything works", NULL },
  { NULL }
};

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!overlap_runner_run_finish (OVERLAP_RUNNER (object), result, &error))
    g_error ("run failed: %s", error->message);
  *done = TRUE;
}

static OverlapRun *
run_scenario (OverlapScenario *scenario)
{
  g_autoptr(OverlapRunner) runner = overlap_runner_new ();
  OverlapStrategy gather = { .kind = OVERLAP_STRATEGY_GATHER };
  OverlapRun *run = overlap_runner_new_run (runner, scenario, &gather);
  gboolean done = FALSE;

  overlap_runner_run_async (runner, scenario, &gather, run, NULL, run_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  return run;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— figure 7: fidelity");
  g_autoptr(GError) error = NULL;
  static const int durations_ms[] = { 1, 10, 100, 1000 };
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) stalls = g_array_new (FALSE, FALSE, sizeof (double));

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (smoke)
    {
      n_timers = 10;
      n_blocks = 1;
    }
  n_timers = CLAMP (n_timers, 1, 100000);
  n_blocks = CLAMP (n_blocks, 1, 1000);

  printf ("Figure 7 — fidelity\n");
  printf ("timers: %d under gather for each d; recorded − d in ms\n", n_timers);
  printf ("d         p50      p99      max\n");
  for (guint k = 0; k < G_N_ELEMENTS (durations_ms); k++)
    {
      g_autoptr(OverlapScenario) scenario = overlap_scenario_new ("Timer fidelity");
      g_autoptr(OverlapRun) run = NULL;
      g_autoptr(GArray) errors = g_array_new (FALSE, FALSE, sizeof (double));
      const OverlapLane *lanes;
      guint n_lanes;
      gint64 d = (gint64) durations_ms[k] * 1000;

      if (smoke && durations_ms[k] > 100)
        continue;
      for (int i = 0; i < n_timers; i++)
        {
          g_autoptr(OverlapTaskSpec) spec = overlap_task_spec_new (OVERLAP_TASK_TIMER, "timer");

          spec->duration = d;
          overlap_scenario_add_task (scenario, spec);
        }
      run = run_scenario (scenario);
      lanes = overlap_run_get_lanes (run, &n_lanes);
      for (guint i = 0; i < n_lanes; i++)
        {
          double e = (lanes[i].end - lanes[i].start - d) / 1000.0;

          g_array_append_val (errors, e);
          g_array_append_val (all, e);
        }
      printf ("%4d ms  %6.3f   %6.3f   %6.3f\n", durations_ms[k], bench_median (errors),
              bench_percentile (errors, 99), bench_max (errors));
    }
  printf ("all      %6.3f   %6.3f   %6.3f   (target: p99 ≤ 2 ms)\n\n", bench_median (all),
          bench_percentile (all, 99), bench_max (all));

  printf ("loop lag: a CPU task blocking the loop for 500 ms, %d runs\n", n_blocks);
  for (int i = 0; i < n_blocks; i++)
    {
      g_autoptr(OverlapScenario) scenario = overlap_scenario_new ("Loop lag");
      g_autoptr(OverlapTaskSpec) spec = overlap_task_spec_new (OVERLAP_TASK_CPU, "block");
      g_autoptr(OverlapRun) run = NULL;
      OverlapRunStats stats;
      double ms;

      spec->duration = 500 * 1000;
      spec->on_loop = TRUE;
      overlap_scenario_add_task (scenario, spec);
      run = run_scenario (scenario);
      overlap_run_get_stats (run, &stats);
      ms = stats.longest_stall / 1000.0;
      g_array_append_val (stalls, ms);
    }
  {
    g_autofree char *s = bench_summary (stalls, "%.2f");
    printf ("longest stall: %s ms   (target 500 ± 10 ms)\n", s);
  }
  return 0;
}
