/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "bench-util.h"
#include "overlap-application.h"
#include "overlap-gantt-view.h"
#include "overlap-window.h"

/* The real window, under a display (Xvfb: `xvfb-run -a -s "-screen 0 1920x1080x24"`):
 *
 * Figure 3, live frame rate: a live run of N HTTP tasks from the embedded demo
 * server; frames painted by the Gantt view (overlap_gantt_view_get_n_frames) and
 * the frame clock's own rate (gdk_frame_clock_get_fps) while the run is live.
 * Figure 4, resident memory (VmRSS) of the window with a recording of EVENTS
 * spans and marks open, against the same window empty, each in a process of its
 * own, alternating.
 * Figure 6, start-up: from spawn to the first frame painted (the same monotonic
 * clock), median of N. The child (--mode launch) starts the application the way
 * app/main.c does and watches its window from outside: the app has no hook for it.
 *
 *   bench-window [--tasks N] [--events N] [--launches N] [--rounds R] [--fit-all] [--smoke]
 *   bench-window --mode live|rss-empty|rss-full|launch ...      (one measurement)
 */

static int      n_tasks = 1000;
static int      n_events = 1000000;
static int      n_launches = 10;
static int      n_rounds = 3;
static gboolean smoke;
static gboolean fit_all;
static char    *mode;

static const GOptionEntry entries[] = {
  { "tasks", 'n', 0, G_OPTION_ARG_INT, &n_tasks, "HTTP tasks of the live run (default 1000)", "N" },
  { "events", 'e', 0, G_OPTION_ARG_INT, &n_events, "Spans and marks of the recording (default 1000000)", "N" },
  { "launches", 'l', 0, G_OPTION_ARG_INT, &n_launches, "Launches for the start-up time (default 10)", "N" },
  { "rounds", 'r', 0, G_OPTION_ARG_INT, &n_rounds, "Rounds of the memory figure (default 3)", "R" },
  { "smoke", 0, 0, G_OPTION_ARG_NONE, &smoke, "A tiny run that only checks everything works", NULL },
  { "fit-all", 0, 0, G_OPTION_ARG_NONE, &fit_all, "The live run with Fit All on (as in presentation mode)", NULL },
  { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, "live, rss-empty or rss-full: one measurement", "MODE" },
  { NULL }
};

static GtkApplication *app;

static void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found)
        return found;
    }
  return NULL;
}

static OverlapWindow *
new_window (void)
{
  OverlapWindow *window = overlap_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (window));
  spin_for (500);
  return window;
}

/* Figure 3: a live run in the window */
/* Where a frame's time goes: the frame clock's phases, timed by handlers connected
 * after GTK's own (so each stamp is the end of that phase). */
typedef struct
{
  gint64  before;           /* before-paint */
  gint64  layout;           /* end of layout (tick callbacks run before it) */
  gint64  paint;            /* end of paint: snapshot and render */
  GArray *layout_ms;
  GArray *paint_ms;
  GArray *between_ms;       /* from one frame's end to the next one's start */
  gint64  last_end;
} FramePhases;

static void
phase_before_paint (GdkFrameClock *clock,
                    FramePhases   *phases)
{
  phases->before = g_get_monotonic_time ();
  phases->layout = phases->paint = 0;
  if (phases->last_end != 0)
    {
      double ms = (phases->before - phases->last_end) / 1000.0;
      g_array_append_val (phases->between_ms, ms);
    }
}

static void
phase_layout (GdkFrameClock *clock,
              FramePhases   *phases)
{
  phases->layout = g_get_monotonic_time ();
}

static void
phase_paint (GdkFrameClock *clock,
             FramePhases   *phases)
{
  phases->paint = g_get_monotonic_time ();
}

static void
phase_after_paint (GdkFrameClock *clock,
                   FramePhases   *phases)
{
  gint64 end = g_get_monotonic_time ();
  gint64 layout_end = phases->layout != 0 ? phases->layout : phases->before;

  if (phases->before == 0)
    return;
  phases->last_end = end;
  if (phases->layout != 0)
    {
      double ms = (phases->layout - phases->before) / 1000.0;
      g_array_append_val (phases->layout_ms, ms);
    }
  if (phases->paint != 0)
    {
      double ms = (phases->paint - layout_end) / 1000.0;
      g_array_append_val (phases->paint_ms, ms);
    }
}

