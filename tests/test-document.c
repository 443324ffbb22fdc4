/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-test-ui.h"
#include "overlap-test-window.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "overlap-application.h"
#include "overlap-painter.h"
#include "overlap-run-words.h"
#include "overlap-trace.h"
#include "overlap-window-private.h"

/* An opened timeline is a document: its name in the title, its format and
 * counts under it, the summary in the words of the format, the scenario's
 * controls gone until a scenario is chosen again; and a trace's processes are
 * named and counted as processes with threads. */

static GtkApplication *app;

/* Two processes: a browser with two threads (one with nested slices) and a
 * renderer with one, and their names as metadata */
static const char trace_json[] =
  "{\"traceEvents\": ["
  "{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": 1, \"tid\": 0, \"args\": {\"name\": \"Browser\"}},"
  "{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": 1, \"tid\": 1, \"args\": {\"name\": \"CrBrowserMain\"}},"
  "{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": 1, \"tid\": 2, \"args\": {\"name\": \"IOThread\"}},"
  "{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": 2, \"tid\": 0, \"args\": {\"name\": \"Renderer\"}},"
  "{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": 2, \"tid\": 7, \"args\": {\"name\": \"CrRendererMain\"}},"
  "{\"ph\": \"X\", \"name\": \"RunTask\", \"pid\": 1, \"tid\": 1, \"ts\": 0, \"dur\": 4000},"
  "{\"ph\": \"X\", \"name\": \"Layout\", \"pid\": 1, \"tid\": 1, \"ts\": 500, \"dur\": 1000},"
  "{\"ph\": \"X\", \"name\": \"RunTask\", \"pid\": 1, \"tid\": 2, \"ts\": 1000, \"dur\": 2000},"
  "{\"ph\": \"X\", \"name\": \"Paint\", \"cat\": \"cc,benchmark\", \"pid\": 2, \"tid\": 7, \"ts\": 2000, \"dur\": 3000,"
  " \"args\": {\"frame\": \"0x1f\", \"data\": {\"layerId\": 12, \"url\": \"https://example.org/<a&b>\"}}}"
  "]}";

