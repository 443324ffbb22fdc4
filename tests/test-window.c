/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-test-keys.h"
#include "overlap-test-ui.h"
#include "overlap-test-window.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "overlap-code-view.h"
#include "overlap-gantt-view.h"
#include "overlap-overview.h"
#include "overlap-replay-bar.h"
#include "overlap-task-row.h"
#include "overlap-task-table.h"
#include "overlap-window.h"

/* The real window under Xvfb: load a scenario, run it at a small time scale,
 * wait for the run on the main loop, check the recording, the summary and the
 * pixels drawn; export; close mid-run; shortcuts; real key presses (XTest) in
 * presentation mode and where the focus goes back to. */

static GtkApplication *app;

static cairo_surface_t *
render_widget (GtkWidget *widget)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  cairo_surface_t *surface;
  cairo_t *cr;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  if (node != NULL)
    gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  g_clear_pointer (&node, gsk_render_node_unref);
  g_object_unref (paintable);
  return surface;
}

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  return *(guint32 *) (data + y * stride + x * 4) & 0xffffff;
}

static void
test_run_abc (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  OverlapGanttView *view = OVERLAP_GANTT_VIEW (overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_GANTT_VIEW));
  GtkSpinButton *spin = GTK_SPIN_BUTTON (overlap_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON));
  OverlapRecording *recording;
  OverlapPaintOptions options;
  OverlapChartLayout *layout;
  OverlapPaintRect bar;
  cairo_surface_t *surface;
  double bg_r, bg_g, bg_b;
  guint32 background;
  const char *summary;

  g_assert_nonnull (view);
  g_assert_true (overlap_window_load_bundled (window, "abc"));
  g_assert_cmpstr (overlap_scenario_get_title (overlap_window_get_scenario (window)), ==, "Three tasks: A, B and C");

  gtk_spin_button_set_value (spin, 0.2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_true (overlap_window_is_running (window));
  overlap_test_wait_run_end (window, 10000);
  overlap_test_spin_for (100);

  recording = overlap_window_get_recording (window);
  g_assert_cmpuint (overlap_recording_get_n_runs (recording), ==, 2);
  g_assert_cmpint (overlap_run_get_state (overlap_recording_get_run (recording, 0)), ==, OVERLAP_RUN_FINISHED);
  g_assert_cmpint (overlap_run_get_state (overlap_recording_get_run (recording, 1)), ==, OVERLAP_RUN_FINISHED);

  summary = overlap_window_get_summary (window);
  g_assert_nonnull (strstr (summary, "sequential: "));
  g_assert_nonnull (strstr (summary, "gather: "));
  g_assert_nonnull (strstr (summary, "faster than sequential"));

  /* the bars are drawn where the recording says */
  surface = render_widget (GTK_WIDGET (view));
  if (g_getenv ("OVERLAP_TEST_SHOT"))
    cairo_surface_write_to_png (surface, g_getenv ("OVERLAP_TEST_SHOT"));
  overlap_gantt_view_get_paint_options (view, &options);
  layout = overlap_gantt_view_get_layout (view);
  overlap_painter_get_background (&options, &bg_r, &bg_g, &bg_b);
  background = ((guint32) (bg_r * 255 + 0.5) << 16) | ((guint32) (bg_g * 255 + 0.5) << 8) | (guint32) (bg_b * 255 + 0.5);
  for (guint run = 0; run < 2; run++)
    for (guint lane = 0; lane < 3; lane++)
      {
        const OverlapLane *l = overlap_run_get_lane (overlap_recording_get_run (recording, run), lane);
        double x0 = overlap_chart_layout_time_to_x (layout, l->start);
        double x1 = overlap_chart_layout_time_to_x (layout, l->end);
        double y;

        /* the row band of the lane, and inside it the bar from the task's start to its end */
        g_assert_true (overlap_chart_layout_get_bar_rect (layout, run, lane, &bar));
        if (bar.y + bar.height > options.height)
          continue;   /* scrolled out of view */
        y = bar.y + bar.height / 2;
        g_assert_cmpfloat (x1 - x0, >, 10);
        g_assert_cmpuint (pixel_at (surface, (x0 + x1) / 2, y), !=, background);
        g_assert_cmpuint (pixel_at (surface, x0 + 3, y), !=, background);
        g_assert_cmpuint (pixel_at (surface, x1 - 3, y), !=, background);
        /* (that nothing is drawn before a task starts is checked by test-painter on a
         * recording of known times: here a grid line may stand just before a bar) */
      }
  /* and in the gather run, C (3 s) is about three times as long as B (1 s) */
  {
    OverlapRun *gather = overlap_recording_get_run (recording, 1);
    double b = overlap_chart_layout_time_to_x (layout, overlap_run_get_lane (gather, 1)->end) -
               overlap_chart_layout_time_to_x (layout, overlap_run_get_lane (gather, 1)->start);
    double c = overlap_chart_layout_time_to_x (layout, overlap_run_get_lane (gather, 2)->end) -
               overlap_chart_layout_time_to_x (layout, overlap_run_get_lane (gather, 2)->start);

    /* 3 on an idle machine; a loop stalled by a slow machine (sanitizers) ends
     * the timers late, and together, so only "clearly longer" is asked */
    g_assert_cmpfloat (c / b, >, 1.3);
    g_assert_cmpfloat (c / b, <, 6.0);
  }
  cairo_surface_destroy (surface);

  overlap_test_destroy_window (GTK_WINDOW (window));
}

