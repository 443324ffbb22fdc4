/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "overlap-code-gen-private.h"
#include "overlap-code-view.h"
#include "overlap-gantt-view.h"
#include "overlap-test-run.h"
#include "overlap-test-ui.h"
#include "overlap-test-window.h"

static GtkApplication *app;

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
  g_autofree char *code = overlap_code_for (OVERLAP_CODE_PYTHON, scenario, &s, NULL);

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
  g_autofree char *code = overlap_code_for (OVERLAP_CODE_PYTHON, scenario, &s, NULL);
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
      g_autofree char *code = overlap_code_for (OVERLAP_CODE_PYTHON, scenario, &s, NULL);

      g_assert_nonnull (strstr (code, cases[i].expect));
      g_assert_nonnull (strstr (code, "Task A"));
      assert_valid_python (code);
    }

  {
    OverlapStrategy s = strategy ("first-completed");
    g_autofree char *code = overlap_code_for (OVERLAP_CODE_PYTHON, scenario, &s, NULL);

    g_assert_nonnull (strstr (code, ".cancel()"));
  }
  {
    OverlapStrategy s = strategy ("timeout(1.5)");
    g_autofree char *code = overlap_code_for (OVERLAP_CODE_PYTHON, scenario, &s, NULL);

    g_assert_nonnull (strstr (code, ", 1.5)"));
  }
  {
    OverlapStrategy s = strategy ("threads(2)");
    g_autofree char *code = overlap_code_for (OVERLAP_CODE_PYTHON, scenario, &s, NULL);

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
          g_autofree char *python = overlap_code_for (OVERLAP_CODE_PYTHON, scenario, &s, NULL);
          g_autofree char *c = overlap_code_for (OVERLAP_CODE_C, scenario, &s, NULL);

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

static OverlapScenario *every_kind_scenario (void);

/* Line @line (1-based) of @text, or NULL past the end */
static char *
line_of (const char *text,
         guint       line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  if (line == 0 || line > g_strv_length (lines))
    return NULL;
  return g_strdup (lines[line - 1]);
}

/* @line_text starts the task labelled @label: it holds the label, or for
 * tasks written as one loop the label's prefix as the loop writes it, the
 * loop's range (on this line or on @before) holding the task's number */
static void
assert_line_starts (const char *line_text,
                    const char *before,
                    const char *label,
                    gboolean    python,
                    const char *where)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", label);
  const char *space = strrchr (label, ' ');
  g_autofree char *prefix = NULL;
  g_autofree char *numbered = NULL;
  const char *range;
  guint number, first = 0, end = 0;

  if (line_text == NULL)
    g_error ("%s: “%s” has no line", where, label);
  if (strstr (line_text, quoted) != NULL)
    return;
  if (space == NULL)
    g_error ("%s: the line of “%s” is “%s”", where, label, line_text);
  prefix = g_strndup (label, space - label);
  number = atoi (space + 1);
  numbered = python ? g_strdup_printf ("f\"%s {i}\"", prefix) : g_strdup_printf ("\"%s %%u\"", prefix);
  if (strstr (line_text, numbered) == NULL)
    g_error ("%s: the line of “%s” is “%s”", where, label, line_text);
  if (python && (range = strstr (line_text, "range(")) != NULL)
    g_assert_cmpint (sscanf (range, "range(%u, %u)", &first, &end), ==, 2);
  else if (python && before != NULL && (range = strstr (before, "range(")) != NULL)
    g_assert_cmpint (sscanf (range, "range(%u, %u)", &first, &end), ==, 2);
  else if (!python && before != NULL && (range = strstr (before, "guint i = ")) != NULL)
    g_assert_cmpint (sscanf (range, "guint i = %u; i < %u;", &first, &end), ==, 2);
  else
    g_error ("%s: no loop around “%s”: “%s”", where, label, line_text);
  if (number < first || number >= end)
    g_error ("%s: %u is not in [%u, %u) for “%s”", where, number, first, end, label);
}

static void
assert_task_lines (OverlapScenario       *scenario,
                   const OverlapStrategy *s,
                   const char            *where)
{
  for (OverlapCodeLanguage language = OVERLAP_CODE_PYTHON; language <= OVERLAP_CODE_C; language++)
    {
      g_autoptr(GArray) lines = NULL;
      g_autofree char *text = overlap_code_for (language, scenario, s, &lines);
      g_autofree char *plain = overlap_code_for (language, scenario, s, NULL);

      /* the same program, with or without its lines */
      g_assert_cmpstr (text, ==, plain);
      g_assert_cmpuint (lines->len, ==, overlap_scenario_get_n_tasks (scenario));
      for (guint i = 0; i < lines->len; i++)
        {
          guint line = g_array_index (lines, guint, i);
          g_autofree char *line_text = line_of (text, line);
          g_autofree char *before = line > 1 ? line_of (text, line - 1) : NULL;
          g_autofree char *at = g_strdup_printf ("%s (%s), task %u, line %u", where,
                                                 language == OVERLAP_CODE_PYTHON ? "Python" : "C", i, line);

          assert_line_starts (line_text, before, overlap_scenario_get_task (scenario, i)->label,
                              language == OVERLAP_CODE_PYTHON, at);
        }
    }
}