static void
test_trace_is_a_document (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "overlap-test-document.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  OverlapRecording *recording;
  OverlapRun *browser;
  const char *subtitle, *summary;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, trace_json, -1, NULL));
  g_assert_true (gtk_widget_get_visible (window->controls));
  overlap_window_open_file (window, file);
  overlap_test_wait_opened (window, 10000);
  overlap_test_spin_for (50);

  g_assert_true (overlap_window_get_document (window));
  g_assert_cmpstr (adw_window_title_get_title (window->window_title), ==, "overlap-test-document.json");
  subtitle = adw_window_title_get_subtitle (window->window_title);
  g_assert_nonnull (strstr (subtitle, "Chrome trace"));
  g_assert_nonnull (strstr (subtitle, "9 events"));
  g_assert_nonnull (strstr (subtitle, "2 processes"));
  g_assert_nonnull (strstr (subtitle, "3 threads"));
  /* the summary tells the document, not a comparison of nameless runs */
  summary = overlap_window_get_summary (window);
  g_assert_true (g_str_has_prefix (summary, "2 processes · 3 threads · "));
  g_assert_null (strstr (summary, ": "));
  /* a scenario's controls are not a document's */
  g_assert_false (gtk_widget_get_visible (window->controls));
  g_assert_false (gtk_widget_get_visible (window->run_button));

  /* a process is named after itself and counts its threads, the nested
   * level of CrBrowserMain not among them */
  recording = overlap_window_get_recording (window);
  g_assert_cmpuint (overlap_recording_get_n_runs (recording), ==, 2);
  browser = overlap_recording_get_run (recording, 0);
  g_assert_cmpstr (overlap_run_get_display_name (browser), ==, "Browser");
  g_assert_cmpint (overlap_run_get_contents (browser), ==, OVERLAP_RUN_OF_THREADS);
  contents = overlap_run_describe_contents (browser);
  g_assert_cmpstr (contents, ==, "2 threads");

  /* a slice's tooltip: its name, duration, category, pid/tid and args,
   * read again from the file, escaped for markup */
  {
    g_autofree char *tooltip = overlap_gantt_view_describe_span_at (recording, 1, 0, 3000);
    g_autofree char *none = overlap_gantt_view_describe_span_at (recording, 1, 0, 6000);

    g_assert_nonnull (tooltip);
    g_test_message ("%s", tooltip);
    g_assert_nonnull (strstr (tooltip, "<b>Paint</b> 3.0 ms"));
    g_assert_nonnull (strstr (tooltip, "category: cc,benchmark"));
    g_assert_nonnull (strstr (tooltip, "pid 2 · tid 7"));
    g_assert_nonnull (strstr (tooltip, "args:\n  &quot;frame&quot; : &quot;0x1f&quot;,\n  &quot;data&quot; : {\n    &quot;layerId&quot; : 12,"));
    g_assert_nonnull (strstr (tooltip, "https://example.org/&lt;a&amp;b&gt;"));
    g_assert_true (pango_parse_markup (tooltip, -1, 0, NULL, NULL, NULL, NULL));
    g_assert_null (none);
  }

  /* a scenario chosen again: its title, its controls, no document */
  overlap_window_load_bundled (window, "abc");
  overlap_test_spin_for (50);
  g_assert_false (overlap_window_get_document (window));
  g_assert_true (gtk_widget_get_visible (window->controls));
  g_assert_true (gtk_widget_get_visible (window->run_button));
  g_assert_cmpstr (adw_window_title_get_title (window->window_title), ==,
                   overlap_scenario_get_title (overlap_window_get_scenario (window)));
  g_assert_cmpuint (overlap_recording_get_n_runs (overlap_window_get_recording (window)), ==, 0);

  g_unlink (path);
  overlap_test_destroy_window (GTK_WINDOW (window));
}

/* A build counts jobs and a test log tests: the spans of their worker lanes */
static void
test_build_counts_jobs (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ninja-v5.ninja_log", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  OverlapRun *build;
  guint n_spans;
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;

  overlap_window_open_file (window, file);
  overlap_test_wait_opened (window, 10000);
  build = overlap_recording_get_run (overlap_window_get_recording (window), 0);
  overlap_run_get_spans (build, &n_spans);
  g_assert_cmpuint (n_spans, >, 1);
  g_assert_cmpint (overlap_run_get_contents (build), ==, OVERLAP_RUN_OF_JOBS);
  expected = g_strdup_printf ("%u jobs", n_spans);
  contents = overlap_run_describe_contents (build);
  g_assert_cmpstr (contents, ==, expected);
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (window->window_title), "ninja log"));
  /* the summary: every build's jobs together */
  {
    OverlapRecording *recording = overlap_window_get_recording (window);
    guint total = 0;
    g_autofree char *all = NULL;

    for (guint i = 0; i < overlap_recording_get_n_runs (recording); i++)
      total += overlap_run_count_contents (overlap_recording_get_run (recording, i));
    all = g_strdup_printf ("%u jobs · ", total);
    g_assert_true (g_str_has_prefix (overlap_window_get_summary (window), all));
  }

  overlap_test_destroy_window (GTK_WINDOW (window));
}

/* A trace's flows reach the window's recording; A hides and shows them */
static void
test_flows_toggle (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "chrome-flows.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gboolean shown = FALSE;
  guint n_flows;

  overlap_window_open_file (window, file);
  overlap_test_wait_opened (window, 10000);
  overlap_recording_get_flows (overlap_window_get_recording (window), &n_flows);
  g_assert_cmpuint (n_flows, ==, 3);

  g_object_get (window->gantt_view, "show-flows", &shown, NULL);
  g_assert_true (shown);
  gtk_widget_activate_action (GTK_WIDGET (window->gantt_view), "gantt.show-flows", NULL);
  overlap_test_spin_for (50);
  g_object_get (window->gantt_view, "show-flows", &shown, NULL);
  g_assert_false (shown);

  overlap_test_destroy_window (GTK_WINDOW (window));
}