static gboolean
replay_done (gpointer data)
{
  OverlapGanttView *view = data;
  OverlapRecording *shown = overlap_gantt_view_get_recording (view);

  return overlap_recording_get_n_runs (shown) == 2 && !overlap_recording_is_live (shown);
}

/* Replay: the chart shows the runs growing again, then exactly what was recorded. */
static void
test_replay (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  OverlapGanttView *view = OVERLAP_GANTT_VIEW (overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_GANTT_VIEW));
  GtkSpinButton *spin = GTK_SPIN_BUTTON (overlap_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON));
  OverlapRecording *recording, *shown;
  gboolean saw_live = FALSE;
  gint64 deadline;

  overlap_window_load_bundled (window, "hello-world");
  gtk_spin_button_set_value (spin, 0.2);
  overlap_window_run (window);
  overlap_test_wait_run_end (window, 10000);
  recording = overlap_window_get_recording (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.replay", NULL));
  shown = overlap_gantt_view_get_recording (view);
  g_assert_true (shown != recording);

  /* it grows: live at some point, then finished like the original */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!replay_done (view) && g_get_monotonic_time () < deadline)
    {
      saw_live |= overlap_recording_is_live (overlap_gantt_view_get_recording (view));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_true (saw_live);
  g_assert_true (replay_done (view));
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (overlap_run_get_wall_time (overlap_recording_get_run (shown, i)), ==,
                     overlap_run_get_wall_time (overlap_recording_get_run (recording, i)));

  /* the replay bar followed the replay to its end */
  {
    GtkWidget *bar = overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_REPLAY_BAR);
    GtkRange *scale = GTK_RANGE (overlap_test_find_widget (bar, GTK_TYPE_SCALE));
    GtkAdjustment *adjustment = gtk_range_get_adjustment (scale);

    overlap_test_spin_for (50);
    g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, 0.1);
    g_assert_cmpfloat_with_epsilon (gtk_range_get_value (scale), gtk_adjustment_get_upper (adjustment), 1e-6);
  }

  /* Escape leaves the replay */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  g_assert_true (overlap_gantt_view_get_recording (view) == recording);

  overlap_test_destroy_window (GTK_WINDOW (window));
}