/* Every task of every bundled scenario under every strategy knows its line */
static void
test_task_lines (void)
{
  g_auto(GStrv) names = overlap_scenario_list_bundled ();
  const char *strategies[] = { "sequential", "gather", "bounded(3)", "as-completed",
                               "first-completed", "timeout(1.5)", "threads(4)" };
  g_autoptr(OverlapScenario) every = every_kind_scenario ();
  guint n_tasks = 0;

  g_assert_cmpuint (g_strv_length (names), >, 5);
  for (guint i = 0; names[i] != NULL; i++)
    {
      OverlapScenario *scenario = overlap_test_bundled (names[i]);

      for (guint k = 0; k < G_N_ELEMENTS (strategies); k++)
        {
          OverlapStrategy s = strategy (strategies[k]);
          g_autofree char *where = g_strdup_printf ("%s, %s", names[i], strategies[k]);

          assert_task_lines (scenario, &s, where);
        }
      n_tasks += overlap_scenario_get_n_tasks (scenario);
      g_assert_finalize_object (scenario);
    }
  g_assert_cmpuint (n_tasks, >, 20);
  for (guint k = 0; k < G_N_ELEMENTS (strategies); k++)
    {
      OverlapStrategy s = strategy (strategies[k]);

      assert_task_lines (every, &s, strategies[k]);
    }
}

static void
test_many_tasks_are_short (void)
{
  OverlapScenario *scenario = overlap_test_bundled ("scraper");
  OverlapStrategy s = strategy ("gather");
  g_autofree char *python = overlap_code_for (OVERLAP_CODE_PYTHON, scenario, &s, NULL);
  g_autofree char *c = overlap_code_for (OVERLAP_CODE_C, scenario, &s, NULL);
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
  g_autofree char *c_seq = overlap_code_for (OVERLAP_CODE_C, abc, &seq, NULL);
  g_autofree char *c_gather = overlap_code_for (OVERLAP_CODE_C, abc, &gather, NULL);
  g_autofree char *c_bounded = overlap_code_for (OVERLAP_CODE_C, abc, &bounded, NULL);
  g_autofree char *c_first = overlap_code_for (OVERLAP_CODE_C, abc, &first, NULL);
  g_autofree char *c_timeout = overlap_code_for (OVERLAP_CODE_C, abc, &timeout, NULL);
  g_autofree char *c_mixed = overlap_code_for (OVERLAP_CODE_C, mixed, &gather, NULL);
  g_autofree char *c_threads = overlap_code_for (OVERLAP_CODE_C, cpu, &threads, NULL);
  g_autofree char *c_cpu = overlap_code_for (OVERLAP_CODE_C, cpu, &gather, NULL);
  g_autofree char *py_cpu = overlap_code_for (OVERLAP_CODE_PYTHON, cpu, &gather, NULL);

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
  python = overlap_code_for (OVERLAP_CODE_PYTHON, scenario, &s, NULL);
  c = overlap_code_for (OVERLAP_CODE_C, scenario, &s, NULL);
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

  if (app == NULL || !gtk_init_check ())
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

/* What no bundled scenario has: per-task timeouts, CPU work in a thread, a
 * given path, URL and command, a demo request that fails, sizes that are not
 * whole KiB, numbered labels that do not start at 1. */
static OverlapScenario *
every_kind_scenario (void)
{
  OverlapScenario *scenario = overlap_scenario_new ("Every kind");
  const char *argv[] = { "echo", "it's {done}", NULL };
  OverlapTaskSpec *spec;

  overlap_scenario_set_description (scenario, "One of each kind of task, with the options the bundled "
                                    "scenarios leave out, so that each piece of the programs is written.");

  spec = overlap_task_spec_new (OVERLAP_TASK_TIMER, "tick");
  spec->duration = G_USEC_PER_SEC / 4;
  spec->timeout = G_USEC_PER_SEC;
  overlap_scenario_add_task (scenario, spec);
  overlap_task_spec_free (spec);

  for (guint i = 5; i < 8; i++)
    {
      g_autofree char *label = g_strdup_printf ("step %u", i);

      spec = overlap_task_spec_new (OVERLAP_TASK_TIMER, label);
      spec->duration = 3 * G_USEC_PER_SEC / 2;
      overlap_scenario_add_task (scenario, spec);
      overlap_task_spec_free (spec);
    }

  spec = overlap_task_spec_new (OVERLAP_TASK_HTTP, "example");
  spec->url = g_strdup ("https://example.org/?q={x}");
  spec->timeout = 5 * G_USEC_PER_SEC;
  overlap_scenario_add_task (scenario, spec);
  overlap_task_spec_free (spec);

  spec = overlap_task_spec_new (OVERLAP_TASK_HTTP, "broken");
  spec->size = 1000;
  spec->status = 503;
  spec->drop_after = 100;
  spec->latency = G_USEC_PER_SEC / 10;
  spec->bandwidth = 2048;
  overlap_scenario_add_task (scenario, spec);
  overlap_task_spec_free (spec);

  spec = overlap_task_spec_new (OVERLAP_TASK_FILE, "hostname");
  spec->path = g_strdup ("/etc/hostname");
  spec->chunk_size = 4096;
  overlap_scenario_add_task (scenario, spec);
  overlap_task_spec_free (spec);

  spec = overlap_task_spec_new (OVERLAP_TASK_FILE, "small read");
  spec->size = 100;
  overlap_scenario_add_task (scenario, spec);
  overlap_task_spec_free (spec);

  spec = overlap_task_spec_new (OVERLAP_TASK_FILE, "write");
  spec->size = 1024 * 1024;
  spec->write = TRUE;
  overlap_scenario_add_task (scenario, spec);
  overlap_task_spec_free (spec);

  spec = overlap_task_spec_new (OVERLAP_TASK_SPAWN, "echo");
  spec->argv = g_strdupv ((char **) argv);
  overlap_scenario_add_task (scenario, spec);
  overlap_task_spec_free (spec);

  spec = overlap_task_spec_new (OVERLAP_TASK_CPU, "in a thread");
  spec->duration = G_USEC_PER_SEC / 2;
  overlap_scenario_add_task (scenario, spec);
  overlap_task_spec_free (spec);

  spec = overlap_task_spec_new (OVERLAP_TASK_CPU, "on the loop");
  spec->duration = G_USEC_PER_SEC / 2;
  spec->on_loop = TRUE;
  spec->timeout = 2 * G_USEC_PER_SEC;
  overlap_scenario_add_task (scenario, spec);
  overlap_task_spec_free (spec);

  return scenario;
}

/* @text is what tests/data/codegen/@name holds, byte for byte */
static void
assert_golden (const char *name,
               const char *text)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "codegen", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  if (!g_str_equal (text, expected))
    {
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      g_auto(GStrv) expected_lines = g_strsplit (expected, "\n", -1);
      guint i = 0;

      while (lines[i] != NULL && expected_lines[i] != NULL && g_str_equal (lines[i], expected_lines[i]))
        i++;
      g_error ("%s differs at line %u:\n  now: %s\n  was: %s", path, i + 1,
               lines[i] ? lines[i] : "(end)", expected_lines[i] ? expected_lines[i] : "(end)");
    }
}

