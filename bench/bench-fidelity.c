/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench-util.h"
#include "overlap-http-task.h"
#include "overlap-runner.h"
#include "overlap-scenario.h"

/* Figure 7, fidelity: does the recording tell the truth?
 * - timer tasks of d, for several d: recorded duration − d (from the start of the
 *   timer's waiting to the lane's end, what the bar shows), p50 and p99. Each
 *   timer wakes up on its own: K chains run side by side (bounded(K)), the chains'
 *   starts staggered by d / K (K offset timers of 0, d/K, 2d/K, …, not counted), so
 *   no two deadlines fall in one wake-up of the loop and every sample is its own;
 * - a CPU task that blocks the loop for 500 ms, on purpose: the run's longest
 *   stall as the loop-lag lane reports it;
 * - HTTP GETs from the embedded demo server (delays 10/50/100 ms, bodies 1 KiB and
 *   64 KiB), a quarter one after another, the rest under gather: each request's
 *   recorded boundaries against the server's own times (its X-Overlap-* headers, kept
 *   on the waiting span): start of waiting (request sent) against the server's
 *   X-Overlap-Received, start of receiving (response head read) against its
 *   X-Overlap-Responded.
 *
 *   bench-fidelity [--timers N] [--blocks N] [--requests N] [--verbose] [--smoke]
 */

static int      n_timers = 500;
static int      n_blocks = 10;
static int      n_requests = 200;
static gboolean smoke;
static gboolean verbose;

static const GOptionEntry entries[] = {
  { "timers", 'n', 0, G_OPTION_ARG_INT, &n_timers, "Timers per duration (default 500)", "N" },
  { "blocks", 'b', 0, G_OPTION_ARG_INT, &n_blocks, "Runs with a 500 ms block (default 10)", "N" },
  { "requests", 'r', 0, G_OPTION_ARG_INT, &n_requests, "HTTP requests (default 200)", "N" },
  { "smoke", 0, 0, G_OPTION_ARG_NONE, &smoke, "A tiny run that only checks everything works", NULL },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Every request's times", NULL },
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

/* µs the threads of this process named @name (the first 15 bytes) have waited for a
 * CPU, from their start: schedstat's run_delay. */
static gint64
threads_run_delay (const char *name)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  gint64 total = 0;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *stat_path = g_build_filename ("/proc/self/task", tid, "schedstat", NULL);
      g_autofree char *comm = NULL;
      g_autofree char *stat = NULL;
      guint64 cpu, delay;

      if (g_file_get_contents (comm_path, &comm, NULL, NULL) &&
          strncmp (g_strchomp (comm), name, 15) == 0 &&
          g_file_get_contents (stat_path, &stat, NULL, NULL) &&
          sscanf (stat, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &cpu, &delay) == 2)
        total += (gint64) (delay / 1000);
    }
  return total;
}

static gint64
loop_and_server_run_delay (void)
{
  return threads_run_delay (g_get_prgname ()) + threads_run_delay ("overlap-demo-server");
}

/* @waited: µs the loop's thread and the demo server's thread waited for a CPU during
 * the run (behind other processes, or each other), or NULL. */