/* A timeline opens by its content, whatever its name, in place of the runs. */
static void
test_open_timeline (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ninja-v5.ninja_log", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *scenario_path = NULL;
  g_autoptr(GFile) scenario = NULL;
  OverlapRecording *recording;

  overlap_window_open_file (window, file);
  overlap_test_wait_opened (window, 10000);
  recording = overlap_window_get_recording (window);
  g_assert_cmpuint (overlap_recording_get_n_runs (recording), >=, 1);
  g_assert_false (overlap_recording_is_live (recording));
  g_assert_cmpuint (overlap_run_get_lanes (overlap_recording_get_run (recording, 0), NULL) != NULL, ==, TRUE);

  /* and a scenario file still opens as a scenario */
  scenario_path = g_build_filename (g_get_tmp_dir (), "overlap-test-open.json", NULL);
  g_assert_true (g_file_set_contents (scenario_path, "{\"title\": \"Opened\", \"tasks\": [{\"kind\": \"timer\", \"duration\": 0.1}]}", -1, NULL));
  scenario = g_file_new_for_path (scenario_path);
  overlap_window_open_file (window, scenario);
  g_assert_cmpstr (overlap_scenario_get_title (overlap_window_get_scenario (window)), ==, "Opened");
  g_unlink (scenario_path);

  overlap_test_destroy_window (GTK_WINDOW (window));
}

static gboolean
overview_framed (gpointer data)
{
  graphene_rect_t frame;

  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0 &&
         overlap_overview_get_frame (data, &frame);
}

static gboolean
overview_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

/* The overview strip follows the chart: hidden while the chart shows the whole
 * recording, shown with the chart's part framed once it shows less, hidden
 * again on fit all. */
static void
test_overview_follows_chart (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  OverlapGanttView *view = OVERLAP_GANTT_VIEW (overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_GANTT_VIEW));
  OverlapOverview *overview = OVERLAP_OVERVIEW (overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_OVERVIEW));
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ninja-v5.ninja_log", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  graphene_rect_t frame;
  gint64 duration;

  g_assert_true (overlap_overview_get_view (overview) == view);
  overlap_window_open_file (window, file);
  overlap_test_wait_opened (window, 10000);
  overlap_gantt_view_fit_all (view);
  overlap_test_spin_until (overview_hidden, overview, 5000);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overview)));

  /* the first quarter of the time: framed at the left, a quarter wide */
  duration = overlap_recording_get_duration (overlap_window_get_recording (window), g_get_monotonic_time ());
  overlap_gantt_view_set_visible_range (view, 0, duration / 4);
  /* shown and laid out at the next frames (later under the sanitizers) */
  overlap_test_spin_until (overview_framed, overview, 5000);
  g_assert_true (overlap_overview_get_frame (overview, &frame));
  g_assert_cmpfloat (frame.origin.x, <=, 1);
  g_assert_cmpfloat_with_epsilon (frame.size.width, gtk_widget_get_width (GTK_WIDGET (overview)) / 4.0, 2);

  /* hidden out of the frame's layout: at an idle, which a busy frame delays */
  overlap_gantt_view_fit_all (view);
  overlap_test_spin_until (overview_hidden, overview, 5000);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overview)));

  overlap_test_destroy_window (GTK_WINDOW (window));
}

static void
test_export (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  GtkSpinButton *spin = GTK_SPIN_BUTTON (overlap_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON));
  g_autofree char *dir = g_dir_make_tmp ("overlap-window-XXXXXX", NULL);
  static const char *formats[] = { "png", "svg", "pdf", "trace", "csv" };

  overlap_window_load_bundled (window, "hello-world");
  gtk_spin_button_set_value (spin, 0.05);
  overlap_window_run (window);
  overlap_test_wait_run_end (window, 10000);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("out.%s", formats[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (overlap_window_export (window, formats[i], file, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 100);
      if (g_str_equal (formats[i], "png"))
        g_assert_cmpint (memcmp (contents, "\x89PNG", 4), ==, 0);
      else if (g_str_equal (formats[i], "pdf"))
        g_assert_true (g_str_has_prefix (contents, "%PDF-"));
      else if (g_str_equal (formats[i], "svg"))
        g_assert_nonnull (strstr (contents, "<svg"));
      else if (g_str_equal (formats[i], "trace"))
        g_assert_nonnull (strstr (contents, "\"traceEvents\""));
      else
        g_assert_nonnull (strstr (contents, "say_hello"));
      g_unlink (path);
    }
  g_rmdir (dir);

  overlap_test_destroy_window (GTK_WINDOW (window));
}

/* Closing the window mid-run cancels everything: the run ends cancelled, the
 * window and its recording are finalized, nothing keeps running. */
static void
test_close_mid_run (void)
{
  for (guint round = 0; round < 3; round++)
    {
      OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
      OverlapRecording *recording;
      OverlapRun *run;
      gpointer recording_pointer;

      overlap_window_load_bundled (window, round == 1 ? "mixed-io" : "abc");
      overlap_window_run (window);
      overlap_test_spin_for (150);
      g_assert_true (overlap_window_is_running (window));

      recording = overlap_window_get_recording (window);
      recording_pointer = recording;
      g_object_add_weak_pointer (G_OBJECT (recording), &recording_pointer);
      run = g_object_ref (overlap_recording_get_run (recording, 0));

      overlap_test_close_window (GTK_WINDOW (window), 5000);
      overlap_test_spin_until (overlap_test_pointer_cleared, &recording_pointer, 5000);

      g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_CANCELLED);
      g_assert_finalize_object (run);
    }
}