/* The window's command line: `overlap -s NAME` shows that scenario and
 * `overlap -o FILE` that timeline, as they do headless. */
typedef struct {
  GtkApplication *app;
  gboolean  want_runs;   /* wait for the opened file's runs */
  guint     polls;
  char     *title;
} CommandLine;

static gboolean
command_line_poll (gpointer data)
{
  CommandLine *c = data;
  GtkWindow *window = gtk_application_get_active_window (c->app);

  if (window == NULL ||
      (c->want_runs && overlap_recording_get_n_runs (overlap_window_get_recording (OVERLAP_WINDOW (window))) == 0 &&
       ++c->polls < 200))
    return G_SOURCE_CONTINUE;
  c->title = g_strdup (adw_window_title_get_title (OVERLAP_WINDOW (window)->window_title));
  gtk_window_destroy (window);   /* the application ends with its last window */
  return G_SOURCE_REMOVE;
}

static char *
run_command_line (const char *option,
                  const char *value,
                  gboolean    want_runs)
{
  char *argv[] = { (char *) "overlap", (char *) option, (char *) value, NULL };
  /* an application of its own: a command line is parsed once an application */
  g_autoptr(GtkApplication) launched = GTK_APPLICATION (overlap_application_new ());
  CommandLine c = { launched, want_runs, 0, NULL };
  static guint n_launched;
  g_autofree char *id = g_strdup_printf ("io.github.overlap.Overlap.Launched%u", ++n_launched);

  /* beside the test's own application on the session bus: a name of its own */
  g_application_set_application_id (G_APPLICATION (launched), id);

  g_timeout_add (50, command_line_poll, &c);
  g_assert_cmpint (g_application_run (G_APPLICATION (launched), 3, argv), ==, 0);
  g_assert_nonnull (c.title);
  return c.title;
}

static void
test_command_line (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ninja-v5.ninja_log", NULL);
  g_autofree char *scraper = run_command_line ("-s", "scraper", FALSE);
  g_autofree char *build = run_command_line ("-o", path, TRUE);

  g_assert_cmpstr (scraper, ==, "A web scraper opening 100 connections");
  g_assert_cmpstr (build, ==, "ninja-v5.ninja_log");
}

static gboolean
source_loaded (gpointer data)
{
  OverlapCodeView *code = data;
  GtkSourceView *view = overlap_code_view_get_view (code, "source");

  return gtk_text_buffer_get_line_count (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view))) > 1 ||
         overlap_code_view_get_source_message (code) != NULL;
}

/* The text of line @line (1-based) of @code's @page */
static char *
code_line (OverlapCodeView *code,
           const char      *page,
           guint            line)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (overlap_code_view_get_view (code, page)));
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line - 1);
  end = start;
  gtk_text_iter_forward_to_line_end (&end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The code view follows the replay's own run (the replay adds it at its
 * first tick, later on a busy machine) */
static gboolean
replay_source_shown (gpointer data)
{
  OverlapWindow *window = data;
  OverlapRun *source = overlap_code_view_get_source_run (window->code_view);

  return source != NULL && source != overlap_recording_get_run (overlap_window_get_recording (window), 0);
}

/* A watched program's recording, saved and opened again: the code view opens
 * the program at its tasks' lines, and still does in its replay */