static OverlapRun *
run_scenario_with (OverlapRunner       *runner,
                   OverlapScenario     *scenario,
                   OverlapStrategyKind  kind,
                   gint64              *waited)
{
  OverlapStrategy strategy = { .kind = kind };
  OverlapRun *run = overlap_runner_new_run (runner, scenario, &strategy);
  gboolean done = FALSE;
  gint64 before = loop_and_server_run_delay ();

  overlap_runner_run_async (runner, scenario, &strategy, run, NULL, run_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  if (waited != NULL)
    *waited += loop_and_server_run_delay () - before;
  return run;
}

static OverlapRun *
run_scenario (OverlapScenario *scenario)
{
  g_autoptr(OverlapRunner) runner = overlap_runner_new ();

  return run_scenario_with (runner, scenario, OVERLAP_STRATEGY_GATHER, NULL);
}

/* Timers */

/* Chains at least this far apart: a wake-up of the loop and its handling take less. */
#define TIMER_STAGGER_MIN (200)

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* n_timers timers of @d, as *@n_chains staggered chains; the errors (recorded − d, ms)
 * and in *@n_wakeups how many wake-ups ended them: end times more than 50 µs after
 * the one before. */
static GArray *
measure_timers (gint64  d,
                guint  *n_chains,
                guint  *n_wakeups)
{
  g_autoptr(OverlapScenario) scenario = overlap_scenario_new ("Timer fidelity");
  g_autoptr(OverlapRunner) runner = overlap_runner_new ();
  g_autoptr(OverlapRun) run = NULL;
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *errors = g_array_new (FALSE, FALSE, sizeof (double));
  OverlapStrategy strategy = { .kind = OVERLAP_STRATEGY_BOUNDED };
  const OverlapLane *lanes;
  const OverlapSpan *spans;
  guint n_lanes, n_spans;
  gint64 *waiting_start;
  guint chains;

  chains = (guint) CLAMP (d / TIMER_STAGGER_MIN, 1, 50);
  chains = MIN (chains, (guint) n_timers);
  for (guint j = 0; j < chains; j++)
    {
      g_autoptr(OverlapTaskSpec) spec = overlap_task_spec_new (OVERLAP_TASK_TIMER, "offset");

      spec->duration = d * j / chains;
      overlap_scenario_add_task (scenario, spec);
    }
  for (int i = 0; i < n_timers; i++)
    {
      g_autoptr(OverlapTaskSpec) spec = overlap_task_spec_new (OVERLAP_TASK_TIMER, "timer");

      spec->duration = d;
      overlap_scenario_add_task (scenario, spec);
    }

  strategy.n = chains;
  run = overlap_runner_new_run (runner, scenario, &strategy);
  {
    gboolean done = FALSE;

    overlap_runner_run_async (runner, scenario, &strategy, run, NULL, run_done_cb, &done);
    while (!done)
      g_main_context_iteration (NULL, TRUE);
  }

  /* the bar's timer part starts where the lane stops being queued for a slot */
  lanes = overlap_run_get_lanes (run, &n_lanes);
  spans = overlap_run_get_spans (run, &n_spans);
  waiting_start = g_new (gint64, n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    waiting_start[i] = -1;
  for (guint i = 0; i < n_spans; i++)
    if (spans[i].phase != OVERLAP_PHASE_QUEUED && spans[i].lane < n_lanes && waiting_start[spans[i].lane] < 0)
      waiting_start[spans[i].lane] = spans[i].start;

  for (guint i = chains; i < n_lanes; i++)
    {
      double e;

      if (waiting_start[i] < 0 || lanes[i].end < 0)
        g_error ("timer %u has no recorded wait", i - chains);
      e = (lanes[i].end - waiting_start[i] - d) / 1000.0;
      g_array_append_val (errors, e);
      g_array_append_val (ends, lanes[i].end);
    }
  g_free (waiting_start);

  g_array_sort (ends, compare_gint64);
  *n_wakeups = 0;
  for (guint i = 0; i < ends->len; i++)
    if (i == 0 || g_array_index (ends, gint64, i) - g_array_index (ends, gint64, i - 1) > 50)
      (*n_wakeups)++;
  *n_chains = chains;
  return errors;
}

/* HTTP */

typedef struct
{
  GArray *sent;         /* ms: start of waiting − X-Overlap-Received */
  GArray *head;         /* ms: start of receiving − X-Overlap-Responded */
  guint   n_missing;    /* requests without the server's times */
  gint64  waited;       /* µs the two threads waited for a CPU */
} HttpErrors;

static void
http_errors_init (HttpErrors *errors)
{
  errors->sent = g_array_new (FALSE, FALSE, sizeof (double));
  errors->head = g_array_new (FALSE, FALSE, sizeof (double));
  errors->n_missing = 0;
  errors->waited = 0;
}

static void
http_errors_clear (HttpErrors *errors)
{
  g_clear_pointer (&errors->sent, g_array_unref);
  g_clear_pointer (&errors->head, g_array_unref);
}

static void
http_errors_add (HttpErrors       *errors,
                 const HttpErrors *other)
{
  g_array_append_vals (errors->sent, other->sent->data, other->sent->len);
  g_array_append_vals (errors->head, other->head->data, other->head->len);
  errors->n_missing += other->n_missing;
  errors->waited += other->waited;
}

static void
http_compare (OverlapRun *run,
              HttpErrors *errors)
{
  const OverlapSpan *spans;
  const OverlapLane *lanes;
  guint n_spans, n_lanes;
  g_autofree gint *waiting = NULL;
  g_autofree gint *receiving = NULL;

  spans = overlap_run_get_spans (run, &n_spans);
  lanes = overlap_run_get_lanes (run, &n_lanes);
  waiting = g_new (gint, n_lanes);
  receiving = g_new (gint, n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    waiting[i] = receiving[i] = -1;
  for (guint i = 0; i < n_spans; i++)
    {
      if (spans[i].phase == OVERLAP_PHASE_WAITING)
        waiting[spans[i].lane] = i;
      else if (spans[i].phase == OVERLAP_PHASE_RECEIVING)
        receiving[spans[i].lane] = i;
    }

  for (guint i = 0; i < n_lanes; i++)
    {
      gint64 received, responded, sent, head;
      double e;

      if (g_strcmp0 (overlap_run_string (run, lanes[i].kind), "http") != 0)
        continue;
      if (waiting[i] < 0 || receiving[i] < 0 ||
          !overlap_http_task_parse_server_times (overlap_run_string (run, spans[waiting[i]].detail),
                                                 &received, &responded))
        {
          errors->n_missing++;
          continue;
        }
      sent = spans[waiting[i]].start;
      head = spans[receiving[i]].start;
      if (verbose)
        printf ("%4u %-38s sent %9.3f received %9.3f  head %9.3f responded %9.3f  %+7.3f %+7.3f\n",
                i, overlap_run_string (run, lanes[i].detail), sent / 1e3, received / 1e3,
                head / 1e3, responded / 1e3, (sent - received) / 1e3, (head - responded) / 1e3);
      e = (sent - received) / 1000.0;
      g_array_append_val (errors->sent, e);
      e = (head - responded) / 1000.0;
      g_array_append_val (errors->head, e);
    }
}

static void
http_run (OverlapRunner       *runner,
          int                  n,
          OverlapStrategyKind  kind,
          HttpErrors          *errors)
{
  static const int delays_ms[] = { 10, 50, 100 };
  static const int sizes[] = { 1024, 64 * 1024 };
  g_autoptr(OverlapScenario) scenario = overlap_scenario_new ("HTTP fidelity");
  g_autoptr(OverlapRun) run = NULL;
  OverlapRunStats stats;

  /* Enough connections for all at once: concurrency, not libsoup's queue. */
  overlap_scenario_set_connection_limits (scenario, n, n);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(OverlapTaskSpec) spec = overlap_task_spec_new (OVERLAP_TASK_HTTP, "GET");

      spec->latency = (gint64) delays_ms[i % G_N_ELEMENTS (delays_ms)] * 1000;
      spec->size = sizes[(i / G_N_ELEMENTS (delays_ms)) % G_N_ELEMENTS (sizes)];
      overlap_scenario_add_task (scenario, spec);
    }
  run = run_scenario_with (runner, scenario, kind, &errors->waited);
  overlap_run_get_stats (run, &stats);
  if (stats.n_ok != (guint) n)
    g_error ("%u of %d requests ok", stats.n_ok, n);
  http_compare (run, errors);
}

/* |e| p50, p99 and max, and the signed median (who is first). */
static void
print_errors (const char *name,
              GArray     *values)
{
  g_autoptr(GArray) magnitudes = g_array_sized_new (FALSE, FALSE, sizeof (double), values->len);
  double median;

  if (values->len == 0)
    {
      printf ("%-24s (none)\n", name);
      return;
    }
  for (guint i = 0; i < values->len; i++)
    {
      double m = fabs (g_array_index (values, double, i));

      g_array_append_val (magnitudes, m);
    }
  median = bench_median (values);
  printf ("%-24s %6.3f   %6.3f   %6.3f   %+7.3f\n", name, bench_median (magnitudes),
          bench_percentile (magnitudes, 99), bench_max (magnitudes), median);
}

/* The HTTP part: FALSE if a request came back without the server's times. */
static gboolean
measure_http (void)
{
  g_autoptr(OverlapRunner) runner = overlap_runner_new ();
  HttpErrors warm_up, sequential, gather, total;
  int n_sequential = n_requests / 4;
  gboolean complete;

  http_errors_init (&warm_up);
  http_errors_init (&sequential);
  http_errors_init (&gather);
  http_errors_init (&total);
  /* One runner, so one demo server thread: its start is not what is measured. */
  http_run (runner, 4, OVERLAP_STRATEGY_GATHER, &warm_up);
  http_run (runner, n_sequential, OVERLAP_STRATEGY_SEQUENTIAL, &sequential);
  http_run (runner, n_requests - n_sequential, OVERLAP_STRATEGY_GATHER, &gather);
  http_errors_add (&total, &sequential);
  http_errors_add (&total, &gather);

  printf ("http: %d GETs from the demo server (%d sequential, %d under gather), delays 10/50/100 ms,\n"
          "1 KiB and 64 KiB; |recorded − server| in ms, and the signed median\n",
          n_requests, n_sequential, n_requests - n_sequential);
  printf ("                           p50      p99      max    median\n");
  print_errors ("sent vs received: seq", sequential.sent);
  print_errors ("  gather", gather.sent);
  print_errors ("  all", total.sent);
  print_errors ("head vs responded: seq", sequential.head);
  print_errors ("  gather", gather.head);
  print_errors ("  all", total.head);
  printf ("(target: p99 ≤ 2 ms)\n");
  printf ("the loop's and the server's threads waited %.1f ms for a CPU (schedstat run_delay)\n",
          total.waited / 1000.0);

  complete = warm_up.n_missing + total.n_missing == 0;
  if (!complete)
    g_printerr ("%u requests without the server's times\n", warm_up.n_missing + total.n_missing);

  http_errors_clear (&warm_up);
  http_errors_clear (&sequential);
  http_errors_clear (&gather);
  http_errors_clear (&total);
  return complete;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— figure 7: fidelity");
  static const int durations_ms[] = { 1, 10, 100, 1000 };
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) stalls = g_array_new (FALSE, FALSE, sizeof (double));

  if (!bench_parse_args (context, entries, &argc, &argv))
    return 2;
  if (smoke)
    {
      n_timers = 10;
      n_blocks = 1;
      n_requests = 12;
    }
  n_timers = CLAMP (n_timers, 1, 100000);
  n_blocks = CLAMP (n_blocks, 1, 1000);
  n_requests = CLAMP (n_requests, 4, 10000);

  printf ("Figure 7 — fidelity\n");
  printf ("timers: %d for each d, each its own wake-up; recorded − d in ms\n", n_timers);
  printf ("d         p50      p99      max   chains  wake-ups\n");
  for (guint k = 0; k < G_N_ELEMENTS (durations_ms); k++)
    {
      gint64 d = (gint64) durations_ms[k] * 1000;
      g_autoptr(GArray) errors = NULL;
      guint chains, wakeups;

      if (smoke && durations_ms[k] > 100)
        continue;
      errors = measure_timers (d, &chains, &wakeups);
      g_array_append_vals (all, errors->data, errors->len);
      printf ("%4d ms  %6.3f   %6.3f   %6.3f   %5u   %u of %u\n", durations_ms[k], bench_median (errors),
              bench_percentile (errors, 99), bench_max (errors), chains, wakeups, errors->len);
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
    printf ("longest stall: %s ms   (target 500 ± 10 ms)\n\n", s);
  }

  if (!measure_http ())
    return 1;
  return 0;
}