/* The programs are the very text they were before the generators moved to
 * app/codegen/ and their templates to resources: every bundled scenario, an
 * empty one and one of every kind, under every strategy. */
static void
test_golden (void)
{
  g_auto(GStrv) names = overlap_scenario_list_bundled ();
  g_autoptr(GPtrArray) scenarios = g_ptr_array_new_with_free_func (g_object_unref);
  const char *strategies[] = { "sequential", "gather", "bounded(3)", "as-completed",
                               "first-completed", "timeout(1.5)", "threads(4)" };

  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (scenarios, overlap_test_bundled (names[i]));
  g_ptr_array_add (scenarios, overlap_scenario_new ("Nothing"));
  g_ptr_array_add (scenarios, every_kind_scenario ());

  for (guint i = 0; i < scenarios->len; i++)
    {
      OverlapScenario *scenario = g_ptr_array_index (scenarios, i);
      const char *name = i < g_strv_length (names) ? names[i] : i == scenarios->len - 1 ? "every-kind" : "empty";

      for (guint k = 0; k < G_N_ELEMENTS (strategies); k++)
        {
          OverlapStrategy s = strategy (strategies[k]);
          g_autofree char *python = overlap_code_for (OVERLAP_CODE_PYTHON, scenario, &s, NULL);
          g_autofree char *c = overlap_code_for (OVERLAP_CODE_C, scenario, &s, NULL);
          g_autofree char *stem = g_strdelimit (g_strdup_printf ("%s-%s", name, strategies[k]), "().", '-');
          g_autofree char *python_name = NULL;
          g_autofree char *c_name = NULL;

          if (g_str_has_suffix (stem, "-"))
            stem[strlen (stem) - 1] = '\0';
          python_name = g_strconcat (stem, ".py", NULL);
          c_name = g_strconcat (stem, ".c", NULL);
          assert_golden (python_name, python);
          assert_golden (c_name, c);
        }
    }
}

static OverlapCodeTemplate *
template_of (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text) + 1);

  return _overlap_code_template_new_for_bytes ("test.in", bytes);
}

/* The language of the program templates: comments, nested conditions, values
 * and blocks; an @ that opens no name is kept, a value is not read again. */
static void
test_template (void)
{
  g_autoptr(OverlapCodeTemplate) program = template_of ("@# not written\n"
                                                        "a @x@ b @@ c@d\n"
                                                        "@if on\n"
                                                        "on\n"
                                                        "@if !off && on\n"
                                                        "nested\n"
                                                        "@else\n"
                                                        "not nested\n"
                                                        "@end\n"
                                                        "@else\n"
                                                        "not on\n"
                                                        "@end\n"
                                                        "@if off || !on\n"
                                                        "neither\n"
                                                        "@else\n"
                                                        "@insert block\n"
                                                        "@end\n"
                                                        "@if off\n"
                                                        "@insert unset\n"
                                                        "@end\n"
                                                        "end");
  g_autofree char *text = NULL;

  _overlap_code_template_set_flag (program, "on", TRUE);
  _overlap_code_template_set_flag (program, "off", FALSE);
  _overlap_code_template_set (program, "x", "@y@");
  _overlap_code_template_set (program, "block", "one\ntwo\n");
  text = _overlap_code_template_expand (program);
  g_assert_cmpstr (text, ==, "a @y@ b @@ c@d\non\nnested\none\ntwo\nend");
}

