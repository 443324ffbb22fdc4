/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-test-window.h"
#include "overlap-test-ui.h"

#include "overlap-application.h"

/* Overlap's own window in a test: the application it belongs to, and waiting
 * for what it does on the main loop. */

static gboolean
not_running (gpointer data)
{
  return !overlap_window_is_running (data);
}

static gboolean
has_runs (gpointer data)
{
  return overlap_recording_get_n_runs (overlap_window_get_recording (data)) > 0;
}

/* After g_test_init(): GTK and libadwaita set up, and the application that the
 * test's windows belong to, registered. NULL when there is no display (then the
 * caller skips its window tests). */
GtkApplication *
overlap_test_application_new (void)
{
  GtkApplication *app;

  if (!gtk_init_check ())
    return NULL;
  adw_init ();

  app = GTK_APPLICATION (overlap_application_new ());
  g_application_register (G_APPLICATION (app), NULL, NULL);
  return app;
}

/* g_test_init() and overlap_test_application_new() in one, for a program of
 * window tests. NULL, the program skipped, when there is no display: then its
 * main() returns g_test_run() at once. */
GtkApplication *
overlap_test_init_windows (int    *argc,
                           char ***argv)
{
  GtkApplication *app;

  g_test_init (argc, argv, NULL);
  app = overlap_test_application_new ();
  if (app == NULL)
    g_test_skip ("no display");
  return app;
}

/* Runs the tests, then lets go of @app. (Not g_assert_finalize_object():
 * registering a GtkApplication, a plain one too, adds a reference held inside
 * GLib and GTK, which a program that never calls g_application_run() cannot
 * drop.) */
int
overlap_test_run_windows (GtkApplication *app)
{
  int status = g_test_run ();

  g_object_unref (app);
  return status;
}

/* A new window of @app, presented, and the main loop spun until it has been drawn.
 * @width and @height are its default size; 0 keeps the window's own. */
OverlapWindow *
overlap_test_window_new (GtkApplication *app,
                         int             width,
                         int             height)
{
  OverlapWindow *window = overlap_window_new (app);

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  /* mapped once the X server has shown it (later on a busy machine), then a
   * few frames for its first layout and drawing */
  overlap_test_spin_until (overlap_test_widget_mapped, window, 10000);
  overlap_test_spin_for (200);
  return window;
}

/* Spins the main loop until @window no longer runs a scenario. */
void
overlap_test_wait_run_end (OverlapWindow *window,
                           guint          timeout_ms)
{
  overlap_test_spin_until (not_running, window, timeout_ms);
}

/* Spins the main loop until the timeline opened in @window has its runs. */
void
overlap_test_wait_opened (OverlapWindow *window,
                          guint          timeout_ms)
{
  overlap_test_spin_until (has_runs, window, timeout_ms);
}