static int
measure_live (void)
{
  OverlapWindow *window = new_window ();
  OverlapGanttView *view = OVERLAP_GANTT_VIEW (find_widget (GTK_WIDGET (window), OVERLAP_TYPE_GANTT_VIEW));
  g_autoptr(OverlapScenario) scenario = overlap_scenario_new ("Live frame rate");
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));
  g_autoptr(GArray) fps = g_array_new (FALSE, FALSE, sizeof (double));
  OverlapStrategy gather = { .kind = OVERLAP_STRATEGY_GATHER };
  g_autoptr(GArray) strategies = g_array_new (FALSE, FALSE, sizeof (OverlapStrategy));
  gint64 start, end, deadline;
  guint frames0, frames;
  gint64 clock0;
  FramePhases phases = { 0 };
  gint64 steady_start = 0;
  guint steady_frames0 = 0;
  gulong handlers[4];

  g_array_append_val (strategies, gather);
  overlap_scenario_set_strategies (scenario, strategies);
  overlap_scenario_set_connection_limits (scenario, 100, 100);
  for (int i = 0; i < n_tasks; i++)
    {
      g_autoptr(OverlapTaskSpec) spec = overlap_task_spec_new (OVERLAP_TASK_HTTP, "page");

      /* 100 ms to answer, then 64 KiB at 256 KiB/s: a chunk tick every 20 ms */
      spec->size = 64 * 1024;
      spec->latency = 100 * 1000;
      spec->bandwidth = 256 * 1024;
      overlap_scenario_add_task (scenario, spec);
    }
  overlap_window_set_scenario (window, scenario);
  overlap_gantt_view_set_auto_fit (view, fit_all);
  spin_for (300);

  frames0 = overlap_gantt_view_get_n_frames (view);
  clock0 = gdk_frame_clock_get_frame_counter (clock);
  phases.layout_ms = g_array_new (FALSE, FALSE, sizeof (double));
  phases.paint_ms = g_array_new (FALSE, FALSE, sizeof (double));
  phases.between_ms = g_array_new (FALSE, FALSE, sizeof (double));
  handlers[0] = g_signal_connect_after (clock, "before-paint", G_CALLBACK (phase_before_paint), &phases);
  handlers[1] = g_signal_connect_after (clock, "layout", G_CALLBACK (phase_layout), &phases);
  handlers[2] = g_signal_connect_after (clock, "paint", G_CALLBACK (phase_paint), &phases);
  handlers[3] = g_signal_connect_after (clock, "after-paint", G_CALLBACK (phase_after_paint), &phases);
  start = g_get_monotonic_time ();
  overlap_window_run (window);
  deadline = start + 120 * G_USEC_PER_SEC;
  while (overlap_window_is_running (window) && g_get_monotonic_time () < deadline)
    {
      gint64 sample_end = g_get_monotonic_time () + 250 * 1000;

      while (g_get_monotonic_time () < sample_end && overlap_window_is_running (window))
        g_main_context_iteration (NULL, TRUE);
      if (overlap_window_is_running (window))
        {
          double f = gdk_frame_clock_get_fps (clock);
          g_array_append_val (fps, f);
        }
      /* Run's first half second apart: the table takes its thousand rows then */
      if (steady_start == 0 && g_get_monotonic_time () >= start + G_USEC_PER_SEC / 2)
        {
          steady_start = g_get_monotonic_time ();
          steady_frames0 = overlap_gantt_view_get_n_frames (view);
        }
    }
  end = g_get_monotonic_time ();
  frames = overlap_gantt_view_get_n_frames (view) - frames0;
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    g_signal_handler_disconnect (clock, handlers[i]);

  printf ("live_s %.3f\n", (end - start) / (double) G_USEC_PER_SEC);
  printf ("view_frames %u\n", frames);
  printf ("view_fps %.1f\n", frames / ((end - start) / (double) G_USEC_PER_SEC));
  if (steady_start != 0 && end > steady_start)
    printf ("view_fps_after_first_half_second %.1f\n",
            (overlap_gantt_view_get_n_frames (view) - steady_frames0) /
            ((end - steady_start) / (double) G_USEC_PER_SEC));
  printf ("clock_frames %" G_GINT64_FORMAT "\n", gdk_frame_clock_get_frame_counter (clock) - clock0);
  if (fps->len > 0)
    {
      printf ("clock_fps_median %.1f\n", bench_median (fps));
      printf ("clock_fps_min %.1f\n", bench_min (fps));
    }
  if (phases.paint_ms->len > 0)
    {
      printf ("frame_layout_ms_median %.2f\n", bench_median (phases.layout_ms));
      printf ("frame_paint_ms_median %.2f\n", bench_median (phases.paint_ms));
      printf ("frame_paint_ms_p90 %.2f\n", bench_percentile (phases.paint_ms, 90));
      printf ("frame_paint_ms_max %.2f\n", bench_max (phases.paint_ms));
    }
  if (phases.between_ms->len > 0)
    {
      double late = 0;
      guint n_late = 0;

      /* a frame every 16.7 ms: a gap longer than a frame and a half means the loop
       * was busy elsewhere when the frame was due */
      for (guint i = 0; i < phases.between_ms->len; i++)
        if (g_array_index (phases.between_ms, double, i) > 25.0)
          {
            n_late++;
            late += g_array_index (phases.between_ms, double, i);
          }
      printf ("between_frames_ms_median %.2f\n", bench_median (phases.between_ms));
      printf ("between_frames_ms_p90 %.2f\n", bench_percentile (phases.between_ms, 90));
      printf ("gaps_over_25ms %u (%.0f ms in all)\n", n_late, late);
    }
  g_array_unref (phases.layout_ms);
  g_array_unref (phases.paint_ms);
  g_array_unref (phases.between_ms);
  printf ("summary %s\n", overlap_window_get_summary (window));
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* Figure 4: resident memory with a recording open */
static OverlapRun *
build_run (int events)
{
  OverlapRun *run = overlap_run_new ("Memory", "gather");
  int n_lanes = MAX (1, events / 1000);
  int spans_per_lane = 100, marks_per_lane = 900;
  gint64 length = 10 * G_USEC_PER_SEC;

  for (int i = 0; i < n_lanes; i++)
    {
      char label[32];
      gint64 start = (gint64) i * (length / 2) / n_lanes;

      g_snprintf (label, sizeof label, "task %d", i + 1);
      overlap_run_add_lane (run, label, "http", NULL);
      for (int k = 0; k < spans_per_lane; k++)
        overlap_run_add_span (run, i, k % 8, start + k * (length / 2 / spans_per_lane),
                              start + (k + 1) * (length / 2 / spans_per_lane), NULL);
      for (int k = 0; k < marks_per_lane; k++)
        overlap_run_add_mark (run, i, OVERLAP_MARK_CHUNK, start + k * (length / 2 / marks_per_lane), 65536);
      overlap_run_restore_lane (run, i,
                                &(OverlapRestoredLane) {
                                  .result = OVERLAP_RESULT_OK, .completion = i + 1, .start = start,
                                  .end = start + length / 2,
                                });
    }
  overlap_run_restore_state (run, OVERLAP_RUN_FINISHED, length);
  return run;
}