/* A mistake in a template stops the program and says where (the quotes are
 * those of the locale: matched by *) */
static const char * const template_mistakes[][2] = {
  { "text\n@if nothing\n@end\n", "*test.in:2: no flag *nothing**" },
  { "@if on\n@x@\n@end\n", "*test.in:2: no value *x**" },
  { "@if on && on || on\n@end\n", "*test.in:1: *@if on && on || on*: flags are joined by && or by ||*" },
  { "@if on\n@else\n@else\n@end\n", "*test.in:3: a second @else*" },
  { "@end\n", "*test.in:1: @end without @if*" },
  { "@if on\n", "*test.in: an @if without its @end*" },
};

static void
test_template_mistake (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);

  if (g_test_subprocess ())
    {
      g_autoptr(OverlapCodeTemplate) program = template_of (template_mistakes[i][0]);

      _overlap_code_template_set_flag (program, "on", TRUE);
      g_free (_overlap_code_template_expand (program));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr (template_mistakes[i][1]);
}


/* Chart and code, both ways */

/* The 1-based line of @view's text that holds @needle first */
static guint
find_line (GtkSourceView *view,
           const char    *needle)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  guint n = gtk_text_buffer_get_line_count (buffer);

  for (guint line = 0; line < n; line++)
    {
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_iter_at_line (buffer, &start, line);
      end = start;
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (strstr (text, needle) != NULL)
        return line + 1;
    }
  g_error ("“%s” is on no line", needle);
}

static char *
view_line (GtkSourceView *view,
           guint          line)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line - 1);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Whether line @line of @view carries the highlight of the task pointed at */
static gboolean
line_pointed (GtkSourceView *view,
              guint          line)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "overlap-pointed");
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, line - 1);
  return gtk_text_iter_has_tag (&iter, tag);
}

/* The only line of @page's view that is highlighted holds @needle */
static void
assert_pointed (OverlapCodeView *code,
                const char      *page,
                const char      *needle)
{
  GtkSourceView *view = overlap_code_view_get_view (code, page);
  guint n = gtk_text_buffer_get_line_count (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  guint line = overlap_code_view_get_pointed_line (code, page);
  g_autofree char *text = NULL;

  g_assert_cmpuint (line, >, 0);
  text = view_line (view, line);
  if (strstr (text, needle) == NULL)
    g_error ("%s: line %u, “%s”, is pointed at, not “%s”'s", page, line, text, needle);
  for (guint i = 1; i <= n; i++)
    g_assert_cmpint (line_pointed (view, i), ==, i == line);
}

static void
place_cursor (GtkSourceView *view,
              guint          line)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, line - 1, 4);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

/* Hover over the middle of the bar of @lane in @run */
static void
hover_bar (OverlapGanttView *gantt,
           guint             run,
           guint             lane)
{
  OverlapPaintRect bar;
  int hovered_run, hovered_lane;

  g_assert_true (overlap_chart_layout_get_bar_rect (overlap_gantt_view_get_layout (gantt), run, lane, &bar));
  overlap_gantt_view_hover_at (gantt, bar.x + bar.width / 2, bar.y + bar.height / 2);
  overlap_gantt_view_get_hovered (gantt, &hovered_run, &hovered_lane);
  g_assert_cmpint (hovered_run, ==, run);
  g_assert_cmpint (hovered_lane, ==, lane);
}

/* How many pixels of the lane rectangle of @lane in @run differ between
 * @a and @b */
static guint
lane_pixels_differ (OverlapRecording          *recording,
                    const OverlapPaintOptions *options,
                    cairo_surface_t           *a,
                    cairo_surface_t           *b,
                    guint                      run,
                    guint                      lane,
                    int                        inset)
{
  g_autoptr(OverlapChartLayout) layout = overlap_chart_layout_new (recording);
  OverlapPaintRect rect;
  int stride = cairo_image_surface_get_stride (a);
  const guint8 *pa, *pb;
  guint n = 0;

  overlap_chart_layout_set_options (layout, options);
  g_assert_true (overlap_chart_layout_get_lane_rect (layout, run, lane, &rect));
  cairo_surface_flush (a);
  cairo_surface_flush (b);
  pa = cairo_image_surface_get_data (a);
  pb = cairo_image_surface_get_data (b);
  for (int y = MAX (0, (int) rect.y + inset); y < MIN (options->height, (int) (rect.y + rect.height) - inset); y++)
    for (int x = MAX (0, (int) rect.x); x < MIN (options->width, (int) (rect.x + rect.width)); x++)
      n += memcmp (pa + y * stride + x * 4, pb + y * stride + x * 4, 4) != 0;
  return n;
}

