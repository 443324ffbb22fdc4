/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>

#include "bench-util.h"
#include "overlap-demo-server.h"
#include "overlap-runner.h"
#include "overlap-scenario.h"

/* Figure 2, downloads: N GETs of SIZE from the demo server, each answered after
 * LATENCY, with C connections allowed, by Overlap (a gather run through
 * OverlapRunner, connection limits C and C per host) and by Python aiohttp
 * (TCPConnector(limit=C, limit_per_host=C)), both against the same
 * `overlap --serve` process, alternating, round after round. Then the sequential
 * run of a few of them, for the speed-up figure.
 *
 *   bench-http [--requests N] [--conns C] [--size BYTES] [--latency-ms MS] [--rounds R]
 *              [--sequential N] [--smoke]
 *   bench-http --mode overlap --url URL ...        (one Overlap client, in this process)
 */

static int      n_requests = 1000;
static int      n_conns = 100;
static int      size = 64 * 1024;
static int      latency_ms = 100;
static int      n_rounds = 5;
static int      n_sequential = 100;
static gboolean smoke;
static char    *mode;
static char    *url;
static char    *strategy_name;

static const GOptionEntry entries[] = {
  { "requests", 'n', 0, G_OPTION_ARG_INT, &n_requests, "GETs (default 1000)", "N" },
  { "conns", 'c', 0, G_OPTION_ARG_INT, &n_conns, "Connections allowed (default 100)", "C" },
  { "size", 's', 0, G_OPTION_ARG_INT, &size, "Body size in bytes (default 65536)", "BYTES" },
  { "latency-ms", 'l', 0, G_OPTION_ARG_INT, &latency_ms, "Server latency (default 100)", "MS" },
  { "rounds", 'r', 0, G_OPTION_ARG_INT, &n_rounds, "Rounds (default 5)", "R" },
  { "sequential", 0, 0, G_OPTION_ARG_INT, &n_sequential, "GETs in the sequential run (default 100, 0: none)", "N" },
  { "smoke", 0, 0, G_OPTION_ARG_NONE, &smoke, "A tiny run that only checks everything works", NULL },
  { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, "overlap: one client run in this process", "MODE" },
  { "url", 0, 0, G_OPTION_ARG_STRING, &url, "The URL to GET (--mode)", "URL" },
  { "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy_name, "gather or sequential (--mode)", "NAME" },
  { NULL }
};

/* One Overlap client */

static GMainLoop *loop;

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

static int
run_overlap_client (void)
{
  g_autoptr(OverlapScenario) scenario = overlap_scenario_new ("Downloads");
  g_autoptr(OverlapRunner) runner = overlap_runner_new ();
  g_autoptr(OverlapRun) run = NULL;
  OverlapStrategy strategy = { .kind = OVERLAP_STRATEGY_GATHER };
  OverlapRunStats stats;
  gint64 wall0, cpu0, wall, cpu;

  if (g_strcmp0 (strategy_name, "sequential") == 0)
    strategy.kind = OVERLAP_STRATEGY_SEQUENTIAL;

  overlap_scenario_set_connection_limits (scenario, n_conns, n_conns);
  for (int i = 0; i < n_requests; i++)
    {
      g_autoptr(OverlapTaskSpec) spec = overlap_task_spec_new (OVERLAP_TASK_HTTP, "GET");

      /* An explicit URL: the same external server aiohttp talks to. */
      spec->url = g_strdup (url);
      overlap_scenario_add_task (scenario, spec);
    }

  loop = g_main_loop_new (NULL, FALSE);
  wall0 = g_get_monotonic_time ();
  cpu0 = bench_cpu_time ();
  run = overlap_runner_new_run (runner, scenario, &strategy);
  overlap_runner_run_async (runner, scenario, &strategy, run, NULL, run_done_cb, NULL);
  g_main_loop_run (loop);
  wall = g_get_monotonic_time () - wall0;
  cpu = bench_cpu_time () - cpu0;
  g_main_loop_unref (loop);

  overlap_run_get_stats (run, &stats);
  if (stats.n_ok != (guint) n_requests)
    {
      g_printerr ("%u of %d requests ok\n", stats.n_ok, n_requests);
      return 1;
    }
  printf ("wall_us %" G_GINT64_FORMAT "\n", wall);
  printf ("cpu_us %" G_GINT64_FORMAT "\n", cpu);
  printf ("run_wall_us %" G_GINT64_FORMAT "\n", stats.wall_time);
  printf ("max_in_flight %u\n", stats.max_in_flight);
  printf ("bytes %" G_GUINT64_FORMAT "\n", stats.bytes);
  return 0;
}

/* The server */

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (socket == NULL || !g_socket_bind (socket, address, TRUE, NULL))
    return 0;
  bound = g_socket_get_local_address (socket, NULL);
  return bound ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)) : 0;
}

