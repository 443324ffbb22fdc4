/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "bench-util.h"
#include "overlap-runner.h"
#include "overlap-scenario.h"

/* Figure 1, engine overhead: N timer tasks of d under gather, recorded through
 * OverlapRunner, against a bare GLib program doing the same N g_timeout_add()
 * timers with no recording (the limit) and against Python's asyncio.gather of N
 * asyncio.sleep(d). Each side runs in a child process of its own (a clean heap,
 * its own getrusage()), alternating, round after round; each child measures wall
 * and CPU time from the first timer scheduled to the last one done.
 *
 *   bench-engine [--tasks N] [--duration-ms D] [--rounds R] [--smoke]
 *   bench-engine --mode bare|overlap --tasks N --duration-ms D   (one child)
 */

static int      n_tasks = 100000;
static int      duration_ms = 1000;
static int      n_rounds = 5;
static gboolean smoke;
static char    *mode;

static const GOptionEntry entries[] = {
  { "tasks", 'n', 0, G_OPTION_ARG_INT, &n_tasks, "Timer tasks (default 100000)", "N" },
  { "duration-ms", 'd', 0, G_OPTION_ARG_INT, &duration_ms, "Each timer's duration (default 1000)", "MS" },
  { "rounds", 'r', 0, G_OPTION_ARG_INT, &n_rounds, "Rounds of the three sides (default 5)", "R" },
  { "smoke", 0, 0, G_OPTION_ARG_NONE, &smoke, "A tiny run that only checks everything works", NULL },
  { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, "Run one side in this process: bare or overlap", "MODE" },
  { NULL }
};

/* One side, in this process */

static int       bare_left;
static GMainLoop *loop;

static gboolean
bare_timeout_cb (gpointer data)
{
  if (--bare_left == 0)
    g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
run_bare (gint64 *wall,
          gint64 *cpu)
{
  gint64 wall0 = g_get_monotonic_time (), cpu0 = bench_cpu_time ();

  bare_left = n_tasks;
  for (int i = 0; i < n_tasks; i++)
    g_timeout_add (duration_ms, bare_timeout_cb, NULL);
  g_main_loop_run (loop);

  *wall = g_get_monotonic_time () - wall0;
  *cpu = bench_cpu_time () - cpu0;
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!overlap_runner_run_finish (OVERLAP_RUNNER (object), result, &error))
    g_error ("run failed: %s", error->message);
  g_main_loop_quit (loop);
}

static void
run_overlap (gint64 *wall,
             gint64 *cpu)
{
  g_autoptr(OverlapScenario) scenario = overlap_scenario_new ("Engine overhead");
  g_autoptr(OverlapRunner) runner = overlap_runner_new ();
  g_autoptr(OverlapRun) run = NULL;
  OverlapStrategy gather = { .kind = OVERLAP_STRATEGY_GATHER };
  OverlapRunStats stats;
  gint64 wall0, cpu0;

  /* The scenario is the user's input, built before the clock starts. */
  for (int i = 0; i < n_tasks; i++)
    {
      g_autoptr(OverlapTaskSpec) spec = overlap_task_spec_new (OVERLAP_TASK_TIMER, NULL);
      char label[32];

      g_snprintf (label, sizeof label, "timer %d", i + 1);
      g_free (spec->label);
      spec->label = g_strdup (label);
      spec->duration = (gint64) duration_ms * 1000;
      overlap_scenario_add_task (scenario, spec);
    }

  wall0 = g_get_monotonic_time ();
  cpu0 = bench_cpu_time ();

  run = overlap_runner_new_run (runner, scenario, &gather);
  overlap_runner_run_async (runner, scenario, &gather, run, NULL, run_done_cb, NULL);
  /* Every task started: how long that took, and its CPU time. */
  printf ("setup_wall_us %" G_GINT64_FORMAT "\n", g_get_monotonic_time () - wall0);
  printf ("setup_cpu_us %" G_GINT64_FORMAT "\n", bench_cpu_time () - cpu0);
  g_main_loop_run (loop);

  *wall = g_get_monotonic_time () - wall0;
  *cpu = bench_cpu_time () - cpu0;

  overlap_run_get_stats (run, &stats);
  if (stats.n_ok != (guint) n_tasks)
    g_error ("%u of %d tasks ok", stats.n_ok, n_tasks);
  printf ("run_wall_us %" G_GINT64_FORMAT "\n", stats.wall_time);
  printf ("recording_bytes %" G_GSIZE_FORMAT "\n", overlap_run_get_memory_size (run));
}