/* The chart paints a frame around the framed lane @framed of @run, and
 * nothing else changes in @other's */
static void
assert_framed (OverlapGanttView *gantt,
               guint             run,
               guint             framed,
               guint             other)
{
  OverlapRecording *recording = overlap_gantt_view_get_recording (gantt);
  OverlapPaintOptions options, plain;
  cairo_surface_t *with, *without;
  cairo_t *cr;

  overlap_gantt_view_get_paint_options (gantt, &options);
  g_assert_nonnull (options.highlight_lanes);
  plain = options;
  plain.highlight_lanes = NULL;
  plain.n_highlight_lanes = 0;
  with = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, options.width, options.height);
  without = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, options.width, options.height);
  cr = cairo_create (with);
  overlap_painter_paint (cr, recording, &options);
  cairo_destroy (cr);
  cr = cairo_create (without);
  overlap_painter_paint (cr, recording, &plain);
  cairo_destroy (cr);
  g_assert_cmpuint (lane_pixels_differ (recording, &options, with, without, run, framed, 0), >, 50);
  g_assert_cmpuint (lane_pixels_differ (recording, &options, with, without, run, other, 2), ==, 0);
  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
}

/* The Python program the code view shows holds @text */
static void
assert_python_holds (OverlapCodeView *code,
                     const char      *text)
{
  g_autofree char *python = overlap_code_view_get_python (code);

  g_assert_nonnull (strstr (python, text));
}

/* The mark on the line of task A, B or C (@task 0, 1 or 2) in @language's program */
static const char *
task_mark (OverlapCodeView *code,
           const char      *language,
           guint            task)
{
  static const char *tasks[] = { "\"Task A\"", "\"Task B\"", "\"Task C\"" };

  return overlap_code_view_get_line_mark (code, language,
                                          find_line (overlap_code_view_get_view (code, language), tasks[task]));
}

/* The marks follow the run at a timer (later under the sanitizers on a busy
 * machine): TRUE once the lines of A, B and C carry @a, @b and @c */
static gboolean
marks_are (OverlapCodeView *code,
           const char      *a,
           const char      *b,
           const char      *c)
{
  const char *marks[] = { a, b, c };

  for (guint i = 0; i < 3; i++)
    if (g_strcmp0 (task_mark (code, "python", i), marks[i]) != 0 ||
        g_strcmp0 (task_mark (code, "c", i), marks[i]) != 0)
      return FALSE;
  return TRUE;
}

/* the run is over: every task's line marked done, in both programs */
static gboolean
all_marked_done (gpointer data)
{
  return marks_are (data, "overlap-done", "overlap-done", "overlap-done");
}

/* The bar selected or hovered has its line highlighted, in Python and in C;
 * the cursor's line has its bars framed; after the run each line says done */
static void
test_chart_and_code (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  OverlapGanttView *gantt = OVERLAP_GANTT_VIEW (overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_GANTT_VIEW));
  OverlapCodeView *code = OVERLAP_CODE_VIEW (overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_CODE_VIEW));
  GtkSpinButton *spin = GTK_SPIN_BUTTON (overlap_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON));
  GtkSourceView *python, *c;
  const char *tasks[] = { "\"Task A\"", "\"Task B\"", "\"Task C\"" };

  g_assert_true (overlap_window_load_bundled (window, "abc"));
  if (!gtk_widget_get_visible (GTK_WIDGET (code)))
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", NULL));
  gtk_spin_button_set_value (spin, 0.2);
  overlap_window_run (window);
  overlap_test_wait_run_end (window, 10000);
  overlap_test_spin_until (all_marked_done, code, 5000);
  python = overlap_code_view_get_view (code, "python");
  c = overlap_code_view_get_view (code, "c");

  /* select Task B of the gather run: the gather program, B's line */
  overlap_gantt_view_select (gantt, 1, 1);
  overlap_test_spin_for (50);
  assert_python_holds (code, "asyncio.gather(");
  assert_pointed (code, "python", "task(\"Task B\", 1)");
  assert_pointed (code, "c", ".name = \"Task B\"");

  /* hover Task C: its line, then back to the selected B's when the pointer leaves */
  hover_bar (gantt, 1, 2);
  assert_pointed (code, "python", "task(\"Task C\", 3)");
  assert_pointed (code, "c", ".name = \"Task C\"");
  hover_bar (gantt, 0, 0);
  assert_pointed (code, "python", "task(\"Task A\", 2)");
  overlap_gantt_view_hover_at (gantt, -100, -100);
  assert_pointed (code, "python", "task(\"Task B\", 1)");

  /* the cursor on A's line: A's bars in both runs are framed, no other */
  place_cursor (python, find_line (python, "task(\"Task A\", 2)"));
  for (guint run = 0; run < 2; run++)
    for (guint lane = 0; lane < 3; lane++)
      g_assert_cmpint (overlap_gantt_view_is_highlighted (gantt, run, lane), ==, lane == 0);
  assert_framed (gantt, 1, 0, 2);
  /* a line that starts no task: none */
  place_cursor (python, find_line (python, "import asyncio"));
  for (guint lane = 0; lane < 3; lane++)
    g_assert_false (overlap_gantt_view_is_highlighted (gantt, 1, lane));
  /* in C, on C's job */
  overlap_code_view_set_page (code, "c");
  place_cursor (c, find_line (c, ".name = \"Task C\""));
  for (guint lane = 0; lane < 3; lane++)
    g_assert_cmpint (overlap_gantt_view_is_highlighted (gantt, 0, lane), ==, lane == 2);
  /* back on the Python page: its cursor's line again (no task) */
  overlap_code_view_set_page (code, "python");
  g_assert_false (overlap_gantt_view_is_highlighted (gantt, 0, 2));

  /* the run is over: every task's line is marked done */
  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      g_assert_cmpstr (overlap_code_view_get_line_mark (code, "python", find_line (python, tasks[i])), ==, "overlap-done");
      g_assert_cmpstr (overlap_code_view_get_line_mark (code, "c", find_line (c, tasks[i])), ==, "overlap-done");
    }
  g_assert_null (overlap_code_view_get_line_mark (code, "python", find_line (python, "import asyncio")));

  overlap_test_destroy_window (GTK_WINDOW (window));
}