static void
test_shortcuts (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  static const struct { const char *trigger; const char *action; } expected[] = {
    { "<Control>r", "win.run" },
    { "Escape", "win.stop" },
    { "F11", "win.presentation" },
    { "F5", "win.presentation" },
    { "<Control>o", "win.open-scenario" },
    { "<Control>e", "win.edit-scenario" },
  };

  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GtkShortcutTrigger) trigger = gtk_shortcut_trigger_parse_string (expected[i].trigger);
      gboolean found = FALSE;

      /* the window's class shortcuts live in a shortcut controller of the window */
      for (guint c = 0; c < g_list_model_get_n_items (controllers) && !found; c++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !found; k++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

              if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger) &&
                  GTK_IS_NAMED_ACTION (action) &&
                  g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), expected[i].action))
                found = TRUE;
            }
        }
      if (!found)
        g_error ("no shortcut %s → %s", expected[i].trigger, expected[i].action);
    }

  /* and the actions do what they say */
  g_assert_false (overlap_window_get_presenting (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.presentation", NULL);
  overlap_test_spin_for (100);
  g_assert_true (overlap_window_get_presenting (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-scenario", NULL);
  g_assert_cmpstr (overlap_scenario_get_name (overlap_window_get_scenario (window)), !=, "abc");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.scenario", "i", 0);
  g_assert_cmpstr (overlap_scenario_get_name (overlap_window_get_scenario (window)), ==, "abc");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);   /* Escape leaves presentation */
  overlap_test_spin_for (100);
  g_assert_false (overlap_window_get_presenting (window));

  overlap_test_destroy_window (GTK_WINDOW (window));
}

static const char *
scenario_name (OverlapWindow *window)
{
  return overlap_scenario_get_name (overlap_window_get_scenario (window));
}

/* TRUE when the keyboard focus is the chart or inside it */
static gboolean
chart_has_focus (OverlapWindow *window)
{
  GtkWidget *chart = overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_GANTT_VIEW);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return focus != NULL && (focus == chart || gtk_widget_is_ancestor (focus, chart));
}

static gboolean
focus_in_popover (OverlapWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL;
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (data);
}

static GtkWindow *
active_dialog (OverlapWindow *window)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != (gpointer) window && gtk_window_is_active (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static gboolean
has_active_dialog (gpointer data)
{
  return active_dialog (data) != NULL;
}

static gboolean
no_active_dialog (gpointer data)
{
  return active_dialog (data) == NULL;
}

/* The presentation keys (digits, ← →, Space), pressed for real through the X
 * server: after the code view was opened and closed with Ctrl+K and F11 pressed
 * again, and with the focus inside a popover. */
static void
test_presentation_keys_after_code_view (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  GtkWindow *w = GTK_WINDOW (window);
  GtkWidget *code_view = overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_CODE_VIEW);
  GtkSpinButton *spin = GTK_SPIN_BUTTON (overlap_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON));
  GtkWidget *dropdown, *strategies;
  const char *reason = NULL;

  if (!overlap_test_focus_window (w, &reason))
    {
      g_test_skip (reason);
      overlap_test_destroy_window (w);
      return;
    }
  g_assert_true (overlap_window_load_bundled (window, "abc"));
  gtk_spin_button_set_value (spin, 0.05);
  g_assert_nonnull (code_view);
  g_assert_false (gtk_widget_get_visible (code_view));

  /* F11 presents; 2 is the second scenario */
  overlap_test_send_key (w, GDK_KEY_F11, 0);
  g_assert_true (overlap_window_get_presenting (window));
  overlap_test_send_key (w, GDK_KEY_2, 0);
  g_assert_cmpstr (scenario_name (window), ==, "two-tasks");

  /* F11 leaves; Ctrl+K opens the code view, the focus goes into the code (a
   * grab, not a click: a click leaves the pointer over the text, and GTK 4.8
   * warns about the text view's scrollbar when the code changes under it),
   * Ctrl+K closes it: the chart has the focus again, not the paned or a hidden
   * widget */
  overlap_test_send_key (w, GDK_KEY_F11, 0);
  g_assert_false (overlap_window_get_presenting (window));
  overlap_test_send_key (w, GDK_KEY_k, GDK_CONTROL_MASK);
  g_assert_true (gtk_widget_get_visible (code_view));
  g_assert_true (gtk_widget_grab_focus (overlap_test_find_widget (code_view, GTK_TYPE_TEXT_VIEW)));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (w), code_view));
  overlap_test_send_key (w, GDK_KEY_k, GDK_CONTROL_MASK);
  g_assert_false (gtk_widget_get_visible (code_view));
  g_assert_true (chart_has_focus (window));

  /* F11 again: every presentation key works without a click */
  overlap_test_send_key (w, GDK_KEY_F11, 0);
  g_assert_true (overlap_window_get_presenting (window));
  overlap_test_send_key (w, GDK_KEY_1, 0);
  g_assert_cmpstr (scenario_name (window), ==, "abc");
  overlap_test_send_key (w, GDK_KEY_Right, 0);
  g_assert_cmpstr (scenario_name (window), ==, "two-tasks");
  overlap_test_send_key (w, GDK_KEY_Left, 0);
  g_assert_cmpstr (scenario_name (window), ==, "abc");

  /* Ctrl+K shows the code beside the chart; its strategy list opens with the
   * focus inside: that popover holds a grab, its keys never pass through the
   * window. The presentation keys work all the same, and close it */
  overlap_test_send_key (w, GDK_KEY_k, GDK_CONTROL_MASK);
  g_assert_true (gtk_widget_get_visible (code_view));
  dropdown = overlap_test_find_widget (code_view, GTK_TYPE_DROP_DOWN);
  strategies = overlap_test_find_widget (dropdown, GTK_TYPE_POPOVER);
  overlap_test_click (dropdown);
  overlap_test_spin_until (overlap_test_widget_mapped, strategies, 5000);
  g_assert_true (focus_in_popover (window));
  overlap_test_send_key (w, GDK_KEY_2, 0);
  g_assert_cmpstr (scenario_name (window), ==, "two-tasks");
  g_assert_false (gtk_widget_get_mapped (strategies));
  g_assert_true (chart_has_focus (window));

  /* open again, it keeps the focus on its button this time, but holds the
   * keys all the same: F11 leaves presentation mode from there too */
  overlap_test_click (dropdown);
  overlap_test_spin_until (overlap_test_widget_mapped, strategies, 5000);
  overlap_test_send_key (w, GDK_KEY_F11, 0);
  g_assert_false (overlap_window_get_presenting (window));
  g_assert_false (gtk_widget_get_mapped (strategies));
  g_assert_true (chart_has_focus (window));

  /* F11 presents once more: the code view, shown when presentation mode
   * was left, is still beside the chart; Space runs */
  overlap_test_send_key (w, GDK_KEY_F11, 0);
  g_assert_true (overlap_window_get_presenting (window));
  g_assert_true (gtk_widget_get_visible (code_view));
  g_assert_false (overlap_window_is_running (window));
  g_assert_cmpuint (overlap_recording_get_n_runs (overlap_window_get_recording (window)), ==, 0);
  overlap_test_send_key (w, GDK_KEY_space, 0);
  /* the run may be over already on a slow machine (it lasts 0.45 s): it ran */
  overlap_test_wait_run_end (window, 10000);
  g_assert_cmpuint (overlap_recording_get_n_runs (overlap_window_get_recording (window)), ==, 2);
  g_assert_cmpint (overlap_run_get_state (overlap_recording_get_run (overlap_window_get_recording (window), 1)),
                   ==, OVERLAP_RUN_FINISHED);

  overlap_test_destroy_window (w);
}