static int
measure_rss (gboolean full)
{
  OverlapWindow *window = new_window ();

  if (full)
    {
      g_autoptr(OverlapRun) run = build_run (n_events);
      overlap_recording_add_run (overlap_window_get_recording (window), run);
    }
  /* Let it draw, lay out and settle. */
  spin_for (1500);
  printf ("rss_kib %ld\n", bench_vm_rss_kib ());
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* Figure 6: start-up. In the child: the first frame of the application's first
 * window prints "first-frame T" and quits. */
static void
first_frame_painted_cb (GdkFrameClock *frame_clock,
                        GtkWindow     *window)
{
  g_signal_handlers_disconnect_by_func (frame_clock, first_frame_painted_cb, window);
  printf ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_application_quit (g_application_get_default ());
}

static void
first_frame_realize_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (first_frame_painted_cb), window, 0);
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window)
{
  g_signal_connect (window, "realize", G_CALLBACK (first_frame_realize_cb), NULL);
}

static int
launch_child (const char *argv0)
{
  g_autoptr(GApplication) application = NULL;
  char *argv[] = { (char *) argv0, NULL };

  /* as app/main.c */
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name ("Overlap");
  application = G_APPLICATION (overlap_application_new ());
  g_signal_connect (application, "window-added", G_CALLBACK (window_added_cb), NULL);
  return g_application_run (application, 1, argv);
}

