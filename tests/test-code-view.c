/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "overlap-code-view.h"
#include "overlap-test-run.h"

static OverlapStrategy
strategy (const char *text)
{
  g_autoptr(GError) error = NULL;
  OverlapStrategy s;

  g_assert_true (overlap_strategy_parse (text, &s, &error));
  g_assert_no_error (error);
  return s;
}

/* Position of @needle in @haystack, failing when absent */
static gsize
position_of (const char *haystack,
             const char *needle)
{
  const char *found = strstr (haystack, needle);

  if (found == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
  return found - haystack;
}

/* python3 -m py_compile on @code: it is valid Python */
static void
assert_valid_python (const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  int fd, status = 0;
  const char *argv[] = { "/usr/bin/python3", "-m", "py_compile", NULL, NULL };

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return;

  fd = g_file_open_tmp ("overlap-code-XXXXXX.py", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, code, -1, &error);
  g_assert_no_error (error);
  argv[3] = path;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("not valid Python (%s):\n%s\n%s", path, err, code);
  g_unlink (path);
}

static void
test_python_gather_abc (void)
{
  OverlapScenario *scenario = overlap_test_bundled ("abc");
  OverlapStrategy s = strategy ("gather");
  g_autofree char *code = overlap_code_python_for (scenario, &s);

  g_assert_nonnull (strstr (code, "import asyncio"));
  g_assert_nonnull (strstr (code, "async def task(name, delay):"));
  g_assert_nonnull (strstr (code, "await asyncio.sleep(delay)"));
  g_assert_nonnull (strstr (code, "asyncio.gather("));
  g_assert_nonnull (strstr (code, "task(\"Task A\", 2)"));
  g_assert_nonnull (strstr (code, "task(\"Task B\", 1)"));
  g_assert_nonnull (strstr (code, "task(\"Task C\", 3)"));
  g_assert_nonnull (strstr (code, "asyncio.run(main())"));
  assert_valid_python (code);

  g_assert_finalize_object (scenario);
}

static void
test_python_sequential_in_order (void)
{
  OverlapScenario *scenario = overlap_test_bundled ("abc");
  OverlapStrategy s = strategy ("sequential");
  g_autofree char *code = overlap_code_python_for (scenario, &s);
  gsize a = position_of (code, "await task(\"Task A\", 2)");
  gsize b = position_of (code, "await task(\"Task B\", 1)");
  gsize c = position_of (code, "await task(\"Task C\", 3)");

  g_assert_cmpuint (a, <, b);
  g_assert_cmpuint (b, <, c);
  g_assert_null (strstr (code, "asyncio.gather("));
  assert_valid_python (code);

  g_assert_finalize_object (scenario);
}

static void
test_python_strategies (void)
{
  OverlapScenario *scenario = overlap_test_bundled ("abc");
  struct { const char *strategy; const char *expect; } cases[] = {
    { "bounded(3)", "asyncio.Semaphore(3)" },
    { "as-completed", "asyncio.as_completed(" },
    { "first-completed", "return_when=asyncio.FIRST_COMPLETED" },
    { "timeout(1.5)", "asyncio.wait_for(job, timeout=seconds)" },
    { "threads(2)", "ThreadPoolExecutor(max_workers=2)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      OverlapStrategy s = strategy (cases[i].strategy);
      g_autofree char *code = overlap_code_python_for (scenario, &s);

      g_assert_nonnull (strstr (code, cases[i].expect));
      g_assert_nonnull (strstr (code, "Task A"));
      assert_valid_python (code);
    }

  {
    OverlapStrategy s = strategy ("first-completed");
    g_autofree char *code = overlap_code_python_for (scenario, &s);

    g_assert_nonnull (strstr (code, ".cancel()"));
  }
  {
    OverlapStrategy s = strategy ("timeout(1.5)");
    g_autofree char *code = overlap_code_python_for (scenario, &s);

    g_assert_nonnull (strstr (code, ", 1.5)"));
  }
  {
    OverlapStrategy s = strategy ("threads(2)");
    g_autofree char *code = overlap_code_python_for (scenario, &s);

    g_assert_nonnull (strstr (code, "loop.run_in_executor(pool, task, \"Task A\", 2)"));
    g_assert_nonnull (strstr (code, "time.sleep(delay)"));
  }

  g_assert_finalize_object (scenario);
}

/* Every bundled scenario under every strategy: valid Python, C mentioning
 * the GLib calls for its kinds */
static void
test_all_bundled (void)
{
  g_auto(GStrv) names = overlap_scenario_list_bundled ();
  const char *strategies[] = { "sequential", "gather", "bounded(3)", "as-completed",
                               "first-completed", "timeout(1.5)", "threads(4)" };

  for (guint i = 0; names[i] != NULL; i++)
    {
      OverlapScenario *scenario = overlap_test_bundled (names[i]);

      for (guint k = 0; k < G_N_ELEMENTS (strategies); k++)
        {
          OverlapStrategy s = strategy (strategies[k]);
          g_autofree char *python = overlap_code_python_for (scenario, &s);
          g_autofree char *c = overlap_code_c_for (scenario, &s);

          assert_valid_python (python);
          g_assert_nonnull (strstr (c, "g_main_loop_run (loop);"));
          if (overlap_scenario_has_kind (scenario, OVERLAP_TASK_HTTP))
            {
              if (s.kind != OVERLAP_STRATEGY_THREADS)
                g_assert_nonnull (strstr (python, "aiohttp.ClientSession"));
              g_assert_nonnull (strstr (c, s.kind == OVERLAP_STRATEGY_THREADS ? "soup_session_send (" : "soup_session_send_async"));
            }
          if (overlap_scenario_has_kind (scenario, OVERLAP_TASK_TIMER) && s.kind != OVERLAP_STRATEGY_THREADS)
            g_assert_nonnull (strstr (c, "g_timeout_add"));
        }
      g_assert_finalize_object (scenario);
    }
}

static void
test_many_tasks_are_short (void)
{
  OverlapScenario *scenario = overlap_test_bundled ("scraper");
  OverlapStrategy s = strategy ("gather");
  g_autofree char *python = overlap_code_python_for (scenario, &s);
  g_autofree char *c = overlap_code_c_for (scenario, &s);
  g_auto(GStrv) lines = g_strsplit (python, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), <, 80);
  g_assert_nonnull (strstr (python, "for i in range(1, 101)"));
  g_assert_nonnull (strstr (python, "f\"page {i}\""));
  g_assert_nonnull (strstr (python, "TCPConnector(limit=100, limit_per_host=100)"));
  g_assert_nonnull (strstr (python, "session.get(url)"));
  g_assert_nonnull (strstr (c, "for (guint i = 1; i < 101; i++)"));
  g_assert_nonnull (strstr (c, "\"max-conns\", 100"));
  g_assert_nonnull (strstr (c, "g_input_stream_read_bytes_async"));

  g_assert_finalize_object (scenario);
}

static void
test_c_shapes (void)
{
  OverlapScenario *abc = overlap_test_bundled ("abc");
  OverlapScenario *mixed = overlap_test_bundled ("mixed-io");
  OverlapScenario *cpu = overlap_test_bundled ("cpu-pitfall");
  OverlapStrategy seq = strategy ("sequential");
  OverlapStrategy gather = strategy ("gather");
  OverlapStrategy bounded = strategy ("bounded(3)");
  OverlapStrategy first = strategy ("first-completed");
  OverlapStrategy timeout = strategy ("timeout(1.5)");
  OverlapStrategy threads = strategy ("threads(2)");
  g_autofree char *c_seq = overlap_code_c_for (abc, &seq);
  g_autofree char *c_gather = overlap_code_c_for (abc, &gather);
  g_autofree char *c_bounded = overlap_code_c_for (abc, &bounded);
  g_autofree char *c_first = overlap_code_c_for (abc, &first);
  g_autofree char *c_timeout = overlap_code_c_for (abc, &timeout);
  g_autofree char *c_mixed = overlap_code_c_for (mixed, &gather);
  g_autofree char *c_threads = overlap_code_c_for (cpu, &threads);
  g_autofree char *c_cpu = overlap_code_c_for (cpu, &gather);
  g_autofree char *py_cpu = overlap_code_python_for (cpu, &gather);

  g_assert_nonnull (strstr (c_seq, "g_timeout_add"));
  g_assert_nonnull (strstr (c_seq, "start_next ();"));
  g_assert_nonnull (strstr (c_seq, ".name = \"Task A\""));
  g_assert_nonnull (strstr (c_seq, ".seconds = 2 "));
  g_assert_nonnull (strstr (c_gather, "++n_done == N_JOBS"));
  g_assert_nonnull (strstr (c_bounded, "#define LIMIT 3"));
  g_assert_nonnull (strstr (c_first, "g_cancellable_cancel"));
  g_assert_nonnull (strstr (c_timeout, "#define DEADLINE_MS 1500"));
  g_assert_nonnull (strstr (c_mixed, "soup_session_send_async"));
  g_assert_nonnull (strstr (c_mixed, "g_file_read_async"));
  g_assert_nonnull (strstr (c_mixed, "g_subprocess_wait_async"));
  g_assert_nonnull (strstr (c_threads, "g_thread_pool_new (run_job, NULL, N_THREADS"));
  g_assert_nonnull (strstr (c_cpu, "blocks the main loop"));
  g_assert_nonnull (strstr (py_cpu, "blocks the event loop"));

  g_assert_finalize_object (abc);
  g_assert_finalize_object (mixed);
  g_assert_finalize_object (cpu);
}

static void
test_quoting (void)
{
  OverlapScenario *scenario = overlap_scenario_new ("Quotes \"and\" {braces} */");
  g_autoptr(OverlapTaskSpec) spec = overlap_task_spec_new (OVERLAP_TASK_TIMER, "say \"hi\" \\ {x} */");
  OverlapStrategy s = strategy ("gather");
  g_autofree char *python = NULL;
  g_autofree char *c = NULL;

  spec->duration = G_USEC_PER_SEC / 2;
  overlap_scenario_add_task (scenario, spec);
  python = overlap_code_python_for (scenario, &s);
  c = overlap_code_c_for (scenario, &s);
  g_assert_nonnull (strstr (python, "task(\"say \\\"hi\\\" \\\\ {x} */\", 0.5)"));
  g_assert_nonnull (strstr (c, "\"say \\\"hi\\\" \\\\ {x} */\""));
  assert_valid_python (python);

  g_assert_finalize_object (scenario);
}

static void
test_widget (void)
{
  g_autoptr(OverlapScenario) scenario = overlap_test_bundled ("abc");
  OverlapStrategy s = strategy ("bounded(3)");
  GtkWidget *window;
  GtkWidget *view;
  g_autofree char *python = NULL;
  g_autofree char *c = NULL;

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return;
    }
  adw_init ();

  window = gtk_window_new ();
  view = overlap_code_view_new ();
  g_object_ref_sink (view);
  gtk_window_set_child (GTK_WINDOW (window), view);
  overlap_code_view_set_scenario (OVERLAP_CODE_VIEW (view), scenario, &s);
  gtk_window_present (GTK_WINDOW (window));

  python = overlap_code_view_get_python (OVERLAP_CODE_VIEW (view));
  c = overlap_code_view_get_c (OVERLAP_CODE_VIEW (view));
  g_assert_nonnull (strstr (python, "Semaphore(3)"));
  g_assert_nonnull (strstr (c, "#define LIMIT 3"));
  g_assert_true (gtk_widget_activate_action (view, "code.copy-python", NULL));
  g_assert_true (gtk_widget_activate_action (view, "code.copy-c", NULL));

  /* the scenario's own first strategy when none is given */
  overlap_code_view_set_scenario (OVERLAP_CODE_VIEW (view), scenario, NULL);
  g_clear_pointer (&python, g_free);
  python = overlap_code_view_get_python (OVERLAP_CODE_VIEW (view));
  g_assert_nonnull (strstr (python, "await task(\"Task A\", 2)"));

  overlap_code_view_set_scenario (OVERLAP_CODE_VIEW (view), NULL, NULL);
  g_clear_pointer (&python, g_free);
  python = overlap_code_view_get_python (OVERLAP_CODE_VIEW (view));
  g_assert_null (python);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (view);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/code-view/python/gather-abc", test_python_gather_abc);
  g_test_add_func ("/code-view/python/sequential-in-order", test_python_sequential_in_order);
  g_test_add_func ("/code-view/python/strategies", test_python_strategies);
  g_test_add_func ("/code-view/all-bundled", test_all_bundled);
  g_test_add_func ("/code-view/many-tasks-are-short", test_many_tasks_are_short);
  g_test_add_func ("/code-view/c/shapes", test_c_shapes);
  g_test_add_func ("/code-view/quoting", test_quoting);
  g_test_add_func ("/code-view/widget", test_widget);

  return g_test_run ();
}