/* The height in pixels of the first line of @code's Python program */
static int
code_line_height (GtkWidget *code)
{
  GtkTextView *view = GTK_TEXT_VIEW (overlap_code_view_get_view (OVERLAP_CODE_VIEW (code), "python"));
  GtkTextIter start;
  int y, height;

  gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (view), &start);
  gtk_text_view_get_line_yrange (view, &start, &y, &height);
  return height;
}

typedef struct
{
  GtkWidget *code;
  int        height;   /* a line's height before */
} CodeLines;

/* @code shown and its first line measured: until a text view has measured a
 * line (in an idle after it is laid out: later on a busy machine) it gives a
 * guess, here the whole text's height, not that of one line of a few */
static gboolean
code_laid_out (gpointer data)
{
  GtkWidget *view = GTK_WIDGET (overlap_code_view_get_view (data, "python"));

  return gtk_widget_get_mapped (view) && gtk_widget_get_height (view) > 0 &&
         code_line_height (data) < gtk_widget_get_height (view) / 4;
}

static gboolean
sidebar_hidden (gpointer data)
{
  AdwFlap *flap = ADW_FLAP (overlap_test_find_widget (data, ADW_TYPE_FLAP));

  return adw_flap_get_reveal_progress (flap) <= 0.0;
}

static gboolean
code_at_size_request (gpointer data)
{
  int width;

  gtk_widget_get_size_request (data, &width, NULL);
  return gtk_widget_get_width (data) >= width;
}