static void
test_watched_program_reopened (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("overlap-document-XXXXXX", &error);
  g_autofree char *program = g_build_filename (dir, "watched.py", NULL);
  g_autofree char *path = g_build_filename (dir, "watched.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(OverlapRecording) saved = overlap_recording_new ("watched.py");
  g_autoptr(OverlapRun) run = overlap_run_new ("watched.py", "program");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *line = NULL;
  OverlapCodeView *code = window->code_view;

  g_assert_no_error (error);
  for (guint i = 1; i <= 30; i++)
    g_string_append_printf (text, i == 7 ? "    fetch = asyncio.create_task(fetch_page())\n" :
                            i == 21 ? "    await asyncio.sleep(2)\n" : "# line %u\n", i);
  g_assert_true (g_file_set_contents (program, text->str, -1, NULL));

  overlap_run_add_lane (run, "fetch", "async", NULL);
  overlap_run_add_lane (run, "sleep", "async", NULL);
  overlap_run_set_task_source (run, 0, program, 7);
  overlap_run_set_task_source (run, 1, program, 21);
  overlap_run_add_span (run, 0, OVERLAP_PHASE_WAITING, 0, 300000, NULL);
  overlap_run_add_span (run, 1, OVERLAP_PHASE_WAITING, 100000, 500000, NULL);
  overlap_run_restore_lane (run, 0,
                            &(OverlapRestoredLane) {
                              .result = OVERLAP_RESULT_OK, .completion = 1, .start = 0,
                              .end = 300000, .flags = OVERLAP_LANE_WORKED,
                            });
  overlap_run_restore_lane (run, 1,
                            &(OverlapRestoredLane) {
                              .result = OVERLAP_RESULT_OK, .completion = 2, .start = 100000,
                              .end = 500000, .flags = OVERLAP_LANE_WORKED,
                            });
  overlap_run_restore_state (run, OVERLAP_RUN_FINISHED, 500000);
  overlap_recording_add_run (saved, run);
  g_assert_true (overlap_trace_export_to_path (saved, path, &error));
  g_assert_no_error (error);

  overlap_window_open_file (window, file);
  overlap_test_wait_opened (window, 10000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", NULL));
  overlap_test_spin_until (source_loaded, code, 5000);

  /* the Program page, the program's text; the second task's bar selected,
   * its line highlighted */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (code)));
  g_assert_cmpstr (overlap_code_view_get_page (code), ==, "source");
  g_assert_cmpstr (overlap_code_view_get_source_path (code), ==, program);
  g_assert_null (overlap_code_view_get_source_message (code));
  overlap_gantt_view_select (window->gantt_view, 0, 1);
  overlap_test_spin_for (50);
  g_assert_cmpuint (overlap_code_view_get_pointed_line (code, "source"), ==, 21);
  line = code_line (code, "source", 21);
  g_assert_cmpstr (line, ==, "    await asyncio.sleep(2)");
  g_clear_pointer (&line, g_free);

  /* replayed: the replay's run opens it too, the first task's line pointed */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.replay", NULL));
  overlap_test_spin_until (replay_source_shown, window, 5000);
  g_assert_true (overlap_code_view_get_source_run (code) != overlap_recording_get_run (overlap_window_get_recording (window), 0));
  g_assert_cmpstr (overlap_code_view_get_source_path (code), ==, program);
  overlap_gantt_view_select (window->gantt_view, 0, 0);
  overlap_test_spin_for (50);
  g_assert_cmpuint (overlap_code_view_get_pointed_line (code, "source"), ==, 7);

  overlap_test_destroy_window (GTK_WINDOW (window));
  g_unlink (path);
  g_unlink (program);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  app = overlap_test_init_windows (&argc, &argv);
  if (app == NULL)
    return g_test_run ();

  g_test_add_func ("/document/trace", test_trace_is_a_document);
  g_test_add_func ("/document/build-counts-jobs", test_build_counts_jobs);
  g_test_add_func ("/document/flows-toggle", test_flows_toggle);
  g_test_add_func ("/document/command-line", test_command_line);
  g_test_add_func ("/document/watched-program-reopened", test_watched_program_reopened);

  return overlap_test_run_windows (app);
}