static int
run_one_side (void)
{
  gint64 wall = 0, cpu = 0;

  loop = g_main_loop_new (NULL, FALSE);
  if (g_strcmp0 (mode, "bare") == 0)
    run_bare (&wall, &cpu);
  else if (g_strcmp0 (mode, "overlap") == 0)
    run_overlap (&wall, &cpu);
  else
    {
      g_printerr ("unknown mode “%s”\n", mode);
      return 2;
    }
  g_main_loop_unref (loop);

  printf ("wall_us %" G_GINT64_FORMAT "\n", wall);
  printf ("cpu_us %" G_GINT64_FORMAT "\n", cpu);
  printf ("rss_kib %ld\n", bench_vm_hwm_kib ());
  return 0;
}

/* The comparison */

enum { SIDE_BARE, SIDE_OVERLAP, SIDE_ASYNCIO, N_SIDES };
static const char *side_names[N_SIDES] = { "bare GLib", "Overlap (recorded)", "Python asyncio" };

static gboolean
run_side (int       side,
          const char *self_path,
          double   *wall,
          double   *cpu,
          double   *rss)
{
  g_autofree char *n = g_strdup_printf ("%d", n_tasks);
  g_autofree char *d = g_strdup_printf ("%d", duration_ms);
  g_autofree char *seconds = g_strdup_printf ("%g", duration_ms / 1000.0);
  g_autofree char *script = g_build_filename (BENCH_SRCDIR, "asyncio-gather.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  if (side == SIDE_ASYNCIO)
    {
      const char *argv[] = { BENCH_PYTHON, script, n, seconds, NULL };
      out = bench_run_child (argv, &error);
    }
  else
    {
      const char *argv[] = { self_path, "--mode", side == SIDE_BARE ? "bare" : "overlap",
                             "--tasks", n, "--duration-ms", d, NULL };
      out = bench_run_child (argv, &error);
    }

  if (out == NULL)
    {
      g_printerr ("%s: %s\n", side_names[side], error->message);
      return FALSE;
    }
  return bench_parse_value (out, "wall_us", wall) &&
         bench_parse_value (out, "cpu_us", cpu) &&
         bench_parse_value (out, "rss_kib", rss);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— figure 1: engine overhead");
  g_autofree char *self_path = NULL;
  GArray *wall[N_SIDES], *cpu[N_SIDES], *rss[N_SIDES];
  g_autoptr(GArray) wall_ratio = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_ratio = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) asyncio_ratio = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean have_python;
  gboolean ok = TRUE;

  if (!bench_parse_args (context, entries, &argc, &argv))
    return 2;
  if (smoke)
    {
      n_tasks = 1000;
      duration_ms = 20;
      n_rounds = 1;
    }
  n_tasks = CLAMP (n_tasks, 1, OVERLAP_SCENARIO_MAX_TASKS);
  duration_ms = CLAMP (duration_ms, 0, 60000);
  n_rounds = CLAMP (n_rounds, 1, 100);

  if (mode != NULL)
    return run_one_side ();

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  have_python = g_file_test (BENCH_PYTHON, G_FILE_TEST_IS_EXECUTABLE);

  for (int s = 0; s < N_SIDES; s++)
    {
      wall[s] = g_array_new (FALSE, FALSE, sizeof (double));
      cpu[s] = g_array_new (FALSE, FALSE, sizeof (double));
      rss[s] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  printf ("Figure 1 — engine overhead: %d timers of %d ms under gather, %d rounds\n",
          n_tasks, duration_ms, n_rounds);
  printf ("round  side                  wall ms    CPU ms   peak RSS MiB\n");
  for (int r = 0; r < n_rounds; r++)
    {
      double round_wall[N_SIDES] = { 0 }, round_cpu[N_SIDES] = { 0 };

      /* Alternate the order: the sides share the machine's noise fairly. */
      for (int k = 0; k < N_SIDES; k++)
        {
          int s = (r + k) % N_SIDES;
          double w, c, m;

          if (s == SIDE_ASYNCIO && !have_python)
            continue;
          if (!run_side (s, self_path, &w, &c, &m))
            {
              ok = FALSE;
              continue;
            }
          round_wall[s] = w;
          round_cpu[s] = c;
          g_array_append_val (wall[s], w);
          g_array_append_val (cpu[s], c);
          m /= 1024.0;
          g_array_append_val (rss[s], m);
          printf ("%5d  %-20s %8.1f  %8.1f  %8.1f\n", r + 1, side_names[s], w / 1000, c / 1000, m);
          fflush (stdout);
        }

      if (round_wall[SIDE_BARE] > 0 && round_wall[SIDE_OVERLAP] > 0)
        {
          double wr = round_wall[SIDE_OVERLAP] / round_wall[SIDE_BARE];
          double cr = round_cpu[SIDE_OVERLAP] / MAX (1, round_cpu[SIDE_BARE]);

          g_array_append_val (wall_ratio, wr);
          g_array_append_val (cpu_ratio, cr);
        }
      if (round_cpu[SIDE_ASYNCIO] > 0 && round_cpu[SIDE_OVERLAP] > 0)
        {
          double ar = round_cpu[SIDE_ASYNCIO] / round_cpu[SIDE_OVERLAP];
          g_array_append_val (asyncio_ratio, ar);
        }
    }

  printf ("\nside                  wall ms (median, min–max)      CPU ms (median, min–max)      peak RSS MiB\n");
  for (int s = 0; s < N_SIDES; s++)
    {
      g_autofree char *w = NULL, *c = NULL, *m = NULL;
      GArray *ms_wall = g_array_new (FALSE, FALSE, sizeof (double));
      GArray *ms_cpu = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < wall[s]->len; i++)
        {
          double a = g_array_index (wall[s], double, i) / 1000;
          double b = g_array_index (cpu[s], double, i) / 1000;
          g_array_append_val (ms_wall, a);
          g_array_append_val (ms_cpu, b);
        }
      w = bench_summary (ms_wall, "%.1f");
      c = bench_summary (ms_cpu, "%.1f");
      m = bench_summary (rss[s], "%.1f");
      printf ("%-20s  %-29s  %-29s %s\n", side_names[s], w, c, m);
      g_array_unref (ms_wall);
      g_array_unref (ms_cpu);
    }

  if (wall_ratio->len > 0)
    {
      g_autofree char *wr = bench_summary (wall_ratio, "%.3f");
      g_autofree char *cr = bench_summary (cpu_ratio, "%.2f");

      printf ("\nOverlap / bare GLib, wall: %s×   (target ≤ 1.10×)\n", wr);
      printf ("Overlap / bare GLib, CPU:  %s×   (target ≤ 3×)\n", cr);
    }
  if (asyncio_ratio->len > 0)
    {
      g_autofree char *ar = bench_summary (asyncio_ratio, "%.1f");
      printf ("asyncio / Overlap, CPU:    %s×   (target ≥ 10×)\n", ar);
    }

  for (int s = 0; s < N_SIDES; s++)
    {
      g_array_unref (wall[s]);
      g_array_unref (cpu[s]);
      g_array_unref (rss[s]);
    }
  return ok && wall_ratio->len > 0 ? 0 : 1;
}