/* The code's text at another size: its lines laid out again, from the CSS of
 * the next frame (later under the sanitizers on a busy machine) */
static gboolean
code_lines_resized (gpointer data)
{
  CodeLines *lines = data;

  return code_laid_out (lines->code) && code_line_height (lines->code) != lines->height;
}

/* Presentation mode with the code shown: the code stays beside the chart,
 * its text larger, the chart the wider; back to its size after. With the code
 * hidden, it stays hidden. */
static void
test_presentation_keeps_code (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  GtkWidget *code = overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_CODE_VIEW);
  GtkWidget *chart = overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_GANTT_VIEW);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_SCHEMA);
  graphene_rect_t chart_bounds, code_bounds;
  CodeLines lines = { code, 0 };
  int normal, large;

  g_assert_true (overlap_window_load_bundled (window, "abc"));
  /* Ctrl+K, with the code hidden (as an earlier test may have left it) */
  g_settings_set_boolean (settings, "show-code", FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", NULL));
  overlap_test_spin_until (code_laid_out, code, 5000);
  g_assert_true (gtk_widget_get_mapped (code));
  normal = lines.height = code_line_height (code);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.presentation", NULL);
  overlap_test_spin_until (code_lines_resized, &lines, 5000);
  /* and the sidebar slid away, the wider code view it asks for allocated */
  overlap_test_spin_until (sidebar_hidden, window, 5000);
  overlap_test_spin_until (code_at_size_request, code, 5000);
  g_assert_true (overlap_window_get_presenting (window));
  g_assert_true (gtk_widget_get_mapped (code));
  large = code_line_height (code);
  g_test_message ("a line of code: %d px, %d px in presentation mode", normal, large);
  g_assert_cmpfloat (large / (double) normal, >, 1.4);
  g_assert_true (gtk_widget_compute_bounds (chart, GTK_WIDGET (window), &chart_bounds));
  g_assert_true (gtk_widget_compute_bounds (code, GTK_WIDGET (window), &code_bounds));
  g_assert_cmpfloat (code_bounds.origin.x, >=, chart_bounds.origin.x + chart_bounds.size.width - 1);
  g_assert_cmpfloat (code_bounds.size.width, >, 420);
  g_assert_cmpfloat (chart_bounds.size.width, >, code_bounds.size.width);

  lines.height = large;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.presentation", NULL);
  overlap_test_spin_until (code_lines_resized, &lines, 5000);
  g_assert_false (overlap_window_get_presenting (window));
  g_assert_true (gtk_widget_get_mapped (code));
  g_assert_cmpint (code_line_height (code), ==, normal);

  /* hidden, it stays so */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", NULL));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.presentation", NULL);
  overlap_test_spin_for (300);
  g_assert_true (overlap_window_get_presenting (window));
  g_assert_false (gtk_widget_get_visible (code));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.presentation", NULL);

  overlap_test_destroy_window (GTK_WINDOW (window));
}

