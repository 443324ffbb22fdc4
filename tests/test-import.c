/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "overlap-import.h"
#include "overlap-replay.h"
#include "overlap-run-words.h"
#include "overlap-trace.h"

/* Opening timelines: each format from the samples in tests/data, lane by
 * lane; detection by content; bad input; range statistics. */

static OverlapRecording *
open_sample (const char          *name,
             OverlapImportReport *report)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  OverlapRecording *recording;

  recording = overlap_import_path (path, report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (recording);
  for (guint i = 0; report != NULL && i < report->warnings->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (report->warnings, i));
  return recording;
}

static void
assert_span (OverlapRun *run,
             guint       index,
             guint       lane,
             gint64      start,
             gint64      end,
             const char *label)
{
  guint n;
  const OverlapSpan *spans = overlap_run_get_spans (run, &n);

  g_assert_cmpuint (index, <, n);
  g_assert_cmpuint (spans[index].lane, ==, lane);
  g_assert_cmpint (spans[index].start, ==, start);
  g_assert_cmpint (spans[index].end, ==, end);
  g_assert_cmpstr (overlap_run_string (run, spans[index].label), ==, label);
}

static const char *
lane_label (OverlapRun *run,
            guint       lane)
{
  return overlap_run_string (run, overlap_run_get_lane (run, lane)->label);
}

/* A mark (performance.mark: R) and a CPU sample (P) are ticks on their
 * thread, not skipped */
static void
test_chrome_marks_and_samples (void)
{
  static const char json[] =
    "[{\"ph\": \"X\", \"pid\": 1, \"tid\": 1, \"ts\": 0, \"dur\": 1000, \"name\": \"RunTask\"},"
    "{\"ph\": \"R\", \"pid\": 1, \"tid\": 1, \"ts\": 200, \"name\": \"navigationStart\"},"
    "{\"ph\": \"P\", \"pid\": 1, \"tid\": 1, \"ts\": 400, \"name\": \"sample\"},"
    "{\"ph\": \"O\", \"pid\": 1, \"tid\": 1, \"ts\": 500, \"name\": \"object\", \"id\": 1}]";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, sizeof json - 1);
  g_auto(OverlapImportReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  OverlapRecording *recording = overlap_import_bytes (bytes, "marks.json", &report, &error);
  const OverlapMark *marks;
  guint n_marks;

  g_assert_no_error (error);
  g_assert_cmpuint (report.n_events, ==, 4);
  g_assert_cmpuint (report.n_skipped, ==, 1);   /* the object snapshot */
  g_assert_cmpint (report.format, ==, OVERLAP_IMPORT_CHROME_TRACE);
  marks = overlap_run_get_marks (overlap_recording_get_run (recording, 0), &n_marks);
  g_assert_cmpuint (n_marks, ==, 2);
  g_assert_cmpint (marks[0].kind, ==, OVERLAP_MARK_INSTANT);
  g_assert_cmpint (marks[0].time, ==, 200);
  g_assert_cmpint (marks[1].time, ==, 400);

  g_assert_finalize_object (recording);
}

