/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "overlap-error.h"
#include "overlap-scenario.h"
#include "overlap-units.h"

static OverlapScenario *
parse (const char  *json,
       GError     **error)
{
  return overlap_scenario_new_from_data (json, -1, "test.json", error);
}

static void
test_bundled_all_parse (void)
{
  g_auto(GStrv) names = overlap_scenario_list_bundled ();
  const char *expected[] = { "abc", "two-tasks", "hello-world", "scraper", "file-reads",
                             "mixed-io", "cpu-pitfall", "bounded", "first-completed", "timeout" };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_strv_contains ((const char * const *) names, expected[i]));

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      OverlapScenario *scenario = overlap_scenario_new_bundled (names[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (scenario);
      g_assert_cmpuint (overlap_scenario_get_n_tasks (scenario), >, 0);
      g_assert_nonnull (overlap_scenario_get_description (scenario));
      g_assert_cmpuint (overlap_scenario_get_strategies (scenario)->len, >, 0);
      g_assert_finalize_object (scenario);
    }
}

static void
test_abc_numbers (void)
{
  g_autoptr(GError) error = NULL;
  OverlapScenario *scenario = overlap_scenario_new_bundled ("abc", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (overlap_scenario_get_n_tasks (scenario), ==, 3);
  g_assert_cmpstr (overlap_scenario_get_task (scenario, 0)->label, ==, "Task A");
  g_assert_cmpint (overlap_scenario_get_task (scenario, 0)->duration, ==, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (overlap_scenario_get_task (scenario, 1)->duration, ==, 1 * G_USEC_PER_SEC);
  g_assert_cmpint (overlap_scenario_get_task (scenario, 2)->duration, ==, 3 * G_USEC_PER_SEC);

  g_assert_finalize_object (scenario);
}

static void
test_scraper_repeat (void)
{
  g_autoptr(GError) error = NULL;
  OverlapScenario *scenario = overlap_scenario_new_bundled ("scraper", &error);
  const OverlapTaskSpec *last;

  g_assert_no_error (error);
  g_assert_cmpuint (overlap_scenario_get_n_tasks (scenario), ==, 100);
  g_assert_cmpuint (overlap_scenario_get_max_conns_per_host (scenario), ==, 100);
  last = overlap_scenario_get_task (scenario, 99);
  g_assert_cmpstr (last->label, ==, "page 100");
  g_assert_cmpuint (last->size, ==, 64 * 1024);
  g_assert_cmpint (last->latency, ==, 200 * 1000);

  g_assert_finalize_object (scenario);
}

static void
test_units (void)
{
  g_autoptr(GError) error = NULL;
  OverlapScenario *scenario = parse (
    "{\"title\": \"u\", \"tasks\": ["
    " {\"kind\": \"timer\", \"duration\": \"250 ms\"},"
    " {\"kind\": \"http\", \"size\": \"1.5 MiB\", \"latency\": 0.1, \"bandwidth\": \"2 MB\"},"
    " {\"kind\": \"cpu\", \"duration\": 1, \"where\": \"loop\"},"
    " {\"kind\": \"spawn\", \"argv\": [\"true\"]},"
    " {\"kind\": \"file\", \"size\": 100, \"write\": true},"
    " {\"kind\": \"http\", \"bandwidth\": \"512 KiB/s\"}]}", &error);

  g_assert_no_error (error);
  g_assert_cmpint (overlap_scenario_get_task (scenario, 0)->duration, ==, 250000);
  g_assert_cmpstr (overlap_scenario_get_task (scenario, 0)->label, ==, "Task 1");
  g_assert_cmpuint (overlap_scenario_get_task (scenario, 1)->size, ==, 1572864);
  g_assert_cmpuint (overlap_scenario_get_task (scenario, 1)->bandwidth, ==, 2000000);
  g_assert_cmpint (overlap_scenario_get_task (scenario, 1)->latency, ==, 100000);
  g_assert_true (overlap_scenario_get_task (scenario, 2)->on_loop);
  g_assert_cmpstr (overlap_scenario_get_task (scenario, 3)->argv[0], ==, "true");
  g_assert_true (overlap_scenario_get_task (scenario, 4)->write);
  /* a bandwidth may be written as a rate */
  g_assert_cmpuint (overlap_scenario_get_task (scenario, 5)->bandwidth, ==, 512 * 1024);
  /* libsoup's defaults unless the scenario says otherwise */
  g_assert_cmpuint (overlap_scenario_get_max_conns (scenario), ==, 10);
  g_assert_cmpuint (overlap_scenario_get_max_conns_per_host (scenario), ==, 2);

  g_assert_finalize_object (scenario);
}

/* Each bad scenario gets an error that names the file, the place and the problem. */
static void
test_errors (void)
{
  static const struct {
    const char *json;
    const char *expected[3];
  } cases[] = {
    { "{\"title\": \"x\", \"tasks\": [", { "test.json:1:", "JSON" } },
    { "[1, 2]", { "test.json", "JSON object" } },
    { "{\"tasks\": [{\"kind\": \"timer\", \"duration\": 1}]}", { "test.json", "“title” is missing" } },
    { "{\"title\": \"x\"}", { "“tasks” is missing" } },
    { "{\"title\": \"x\", \"tasks\": []}", { "“tasks” is empty" } },
    { "{\"title\": 5, \"tasks\": []}", { "“title” must be a string" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"teleport\"}]}", { "tasks[0]", "unknown kind “teleport”" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"timer\", \"label\": \"C\", \"duration\": -3}]}",
      { "tasks[0] (“C”)", "“duration” must not be negative" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"timer\", \"duration\": \"soon\"}]}", { "“duration” must be a duration" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"timer\", \"duration\": 1e12}]}", { "more than the 3600 s allowed" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"timer\"}]}", { "needs a “duration”" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"timer\", \"duration\": 1, \"repeat\": 1000000}]}",
      { "“repeat” must be a whole number from 1 to 100000" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"timer\", \"duration\": 1, \"repeat\": 100000},"
      " {\"kind\": \"timer\", \"duration\": 1, \"repeat\": 100000}]}",
      { "test.json: tasks: the scenario has more than 100000 tasks" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"http\", \"size\": \"1 TB\"}]}", { "“size” is more than the 64.0" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"timer\", \"duration\": true}]}", { "“duration” must be a number of seconds" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"http\", \"size\": [1]}]}", { "“size” must be a number of bytes" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"http\", \"bandwidth\": \"100 GiB/s\"}]}", { "“bandwidth” is more than the" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"http\", \"chunk-size\": \"0 KiB\"}]}", { "“chunk-size” must be at least 1 byte" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"timer\", \"duration\": \"61 min\"}]}", { "more than the 3600 s allowed" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"http\", \"url\": \"ftp://example.com/\"}]}", { "only http and https" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"http\", \"url\": \"http://[::1\"}]}", { "not a valid URL" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"timer\", \"duraton\": 1}]}", { "unknown key “duraton”" } },
    { "{\"title\": \"x\", \"strategies\": [\"fastest\"], \"tasks\": [{\"kind\": \"timer\", \"duration\": 1}]}",
      { "Unknown strategy “fastest”" } },
    { "{\"title\": \"x\", \"http\": {\"max-conns\": 0}, \"tasks\": [{\"kind\": \"timer\", \"duration\": 1}]}",
      { "http", "“max-conns” must be a whole number" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"cpu\", \"duration\": 1, \"where\": \"gpu\"}]}", { "“where” must be" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"spawn\", \"argv\": [1]}]}", { "“argv” must be a list of strings" } },
    { "{\"title\": \"x\", \"tasks\": [{\"kind\": \"file\"}]}", { "needs a “path” to read or a “size”" } },
    { "{\"title\": \"x\", \"tasks\": [3]}", { "tasks[0]", "must be an object" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OverlapScenario) scenario = parse (cases[i].json, &error);

      g_assert_null (scenario);
      g_assert_error (error, OVERLAP_ERROR, OVERLAP_ERROR_SCENARIO);
      g_assert_true (g_str_has_prefix (error->message, "test.json"));
      for (guint k = 0; k < G_N_ELEMENTS (cases[i].expected) && cases[i].expected[k]; k++)
        if (strstr (error->message, cases[i].expected[k]) == NULL)
          g_error ("case %u: “%s” does not contain “%s”", i, error->message, cases[i].expected[k]);
    }
}

static void
test_empty_and_binary (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OverlapScenario) empty = overlap_scenario_new_from_data ("", 0, "empty.json", &error);
  static const char binary[] = { 0x7f, 'E', 'L', 'F', 0, 1, (char) 0xff, 2 };
  g_autoptr(OverlapScenario) bin = NULL;

  g_assert_null (empty);
  g_assert_error (error, OVERLAP_ERROR, OVERLAP_ERROR_SCENARIO);
  g_assert_nonnull (strstr (error->message, "empty.json: the file is empty"));
  g_clear_error (&error);

  bin = overlap_scenario_new_from_data (binary, sizeof binary, "a.out", &error);
  g_assert_null (bin);
  g_assert_nonnull (strstr (error->message, "a.out: this is not a scenario file"));
}

static void
test_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("overlap-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "mine.json", NULL);
  g_autoptr(OverlapScenario) missing = NULL;
  g_autoptr(OverlapScenario) folder = NULL;
  OverlapScenario *mine = NULL;

  missing = overlap_scenario_lookup ("/nonexistent/nothing.json", &error);
  g_assert_null (missing);
  g_assert_nonnull (strstr (error->message, "/nonexistent/nothing.json"));
  g_clear_error (&error);

  folder = overlap_scenario_lookup (dir, &error);
  g_assert_null (folder);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);

  missing = overlap_scenario_lookup ("no-such-scenario", &error);
  g_assert_null (missing);
  g_assert_nonnull (strstr (error->message, "No scenario named “no-such-scenario”"));
  g_assert_nonnull (strstr (error->message, "abc"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "{\"title\": \"Mine\", \"tasks\": [{\"kind\": \"timer\", \"duration\": 0.5}]}", -1, NULL));
  mine = overlap_scenario_lookup (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (overlap_scenario_get_title (mine), ==, "Mine");

  g_unlink (path);
  g_rmdir (dir);

  g_assert_finalize_object (mine);
}

static void
test_round_trip (void)
{
  g_auto(GStrv) names = overlap_scenario_list_bundled ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(OverlapScenario) a = overlap_scenario_new_bundled (names[i], NULL);
      g_autoptr(OverlapScenario) b = NULL;
      g_autofree char *json = overlap_scenario_to_json (a);
      g_autofree char *json2 = NULL;
      g_autoptr(GError) error = NULL;

      b = overlap_scenario_new_from_data (json, -1, "saved.json", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (overlap_scenario_get_n_tasks (a), ==, overlap_scenario_get_n_tasks (b));
      json2 = overlap_scenario_to_json (b);
      g_assert_cmpstr (json, ==, json2);
    }
}

/* Labels and specs of task @i of @a and @b are the same. */
static void
assert_same_task (OverlapScenario *a,
                  OverlapScenario *b,
                  guint            i)
{
  const OverlapTaskSpec *x = overlap_scenario_get_task (a, i);
  const OverlapTaskSpec *y = overlap_scenario_get_task (b, i);

  g_assert_cmpstr (x->label, ==, y->label);
  g_assert_cmpint (x->kind, ==, y->kind);
  g_assert_cmpint (x->duration, ==, y->duration);
  g_assert_cmpint (x->timeout, ==, y->timeout);
  g_assert_cmpuint (x->size, ==, y->size);
}

/* Tasks written with "repeat" are saved with "repeat" again: a scenario of 100,000
 * repeated tasks is not saved as 100,000 copies. Tasks that only look alike keep
 * their own entries. */
static void
test_round_trip_repeat (void)
{
  const char *text =
    "{\"title\": \"R\", \"tasks\": ["
    " {\"kind\": \"timer\", \"duration\": 2, \"repeat\": 100000}]}";
  const char *mixed =
    "{\"title\": \"M\", \"tasks\": ["
    " {\"kind\": \"timer\", \"label\": \"page\", \"duration\": 1, \"repeat\": 3},"
    " {\"kind\": \"timer\", \"label\": \"page 4\", \"duration\": 2},"
    " {\"kind\": \"timer\", \"label\": \"page 5\", \"duration\": 1},"
    " {\"kind\": \"timer\", \"label\": \"item {n} of 2\", \"duration\": 1, \"repeat\": 2},"
    " {\"kind\": \"http\", \"label\": \"get\", \"size\": \"1 KiB\", \"repeat\": 2},"
    " {\"kind\": \"http\", \"label\": \"get 3\", \"size\": \"2 KiB\"}]}";
  g_autoptr(GError) error = NULL;
  OverlapScenario *a = overlap_scenario_new_from_data (text, -1, "r.json", &error);
  OverlapScenario *b = NULL;
  OverlapScenario *c = NULL;
  OverlapScenario *d = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_mixed = NULL;

  g_assert_no_error (error);
  json = overlap_scenario_to_json (a);
  g_assert_cmpuint (strlen (json), <, 1000);
  g_assert_nonnull (strstr (json, "\"repeat\" : 100000"));
  b = overlap_scenario_new_from_data (json, -1, "saved.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overlap_scenario_get_n_tasks (b), ==, 100000);
  for (guint i = 0; i < 100000; i += 9999)
    assert_same_task (a, b, i);
  assert_same_task (a, b, 99999);
  g_assert_cmpstr (overlap_scenario_get_task (b, 99999)->label, ==, "Task 100000");

  c = overlap_scenario_new_from_data (mixed, -1, "m.json", &error);
  g_assert_no_error (error);
  json_mixed = overlap_scenario_to_json (c);
  d = overlap_scenario_new_from_data (json_mixed, -1, "saved.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overlap_scenario_get_n_tasks (c), ==, 10);
  g_assert_cmpuint (overlap_scenario_get_n_tasks (d), ==, 10);
  for (guint i = 0; i < 10; i++)
    assert_same_task (c, d, i);
  g_assert_cmpstr (overlap_scenario_get_task (d, 5)->label, ==, "item 1 of 2");

  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
  g_assert_finalize_object (c);
  g_assert_finalize_object (d);
}

static void
test_strategies (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) list = overlap_strategy_parse_list ("sequential, gather,bounded(3), timeout(1.5),threads:8,as_completed, first-completed", &error);
  static const char *expected[] = { "sequential", "gather", "bounded(3)", "timeout(1.5)", "threads(8)", "as-completed", "first-completed" };
  OverlapStrategy strategy;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *s = overlap_strategy_to_string (&g_array_index (list, OverlapStrategy, i));
      g_assert_cmpstr (s, ==, expected[i]);
    }
  g_assert_cmpint (g_array_index (list, OverlapStrategy, 3).deadline, ==, 1500000);

  g_assert_false (overlap_strategy_parse ("bounded(0)", &strategy, &error));
  g_assert_error (error, OVERLAP_ERROR, OVERLAP_ERROR_STRATEGY);
  g_clear_error (&error);
  g_assert_false (overlap_strategy_parse ("bounded(3", &strategy, &error));
  g_assert_nonnull (strstr (error->message, "parenthesis"));
  g_clear_error (&error);
  g_assert_false (overlap_strategy_parse ("timeout(-1)", &strategy, &error));
  g_clear_error (&error);
  g_assert_false (overlap_strategy_parse ("gather(2)", &strategy, &error));
  g_assert_nonnull (strstr (error->message, "takes no parameter"));
  g_clear_error (&error);
  g_assert_null (overlap_strategy_parse_list (" , ", &error));
  g_clear_error (&error);
  g_assert_true (overlap_strategy_parse ("bounded", &strategy, &error));
  g_assert_cmpuint (strategy.n, ==, OVERLAP_STRATEGY_DEFAULT_N);
}

/* overlap_task_spec_same_description() stands in for comparing two
 * descriptions (a run describes each of its lanes): whenever it says "same",
 * the descriptions are the same, over every task of every bundled scenario. */
static void
test_same_description (void)
{
  g_auto(GStrv) names = overlap_scenario_list_bundled ();
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func ((GDestroyNotify) overlap_task_spec_free);
  g_autoptr(OverlapTaskSpec) longer = NULL;
  guint n_same = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(OverlapScenario) scenario = overlap_scenario_new_bundled (names[i], NULL);

      for (guint j = 0; j < overlap_scenario_get_n_tasks (scenario); j++)
        g_ptr_array_add (specs, overlap_task_spec_copy (overlap_scenario_get_task (scenario, j)));
    }
  g_assert_cmpuint (specs->len, >, 100);

  for (guint i = 0; i < specs->len; i++)
    for (guint j = 0; j < specs->len; j++)
      {
        const OverlapTaskSpec *a = g_ptr_array_index (specs, i);
        const OverlapTaskSpec *b = g_ptr_array_index (specs, j);
        g_autofree char *da = overlap_task_spec_describe (a);
        g_autofree char *db = overlap_task_spec_describe (b);

        if (overlap_task_spec_same_description (a, b))
          {
            n_same++;
            g_assert_cmpstr (da, ==, db);
          }
      }
  g_assert_cmpuint (n_same, >, specs->len);

  /* and a changed duration is a changed description */
  longer = overlap_task_spec_copy (g_ptr_array_index (specs, 0));
  longer->duration += G_USEC_PER_SEC;
  g_assert_false (overlap_task_spec_same_description (g_ptr_array_index (specs, 0), longer));
}

/* One reader of numbers with units, one meaning: kB, MB are powers of 1000, KiB, MiB
 * and the short k, M powers of 1024; a duration without a unit counts what the caller
 * says (seconds in a scenario). */
static void
test_units_reader (void)
{
  static const struct { const char *text; guint64 bytes; } sizes[] = {
    { "10 MB", 10000000 }, { "10MB", 10000000 }, { "10 mb", 10000000 },
    { "10 MiB", 10485760 }, { "10M", 10485760 }, { "10 m", 10485760 },
    { "64 kB", 64000 }, { "64k", 65536 }, { "64 KiB", 65536 }, { "64K", 65536 },
    { "1.5 MiB", 1572864 }, { "2 GB", 2000000000 }, { "1G", 1073741824 },
    { "1 TB", G_GUINT64_CONSTANT (1000000000000) }, { "1 TiB", G_GUINT64_CONSTANT (1099511627776) },
    { "65536", 65536 }, { " 100 B ", 100 }, { "+3", 3 }, { "2e3", 2000 }, { ".5 KiB", 512 },
    { "18446744073709551615", G_MAXUINT64 },
  };
  static const struct { const char *text; gint64 bare; gint64 usec; } durations[] = {
    { "200 ms", OVERLAP_UNITS_SECONDS, 200000 }, { "200ms", OVERLAP_UNITS_SECONDS, 200000 },
    { "200 MS", OVERLAP_UNITS_SECONDS, 200000 }, { "1.5 s", OVERLAP_UNITS_SECONDS, 1500000 },
    { "1.5", OVERLAP_UNITS_SECONDS, 1500000 }, { "2 sec", OVERLAP_UNITS_SECONDS, 2000000 },
    { "2 min", OVERLAP_UNITS_SECONDS, 120000000 }, { "1500us", OVERLAP_UNITS_SECONDS, 1500 },
    { "1500 µs", OVERLAP_UNITS_SECONDS, 1500 }, { "1500 μs", OVERLAP_UNITS_SECONDS, 1500 },
    { "200", OVERLAP_UNITS_MILLISECONDS, 200000 }, { "2s", OVERLAP_UNITS_MILLISECONDS, 2000000 },
    { "0", OVERLAP_UNITS_SECONDS, 0 },
  };
  static const struct { const char *text; int code; const char *words; } bad[] = {
    { "soon", OVERLAP_UNITS_ERROR_INVALID, "“x” must be" },
    { "", OVERLAP_UNITS_ERROR_INVALID, "“x” must be" },
    { "inf", OVERLAP_UNITS_ERROR_INVALID, "“x” must be" },
    { "5 h", OVERLAP_UNITS_ERROR_INVALID, "unknown time unit “h”" },
    { "5 furlongs", OVERLAP_UNITS_ERROR_INVALID, "unknown time unit “furlongs”" },
    { "0x10", OVERLAP_UNITS_ERROR_INVALID, "unknown time unit “x10”" },
    { "-1 s", OVERLAP_UNITS_ERROR_NEGATIVE, "must not be negative" },
    { "1e300 min", OVERLAP_UNITS_ERROR_TOO_LARGE, "too large" },
    { "99999999999999999999", OVERLAP_UNITS_ERROR_TOO_LARGE, "too large" },
  };
  guint64 bytes;
  gint64 usec;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!overlap_parse_size ("x", sizes[i].text, &bytes, &error))
        g_error ("“%s”: %s", sizes[i].text, error->message);
      g_assert_cmpuint (bytes, ==, sizes[i].bytes);
    }
  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!overlap_parse_duration ("x", durations[i].text, durations[i].bare, &usec, &error))
        g_error ("“%s”: %s", durations[i].text, error->message);
      g_assert_cmpint (usec, ==, durations[i].usec);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (overlap_parse_duration ("x", bad[i].text, OVERLAP_UNITS_SECONDS, &usec, &error));
      g_assert_error (error, OVERLAP_UNITS_ERROR, bad[i].code);
      if (strstr (error->message, bad[i].words) == NULL)
        g_error ("“%s”: “%s” does not contain “%s”", bad[i].text, error->message, bad[i].words);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (overlap_parse_size ("size", "3 parsecs", &bytes, &error));
    g_assert_error (error, OVERLAP_UNITS_ERROR, OVERLAP_UNITS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "unknown size unit “parsecs”"));
    g_assert_nonnull (strstr (error->message, "KiB"));
    g_clear_error (&error);
    g_assert_false (overlap_parse_size ("size", "1 KiB/s", &bytes, &error));
    g_clear_error (&error);
    g_assert_false (overlap_parse_size ("size", "-5", &bytes, &error));
    g_assert_error (error, OVERLAP_UNITS_ERROR, OVERLAP_UNITS_ERROR_NEGATIVE);
    g_clear_error (&error);
    g_assert_false (overlap_parse_size ("size", "20 EiB", &bytes, &error));
    g_clear_error (&error);
    g_assert_false (overlap_parse_size ("size", "99999999 TB", &bytes, &error));
    g_assert_error (error, OVERLAP_UNITS_ERROR, OVERLAP_UNITS_ERROR_TOO_LARGE);
    g_clear_error (&error);

    g_assert_true (overlap_parse_rate ("bandwidth", "512 KiB/s", &bytes, &error));
    g_assert_cmpuint (bytes, ==, 512 * 1024);
    g_assert_true (overlap_parse_rate ("bandwidth", "2 MB/S", &bytes, &error));
    g_assert_cmpuint (bytes, ==, 2000000);
    g_assert_true (overlap_parse_rate ("bandwidth", "256k", &bytes, &error));
    g_assert_cmpuint (bytes, ==, 256 * 1024);
    g_assert_no_error (error);
  }
}

/* A scenario reads both spellings: "10 MB" is 10⁷ bytes, "10M" and "10 MiB" are 10 MiB. */
static void
test_units_both_spellings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OverlapScenario) scenario = parse (
    "{\"title\": \"u\", \"tasks\": ["
    " {\"kind\": \"http\", \"size\": \"10 MB\", \"bandwidth\": \"1 MB/s\", \"latency\": \"1500us\"},"
    " {\"kind\": \"http\", \"size\": \"10M\", \"bandwidth\": \"1M\", \"latency\": \"0.25\"},"
    " {\"kind\": \"http\", \"size\": \"10 MiB\", \"drop-after\": \"1 kB\", \"chunk-size\": \"4k\"},"
    " {\"kind\": \"timer\", \"duration\": \"2 min\", \"timeout\": \"2MIN\"}]}", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (overlap_scenario_get_task (scenario, 0)->size, ==, 10000000);
  g_assert_cmpuint (overlap_scenario_get_task (scenario, 0)->bandwidth, ==, 1000000);
  g_assert_cmpint (overlap_scenario_get_task (scenario, 0)->latency, ==, 1500);
  g_assert_cmpuint (overlap_scenario_get_task (scenario, 1)->size, ==, 10 * 1024 * 1024);
  g_assert_cmpuint (overlap_scenario_get_task (scenario, 1)->bandwidth, ==, 1024 * 1024);
  g_assert_cmpint (overlap_scenario_get_task (scenario, 1)->latency, ==, 250000);
  g_assert_cmpuint (overlap_scenario_get_task (scenario, 2)->size, ==, 10 * 1024 * 1024);
  g_assert_cmpuint (overlap_scenario_get_task (scenario, 2)->drop_after, ==, 1000);
  g_assert_cmpuint (overlap_scenario_get_task (scenario, 2)->chunk_size, ==, 4096);
  g_assert_cmpint (overlap_scenario_get_task (scenario, 3)->duration, ==, 120 * G_USEC_PER_SEC);
  g_assert_cmpint (overlap_scenario_get_task (scenario, 3)->timeout, ==, 120 * G_USEC_PER_SEC);
}

/* A strategy's deadline is a duration like any other: seconds alone, or with a unit. */
static void
test_units_deadline (void)
{
  static const struct { const char *text; gint64 deadline; } cases[] = {
    { "timeout", 1500000 }, { "timeout(1.5)", 1500000 }, { "timeout(2)", 2000000 },
    { "timeout(200ms)", 200000 }, { "timeout(200 ms)", 200000 }, { "timeout(1 min)", 60000000 },
    { "timeout(86400)", G_GINT64_CONSTANT (86400000000) }, { "timeout(600 s)", 600000000 },
    { "timeout(24 h)", -1 }, { "timeout(1441 min)", -1 }, { "timeout(0)", -1 }, { "timeout(-1)", -1 },
    { "timeout(soon)", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      OverlapStrategy strategy;

      if (cases[i].deadline < 0)
        {
          g_assert_false (overlap_strategy_parse (cases[i].text, &strategy, &error));
          g_assert_error (error, OVERLAP_ERROR, OVERLAP_ERROR_STRATEGY);
          g_assert_nonnull (strstr (error->message, "deadline"));
          continue;
        }
      g_assert_true (overlap_strategy_parse (cases[i].text, &strategy, &error));
      g_assert_no_error (error);
      g_assert_cmpint (strategy.deadline, ==, cases[i].deadline);
    }
}

/* Parse → write → parse gives the same scenario, every member of every task, for every
 * bundled scenario and for one that sets every member. */
static void
assert_same_scenario (OverlapScenario *a,
                      OverlapScenario *b)
{
  const GArray *sa = overlap_scenario_get_strategies (a);
  const GArray *sb = overlap_scenario_get_strategies (b);

  g_assert_cmpstr (overlap_scenario_get_title (a), ==, overlap_scenario_get_title (b));
  g_assert_cmpstr (overlap_scenario_get_description (a), ==, overlap_scenario_get_description (b));
  g_assert_cmpint (overlap_scenario_get_race (a), ==, overlap_scenario_get_race (b));
  g_assert_cmpuint (overlap_scenario_get_max_conns (a), ==, overlap_scenario_get_max_conns (b));
  g_assert_cmpuint (overlap_scenario_get_max_conns_per_host (a), ==,
                    overlap_scenario_get_max_conns_per_host (b));
  g_assert_cmpuint (sa->len, ==, sb->len);
  for (guint i = 0; i < sa->len; i++)
    {
      const OverlapStrategy *x = &g_array_index (sa, OverlapStrategy, i);
      const OverlapStrategy *y = &g_array_index (sb, OverlapStrategy, i);

      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpuint (x->n, ==, y->n);
      g_assert_cmpint (x->deadline, ==, y->deadline);
    }

  g_assert_cmpuint (overlap_scenario_get_n_tasks (a), ==, overlap_scenario_get_n_tasks (b));
  for (guint i = 0; i < overlap_scenario_get_n_tasks (a); i++)
    {
      const OverlapTaskSpec *x = overlap_scenario_get_task (a, i);
      const OverlapTaskSpec *y = overlap_scenario_get_task (b, i);

      assert_same_task (a, b, i);
      g_assert_cmpstr (x->url, ==, y->url);
      g_assert_cmpint (x->latency, ==, y->latency);
      g_assert_cmpuint (x->bandwidth, ==, y->bandwidth);
      g_assert_cmpuint (x->status, ==, y->status);
      g_assert_cmpuint (x->drop_after, ==, y->drop_after);
      g_assert_cmpuint (x->chunk_size, ==, y->chunk_size);
      g_assert_cmpstr (x->path, ==, y->path);
      g_assert_cmpint (x->write, ==, y->write);
      g_assert_cmpint (x->on_loop, ==, y->on_loop);
      g_assert_cmpint (x->argv == NULL, ==, y->argv == NULL);
      if (x->argv != NULL)
        g_assert_true (g_strv_equal ((const char * const *) x->argv, (const char * const *) y->argv));
    }
}

static void
test_round_trip_same (void)
{
  g_auto(GStrv) names = overlap_scenario_list_bundled ();
  const char *every =
    "{\"title\": \"E\", \"description\": \"d\", \"race\": true,"
    " \"strategies\": [\"bounded(3)\", \"timeout(250 ms)\", \"threads(2)\"],"
    " \"http\": {\"max-conns\": 7, \"max-conns-per-host\": 3}, \"tasks\": ["
    " {\"kind\": \"http\", \"label\": \"h\", \"url\": \"http://127.0.0.1:1/x\", \"timeout\": \"1.5 s\","
    "  \"latency\": \"20 ms\", \"bandwidth\": \"1 MB/s\", \"status\": 404, \"drop-after\": \"1 kB\","
    "  \"size\": \"10M\", \"chunk-size\": \"4 KiB\"},"
    " {\"kind\": \"file\", \"path\": \"/nonexistent\", \"chunk-size\": 100},"
    " {\"kind\": \"file\", \"size\": \"1.5 MiB\", \"write\": true},"
    " {\"kind\": \"spawn\", \"argv\": [\"sleep\", \"0\"]},"
    " {\"kind\": \"spawn\", \"duration\": 0},"
    " {\"kind\": \"cpu\", \"duration\": 0.25, \"where\": \"loop\"},"
    " {\"kind\": \"cpu\", \"duration\": \"1500us\"},"
    " {\"kind\": \"timer\", \"duration\": 0, \"size\": 5, \"where\": \"loop\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(OverlapScenario) a = parse (every, &error);
  g_autoptr(OverlapScenario) b = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  json = overlap_scenario_to_json (a);
  b = overlap_scenario_new_from_data (json, -1, "saved.json", &error);
  g_assert_no_error (error);
  /* the timer's "where" is not written: only a cpu task has one */
  g_assert_true (overlap_scenario_get_task (a, 7)->on_loop);
  g_assert_false (overlap_scenario_get_task (b, 7)->on_loop);
  overlap_scenario_set_task (b, 7, overlap_scenario_get_task (a, 7));
  assert_same_scenario (a, b);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(OverlapScenario) c = overlap_scenario_new_bundled (names[i], &error);
      g_autoptr(OverlapScenario) d = NULL;
      g_autofree char *saved = NULL;

      g_assert_no_error (error);
      saved = overlap_scenario_to_json (c);
      d = overlap_scenario_new_from_data (saved, -1, "saved.json", &error);
      g_assert_no_error (error);
      assert_same_scenario (c, d);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenario/bundled/all-parse", test_bundled_all_parse);
  g_test_add_func ("/scenario/bundled/abc-numbers", test_abc_numbers);
  g_test_add_func ("/scenario/bundled/scraper-repeat", test_scraper_repeat);
  g_test_add_func ("/scenario/units", test_units);
  g_test_add_func ("/scenario/same-description", test_same_description);
  g_test_add_func ("/scenario/errors", test_errors);
  g_test_add_func ("/scenario/empty-and-binary", test_empty_and_binary);
  g_test_add_func ("/scenario/files", test_files);
  g_test_add_func ("/scenario/round-trip", test_round_trip);
  g_test_add_func ("/scenario/round-trip-repeat", test_round_trip_repeat);
  g_test_add_func ("/scenario/strategies", test_strategies);
  g_test_add_func ("/scenario/units-reader", test_units_reader);
  g_test_add_func ("/scenario/units-both-spellings", test_units_both_spellings);
  g_test_add_func ("/scenario/units-deadline", test_units_deadline);
  g_test_add_func ("/scenario/round-trip-same", test_round_trip_same);

  return g_test_run ();
}