/* After a menu of the header bar closes, or a dialog, the chart has the focus:
 * its keys work without a click. */
static void
test_focus_returns_to_chart (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  GtkWindow *w = GTK_WINDOW (window);
  GtkWidget *entry = overlap_test_find_widget (GTK_WIDGET (window), GTK_TYPE_ENTRY);
  const char *reason = NULL;

  if (!overlap_test_focus_window (w, &reason))
    {
      g_test_skip (reason);
      overlap_test_destroy_window (w);
      return;
    }

  /* the main menu (F10), closed with Escape: GTK would leave the focus on an
   * item of the closed menu, where not even F11 reaches the window */
  gtk_widget_grab_focus (entry);
  overlap_test_send_key (w, GDK_KEY_F10, 0);
  g_assert_true (focus_in_popover (window));
  overlap_test_send_key (w, GDK_KEY_Escape, 0);
  g_assert_false (focus_in_popover (window));
  g_assert_true (chart_has_focus (window));
  overlap_test_send_key (w, GDK_KEY_F11, 0);
  g_assert_true (overlap_window_get_presenting (window));
  overlap_test_send_key (w, GDK_KEY_F11, 0);
  g_assert_false (overlap_window_get_presenting (window));

  /* the scenario editor (Ctrl+E) and Preferences (Ctrl+,), closed with Escape;
   * without a window manager the test gives the window the X focus back */
  for (guint i = 0; i < 2; i++)
    {
      gtk_widget_grab_focus (entry);
      overlap_test_send_key (w, i == 0 ? GDK_KEY_e : GDK_KEY_comma, GDK_CONTROL_MASK);
      overlap_test_spin_until (has_active_dialog, window, 5000);
      overlap_test_send_key (w, GDK_KEY_Escape, 0);
      overlap_test_spin_until (no_active_dialog, window, 5000);
      g_assert_null (active_dialog (window));
      g_assert_true (overlap_test_focus_window (w, &reason));
      overlap_test_spin_until (window_active, window, 5000);
      g_assert_true (chart_has_focus (window));
    }

  overlap_test_destroy_window (w);
}

/* Every lane of every run lies inside the chart as the view lays it out. */
static void
assert_runs_in_view (OverlapGanttView *view)
{
  OverlapChartLayout *layout = overlap_gantt_view_get_layout (view);
  OverlapRecording *recording = overlap_chart_layout_get_recording (layout);
  int height = gtk_widget_get_height (GTK_WIDGET (view));
  OverlapPaintRect chart, rect;

  g_assert_true (overlap_chart_layout_get_chart_rect (layout, &chart));
  for (guint r = 0; r < overlap_recording_get_n_runs (recording); r++)
    {
      guint n_lanes;

      overlap_run_get_lanes (overlap_recording_get_run (recording, r), &n_lanes);
      g_assert_cmpuint (n_lanes, >, 0);
      g_assert_true (overlap_chart_layout_get_lane_rect (layout, r, 0, &rect));
      g_assert_cmpfloat (rect.y, >=, chart.y);
      g_assert_true (overlap_chart_layout_get_lane_rect (layout, r, n_lanes - 1, &rect));
      g_assert_cmpfloat (rect.y + rect.height, <=, height);
    }
}

/* The scraper in a 1920×1080 window: after the run, in presentation mode, every
 * run's lanes are in view without a scroll; a scroll leaves fit all, F brings
 * it back. Collapsing a run moves the lanes below it up. */
