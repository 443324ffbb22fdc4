/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

/* The headless command line, run as a person runs it: exit status, what it
 * prints, and the files it writes. */

static char *overlap_path;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

static Result
run_overlap (const char *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Result result = { 0 };
  va_list args;

  g_ptr_array_add (argv, overlap_path);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* headless whatever the test's display */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result.out, &result.err, &error);
  g_assert_no_error (error);
  result.status = g_subprocess_get_exit_status (process);
  return result;
}

static void
test_default_run (void)
{
  g_autofree char *dir = g_dir_make_tmp ("overlap-cli-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "chart.pdf", NULL);
  g_autofree char *trace = g_build_filename (dir, "trace.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "tasks.csv", NULL);
  g_autofree char *contents = NULL;
  Result r;

  r = run_overlap ("--headless", "--time-scale", "0.02", "--png", png, "--svg", svg, "--pdf", pdf,
                   "--trace", trace, "--csv", csv, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Three tasks: A, B and C"));
  g_assert_nonnull (strstr (r.out, "wall time"));
  g_assert_nonnull (strstr (r.out, "speed-up"));
  g_assert_nonnull (strstr (r.out, "sequential"));
  g_assert_nonnull (strstr (r.out, "gather"));
  g_assert_nonnull (strstr (r.out, png));
  g_assert_nonnull (strstr (r.out, trace));

  {
    cairo_surface_t *surface = cairo_image_surface_create_from_png (png);
    g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1600);
    cairo_surface_destroy (surface);
  }
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (trace, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"traceEvents\""));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Task C"));

  g_unlink (png); g_unlink (svg); g_unlink (pdf); g_unlink (trace); g_unlink (csv);
  g_rmdir (dir);
  result_clear (&r);
}

/* Bad input: exit status 2 and a message that says what and where. */
static void
test_bad_input (void)
{
  g_autofree char *dir = g_dir_make_tmp ("overlap-cli-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  static const struct {
    const char *args[6];
    const char *message;
  } cases[] = {
    { { "--headless", "-s", "no-such-scenario" }, "No scenario named “no-such-scenario”" },
    { { "--headless", "--strategies", "fastest" }, "Unknown strategy “fastest”" },
    { { "--headless", "--strategies", "bounded(0)" }, "n must be a whole number" },
    { { "--headless", "--time-scale", "0" }, "--time-scale must be from" },
    { { "--headless", "--png", "chart.txt" }, "should end in .png" },
    { { "--headless", "--width", "5" }, "--width must be from" },
    { { "--port", "80" }, "--port goes with --serve" },
    { { "--headless", "-s", "BAD" }, "bad.json: tasks[0] (“A”): “duration” must not be negative" },
  };

  g_assert_true (g_file_set_contents (bad, "{\"title\": \"x\", \"tasks\": [{\"kind\": \"timer\", \"label\": \"A\", \"duration\": -1}]}", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *a[6];
      Result r;

      for (guint k = 0; k < 6; k++)
        a[k] = cases[i].args[k] && g_str_equal (cases[i].args[k], "BAD") ? bad : cases[i].args[k];
      r = run_overlap (a[0], a[1], a[2], a[3], a[4], a[5], NULL);
      if (r.status != 2 || strstr (r.err, cases[i].message) == NULL)
        g_error ("case %u: status %d, stderr “%s”, expected “%s”", i, r.status, r.err, cases[i].message);
      result_clear (&r);
    }

  {
    Result r = run_overlap ("--no-such-option", NULL);
    g_assert_cmpint (r.status, !=, 0);
    g_assert_nonnull (strstr (r.err, "no-such-option"));
    result_clear (&r);
  }

  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_failed_tasks_listed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("overlap-cli-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "fails.json", NULL);
  Result r;

  g_assert_true (g_file_set_contents (file,
    "{\"title\": \"Some fail\", \"strategies\": [\"gather\"], \"tasks\": ["
    " {\"kind\": \"timer\", \"label\": \"fine\", \"duration\": 0.01},"
    " {\"kind\": \"spawn\", \"label\": \"broken\", \"argv\": [\"false\"]},"
    " {\"kind\": \"http\", \"label\": \"missing page\", \"status\": 404}]}", -1, NULL));

  r = run_overlap ("--headless", "-s", file, NULL);
  /* failed tasks are a result, not an error of the program */
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "2 (2 failed)"));
  g_assert_nonnull (strstr (r.out, "broken — failed: “false” exited with status 1"));
  g_assert_nonnull (strstr (r.out, "missing page — failed: HTTP 404"));

  result_clear (&r);
  g_unlink (file);
  g_rmdir (dir);
}

static void
test_help_and_list (void)
{
  static const char *options[] = {
    "--headless", "--scenario", "--list-scenarios", "--strategies", "--time-scale", "--race",
    "--png", "--svg", "--pdf", "--trace", "--csv", "--serve", "--port",
  };
  Result r = run_overlap ("--help", NULL);

  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (strstr (r.out, options[i]) == NULL)
      g_error ("--help does not mention %s", options[i]);
  result_clear (&r);

  r = run_overlap ("--list-scenarios", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "abc"));
  g_assert_nonnull (strstr (r.out, "Three tasks: A, B and C"));
  g_assert_nonnull (strstr (r.out, "scraper"));
  g_assert_nonnull (strstr (r.out, "cpu-pitfall"));
  result_clear (&r);
}

static void
test_serve (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *rest = NULL;
  const char *start, *end;

  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, overlap_path, "--serve", "--port", "0", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "loopback only"));

  start = strstr (line, "http://127.0.0.1:");
  g_assert_nonnull (start);
  end = strchr (start, ' ');
  uri = g_strndup (start, end ? (gsize) (end - start) : strlen (start));

  {
    g_autofree char *target = g_strdup_printf ("%sdata?size=1000", uri);
    message = soup_message_new ("GET", target);
  }
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  g_assert_cmpuint (g_bytes_get_size (body), ==, 1000);

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  rest = g_data_input_stream_read_upto (out, "", 0, NULL, NULL, NULL);
  g_assert_nonnull (rest);
  g_assert_nonnull (strstr (rest, "Served 1 request, "));
}

/* Started for the window from a build tree whose schema it cannot find, Overlap says
 * what to do and exits 1, instead of aborting in g_settings_new(). */
static void
test_missing_schema (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = g_dir_make_tmp ("overlap-no-schema-XXXXXX", &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  /* a display is named, so the window is wanted; no folder has the schema */
  g_subprocess_launcher_setenv (launcher, "DISPLAY", ":99999", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", empty, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_DIRS", empty, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", empty, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, overlap_path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "settings schema “io.github.overlap.Overlap” is not installed"));
  g_assert_nonnull (strstr (err, "meson devenv -C _build overlap"));
  g_assert_null (strstr (err, "ERROR"));
  g_assert_cmpint (g_rmdir (empty), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  overlap_path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                   "..", "app", "overlap", NULL);

  g_test_add_func ("/cli/default-run", test_default_run);
  g_test_add_func ("/cli/bad-input", test_bad_input);
  g_test_add_func ("/cli/failed-tasks-listed", test_failed_tasks_listed);
  g_test_add_func ("/cli/help-and-list", test_help_and_list);
  g_test_add_func ("/cli/serve", test_serve);
  g_test_add_func ("/cli/missing-schema", test_missing_schema);

  return g_test_run ();
}