static gboolean
wait_for_server (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  /* Bounded: 10 s. */
  for (int i = 0; i < 200; i++)
    {
      g_autoptr(GSocketConnection) connection =
        g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

      if (connection != NULL)
        return TRUE;
      g_usleep (50 * 1000);
    }
  return FALSE;
}

static gboolean
run_client (gboolean    python,
            const char *self_path,
            const char *target,
            int         n,
            gboolean    sequential,
            double     *wall,
            double     *cpu,
            double     *in_flight)
{
  g_autofree char *n_text = g_strdup_printf ("%d", n);
  g_autofree char *c_text = g_strdup_printf ("%d", n_conns);
  g_autofree char *script = g_build_filename (BENCH_SRCDIR, "aiohttp-get.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  if (python)
    {
      const char *argv[] = { BENCH_PYTHON, script, target, n_text, c_text,
                             sequential ? "sequential" : "gather", NULL };
      out = bench_run_child (argv, &error);
    }
  else
    {
      const char *argv[] = { self_path, "--mode", "overlap", "--url", target,
                             "--requests", n_text, "--conns", c_text,
                             "--strategy", sequential ? "sequential" : "gather", NULL };
      out = bench_run_child (argv, &error);
    }
  if (out == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  *in_flight = 0;
  bench_parse_value (out, "max_in_flight", in_flight);
  return bench_parse_value (out, "wall_us", wall) && bench_parse_value (out, "cpu_us", cpu);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— figure 2: downloads");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *self_path = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *base = NULL;
  g_autofree char *target = NULL;
  g_autofree char *target0 = NULL;
  g_autoptr(GArray) o_wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) o_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) p_wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) p_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ratio = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (double));
  const char *overlap_exe = OVERLAP_EXE;
  gboolean have_python, ok = TRUE;
  double ideal, in_flight = 0;
  guint port;

  if (!bench_parse_args (context, entries, &argc, &argv))
    return 2;
  if (smoke)
    {
      n_requests = 20;
      n_conns = 10;
      latency_ms = 20;
      n_rounds = 1;
      n_sequential = 5;
    }
  n_requests = CLAMP (n_requests, 1, OVERLAP_SCENARIO_MAX_TASKS);
  n_conns = CLAMP (n_conns, 1, OVERLAP_SCENARIO_MAX_CONNS);
  n_rounds = CLAMP (n_rounds, 1, 100);
  n_sequential = CLAMP (n_sequential, 0, 10000);

  if (g_strcmp0 (mode, "overlap") == 0)
    return run_overlap_client ();
  if (mode != NULL)
    {
      g_printerr ("unknown mode “%s”\n", mode);
      return 2;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  have_python = g_file_test (BENCH_PYTHON, G_FILE_TEST_IS_EXECUTABLE);

  /* OVERLAP=/path/to/overlap serves from another build of the same server. */
  if (g_getenv ("OVERLAP") != NULL)
    overlap_exe = g_getenv ("OVERLAP");

  port = free_port ();
  port_text = g_strdup_printf ("%u", port);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                             overlap_exe, "--serve", "--port", port_text, NULL);
  if (server == NULL || !wait_for_server (port))
    {
      g_printerr ("could not start %s --serve: %s\n", overlap_exe, error ? error->message : "no answer");
      if (server != NULL)
        g_subprocess_force_exit (server);
      return 1;
    }

  base = g_strdup_printf ("http://127.0.0.1:%u/", port);
  target = overlap_demo_build_uri (base, size, (gint64) latency_ms * 1000, 0, 0, 0);
  target0 = overlap_demo_build_uri (base, size, 0, 0, 0, 0);

  printf ("Figure 2 — downloads: %d GETs of %d bytes, %d ms latency, %d connections, %d rounds\n",
          n_requests, size, latency_ms, n_conns, n_rounds);
  printf ("server: %s --serve --port %u; URL %s\n\n", overlap_exe, port, target);

  /* One transfer with no latency, on a warm connection: the ideal's transfer time. */
  {
    double w, c, f;

    if (run_client (FALSE, self_path, target0, 50, TRUE, &w, &c, &f))
      {
        double per = w / 50;
        g_array_append_val (one, per);
      }
  }
  ideal = ceil ((double) n_requests / n_conns) * (latency_ms * 1000.0
          + (one->len > 0 ? bench_median (one) : 0));

  printf ("round  client        wall ms   CPU ms   most in flight\n");
  for (int r = 0; r < n_rounds; r++)
    {
      double w[2] = { 0 }, c[2] = { 0 };

      for (int k = 0; k < 2; k++)
        {
          gboolean python = (r + k) % 2 == 1;

          if (python && !have_python)
            continue;
          if (!run_client (python, self_path, target, n_requests, FALSE, &w[python], &c[python], &in_flight))
            {
              ok = FALSE;
              continue;
            }
          g_array_append_val (python ? p_wall : o_wall, w[python]);
          g_array_append_val (python ? p_cpu : o_cpu, c[python]);
          if (python)
            printf ("%5d  %-12s %8.1f %8.1f\n", r + 1, "aiohttp", w[python] / 1000, c[python] / 1000);
          else
            printf ("%5d  %-12s %8.1f %8.1f   %.0f\n", r + 1, "Overlap", w[python] / 1000,
                    c[python] / 1000, in_flight);
          fflush (stdout);
        }
      if (w[0] > 0 && w[1] > 0)
        {
          double x = w[0] / w[1];
          g_array_append_val (ratio, x);
        }
    }

  {
    g_autofree char *ow = bench_summary (o_wall, "%.0f");
    g_autofree char *oc = bench_summary (o_cpu, "%.0f");
    g_autofree char *pw = bench_summary (p_wall, "%.0f");
    g_autofree char *pc = bench_summary (p_cpu, "%.0f");
    g_autofree char *rr = bench_summary (ratio, "%.3f");

    printf ("\nclient     wall µs (median, min–max)        CPU µs (median, min–max)\n");
    printf ("Overlap    %-32s %s\n", ow, oc);
    printf ("aiohttp    %-32s %s\n", pw, pc);
    printf ("\nOverlap / aiohttp, wall: %s×   (target ≤ 1)\n", rr);
    printf ("ideal: %.0f waves × (%d ms + %.2f ms transfer) = %.1f ms\n",
            ceil ((double) n_requests / n_conns), latency_ms,
            one->len > 0 ? bench_median (one) / 1000 : 0, ideal / 1000);
    if (o_wall->len > 0)
      printf ("Overlap / ideal, wall: %.3f×   (target ≤ 1.2×)\n", bench_median (o_wall) / ideal);
  }

  if (n_sequential > 0)
    {
      double sw = 0, sc = 0, gw = 0, gc = 0;

      printf ("\nSpeed-up: %d GETs one after another, then with gather\n", n_sequential);
      if (run_client (FALSE, self_path, target, n_sequential, TRUE, &sw, &sc, &in_flight) &&
          run_client (FALSE, self_path, target, n_sequential, FALSE, &gw, &gc, &in_flight))
        printf ("Overlap sequential %.1f ms, gather %.1f ms: speed-up %.1f×\n",
                sw / 1000, gw / 1000, sw / gw);
      else
        ok = FALSE;
    }

  g_subprocess_send_signal (server, SIGINT);
  if (!g_subprocess_wait (server, NULL, NULL))
    g_subprocess_force_exit (server);

  return ok && o_wall->len > 0 ? 0 : 1;
}