static gboolean
measure_launch (const char *self_path,
                double     *ms)
{
  const char *argv[] = { self_path, "--mode", "launch", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  double first;
  gint64 t0;

  t0 = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error) ||
      !bench_parse_value (out, "first-frame", &first))
    {
      g_printerr ("launch: %s\n", error ? error->message : "no first-frame line");
      return FALSE;
    }
  *ms = (first - t0) / 1000.0;
  return TRUE;
}

static gboolean
run_child (const char *self_path,
           const char *child_mode,
           char      **out)
{
  g_autofree char *tasks = g_strdup_printf ("%d", n_tasks);
  g_autofree char *events = g_strdup_printf ("%d", n_events);
  const char *argv[] = { self_path, "--mode", child_mode, "--tasks", tasks, "--events", events,
                         fit_all ? "--fit-all" : NULL, NULL };
  g_autoptr(GError) error = NULL;

  *out = bench_run_child (argv, &error);
  if (*out == NULL)
    g_printerr ("%s: %s\n", child_mode, error->message);
  return *out != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— figures 3, 4 and 6: the window");
  g_autofree char *self_path = NULL;
  g_autoptr(GArray) empty = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) launch = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *live = NULL;
  gboolean ok = TRUE;

  if (!bench_parse_args (context, entries, &argc, &argv))
    return 2;
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("no display: run under xvfb-run -a -s \"-screen 0 1920x1080x24\"\n");
      return 77;
    }
  if (smoke)
    {
      n_tasks = 20;
      n_events = 10000;
      n_launches = 1;
      n_rounds = 1;
    }
  n_tasks = CLAMP (n_tasks, 1, 100000);
  n_events = CLAMP (n_events, 1000, 100000000);
  n_launches = CLAMP (n_launches, 1, 1000);
  n_rounds = CLAMP (n_rounds, 1, 100);

  if (g_strcmp0 (mode, "launch") == 0)
    return launch_child (argv[0]);

  if (mode != NULL)
    {
      int status;

      if (!gtk_init_check ())
        return 77;
      adw_init ();
      app = GTK_APPLICATION (overlap_application_new ());
      g_application_register (G_APPLICATION (app), NULL, NULL);
      if (g_strcmp0 (mode, "live") == 0)
        status = measure_live ();
      else if (g_strcmp0 (mode, "rss-empty") == 0)
        status = measure_rss (FALSE);
      else if (g_strcmp0 (mode, "rss-full") == 0)
        status = measure_rss (TRUE);
      else
        status = 2;
      g_object_unref (app);
      return status;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);

  printf ("Figure 3 — live frame rate: %d HTTP tasks (64 KiB at 256 KiB/s after 100 ms, 100 connections)\n", n_tasks);
  if (run_child (self_path, "live", &live))
    printf ("%s\n", live);
  else
    ok = FALSE;

  printf ("Figure 4 — the window's resident memory, empty and with %d events open, %d rounds\n",
          n_events, n_rounds);
  for (int r = 0; r < n_rounds; r++)
    {
      for (int k = 0; k < 2; k++)
        {
          gboolean is_full = (r + k) % 2 == 1;
          g_autofree char *out = NULL;
          double kib;

          if (!run_child (self_path, is_full ? "rss-full" : "rss-empty", &out) ||
              !bench_parse_value (out, "rss_kib", &kib))
            {
              ok = FALSE;
              continue;
            }
          kib /= 1024.0;
          g_array_append_val (is_full ? full : empty, kib);
        }
    }
  if (empty->len > 0 && full->len > 0)
    {
      g_autofree char *e = bench_summary (empty, "%.1f");
      g_autofree char *f = bench_summary (full, "%.1f");

      printf ("empty %s MiB; with the recording %s MiB; difference %.1f MiB, %.1f bytes an event\n\n",
              e, f, bench_median (full) - bench_median (empty),
              (bench_median (full) - bench_median (empty)) * 1024 * 1024 / n_events);
    }

  printf ("Figure 6 — start-up: launch to the first frame painted, %d launches\n", n_launches);
  for (int i = 0; i < n_launches; i++)
    {
      double ms;

      if (measure_launch (self_path, &ms))
        g_array_append_val (launch, ms);
      else
        ok = FALSE;
    }
  if (launch->len > 0)
    {
      g_autofree char *l = bench_summary (launch, "%.1f");
      printf ("%s ms\n", l);
    }

  return ok ? 0 : 1;
}