typedef struct
{
  OverlapRecording *recording;
  guint             run;
  guint             lane;
} LaneWait;

static gboolean
lane_ended (gpointer data)
{
  LaneWait *wait = data;

  return overlap_recording_get_n_runs (wait->recording) > wait->run &&
         overlap_run_get_lane (overlap_recording_get_run (wait->recording, wait->run), wait->lane)->end >= 0;
}

static gboolean
lane_started (gpointer data)
{
  LaneWait *wait = data;

  return overlap_recording_get_n_runs (wait->recording) > wait->run &&
         overlap_run_get_lane (overlap_recording_get_run (wait->recording, wait->run), wait->lane)->start >= 0;
}

static gboolean
a_marked_failed (gpointer data)
{
  OverlapCodeView *code = data;
  GtkSourceView *python = overlap_code_view_get_view (code, "python");

  return g_strcmp0 (overlap_code_view_get_line_mark (code, "python", find_line (python, "\"Task A\"")),
                    "overlap-failed") == 0;
}

typedef struct
{
  OverlapCodeView  *code;
  OverlapRecording *recording;
} MarksWait;

static gboolean
a_waiting_marked (gpointer data)
{
  return marks_are (data, "overlap-waiting", "overlap-queued", "overlap-queued");
}

/* B waiting after A, unless B is over already */
static gboolean
b_waiting_marked (gpointer data)
{
  MarksWait *wait = data;

  return lane_ended (&(LaneWait) { wait->recording, 0, 1 }) ||
         marks_are (wait->code, "overlap-done", "overlap-waiting", "overlap-queued");
}

/* all three of gather waiting, B done if it is over */
static gboolean
gather_marked (gpointer data)
{
  MarksWait *wait = data;
  gboolean b_done = lane_ended (&(LaneWait) { wait->recording, 1, 1 });

  return marks_are (wait->code, "overlap-waiting", b_done ? "overlap-done" : "overlap-waiting", "overlap-waiting");
}

static void
assert_marks (OverlapCodeView *code,
              const char      *a,
              const char      *b,
              const char      *c)
{
  const char *marks[] = { a, b, c };

  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpstr (task_mark (code, "python", i), ==, marks[i]);
      g_assert_cmpstr (task_mark (code, "c", i), ==, marks[i]);
    }
}

/* During the run, each task's line is marked with its state as it goes:
 * sequential (one waits, the others queued), then gather (all wait) */
static void
test_live_marks (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  OverlapCodeView *code = OVERLAP_CODE_VIEW (overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_CODE_VIEW));
  GtkSpinButton *spin = GTK_SPIN_BUTTON (overlap_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON));
  LaneWait wait = { overlap_window_get_recording (window), 0, 0 };
  MarksWait marks = { code, wait.recording };

  g_assert_true (overlap_window_load_bundled (window, "abc"));
  gtk_spin_button_set_value (spin, 0.5);
  overlap_window_run (window);

  /* sequential: A waits on its sleep, B and C are not started */
  overlap_test_spin_until (lane_started, &wait, 5000);
  overlap_test_spin_until (a_waiting_marked, code, 5000);
  assert_python_holds (code, "    await task(\"Task A\", 2)\n");
  assert_marks (code, "overlap-waiting", "overlap-queued", "overlap-queued");
  /* A done, B waiting */
  wait.lane = 1;
  overlap_test_spin_until (lane_started, &wait, 5000);
  overlap_test_spin_until (b_waiting_marked, &marks, 5000);
  if (!lane_ended (&(LaneWait) { wait.recording, 0, 1 }))
    assert_marks (code, "overlap-done", "overlap-waiting", "overlap-queued");

  /* gather: the code view follows the run that goes on, all three wait */
  wait.run = 1;
  wait.lane = 2;
  overlap_test_spin_until (lane_started, &wait, 10000);
  overlap_test_spin_until (gather_marked, &marks, 5000);
  assert_python_holds (code, "asyncio.gather(");
  if (!lane_ended (&(LaneWait) { wait.recording, 1, 1 }))
    assert_marks (code, "overlap-waiting", "overlap-waiting", "overlap-waiting");
  else
    assert_marks (code, "overlap-waiting", "overlap-done", "overlap-waiting");

  /* stopped: those cut short are marked failed */
  {
    gboolean b_done = lane_ended (&(LaneWait) { wait.recording, 1, 1 });

    overlap_window_stop (window);
    overlap_test_wait_run_end (window, 5000);
    b_done = lane_ended (&(LaneWait) { wait.recording, 1, 1 }) &&
             overlap_run_get_lane (overlap_recording_get_run (wait.recording, 1), 1)->result == OVERLAP_RESULT_OK;
    /* the marks follow within a refresh or two (slower under the sanitizers) */
    overlap_test_spin_until (a_marked_failed, code, 3000);
    assert_marks (code, "overlap-failed", b_done ? "overlap-done" : "overlap-failed", "overlap-failed");
  }

  overlap_test_destroy_window (GTK_WINDOW (window));
}