static void
test_fit_all_scraper (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1920, 1080);
  OverlapGanttView *view;
  GtkSpinButton *spin;
  OverlapChartLayout *layout;
  OverlapPaintRect before, after;
  GtkWidget *table;
  GtkSingleSelection *rows;
  OverlapTaskRow *row;

  view = OVERLAP_GANTT_VIEW (overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_GANTT_VIEW));
  spin = GTK_SPIN_BUTTON (overlap_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON));
  g_assert_true (overlap_window_load_bundled (window, "scraper"));
  gtk_spin_button_set_value (spin, 0.05);

  overlap_window_set_presenting (window, TRUE);
  g_assert_true (overlap_gantt_view_get_fit_all (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  overlap_test_wait_run_end (window, 60000);
  overlap_test_spin_for (200);
  g_assert_cmpuint (overlap_recording_get_n_runs (overlap_window_get_recording (window)), ==, 3);
  g_assert_true (overlap_gantt_view_get_fit_all (view));
  assert_runs_in_view (view);

  /* the time axis is the whole recording, too */
  {
    gint64 start, end;
    OverlapRecording *recording = overlap_window_get_recording (window);

    g_assert_true (overlap_gantt_view_get_visible_range (view, &start, &end));
    g_assert_cmpint (start, ==, 0);
    g_assert_cmpint (end, >=, overlap_recording_get_duration (recording, g_get_monotonic_time ()));
  }

  /* a scroll leaves fit all; fit all (F, 0, the button's action) comes back */
  gtk_widget_activate_action (GTK_WIDGET (view), "gantt.scroll-down", NULL);
  g_assert_false (overlap_gantt_view_get_fit_all (view));
  gtk_widget_activate_action (GTK_WIDGET (view), "gantt.zoom-fit", NULL);
  g_assert_true (overlap_gantt_view_get_fit_all (view));
  overlap_test_spin_for (100);
  assert_runs_in_view (view);

  /* outside fit all, at full size, collapsing the first run moves the second up */
  overlap_window_set_presenting (window, FALSE);
  overlap_gantt_view_set_fit_all (view, FALSE);
  overlap_test_spin_for (100);
  layout = overlap_gantt_view_get_layout (view);
  g_assert_true (overlap_chart_layout_get_lane_rect (layout, 1, 0, &before));
  overlap_gantt_view_select (view, 0, -1);
  gtk_widget_activate_action (GTK_WIDGET (view), "gantt.toggle-collapse", NULL);
  g_assert_true (overlap_gantt_view_get_run_collapsed (view, 0));
  layout = overlap_gantt_view_get_layout (view);
  g_assert_false (overlap_chart_layout_get_lane_rect (layout, 0, 0, &after));
  g_assert_true (overlap_chart_layout_get_lane_rect (layout, 1, 0, &after));
  g_assert_cmpfloat (after.y, <, before.y - 50 * 20);

  /* selecting one of its tasks (in the table, say) opens it again; the table
   * shows that task selected */
  overlap_gantt_view_select (view, 0, 5);
  g_assert_false (overlap_gantt_view_get_run_collapsed (view, 0));
  table = overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_TASK_TABLE);
  rows = GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (
    overlap_test_find_widget (table, GTK_TYPE_COLUMN_VIEW))));
  row = gtk_single_selection_get_selected_item (rows);
  g_assert_nonnull (row);
  g_assert_cmpuint (overlap_task_row_get_run_index (row), ==, 0);
  g_assert_cmpuint (overlap_task_row_get_lane (row), ==, 5);

  overlap_test_destroy_window (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  app = overlap_test_init_windows (&argc, &argv);
  if (app == NULL)
    return g_test_run ();

  g_test_add_func ("/window/run-abc", test_run_abc);
  g_test_add_func ("/window/export", test_export);
  g_test_add_func ("/window/replay", test_replay);
  g_test_add_func ("/window/open-timeline", test_open_timeline);
  g_test_add_func ("/window/overview-follows-chart", test_overview_follows_chart);
  g_test_add_func ("/window/close-mid-run", test_close_mid_run);
  g_test_add_func ("/window/shortcuts", test_shortcuts);
  g_test_add_func ("/window/presentation-keys-after-code-view", test_presentation_keys_after_code_view);
  g_test_add_func ("/window/presentation-keeps-code", test_presentation_keeps_code);
  g_test_add_func ("/window/focus-returns-to-chart", test_focus_returns_to_chart);
  g_test_add_func ("/window/fit-all-scraper", test_fit_all_scraper);

  return overlap_test_run_windows (app);
}