static void
test_chrome_all_phases (void)
{
  g_auto(OverlapImportReport) report = { 0 };
  OverlapRecording *recording = open_sample ("chrome-all-phases.json", &report);
  const OverlapCounter *counters;
  const OverlapMark *marks;
  OverlapRun *run;
  guint n;

  g_assert_cmpstr (overlap_recording_get_title (recording), ==, "All phases");
  g_assert_cmpuint (report.n_events, ==, 21);
  g_assert_cmpuint (report.n_skipped, ==, 1);   /* the E without a B (a flow's start is read) */
  g_assert_cmpuint (report.n_unknown, ==, 0);
  g_assert_cmpuint (overlap_recording_get_n_runs (recording), ==, 2);

  /* Sorted by process_sort_index; named by process_name, else the string pid. */
  run = overlap_recording_get_run (recording, 0);
  g_assert_cmpstr (overlap_run_get_title (run), ==, "Browser");
  overlap_run_get_lanes (run, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (lane_label (run, 0), ==, "Thread 1");
  g_assert_cmpstr (lane_label (run, 1), ==, "net");
  g_assert_cmpstr (lane_label (run, 2), ==, "net");
  /* Async ids 1 and 2 overlap: two lanes; id 3 reuses the lane free latest. */
  assert_span (run, 0, 1, 0, 300, "fetch");
  assert_span (run, 1, 2, 100, 400, "fetch");
  assert_span (run, 2, 2, 500, 600, "fetch");
  marks = overlap_run_get_marks (run, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (marks[0].lane, ==, 2);
  g_assert_cmpint (marks[0].time, ==, 150);
  counters = overlap_run_get_counters (run, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (counters[0].name, ==, "sockets");
  g_assert_cmpuint (counters[0].samples->len, ==, 2);
  g_assert_cmpfloat (counters[0].max, ==, 2);

  /* Nesting: one lane per depth; fractional µs rounded. */
  run = overlap_recording_get_run (recording, 1);
  g_assert_cmpstr (overlap_run_get_title (run), ==, "renderer");
  /* on the trace's clock: the renderer's first event is 1 ms after the browser's */
  g_assert_cmpint (overlap_run_get_offset (run), ==, 0);
  overlap_run_get_lanes (run, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (lane_label (run, 0), ==, "Main — thread");
  g_assert_cmpstr (lane_label (run, 1), ==, "Main — thread · 2");
  g_assert_cmpstr (lane_label (run, 2), ==, "Main — thread · 3");
  g_assert_cmpstr (overlap_run_string (run, overlap_run_get_lane (run, 0)->kind), ==, "js");
  g_assert_true (overlap_run_get_lane (run, 2)->flags & OVERLAP_LANE_NESTED);
  assert_span (run, 0, 0, 1000, 1500, "outer");
  assert_span (run, 1, 1, 1100, 1200, "inner \"quoted\" \xF0\x9F\x98\x80");
  assert_span (run, 2, 2, 1150, 1180, "deepest");
  marks = overlap_run_get_marks (run, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (marks[0].time, ==, 1300);
  g_assert_cmpint (marks[1].time, ==, 1400);
  g_assert_cmpuint (marks[1].lane, ==, 0);

  g_assert_finalize_object (recording);
}

static void
test_chrome_unterminated (void)
{
  g_auto(OverlapImportReport) report = { 0 };
  /* A misleading name: the content says Chrome trace. */
  OverlapRecording *recording = open_sample ("chrome-unterminated.ninja_log", &report);
  OverlapRun *run = overlap_recording_get_run (recording, 0);

  g_assert_cmpuint (report.n_events, ==, 2);
  g_assert_cmpuint (report.n_skipped, ==, 0);
  assert_span (run, 0, 0, 0, 10, "a");
  assert_span (run, 1, 0, 20, 30, "b");

  g_assert_finalize_object (recording);
}

static void
check_ninja (const char *name)
{
  g_auto(OverlapImportReport) report = { 0 };
  OverlapRecording *recording = open_sample (name, &report);
  const OverlapSpan *spans;
  OverlapRun *run;
  guint n;

  g_test_message ("%s", name);
  g_assert_cmpuint (report.n_events, ==, 7);
  g_assert_cmpuint (report.n_skipped, ==, 0);
  /* The clock restarts: two builds. */
  g_assert_cmpuint (overlap_recording_get_n_runs (recording), ==, 2);

  run = overlap_recording_get_run (recording, 0);
  overlap_run_get_lanes (run, &n);
  g_assert_cmpuint (n, ==, 3);
  spans = overlap_run_get_spans (run, &n);
  g_assert_cmpuint (n, ==, 4);   /* gen/x.h and gen/x.c are one job */
  assert_span (run, 0, 0, 0, 120000, "obj/a.o");
  assert_span (run, 1, 1, 5000, 60000, "obj/b.o");
  assert_span (run, 2, 2, 10000, 200000, "gen/x.h");
  g_assert_cmpstr (overlap_run_string (run, spans[2].detail), ==, "gen/x.h\ngen/x.c");
  /* lib.so takes the free lane busy latest: a.o's, not b.o's. */
  assert_span (run, 3, 0, 130000, 300000, "lib.so");
  g_assert_cmpint (overlap_run_get_wall_time (run), ==, 300000);
  /* coloured by kind: objects are compiled, the library linked, headers generated */
  g_assert_cmpint (OVERLAP_SPAN_GET_KIND (&spans[0]), ==, OVERLAP_SPAN_KIND_COMPILE);
  g_assert_cmpint (OVERLAP_SPAN_GET_KIND (&spans[1]), ==, OVERLAP_SPAN_KIND_COMPILE);
  g_assert_cmpint (OVERLAP_SPAN_GET_KIND (&spans[2]), ==, OVERLAP_SPAN_KIND_CUSTOM);
  g_assert_cmpint (OVERLAP_SPAN_GET_KIND (&spans[3]), ==, OVERLAP_SPAN_KIND_LINK);
  g_assert_cmpint (OVERLAP_SPAN_GET_RESULT (&spans[3]), ==, OVERLAP_RESULT_OK);

  run = overlap_recording_get_run (recording, 1);
  overlap_run_get_lanes (run, &n);
  g_assert_cmpuint (n, ==, 2);
  assert_span (run, 0, 0, 0, 50000, "obj/a.o");
  assert_span (run, 1, 1, 2000, 80000, "obj/b.o");

  g_assert_finalize_object (recording);
}

static void
test_ninja (void)
{
  check_ninja ("ninja-v5.ninja_log");
  check_ninja ("ninja-v6.ninja_log");
  check_ninja ("ninja-v7.json");
}

/* Real outputs of meson-built projects (glib's, json-glib's) and what they are */
static void
test_ninja_kinds (void)
{
  static const struct { const char *output; OverlapSpanKind kind; } outputs[] = {
    { "glib/libglib-2.0.so.0.7400.6.p/gmain.c.o", OVERLAP_SPAN_KIND_COMPILE },
    { "CMakeFiles/app.dir/main.cpp.obj", OVERLAP_SPAN_KIND_COMPILE },
    { "glib/libglib-2.0.so.0.7400.6", OVERLAP_SPAN_KIND_LINK },
    { "json-glib/libjson-glib-1.0.so", OVERLAP_SPAN_KIND_LINK },
    { "glib/libglib-2.0.a", OVERLAP_SPAN_KIND_LINK },
    { "gio/gio-tool", OVERLAP_SPAN_KIND_LINK },
    { "app/overlap.exe", OVERLAP_SPAN_KIND_LINK },
    { "gio/gdbus-daemon-generated.c", OVERLAP_SPAN_KIND_CUSTOM },
    { "glib/glibconfig.h", OVERLAP_SPAN_KIND_CUSTOM },
    { "po/de/LC_MESSAGES/glib20.mo", OVERLAP_SPAN_KIND_CUSTOM },
    { "data/overlap.gresource", OVERLAP_SPAN_KIND_CUSTOM },
  };
  g_autoptr(GString) log = g_string_new ("# ninja log v5\n");
  g_autoptr(GError) error = NULL;
  g_auto(OverlapImportReport) report = { 0 };
  g_autoptr(OverlapRecording) recording = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const OverlapSpan *spans;
  OverlapRun *run;
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    g_string_append_printf (log, "%u\t%u\t0\t%s\t%xabc\n", i * 10, i * 10 + 5, outputs[i].output, i);
  bytes = g_bytes_new (log->str, log->len);
  recording = overlap_import_bytes (bytes, "kinds.ninja_log", &report, &error);
  g_assert_no_error (error);
  run = overlap_recording_get_run (recording, 0);
  spans = overlap_run_get_spans (run, &n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (outputs));
  for (guint i = 0; i < n; i++)
    {
      g_test_message ("%s", outputs[i].output);
      g_assert_cmpstr (overlap_run_string (run, spans[i].label), ==, outputs[i].output);
      g_assert_cmpint (OVERLAP_SPAN_GET_KIND (&spans[i]), ==, outputs[i].kind);
    }
}

/* EXPECTEDFAIL is a pass in its own colour */
static void
test_meson_expected_fail (void)
{
  static const char log[] =
    "{\"name\": \"t1\", \"starttime\": 10.0, \"duration\": 1.0, \"result\": \"EXPECTEDFAIL\", \"returncode\": 1}\n"
    "{\"name\": \"t2\", \"starttime\": 10.5, \"duration\": 1.0, \"result\": \"ERROR\", \"returncode\": 99}\n";
  g_autoptr(GError) error = NULL;
  g_auto(OverlapImportReport) report = { 0 };
  g_autoptr(GBytes) bytes = g_bytes_new_static (log, sizeof log - 1);
  g_autoptr(OverlapRecording) recording = overlap_import_bytes (bytes, "testlog.json", &report, &error);
  const OverlapSpan *spans;
  guint n;

  g_assert_no_error (error);
  spans = overlap_run_get_spans (overlap_recording_get_run (recording, 0), &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (OVERLAP_SPAN_GET_RESULT (&spans[0]), ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (OVERLAP_SPAN_GET_KIND (&spans[0]), ==, OVERLAP_SPAN_KIND_TEST_EXPECTED_FAIL);
  g_assert_cmpint (OVERLAP_SPAN_GET_RESULT (&spans[1]), ==, OVERLAP_RESULT_FAILED);
  g_assert_cmpint (OVERLAP_SPAN_GET_KIND (&spans[1]), ==, OVERLAP_SPAN_KIND_TEST_FAILED);
}

static void
test_meson (void)
{
  static const OverlapResult results[] = {
    OVERLAP_RESULT_OK, OVERLAP_RESULT_FAILED, OVERLAP_RESULT_SKIPPED, OVERLAP_RESULT_TIMED_OUT,
  };
  static const OverlapSpanKind kinds[] = {
    OVERLAP_SPAN_KIND_TEST_OK, OVERLAP_SPAN_KIND_TEST_FAILED, OVERLAP_SPAN_KIND_TEST_SKIPPED,
    OVERLAP_SPAN_KIND_TEST_TIMED_OUT,
  };
  g_auto(OverlapImportReport) report = { 0 };
  OverlapRecording *recording = open_sample ("meson-testlog.json", &report);
  g_autofree char *contents = NULL;
  OverlapRun *run = overlap_recording_get_run (recording, 0);
  const OverlapSpan *spans;
  guint n;

  g_assert_cmpuint (report.n_events, ==, 4);
  overlap_run_get_lanes (run, &n);
  g_assert_cmpuint (n, ==, 3);
  spans = overlap_run_get_spans (run, &n);
  g_assert_cmpuint (n, ==, 4);
  assert_span (run, 0, 0, 0, 1250000, "test-a");
  assert_span (run, 1, 1, 100000, 600000, "test-b");
  assert_span (run, 2, 2, 500000, 500000, "test-c");
  assert_span (run, 3, 1, 700000, 30700000, "test-d");
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (OVERLAP_SPAN_GET_RESULT (&spans[i]), ==, results[i]);
      g_assert_cmpint (OVERLAP_SPAN_GET_KIND (&spans[i]), ==, kinds[i]);
    }
  g_assert_cmpstr (overlap_run_string (run, spans[1].detail), ==, "FAIL (exit status 1)");
  /* SKIP is a test that did not run, not one cancelled */
  contents = overlap_run_describe_contents (run);
  g_assert_cmpstr (contents, ==, "4 tests · 1 skipped");

  g_assert_finalize_object (recording);
}

static void
test_detect (void)
{
  static const struct { const char *text; OverlapImportFormat format; } cases[] = {
    { "[", OVERLAP_IMPORT_CHROME_TRACE },
    { "  [ {\"ph\":\"X\"", OVERLAP_IMPORT_CHROME_TRACE },
    { "{\"otherData\": {}, \"traceEvents\": [", OVERLAP_IMPORT_CHROME_TRACE },
    { "\xEF\xBB\xBF{\"traceEvents\": []}", OVERLAP_IMPORT_CHROME_TRACE },
    { "# ninja log v5\n", OVERLAP_IMPORT_NINJA_LOG },
    { "{\"name\": \"t\", \"starttime\": 1, \"duration\": 2, \"result\": \"OK\"}\n", OVERLAP_IMPORT_MESON_TESTLOG },
    { "{\"title\": \"a scenario\", \"tasks\": []}", OVERLAP_IMPORT_UNKNOWN },
    { "[1, 2, 3]", OVERLAP_IMPORT_UNKNOWN },
    { "\x7f" "ELF\x02\x01", OVERLAP_IMPORT_UNKNOWN },
    { "", OVERLAP_IMPORT_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (overlap_import_detect (cases[i].text, strlen (cases[i].text)), ==, cases[i].format);
}

/* Never a crash: an error naming the data and the place, or skipped events. */
static void
test_bad_input (void)
{
  static const struct { const char *text; guint n_spans; guint n_skipped; const char *error; } cases[] = {
    { "", 0, 0, "bad.json: the file is empty" },
    { "\x00\x01\xfe\xff garbage", 0, 0, "bad.json: not a timeline" },
    { "[{\"ph\":\"X\",\"ts\":0,\"dur\":1},{\"ph\":\"X\",\"ts\":", 1, 1, NULL },
    { "[{\"ph\":\"X\",\"ts\":0,\"dur\":1},\n {\"ph\" \"X\"}]", 0, 0, "bad.json: line 2, column 8:" },
    { "[{\"ph\":\"X\",\"pid\":[1],\"ts\":0,\"dur\":1}, {\"ph\":\"X\",\"ts\":\"soon\",\"dur\":1},"
      " {\"ph\":\"X\",\"ts\":0,\"dur\":-5}, {\"ph\":7,\"ts\":0}, {\"ts\":0}, {\"ph\":\"X\",\"dur\":1},"
      " {\"ph\":\"X\",\"ts\":1e300,\"dur\":1}, {\"ph\":\"X\",\"ts\":123456789012345678901234567890,\"dur\":1},"
      " {\"ph\":\"X\",\"ts\":0,\"dur\":1,\"name\":5}, {\"ph\":\"E\",\"ts\":3}, \"text\", null]", 1, 11, NULL },
    { "[{\"ph\":\"X\",\"ts\":0,\"dur\":1,\"name\":\"\\ud800 lone \\u00\"}]", 1, 0, NULL },
    { "{\"traceEvents\": 5}", 0, 0, "bad.json: not a Chrome trace" },
    { "# ninja log v7\n1\t2\n\x01\x02\n5\t3\t0\tout\tab\n", 0, 3, NULL },
    { "{\"name\":\"t\",\"starttime\":1,\"duration\":2,\"result\":\"OK\"}\n{\"name\":\"u\",\"starttime\":\"x\"}\n", 1, 1, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].text, i == 1 ? 15 : strlen (cases[i].text));
      g_auto(OverlapImportReport) report = { 0 };
      g_autoptr(OverlapRecording) recording = NULL;
      g_autoptr(GError) error = NULL;
      guint n_spans = 0;

      recording = overlap_import_bytes (bytes, "bad.json", &report, &error);
      if (cases[i].error != NULL)
        {
          g_assert_null (recording);
          g_assert_nonnull (error);
          g_test_message ("%u: %s", i, error->message);
          g_assert_true (g_str_has_prefix (error->message, cases[i].error));
          continue;
        }
      g_assert_no_error (error);
      for (guint r = 0; r < overlap_recording_get_n_runs (recording); r++)
        {
          guint n;

          overlap_run_get_spans (overlap_recording_get_run (recording, r), &n);
          n_spans += n;
        }
      for (guint w = 0; w < report.warnings->len; w++)
        g_test_message ("%u: %s", i, (char *) g_ptr_array_index (report.warnings, w));
      g_assert_cmpuint (n_spans, ==, cases[i].n_spans);
      g_assert_cmpuint (report.n_skipped, ==, cases[i].n_skipped);
    }
}

/* Deep nesting in a skipped member costs no stack. */
static void
test_deep_args (void)
{
  g_autoptr(GString) text = g_string_new ("[{\"ph\":\"X\",\"ts\":0,\"dur\":1,\"args\":");
  g_autoptr(GBytes) bytes = NULL;
  OverlapRecording *recording = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  for (int i = 0; i < 100000; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}]");
  bytes = g_string_free_to_bytes (g_steal_pointer (&text));
  recording = overlap_import_bytes (bytes, "deep.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overlap_recording_get_n_runs (recording), ==, 1);

  g_assert_finalize_object (recording);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (overlap_import_path ("/nonexistent/trace.json", NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "trace.json"));
}

/* Overlap's own recordings come back through overlap_import_path as saved. */
static void
test_round_trip (void)
{
  OverlapRecording *recording = overlap_recording_new ("Round trip");
  OverlapRun *run = overlap_run_new ("gather", "gather");
  OverlapRecording *imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.txt", NULL);
  g_autofree char *first = NULL, *second = NULL;
  guint span;

  overlap_run_add_lane (run, "A", "timer", NULL);
  overlap_run_add_span (run, 0, OVERLAP_PHASE_WAITING, 0, 2000, NULL);
  span = overlap_run_add_span (run, 0, OVERLAP_PHASE_RUNNING, 2000, 2500, "job");
  overlap_run_set_span_info (run, span, OVERLAP_RESULT_FAILED, "all the outputs");
  overlap_run_restore_lane (run, 0,
                            &(OverlapRestoredLane) {
                              .result = OVERLAP_RESULT_FAILED, .message = "boom", .completion = 1,
                              .start = 0, .end = 2500, .bytes = 10, .flags = OVERLAP_LANE_WORKED,
                            });
  overlap_run_restore_state (run, OVERLAP_RUN_FINISHED, 2500);
  overlap_recording_add_run (recording, run);

  g_assert_true (overlap_trace_export_to_path (recording, path, &error));
  imported = overlap_import_path (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &first, NULL, NULL));
  g_assert_true (overlap_trace_export_to_path (imported, path, &error));
  g_assert_true (g_file_get_contents (path, &second, NULL, NULL));
  g_assert_cmpstr (first, ==, second);

  g_remove (path);
  g_rmdir (dir);

  g_assert_finalize_object (recording);
  g_assert_finalize_object (run);
  g_assert_finalize_object (imported);
}

static guint
count_string (const char *haystack,
              const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; (p = strstr (p, needle)) != NULL; p++)
    n++;
  return n;
}

/* A watched program's tasks say where they were created: saved, opened and
 * replayed, they still do; the file shows it on each task's first slice, as
 * Perfetto shows a slice's args */
static void
test_task_sources (void)
{
  g_autoptr(OverlapRecording) recording = overlap_recording_new ("watched");
  g_autoptr(OverlapRun) run = overlap_run_new ("watched.py", "program");
  g_autoptr(OverlapRecording) imported = NULL;
  g_autoptr(OverlapReplay) replay = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "watched.json", NULL);
  g_autofree char *text = NULL;
  OverlapRun *back, *replayed;
  guint line = 0;

  overlap_run_add_lane (run, "fetch", "async", NULL);
  overlap_run_add_lane (run, "work", "async", NULL);
  overlap_run_add_lane (run, "never began", "async", NULL);
  overlap_run_set_task_source (run, 0, "/home/me/demo \"v2\" é.py", 12);
  overlap_run_set_task_source (run, 2, "/home/me/other.py", 40);
  overlap_run_add_span (run, 0, OVERLAP_PHASE_WAITING, 0, 1000, NULL);
  overlap_run_add_span (run, 0, OVERLAP_PHASE_RUNNING, 1000, 1500, NULL);
  overlap_run_add_span (run, 1, OVERLAP_PHASE_RUNNING, 200, 900, NULL);
  overlap_run_restore_lane (run, 0,
                            &(OverlapRestoredLane) {
                              .result = OVERLAP_RESULT_OK, .completion = 1, .start = 0, .end = 1500,
                              .flags = OVERLAP_LANE_WORKED,
                            });
  overlap_run_restore_lane (run, 1,
                            &(OverlapRestoredLane) {
                              .result = OVERLAP_RESULT_OK, .completion = 2, .start = 200,
                              .end = 900, .flags = OVERLAP_LANE_WORKED,
                            });
  overlap_run_restore_state (run, OVERLAP_RUN_FINISHED, 1500);
  overlap_recording_add_run (recording, run);

  g_assert_true (overlap_trace_export_to_path (recording, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* on the first slice of "fetch" only; "never began" has no slice */
  g_assert_nonnull (strstr (text, "\"args\":{\"phase\":\"waiting\",\"file\":\"/home/me/demo \\\"v2\\\" é.py\",\"line\":12}"));
  g_assert_nonnull (strstr (text, "\"args\":{\"phase\":\"running\",\"result\":\"ok\"}"));
  g_assert_cmpuint (count_string (text, "\"file\":"), ==, 3);   /* and in two lanes' metadata */

  imported = overlap_import_path (path, NULL, &error);
  g_assert_no_error (error);
  back = overlap_recording_get_run (imported, 0);
  g_assert_true (overlap_run_has_task_sources (back));
  g_assert_cmpstr (overlap_run_get_task_source (back, 0, &line), ==, "/home/me/demo \"v2\" é.py");
  g_assert_cmpuint (line, ==, 12);
  g_assert_null (overlap_run_get_task_source (back, 1, &line));
  g_assert_cmpuint (line, ==, 0);
  g_assert_cmpstr (overlap_run_get_task_source (back, 2, &line), ==, "/home/me/other.py");
  g_assert_cmpuint (line, ==, 40);

  /* a replay of the opened file: its runs say it too, from their start */
  replay = overlap_replay_new (imported);
  overlap_replay_seek (replay, 100);
  replayed = overlap_recording_get_run (overlap_replay_get_recording (replay), 0);
  g_assert_cmpstr (overlap_run_get_task_source (replayed, 0, &line), ==, "/home/me/demo \"v2\" é.py");
  g_assert_cmpuint (line, ==, 12);
  g_assert_cmpstr (overlap_run_get_task_source (replayed, 2, &line), ==, "/home/me/other.py");
  g_assert_null (overlap_run_get_task_source (replayed, 1, NULL));

  g_remove (path);
  g_rmdir (dir);
}

static void
test_range_stats (void)
{
  OverlapRecording *recording = overlap_recording_new (NULL);
  OverlapRun *run = overlap_run_new ("run", NULL);
  OverlapRangeStats stats;

  for (guint i = 0; i < 4; i++)
    overlap_run_add_lane (run, "task", NULL, NULL);
  overlap_run_add_span (run, 0, OVERLAP_PHASE_RUNNING, 0, 100, NULL);
  overlap_run_add_span (run, 1, OVERLAP_PHASE_WAITING, 50, 150, NULL);
  overlap_run_add_span (run, 2, OVERLAP_PHASE_QUEUED, 0, 180, NULL);
  overlap_run_add_span (run, 2, OVERLAP_PHASE_RUNNING, 180, 200, NULL);
  overlap_run_add_span (run, 3, OVERLAP_PHASE_RUNNING, 60, 90, NULL);   /* nested in lane 2's task */
  overlap_run_restore_lane (run, 3,
                            &(OverlapRestoredLane) {
                              .result = OVERLAP_RESULT_OK, .start = 60, .end = 90,
                              .flags = OVERLAP_LANE_NESTED,
                            });
  overlap_run_restore_state (run, OVERLAP_RUN_FINISHED, 200);
  overlap_recording_add_run (recording, run);

  g_assert_true (overlap_recording_get_range_stats (recording, run, -50, 1000, &stats));
  g_assert_cmpint (stats.start, ==, 0);
  g_assert_cmpint (stats.end, ==, 200);
  g_assert_cmpuint (stats.n_active, ==, 3);
  g_assert_cmpuint (stats.max_concurrency, ==, 3);   /* 60–90: A, B and the nested span */
  g_assert_cmpint (stats.max_concurrency_time, ==, 60);
  g_assert_cmpint (stats.busy_time, ==, 170);
  g_assert_cmpint (stats.idle_time, ==, 30);       /* 150–180 */
  g_assert_cmpuint (stats.longest_lane, ==, 0);
  g_assert_cmpint (stats.longest_time, ==, 100);

  g_assert_true (overlap_recording_get_range_stats (recording, run, 95, 120, &stats));
  g_assert_cmpuint (stats.n_active, ==, 2);
  g_assert_cmpuint (stats.max_concurrency, ==, 2);
  g_assert_cmpint (stats.idle_time, ==, 0);
  g_assert_cmpuint (stats.longest_lane, ==, 1);

  g_assert_true (overlap_recording_get_range_stats (recording, run, 155, 175, &stats));
  g_assert_cmpuint (stats.n_active, ==, 0);
  g_assert_cmpint (stats.idle_time, ==, 20);
  g_assert_cmpuint (stats.longest_lane, ==, G_MAXUINT);

  g_assert_false (overlap_recording_get_range_stats (recording, run, 300, 400, &stats));

  g_assert_finalize_object (recording);
  g_assert_finalize_object (run);
}

/* Flows, both forms: an arrow from the innermost slice around an 's', through
 * the slice around a 't', to the slice that starts next after an 'f' (in
 * another process and back); a v2 slice's flow_out to the flow_in of its
 * bind_id; and a flow whose start is on no slice, dropped. */
static void
test_chrome_flows (void)
{
  g_auto(OverlapImportReport) report = { 0 };
  g_autoptr(OverlapRecording) recording = open_sample ("chrome-flows.json", &report);
  const OverlapFlow *flows;
  guint n_flows;
  /* from run, lane, time → to run, lane, time, on the trace's clock */
  const OverlapFlow expected[] = {
    { 0, 1, 1, 0, 200, 1600 },    /* Browser Main · 2 (Inner) → Renderer RunTask */
    { 1, 0, 0, 0, 1600, 3000 },   /* → Browser Main: Reply, the next slice */
    { 0, 0, 1, 0, 4100, 4500 },   /* Send's end → Receive's start */
  };

  g_assert_cmpuint (report.n_skipped, ==, 0);
  g_assert_cmpuint (overlap_recording_get_n_runs (recording), ==, 2);
  g_assert_cmpstr (overlap_run_get_title (overlap_recording_get_run (recording, 0)), ==, "Browser");
  g_assert_cmpstr (lane_label (overlap_recording_get_run (recording, 0), 1), ==, "Main · 2");
  flows = overlap_recording_get_flows (recording, &n_flows);
  g_assert_cmpuint (n_flows, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n_flows; i++)
    {
      g_assert_cmpuint (flows[i].from_run, ==, expected[i].from_run);
      g_assert_cmpuint (flows[i].from_lane, ==, expected[i].from_lane);
      g_assert_cmpint (flows[i].from_time, ==, expected[i].from_time);
      g_assert_cmpuint (flows[i].to_run, ==, expected[i].to_run);
      g_assert_cmpuint (flows[i].to_lane, ==, expected[i].to_lane);
      g_assert_cmpint (flows[i].to_time, ==, expected[i].to_time);
    }

  /* a run removed takes its flows with it */
  overlap_recording_remove_run (recording, 1);
  overlap_recording_get_flows (recording, &n_flows);
  g_assert_cmpuint (n_flows, ==, 0);
}

/* Everything a recording holds that an import sets, as text to compare */
static char *
describe (OverlapRecording          *recording,
          const OverlapImportReport *report)
{
  GString *out = g_string_new (NULL);
  const OverlapFlow *flows;
  guint n_flows;

  g_string_append_printf (out, "%s: %u events, %u skipped, %u unknown\n",
                          overlap_recording_get_title (recording),
                          report->n_events, report->n_skipped, report->n_unknown);
  for (guint i = 0; i < report->warnings->len; i++)
    g_string_append_printf (out, "  %s\n", (char *) g_ptr_array_index (report->warnings, i));
  for (guint r = 0; r < overlap_recording_get_n_runs (recording); r++)
    {
      OverlapRun *run = overlap_recording_get_run (recording, r);
      guint n_lanes, n_spans, n_marks, n_counters;
      const OverlapLane *lanes = overlap_run_get_lanes (run, &n_lanes);
      const OverlapSpan *spans = overlap_run_get_spans (run, &n_spans);
      const OverlapMark *marks = overlap_run_get_marks (run, &n_marks);
      const OverlapCounter *counters = overlap_run_get_counters (run, &n_counters);

      g_string_append_printf (out, "run %s\n", overlap_run_get_title (run));
      for (guint i = 0; i < n_lanes; i++)
        g_string_append_printf (out, " lane %s %s %u %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "\n",
                                lane_label (run, i), overlap_run_string (run, lanes[i].kind),
                                lanes[i].flags, lanes[i].start, lanes[i].end);
      for (guint i = 0; i < n_spans; i++)
        g_string_append_printf (out, " span %u %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " %u %s\n",
                                spans[i].lane, spans[i].start, spans[i].end, spans[i].phase,
                                overlap_run_string (run, spans[i].label));
      for (guint i = 0; i < n_marks; i++)
        g_string_append_printf (out, " mark %u %" G_GINT64_FORMAT " %u\n",
                                marks[i].lane, marks[i].time, marks[i].value);
      for (guint i = 0; i < n_counters; i++)
        for (guint j = 0; j < counters[i].samples->len; j++)
          {
            const OverlapSample *sample = &g_array_index (counters[i].samples, OverlapSample, j);

            g_string_append_printf (out, " sample %s %" G_GINT64_FORMAT " %g\n",
                                    counters[i].name, sample->time, sample->value);
          }
    }
  flows = overlap_recording_get_flows (recording, &n_flows);
  for (guint i = 0; i < n_flows; i++)
    g_string_append_printf (out, "flow %u/%u/%" G_GINT64_FORMAT " → %u/%u/%" G_GINT64_FORMAT "\n",
                            flows[i].from_run, flows[i].from_lane, flows[i].from_time,
                            flows[i].to_run, flows[i].to_lane, flows[i].to_time);
  return g_string_free (out, FALSE);
}

static char *
import_with_threads (const char *path,
                     const char *threads,
                     guint      *n_flows)
{
  g_auto(OverlapImportReport) report = { 0 };
  g_autoptr(OverlapRecording) recording = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("OVERLAP_IMPORT_THREADS", threads, TRUE);
  recording = overlap_import_path (path, &report, &error);
  g_setenv ("OVERLAP_IMPORT_THREADS", "auto", TRUE);
  g_assert_no_error (error);
  overlap_recording_get_flows (recording, n_flows);
  return describe (recording, &report);
}

/* A large trace is parsed in a thread of its own while the reader settles
 * the events: read so, and read with one thread, a trace of every kind of
 * event (slices written as they end, nested; B/E, one left open; async
 * spans; counters; flows of both forms; samples and marks; string pids and
 * tids; escaped names; a bad event and an element that is no event;
 * metadata and the title after the events) gives the same recording, as
 * does one cut short inside an event. */
static void
test_chrome_threads (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "threads.json", NULL);
  g_autofree char *cut_path = g_build_filename (dir, "cut.json", NULL);
  g_autoptr(GString) text = g_string_new ("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
  guint n_flows_one, n_flows_two;

  for (guint i = 0; i < 3000; i++)
    {
      guint tid = i % 5;
      gint64 ts = (i / 5) * 100;

      /* a child first, then its parent: Chrome writes a slice when it ends */
      g_string_append_printf (text, "{\"ph\":\"X\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"dur\":10,"
                              "\"name\":\"%s\",\"args\":{\"n\":%u,\"s\":\"}{\"}},\n",
                              tid, ts + 20, i % 3 == 0 ? "Lay\\\"out" : "Paint", i);
      g_string_append_printf (text, "{\"ph\":\"X\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"dur\":80,"
                              "\"name\":\"Task %u\",\"cat\":\"toplevel\"},\n", tid, ts, i % 40);
      if (i % 7 == 0)
        g_string_append_printf (text, "{\"ph\":\"B\",\"pid\":\"gpu\",\"tid\":\"main\",\"ts\":%" G_GINT64_FORMAT ",\"name\":\"Gpu\"},\n"
                                "{\"ph\":\"E\",\"pid\":\"gpu\",\"tid\":\"main\",\"ts\":%" G_GINT64_FORMAT "},\n", ts, ts + 30);
      if (i % 11 == 0)
        g_string_append_printf (text, "{\"ph\":\"b\",\"pid\":1,\"ts\":%" G_GINT64_FORMAT ",\"name\":\"load\",\"cat\":\"net\",\"id\":\"0x%x\"},\n"
                                "{\"ph\":\"e\",\"pid\":1,\"ts\":%" G_GINT64_FORMAT ",\"name\":\"load\",\"cat\":\"net\",\"id\":\"0x%x\"},\n"
                                "{\"ph\":\"n\",\"pid\":1,\"ts\":%" G_GINT64_FORMAT ",\"name\":\"got\",\"cat\":\"net\",\"id\":\"0x%x\"},\n",
                                ts, i % 4, ts + 700, i % 4, ts + 5, i % 4);
      if (i % 13 == 0)
        g_string_append_printf (text, "{\"ph\":\"C\",\"pid\":1,\"ts\":%" G_GINT64_FORMAT ",\"name\":\"heap\",\"args\":{\"a\":%u,\"b\":%u}},\n",
                                ts, i, 2 * i);
      if (i % 17 == 0)
        g_string_append_printf (text, "{\"ph\":\"s\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"cat\":\"post\",\"id\":%u},\n"
                                "{\"ph\":\"f\",\"bp\":\"e\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"cat\":\"post\",\"id\":%u},\n",
                                tid, ts + 1, i, (tid + 1) % 5, ts + 2, i);
      if (i % 19 == 0)
        g_string_append_printf (text, "{\"ph\":\"X\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"dur\":5,\"name\":\"out\",\"bind_id\":%u,\"flow_out\":true},\n"
                                "{\"ph\":\"X\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"dur\":5,\"name\":\"in\",\"bind_id\":%u,\"flow_in\":true},\n"
                                "{\"ph\":\"P\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ",\"name\":\"sample\"},\n"
                                "{\"ph\":\"R\",\"pid\":1,\"tid\":%u,\"ts\":%" G_GINT64_FORMAT ".5,\"name\":\"mark\"},\n",
                                tid, ts + 90, i, (tid + 2) % 5, ts + 95, i, tid, ts + 3, tid, ts + 4);
    }
  g_string_append (text, "{\"ph\":\"B\",\"pid\":1,\"tid\":0,\"ts\":7,\"name\":\"left open\"},\n"
                         "{\"ph\":\"X\",\"pid\":1,\"tid\":0,\"ts\":\"late\",\"dur\":1},\n"
                         "[\"no event\"],\n"
                         "{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"Browser\"}},\n"
                         "{\"ph\":\"M\",\"pid\":1,\"tid\":3,\"name\":\"thread_name\",\"args\":{\"name\":\"Compositor\"}}\n"
                         "],\"otherData\":{\"title\":\"Threads\"}}\n");
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  /* cut short inside an event, half-way */
  g_assert_true (g_file_set_contents (cut_path, text->str, text->len / 2 + 7, NULL));

  {
    g_autofree char *one = import_with_threads (path, "1", &n_flows_one);
    g_autofree char *two = import_with_threads (path, "2", &n_flows_two);

    g_assert_true (g_str_has_prefix (one, "Threads: "));
    g_assert_nonnull (strstr (one, "run Browser\n"));
    g_assert_nonnull (strstr (one, "'ts' is not a number"));
    g_assert_nonnull (strstr (one, "not an object"));
    g_assert_nonnull (strstr (one, " sample heap b "));
    g_assert_cmpuint (n_flows_one, >, 100);
    g_assert_cmpuint (n_flows_two, ==, n_flows_one);
    g_assert_cmpstr (two, ==, one);
  }
  {
    g_autofree char *one = import_with_threads (cut_path, "1", &n_flows_one);
    g_autofree char *two = import_with_threads (cut_path, "2", &n_flows_two);

    g_assert_nonnull (strstr (one, "the data ends inside event"));
    g_assert_cmpstr (two, ==, one);
  }

  g_remove (path);
  g_remove (cut_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/chrome/all-phases", test_chrome_all_phases);
  g_test_add_func ("/import/chrome/marks-and-samples", test_chrome_marks_and_samples);
  g_test_add_func ("/import/chrome/flows", test_chrome_flows);
  g_test_add_func ("/import/chrome/unterminated", test_chrome_unterminated);
  g_test_add_func ("/import/chrome/threads", test_chrome_threads);
  g_test_add_func ("/import/ninja", test_ninja);
  g_test_add_func ("/import/meson", test_meson);
  g_test_add_func ("/import/ninja-kinds", test_ninja_kinds);
  g_test_add_func ("/import/meson-expected-fail", test_meson_expected_fail);
  g_test_add_func ("/import/detect", test_detect);
  g_test_add_func ("/import/bad-input", test_bad_input);
  g_test_add_func ("/import/deep-args", test_deep_args);
  g_test_add_func ("/import/missing-file", test_missing_file);
  g_test_add_func ("/import/round-trip", test_round_trip);
  g_test_add_func ("/import/task-sources", test_task_sources);
  g_test_add_func ("/import/range-stats", test_range_stats);

  return g_test_run ();
}