static int
font_size (GtkWidget *widget)
{
  return pango_font_description_get_size (pango_context_get_font_description (gtk_widget_get_pango_context (widget)));
}

typedef struct
{
  GtkWidget *widget;
  int        size;   /* its font's size before */
} FontWait;

/* The widget's font at another size: from the CSS of the next frame (later
 * under the sanitizers on a busy machine) */
static gboolean
font_resized (gpointer data)
{
  FontWait *wait = data;

  return font_size (wait->widget) != wait->size;
}

/* The style scheme follows the app's light and dark */
static void
test_scheme (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = overlap_code_view_new ();
  GtkTextBuffer *buffer;

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (overlap_code_view_get_view (OVERLAP_CODE_VIEW (view), "python")));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  overlap_test_spin_for (50);
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (GTK_SOURCE_BUFFER (buffer))),
                   ==, "Adwaita-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  overlap_test_spin_for (50);
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (GTK_SOURCE_BUFFER (buffer))),
                   ==, "Adwaita");
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (buffer))), ==, "python3");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (overlap_code_view_get_view (OVERLAP_CODE_VIEW (view), "c")));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (buffer))), ==, "c");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* the text scale: presentation mode's 2× is twice the text, line numbers included */
  {
    GtkWidget *python = GTK_WIDGET (overlap_code_view_get_view (OVERLAP_CODE_VIEW (view), "python"));
    int size1, size2;

    overlap_code_view_set_text_scale (OVERLAP_CODE_VIEW (view), 1.0);
    overlap_test_spin_for (50);
    size1 = font_size (python);
    overlap_code_view_set_text_scale (OVERLAP_CODE_VIEW (view), 2.0);
    overlap_test_spin_until (font_resized, &(FontWait) { python, size1 }, 5000);
    size2 = font_size (python);
    g_assert_cmpint (size1, >, 0);
    g_assert_cmpfloat (size2 / (double) size1, >, 1.9);
    g_assert_cmpfloat (size2 / (double) size1, <, 2.1);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
source_shown (gpointer data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (overlap_code_view_get_view (data, "source")));

  return gtk_text_buffer_get_line_count (buffer) > 1 || overlap_code_view_get_source_message (data) != NULL;
}

/* The marks follow at a timer: line 12's task done */
static gboolean
fetch_marked_done (gpointer data)
{
  return g_strcmp0 (overlap_code_view_get_line_mark (data, "source", 12), "overlap-done") == 0;
}

/* A watched program's tasks say where they were created: the Program page
 * opens that file, the tasks' lines and bars point at each other */
