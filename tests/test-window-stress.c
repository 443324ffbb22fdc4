/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-test-load.h"
#include "overlap-test-ui.h"
#include "overlap-test-window.h"

/* The window under load, under Xvfb: closed mid-run 100 times in a row (each time the
 * run ends cancelled, the window and its recording are finalized, no subprocess is
 * left); and many runs in one window keep only the last history-limit of them. */

#define ROUNDS (overlap_test_scaled (100))

static GtkApplication *app;

static void
test_close_mid_run_100 (void)
{
  static const char *scenarios[] = { "abc", "mixed-io", "scraper", "file-reads", "downloads", "cpu-pitfall" };
  GRand *rand = g_rand_new_with_seed (100);
  gsize rss_warm = 0, rss_end;
  guint n_cancelled = 0;
  gint64 start = g_get_monotonic_time ();

  for (guint round = 0; round < ROUNDS; round++)
    {
      OverlapWindow *window = overlap_window_new (app);
      gpointer recording_pointer;
      OverlapRecording *recording;
      OverlapRun *run;

      gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
      gtk_window_present (GTK_WINDOW (window));
      overlap_test_spin_for (20);

      overlap_window_load_bundled (window, scenarios[round % G_N_ELEMENTS (scenarios)]);
      overlap_window_run (window);
      /* A random moment: before the first task starts, mid-way, or late. */
      overlap_test_spin_for (g_rand_int_range (rand, 0, 200));

      recording = overlap_window_get_recording (window);
      recording_pointer = recording;
      g_object_add_weak_pointer (G_OBJECT (recording), &recording_pointer);
      run = overlap_recording_get_n_runs (recording) > 0
            ? g_object_ref (overlap_recording_get_run (recording, 0)) : NULL;

      overlap_test_close_window (GTK_WINDOW (window), 10000);
      overlap_test_spin_until (overlap_test_pointer_cleared, &recording_pointer, 10000);
      if (!overlap_test_wait_no_children (5000))
        g_error ("round %u: a subprocess is left", round);

      if (run != NULL)
        {
          g_assert_false (overlap_run_is_live (run));
          if (overlap_run_get_state (run) == OVERLAP_RUN_CANCELLED)
            n_cancelled++;
          g_assert_finalize_object (run);
        }

      if (round == 9)
        rss_warm = overlap_test_rss_kib ();
    }
  g_rand_free (rand);

  rss_end = overlap_test_rss_kib ();
  g_test_message ("%u windows closed mid-run in %.1f s (%u runs cancelled); RSS %zu → %zu KiB after the first 10",
                  ROUNDS, (g_get_monotonic_time () - start) / 1e6, n_cancelled, rss_warm, rss_end);
  g_assert_cmpuint (n_cancelled, >=, ROUNDS / 2);
#ifndef __SANITIZE_ADDRESS__
  /* Generous: GTK's and fontconfig's caches still fill in the first rounds. */
  g_assert_cmpuint (rss_end, <, rss_warm + 64 * 1024);
#endif
}

/* Run after run in one window: the history keeps the last history-limit runs. */
static void
test_history_limit (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_SCHEMA);
  OverlapWindow *window;

  g_settings_set_uint (settings, "history-limit", 3);
  g_settings_set_double (settings, "time-scale", 0.01);
  window = overlap_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  overlap_window_load_bundled (window, "abc");

  for (guint i = 0; i < 12; i++)
    {
      overlap_window_run (window);
      overlap_test_wait_run_end (window, 20000);
      g_assert_cmpuint (overlap_recording_get_n_runs (overlap_window_get_recording (window)), <=, 3);
    }
  g_assert_cmpuint (overlap_recording_get_n_runs (overlap_window_get_recording (window)), >, 0);

  overlap_test_close_window (GTK_WINDOW (window), 5000);
  g_settings_reset (settings, "history-limit");
  g_settings_reset (settings, "time-scale");
}

int
main (int   argc,
      char *argv[])
{
  app = overlap_test_init_windows (&argc, &argv);
  if (app == NULL)
    return g_test_run ();

  g_test_add_func ("/window-stress/close-mid-run-100", test_close_mid_run_100);
  g_test_add_func ("/window-stress/history-limit", test_history_limit);

  return overlap_test_run_windows (app);
}
