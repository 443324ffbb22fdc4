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
  for (guint language = 0; language < 2; language++)
    {
      g_autoptr(GArray) lines = NULL;
      g_autofree char *text = language == 0 ? overlap_code_python_with_lines (scenario, s, &lines)
                                            : overlap_code_c_with_lines (scenario, s, &lines);
      g_autofree char *plain = language == 0 ? overlap_code_python_for (scenario, s)
                                             : overlap_code_c_for (scenario, s);

      /* the same program, with or without its lines */
      g_assert_cmpstr (text, ==, plain);
      g_assert_cmpuint (lines->len, ==, overlap_scenario_get_n_tasks (scenario));
      for (guint i = 0; i < lines->len; i++)
        {
          guint line = g_array_index (lines, guint, i);
          g_autofree char *line_text = line_of (text, line);
          g_autofree char *before = line > 1 ? line_of (text, line - 1) : NULL;
          g_autofree char *at = g_strdup_printf ("%s (%s), task %u, line %u", where,
                                                 language == 0 ? "Python" : "C", i, line);

          assert_line_starts (line_text, before, overlap_scenario_get_task (scenario, i)->label,
                              language == 0, at);
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
          g_autofree char *python = overlap_code_python_for (scenario, &s);
          g_autofree char *c = overlap_code_c_for (scenario, &s);
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

  return g_test_run ();
}