static void
test_source (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("overlap-code-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "watched.py", NULL);
  g_autoptr(GString) program = g_string_new (NULL);
  g_autoptr(OverlapRecording) recording = overlap_recording_new ("feed");
  g_autoptr(OverlapRun) run = overlap_run_new ("watched.py", "program");
  GtkWidget *window = gtk_window_new ();
  OverlapCodeView *code = OVERLAP_CODE_VIEW (overlap_code_view_new ());
  GtkSourceView *source;
  OverlapRun *cursor_run = NULL;
  const guint *tasks;
  guint n_tasks;

  g_assert_no_error (error);
  for (guint i = 1; i <= 40; i++)
    g_string_append_printf (program, i == 12 ? "    fetch_%u = asyncio.create_task(fetch())\n" :
                            i == 30 ? "    await asyncio.gather(work_%u())\n" : "# line %u\n", i);
  g_file_set_contents (path, program->str, -1, &error);
  g_assert_no_error (error);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (code));
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_window_present (GTK_WINDOW (window));

  overlap_run_add_lane (run, "fetch", "async", NULL);
  overlap_run_add_lane (run, "work", "async", NULL);
  overlap_run_add_lane (run, "other", "async", NULL);
  overlap_run_begin (run, g_get_monotonic_time ());
  overlap_run_set_task_source (run, 0, path, 12);
  overlap_run_set_task_source (run, 1, path, 30);
  overlap_run_set_phase (run, 0, OVERLAP_PHASE_WAITING, 10);
  overlap_run_set_phase (run, 1, OVERLAP_PHASE_RUNNING, 20);
  overlap_recording_add_run (recording, run);
  overlap_code_view_set_recording (code, recording);
  overlap_test_spin_until (source_shown, code, 5000);

  g_assert_null (overlap_code_view_get_source_message (code));
  g_assert_cmpstr (overlap_code_view_get_source_path (code), ==, path);
  g_assert_cmpstr (overlap_code_view_get_page (code), ==, "source");
  g_assert_true (overlap_code_view_get_source_run (code) == run);
  source = overlap_code_view_get_view (code, "source");
  g_assert_cmpuint (gtk_text_buffer_get_line_count (gtk_text_view_get_buffer (GTK_TEXT_VIEW (source))), ==, 41);
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (
                     GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (source))))), ==, "python3");

  /* live marks on the program's lines */
  g_assert_cmpstr (overlap_code_view_get_line_mark (code, "source", 12), ==, "overlap-waiting");
  g_assert_cmpstr (overlap_code_view_get_line_mark (code, "source", 30), ==, "overlap-running");
  g_assert_null (overlap_code_view_get_line_mark (code, "source", 11));
  overlap_run_lane_finish (run, 0, OVERLAP_RESULT_OK, NULL, 40);
  overlap_test_spin_until (fetch_marked_done, code, 5000);
  g_assert_cmpstr (overlap_code_view_get_line_mark (code, "source", 12), ==, "overlap-done");

  /* bar → line */
  overlap_code_view_point_task (code, run, 1);
  assert_pointed (code, "source", "work_30");
  overlap_code_view_point_task (code, run, 2);
  g_assert_cmpuint (overlap_code_view_get_pointed_line (code, "source"), ==, 0);
  /* a generated program's task is not the watched program's */
  overlap_code_view_point_task (code, NULL, 0);
  g_assert_cmpuint (overlap_code_view_get_pointed_line (code, "source"), ==, 0);

  /* line → bars, of that run */
  place_cursor (source, 12);
  tasks = overlap_code_view_get_cursor_tasks (code, &n_tasks, &cursor_run);
  g_assert_cmpuint (n_tasks, ==, 1);
  g_assert_cmpuint (tasks[0], ==, 0);
  g_assert_true (cursor_run == run);
  place_cursor (source, 13);
  overlap_code_view_get_cursor_tasks (code, &n_tasks, NULL);
  g_assert_cmpuint (n_tasks, ==, 0);

  /* a file that cannot be read says so */
  overlap_code_view_show_source (code, "/nonexistent/overlap/watched.py", 3);
  overlap_test_spin_until (source_shown, code, 5000);
  g_assert_nonnull (strstr (overlap_code_view_get_source_message (code), "/nonexistent/overlap/watched.py"));

  /* nor is a file too large to show, or one that is not text; reading the
   * large one stops past the limit */
  {
    g_autofree char *large = g_build_filename (dir, "large.py", NULL);
    g_autofree char *binary = g_build_filename (dir, "binary.py", NULL);
    g_autofree char *filler = g_strnfill (4 * 1024 * 1024 + 1, 'a');

    g_assert_true (g_file_set_contents (large, filler, -1, NULL));
    g_assert_true (g_file_set_contents (binary, "x = 1\n\xff\xfe\n", -1, NULL));
    overlap_code_view_show_source (code, large, 1);
    overlap_test_spin_until (source_shown, code, 5000);
    g_assert_nonnull (strstr (overlap_code_view_get_source_message (code), "larger than 4 MiB"));
    overlap_code_view_show_source (code, binary, 1);
    overlap_test_spin_until (source_shown, code, 5000);
    g_assert_nonnull (strstr (overlap_code_view_get_source_message (code), "not UTF-8"));
    g_unlink (large);
    g_unlink (binary);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  overlap_run_finish (run, OVERLAP_RUN_FINISHED, 50);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = overlap_test_init_windows (&argc, &argv);

  g_test_add_func ("/code-view/python/gather-abc", test_python_gather_abc);
  g_test_add_func ("/code-view/python/sequential-in-order", test_python_sequential_in_order);
  g_test_add_func ("/code-view/python/strategies", test_python_strategies);
  g_test_add_func ("/code-view/all-bundled", test_all_bundled);
  g_test_add_func ("/code-view/many-tasks-are-short", test_many_tasks_are_short);
  g_test_add_func ("/code-view/task-lines", test_task_lines);
  g_test_add_func ("/code-view/c/shapes", test_c_shapes);
  g_test_add_func ("/code-view/quoting", test_quoting);
  g_test_add_func ("/code-view/widget", test_widget);
  g_test_add_func ("/code-view/golden", test_golden);
  g_test_add_func ("/code-view/template", test_template);
  for (guint i = 0; i < G_N_ELEMENTS (template_mistakes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/code-view/template/mistake/%u", i);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_template_mistake);
    }

  if (app != NULL)
    {
      g_test_add_func ("/code-view/chart-and-code", test_chart_and_code);
      g_test_add_func ("/code-view/live-marks", test_live_marks);
      g_test_add_func ("/code-view/scheme", test_scheme);
      g_test_add_func ("/code-view/source", test_source);
    }

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
