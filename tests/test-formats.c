/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-test-compare.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "overlap-csv.h"
#include "overlap-format-private.h"
#include "overlap-import.h"
#include "overlap-trace.h"

#define NASTY_MESSAGE "Tâche « A » failed: \"bad\", then\nretry\tlater \x01"

/* Two runs of the same tasks: sequential, then gathered (with a queue, HTTP
 * phases, an imported-style span, a task that never started and a failure
 * whose message needs escaping everywhere). */
static OverlapRecording *
build_recording (void)
{
  OverlapRecording *recording = overlap_recording_new ("Formats « test »");
  g_autoptr(OverlapRun) seq = overlap_run_new ("Three tasks", "sequential");
  g_autoptr(OverlapRun) gather = overlap_run_new ("Three tasks", "gather");
  guint a, b, c, d, lag;

  overlap_run_begin (seq, g_get_monotonic_time ());
  a = overlap_run_add_lane (seq, "Task A", "timer", NULL);
  b = overlap_run_add_lane (seq, "Task, \"B\"", "http", "http://127.0.0.1:8080/a?x=1,2");
  overlap_run_set_phase (seq, a, OVERLAP_PHASE_WAITING, 0);
  overlap_run_lane_finish (seq, a, OVERLAP_RESULT_OK, NULL, 2000000);
  overlap_run_set_phase (seq, b, OVERLAP_PHASE_DNS, 2000000);
  overlap_run_set_phase (seq, b, OVERLAP_PHASE_CONNECT, 2000150);
  overlap_run_set_phase (seq, b, OVERLAP_PHASE_WAITING, 2000300);
  overlap_run_set_phase (seq, b, OVERLAP_PHASE_RECEIVING, 2500000);
  overlap_run_add_mark (seq, b, OVERLAP_MARK_CHUNK, 2600000, 16384);
  overlap_run_add_bytes (seq, b, 16384);
  overlap_run_add_mark (seq, b, OVERLAP_MARK_CHUNK, 2700001, 1000);
  overlap_run_add_bytes (seq, b, 1000);
  overlap_run_lane_finish (seq, b, OVERLAP_RESULT_OK, NULL, 2800000);
  overlap_run_note_stall (seq, 1234);
  overlap_run_finish (seq, OVERLAP_RUN_FINISHED, 2800000);

  overlap_run_begin (gather, g_get_monotonic_time ());
  overlap_run_set_offset (gather, 5000000);
  overlap_run_set_clock_start (gather, 81234567890);   /* its comparison's start on CLOCK_MONOTONIC */
  overlap_run_set_note (gather, "semaphore(1) — one at a time");
  a = overlap_run_add_lane (gather, "Task A", "timer", NULL);
  b = overlap_run_add_lane (gather, "Tâche « A »", "http", "https://example.org/\x01");
  c = overlap_run_add_lane (gather, "Task C", "cpu", NULL);
  d = overlap_run_add_lane (gather, "Never started", "spawn", "sleep 1");
  lag = overlap_run_add_counter (gather, "loop lag", "ms");
  overlap_run_set_phase (gather, a, OVERLAP_PHASE_WAITING, 10);
  overlap_run_set_phase (gather, b, OVERLAP_PHASE_QUEUED, 10);
  overlap_run_set_phase (gather, c, OVERLAP_PHASE_QUEUED, 11);
  overlap_run_add_sample (gather, lag, 100, 0.25);
  overlap_run_set_phase (gather, b, OVERLAP_PHASE_CONNECT, 400);
  overlap_run_set_phase (gather, b, OVERLAP_PHASE_TLS, 700);
  overlap_run_set_phase (gather, b, OVERLAP_PHASE_SENDING, 900);
  overlap_run_set_phase (gather, b, OVERLAP_PHASE_WAITING, 950);
  overlap_run_set_phase (gather, b, OVERLAP_PHASE_RECEIVING, 1500);
  overlap_run_add_mark (gather, b, OVERLAP_MARK_CHUNK, 1600, 4096);
  overlap_run_add_bytes (gather, b, 4096);
  overlap_run_add_sample (gather, lag, 1700, 1.0 / 3.0);
  overlap_run_lane_finish (gather, b, OVERLAP_RESULT_FAILED, NASTY_MESSAGE, 1800);
  overlap_run_set_phase (gather, c, OVERLAP_PHASE_BLOCKING, 1800);
  overlap_run_add_sample (gather, lag, 2500, 712.5);
  overlap_run_lane_finish (gather, c, OVERLAP_RESULT_CANCELLED, "first completed", 2600);
  overlap_run_lane_finish (gather, a, OVERLAP_RESULT_OK, NULL, 2000000);
  overlap_run_add_span (gather, a, OVERLAP_PHASE_OTHER, 2000000, 2000500, "custom step");
  overlap_run_add_span (gather, a, OVERLAP_PHASE_READING, 2000500, 2000600, "labelled, read");
  overlap_run_note_stall (gather, 700);
  overlap_run_finish (gather, OVERLAP_RUN_FINISHED, 2000600);
  g_assert_cmpint (overlap_run_get_lane (gather, d)->start, ==, -1);

  overlap_recording_add_run (recording, seq);
  overlap_recording_add_run (recording, gather);
  return recording;
}

static GBytes *
export_trace (OverlapRecording *recording)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (overlap_trace_export (recording, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static GBytes *
export_csv (OverlapRecording *recording,
            gboolean          spans)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (spans)
    ok = overlap_csv_export_spans (recording, stream, NULL, &error);
  else
    ok = overlap_csv_export (recording, stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
test_json_escape (void)
{
  g_autoptr(GString) s = g_string_new (NULL);

  _overlap_json_append_string (s, "a\"b\\c\nd\x01" "é « »");
  g_assert_cmpstr (s->str, ==, "\"a\\\"b\\\\c\\nd\\u0001é « »\"");

  g_string_truncate (s, 0);
  _overlap_json_append_string (s, "bad \xff utf8");
  g_assert_true (g_utf8_validate (s->str, -1, NULL));

  g_string_truncate (s, 0);
  _overlap_json_append_double (s, 0.1);
  g_string_append_c (s, ' ');
  _overlap_json_append_double (s, 1.0 / 3.0);
  g_string_append_c (s, ' ');
  _overlap_json_append_double (s, -42);
  g_string_append_c (s, ' ');
  _overlap_json_append_double (s, 0.0 / 0.0);
  g_assert_cmpstr (s->str, ==, "0.1 0.33333333333333331 -42 null");

  g_string_truncate (s, 0);
  _overlap_append_ms (s, 1234567);
  g_string_append_c (s, ' ');
  _overlap_append_ms (s, -5);
  g_string_append_c (s, ' ');
  _overlap_append_int (s, G_MININT64);
  g_assert_cmpstr (s->str, ==, "1234.567 -0.005 -9223372036854775808");
}

/* Reads the exported trace with json-glib, independently of the importer. */
static void
test_trace_structure (void)
{
  OverlapRecording *recording = build_recording ();
  g_autoptr(GBytes) bytes = export_trace (recording);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) thread_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) process_names = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  guint next_span[2] = { 0, 0 };
  guint n_marks = 0, n_samples = 0, n_lane_meta = 0;
  gboolean saw_message = FALSE;
  JsonObject *root, *other;
  JsonArray *events;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_true (g_utf8_validate (data, size, NULL));
  g_assert_true (json_parser_load_from_data (parser, data, size, &error));
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "displayTimeUnit"), ==, "ms");
  other = json_object_get_object_member (root, "otherData");
  g_assert_cmpstr (json_object_get_string_member (other, "generator"), ==, "Overlap");
  g_assert_cmpstr (json_object_get_string_member (other, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (other, "title"), ==, "Formats « test »");
  events = json_object_get_array_member (root, "traceEvents");
  g_assert_nonnull (events);

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const char *ph = json_object_get_string_member (event, "ph");
      const char *name = json_object_get_string_member (event, "name");
      gint64 pid = json_object_get_int_member (event, "pid");
      gint64 tid = json_object_get_int_member (event, "tid");
      JsonObject *args = NULL;
      OverlapRun *run;

      if (json_object_has_member (event, "args"))
        args = json_object_get_object_member (event, "args");
      g_assert_cmpint (pid, >=, 1);
      g_assert_cmpint (pid, <=, 2);
      run = overlap_recording_get_run (recording, pid - 1);

      if (g_str_equal (ph, "M"))
        {
          if (g_str_equal (name, "process_name"))
            g_hash_table_insert (process_names, GINT_TO_POINTER (pid),
                                 g_strdup (json_object_get_string_member (args, "name")));
          else if (g_str_equal (name, "thread_name"))
            g_hash_table_insert (thread_names,
                                 g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, pid, tid),
                                 g_strdup (json_object_get_string_member (args, "name")));
          else if (g_str_equal (name, "overlap_lane"))
            {
              const OverlapLane *lane = overlap_run_get_lane (run, tid - 1);

              n_lane_meta++;
              g_assert_cmpint (json_object_get_int_member (args, "index"), ==, tid - 1);
              g_assert_cmpint (json_object_get_int_member (args, "start"), ==, lane->start);
              g_assert_cmpint (json_object_get_int_member (args, "end"), ==, lane->end);
              g_assert_cmpint (json_object_get_int_member (args, "bytes"), ==, lane->bytes);
              g_assert_cmpstr (json_object_get_string_member (args, "result"), ==,
                               overlap_result_to_string (lane->result));
            }
        }
      else if (g_str_equal (ph, "X"))
        {
          guint n_spans;
          const OverlapSpan *spans = overlap_run_get_spans (run, &n_spans);
          const OverlapSpan *span;
          const OverlapLane *lane;
          const char *label;

          /* Spans come out in the model's order, one X event each. */
          g_assert_cmpuint (next_span[pid - 1], <, n_spans);
          span = &spans[next_span[pid - 1]++];
          lane = overlap_run_get_lane (run, span->lane);
          label = overlap_run_string (run, span->label);

          g_assert_cmpint (tid, ==, span->lane + 1);
          g_assert_cmpint (json_object_get_int_member (event, "ts"), ==,
                           overlap_run_get_offset (run) + span->start);
          g_assert_cmpint (json_object_get_int_member (event, "dur"), ==, span->end - span->start);
          g_assert_cmpstr (name, ==, label ? label : overlap_phase_to_string (span->phase));
          g_assert_cmpstr (json_object_get_string_member (event, "cat"), ==,
                           overlap_run_string (run, lane->kind));
          g_assert_cmpstr (json_object_get_string_member (args, "phase"), ==,
                           overlap_phase_to_string (span->phase));

          if (json_object_has_member (args, "message"))
            {
              g_assert_cmpstr (json_object_get_string_member (args, "message"), ==,
                               overlap_run_string (run, lane->message));
              if (g_str_equal (json_object_get_string_member (args, "message"), NASTY_MESSAGE))
                {
                  saw_message = TRUE;
                  g_assert_cmpstr (json_object_get_string_member (args, "result"), ==, "failed");
                  g_assert_cmpint (json_object_get_int_member (args, "bytes"), ==, 4096);
                }
            }
        }
      else if (g_str_equal (ph, "i"))
        {
          n_marks++;
          g_assert_cmpstr (json_object_get_string_member (event, "s"), ==, "t");
          g_assert_true (g_str_equal (name, "chunk") || g_str_equal (name, "done") ||
                         g_str_equal (name, "error") || g_str_equal (name, "cancel"));
          if (g_str_equal (name, "chunk"))
            g_assert_cmpint (json_object_get_int_member (args, "value"), >, 0);
        }
      else if (g_str_equal (ph, "C"))
        {
          n_samples++;
          g_assert_true (json_object_has_member (args, "value"));
          if (g_str_equal (name, "loop lag") &&
              json_object_get_int_member (event, "ts") == 5000000 + 1700)
            g_assert_cmpfloat (json_object_get_double_member (args, "value"), ==, 1.0 / 3.0);
        }
      else
        g_assert_not_reached ();
    }

  g_assert_true (saw_message);
  g_assert_cmpuint (next_span[0], ==, 5);
  g_assert_cmpuint (next_span[1], ==, 11);
  g_assert_cmpuint (n_marks, ==, 4 + 4);
  g_assert_cmpuint (n_lane_meta, ==, 2 + 4);
  g_assert_cmpuint (n_samples, >, 3);
  g_assert_cmpstr (g_hash_table_lookup (process_names, GINT_TO_POINTER (1)), ==, "Three tasks — sequential");
  g_assert_cmpstr (g_hash_table_lookup (process_names, GINT_TO_POINTER (2)), ==, "Three tasks — gather");
  g_assert_cmpstr (g_hash_table_lookup (thread_names, "1/2"), ==, "Task, \"B\"");
  g_assert_cmpstr (g_hash_table_lookup (thread_names, "2/2"), ==, "Tâche « A »");
  g_assert_cmpstr (g_hash_table_lookup (thread_names, "2/4"), ==, "Never started");

  g_assert_finalize_object (recording);
}

static void
test_trace_round_trip (void)
{
  OverlapRecording *recording = build_recording ();
  OverlapRecording *imported = NULL;
  g_autoptr(GBytes) bytes = export_trace (recording);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(OverlapImportReport) report = { 0 };

  imported = overlap_import_bytes (bytes, "round-trip.json", &report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (imported);
  g_assert_cmpuint (report.n_skipped, ==, 0);
  g_assert_cmpuint (report.n_events, >, 0);

  g_assert_cmpstr (overlap_recording_get_title (imported), ==, overlap_recording_get_title (recording));
  g_assert_cmpuint (overlap_recording_get_n_runs (imported), ==, 2);
  for (guint i = 0; i < 2; i++)
    overlap_test_assert_runs_equal (overlap_recording_get_run (recording, i),
                       overlap_recording_get_run (imported, i));
  g_assert_cmpfloat (overlap_recording_get_speedup (imported, overlap_recording_get_run (imported, 1)), ==,
                     overlap_recording_get_speedup (recording, overlap_recording_get_run (recording, 1)));

  /* Exporting what was imported gives the same file, byte for byte. */
  again = export_trace (imported);
  g_assert_true (g_bytes_equal (bytes, again));

  g_assert_finalize_object (recording);
  g_assert_finalize_object (imported);
}

static void
test_trace_path (void)
{
  OverlapRecording *recording = build_recording ();
  OverlapRecording *imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-formats-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "trace.json", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "trace.json", NULL);

  g_assert_no_error (error);
  g_assert_true (overlap_trace_export_to_path (recording, path, &error));
  g_assert_no_error (error);

  imported = overlap_trace_import_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overlap_recording_get_n_runs (imported), ==, 2);
  overlap_test_assert_runs_equal (overlap_recording_get_run (recording, 1), overlap_recording_get_run (imported, 1));

  g_assert_false (overlap_trace_export_to_path (recording, bad_path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "trace.json"));
  g_clear_error (&error);

  g_assert_null (overlap_trace_import_path (bad_path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "trace.json"));
  g_clear_error (&error);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  g_assert_finalize_object (recording);
  g_assert_finalize_object (imported);
}

static void
test_trace_errors (void)
{
  OverlapRecording *recording = build_recording ();
  g_autoptr(GBytes) bytes = export_trace (recording);
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (bytes, 0, g_bytes_get_size (bytes) / 2);
  g_autoptr(GBytes) not_trace = g_bytes_new_static ("{\"events\": []}", 14);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dir = g_dir_make_tmp ("test-formats-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "garbage.json", NULL);

  /* Cut short: what was read is kept, the cut event counted with its place. */
  {
    g_auto(OverlapImportReport) report = { 0 };
    g_autoptr(OverlapRecording) partial = overlap_import_bytes (truncated, "trace.json", &report, &error);
    const char *warning;

    g_assert_no_error (error);
    g_assert_nonnull (partial);
    g_assert_cmpuint (report.n_skipped, >=, 1);
    warning = g_ptr_array_index (report.warnings, report.warnings->len - 1);
    g_test_message ("truncated: %s", warning);
    g_assert_true (g_str_has_prefix (warning, "trace.json: line "));
    g_assert_nonnull (strstr (warning, ", column "));
  }

  g_assert_true (g_file_set_contents (path, "{\"traceEvents\": [\n  {\"ph\": \"X\",,}\n]}", -1, &error));
  g_assert_null (overlap_trace_import_path (path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("garbage: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "garbage.json: line 2, column "));
  g_clear_error (&error);

  g_assert_null (overlap_trace_import_bytes (not_trace, "other.json", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_true (g_str_has_prefix (error->message, "other.json: "));
  g_clear_error (&error);

  g_assert_null (overlap_trace_import_bytes (empty, "empty.json", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_true (g_str_has_prefix (error->message, "empty.json: "));
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  g_assert_false (overlap_trace_export (recording, stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  g_assert_finalize_object (recording);
}

static const char chrome_trace[] =
  "{\"traceEvents\": [\n"
  "{\"ph\":\"M\",\"pid\":7,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":\"Browser\"}},\n"
  "{\"ph\":\"M\",\"pid\":7,\"tid\":3,\"name\":\"thread_name\",\"args\":{\"name\":\"Main\"}},\n"
  "{\"ph\":\"M\",\"pid\":9,\"tid\":1,\"name\":\"thread_name\",\"args\":{\"name\":\"Idle\"}},\n"
  "{\"ph\":\"B\",\"pid\":7,\"tid\":3,\"ts\":1000,\"name\":\"outer\",\"cat\":\"toplevel\"},\n"
  "{\"ph\":\"B\",\"pid\":7,\"tid\":3,\"ts\":1500.4,\"name\":\"inner\"},\n"
  "{\"ph\":\"E\",\"pid\":7,\"tid\":3,\"ts\":2000},\n"
  "{\"ph\":\"E\",\"pid\":7,\"tid\":3,\"ts\":3000},\n"
  "{\"ph\":\"X\",\"pid\":7,\"tid\":4,\"ts\":1200,\"dur\":300,\"name\":\"waiting\"},\n"
  "{\"ph\":\"i\",\"pid\":7,\"tid\":3,\"ts\":2500,\"name\":\"marker\",\"s\":\"t\"},\n"
  "{\"ph\":\"C\",\"pid\":7,\"ts\":1000,\"name\":\"heap\",\"args\":{\"used\":10,\"free\":5.5}},\n"
  "{\"ph\":\"Q\",\"pid\":7,\"tid\":3,\"ts\":1000,\"name\":\"mystery\"},\n"
  "{\"ph\":\"X\",\"pid\":7,\"tid\":3,\"ts\":\"soon\",\"dur\":1,\"name\":\"bad\"},\n"
  "{\"ph\":\"E\",\"pid\":7,\"tid\":4,\"ts\":4000},\n"
  "42,\n"
  "{\"ph\":\"B\",\"pid\":8,\"tid\":1,\"ts\":500,\"name\":\"unfinished\"},\n"
  "{\"ph\":\"X\",\"pid\":8,\"tid\":1,\"ts\":600,\"dur\":900,\"name\":\"x\"}\n"
  "]}\n";

static void
test_trace_chrome (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (chrome_trace, strlen (chrome_trace));
  OverlapRecording *recording = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(OverlapImportReport) report = { 0 };
  const OverlapCounter *counters;
  const OverlapSpan *spans;
  const OverlapMark *marks;
  const OverlapLane *lane;
  OverlapRun *run;
  guint n;

  recording = overlap_import_bytes (bytes, "chrome.json", &report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (recording);

  for (guint i = 0; i < report.warnings->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (report.warnings, i));
  g_assert_cmpuint (report.n_events, ==, 16);
  g_assert_cmpuint (report.n_skipped, ==, 4);
  g_assert_cmpuint (report.n_unknown, ==, 1);
  g_assert_cmpuint (report.warnings->len, ==, 4);
  g_assert_true (g_ptr_array_find_with_equal_func (report.warnings,
                                                   "chrome.json: event 11: 'ts' is not a number",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (report.warnings,
                                                   "chrome.json: event 10: phase 'Q' is not supported",
                                                   g_str_equal, NULL));

  g_assert_cmpstr (overlap_recording_get_title (recording), ==, "chrome.json");
  /* pid 9 has nothing but a thread name: no run. */
  g_assert_cmpuint (overlap_recording_get_n_runs (recording), ==, 2);

  run = overlap_recording_get_run (recording, 0);
  g_assert_cmpstr (overlap_run_get_title (run), ==, "Browser");
  g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_FINISHED);
  g_assert_cmpint (overlap_run_get_offset (run), ==, 0);   /* the trace's clock: its first event 500 µs before */
  /* B/E nest: the inner span is on a nested lane below its thread's. */
  overlap_run_get_lanes (run, &n);
  g_assert_cmpuint (n, ==, 3);
  lane = overlap_run_get_lane (run, 0);
  g_assert_cmpstr (overlap_run_string (run, lane->label), ==, "Main");
  g_assert_cmpstr (overlap_run_string (run, lane->kind), ==, "toplevel");
  g_assert_cmpint (lane->start, ==, 500);
  g_assert_cmpint (lane->end, ==, 2500);
  g_assert_cmpint (lane->result, ==, OVERLAP_RESULT_OK);
  g_assert_false (lane->flags & OVERLAP_LANE_NESTED);
  lane = overlap_run_get_lane (run, 1);
  g_assert_cmpstr (overlap_run_string (run, lane->label), ==, "Main · 2");
  g_assert_true (lane->flags & OVERLAP_LANE_NESTED);
  lane = overlap_run_get_lane (run, 2);
  g_assert_cmpstr (overlap_run_string (run, lane->label), ==, "Thread 4");

  spans = overlap_run_get_spans (run, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (spans[0].lane, ==, 0);
  g_assert_cmpint (spans[0].phase, ==, OVERLAP_PHASE_OTHER);
  g_assert_cmpstr (overlap_run_string (run, spans[0].label), ==, "outer");
  g_assert_cmpint (spans[0].start, ==, 500);
  g_assert_cmpint (spans[0].end, ==, 2500);
  g_assert_cmpuint (spans[1].lane, ==, 1);
  g_assert_cmpstr (overlap_run_string (run, spans[1].label), ==, "inner");
  g_assert_cmpint (spans[1].start, ==, 1000);
  g_assert_cmpint (spans[1].end, ==, 1500);
  /* A name that is one of Overlap's phases becomes that phase. */
  g_assert_cmpuint (spans[2].lane, ==, 2);
  g_assert_cmpint (spans[2].phase, ==, OVERLAP_PHASE_WAITING);
  g_assert_cmpuint (spans[2].label, ==, 0);
  g_assert_cmpint (spans[2].start, ==, 700);
  g_assert_cmpint (spans[2].end, ==, 1000);

  marks = overlap_run_get_marks (run, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (marks[0].kind, ==, OVERLAP_MARK_INSTANT);
  g_assert_cmpint (marks[0].time, ==, 2000);
  g_assert_cmpuint (marks[0].lane, ==, 0);

  counters = overlap_run_get_counters (run, &n);
  g_assert_cmpuint (n, ==, 2);
  for (guint i = 0; i < n; i++)
    {
      OverlapSample *sample = &g_array_index (counters[i].samples, OverlapSample, 0);

      g_assert_cmpuint (counters[i].samples->len, ==, 1);
      g_assert_cmpint (sample->time, ==, 500);
      if (g_str_equal (counters[i].name, "heap used"))
        g_assert_cmpfloat (sample->value, ==, 10);
      else if (g_str_equal (counters[i].name, "heap free"))
        g_assert_cmpfloat (sample->value, ==, 5.5);
      else
        g_assert_not_reached ();
    }

  /* A B without its E ends with its process's last event. */
  run = overlap_recording_get_run (recording, 1);
  g_assert_cmpstr (overlap_run_get_title (run), ==, "Process 8");
  g_assert_cmpint (overlap_run_get_offset (run), ==, 0);
  spans = overlap_run_get_spans (run, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (overlap_run_string (run, spans[0].label), ==, "unfinished");
  g_assert_cmpint (spans[0].start, ==, 0);
  g_assert_cmpint (spans[0].end, ==, 1000);
  g_assert_cmpint (overlap_run_get_wall_time (run), ==, 1000);

  g_assert_finalize_object (recording);
}

static void
test_trace_array_form (void)
{
  static const char json[] = "[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":10,\"dur\":5,\"name\":\"a\"}]";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  OverlapRecording *recording = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  recording = overlap_trace_import_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overlap_recording_get_n_runs (recording), ==, 1);
  overlap_run_get_spans (overlap_recording_get_run (recording, 0), &n);
  g_assert_cmpuint (n, ==, 1);

  g_assert_finalize_object (recording);
}

/* RFC 4180, as strict as the writer should be. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; !(*p == '"' && p[1] != '"'); p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
        }
      else
        {
          for (; *p != ',' && *p != '\r' && *p != '\0'; p++)
            {
              g_assert_true (*p != '"' && *p != '\n');
              g_string_append_c (field, *p);
            }
        }

      g_ptr_array_add (row, g_strdup (field->str));
      g_string_truncate (field, 0);

      if (*p == ',')
        p++;
      else
        {
          g_assert_true (p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
        }
    }

  return rows;
}

static char *
expected_ms (gint64 usec)
{
  g_assert_cmpint (usec, >=, 0);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%03d", usec / 1000, (int) (usec % 1000));
}

static void
test_csv_tasks (void)
{
  OverlapRecording *recording = build_recording ();
  g_autoptr(GBytes) bytes = export_csv (recording, FALSE);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GPtrArray) rows = parse_csv (text);
  const char * const header[] = {
    "run", "strategy", "task", "kind", "detail", "result", "message",
    "start_ms", "end_ms", "duration_ms", "queued_ms", "bytes", "completion", NULL
  };
  guint row = 1;
  gboolean saw_message = FALSE;

  g_assert_cmpstrv (g_ptr_array_index (rows, 0), header);
  g_assert_cmpuint (rows->len, ==, 1 + 2 + 4);

  for (guint r = 0; r < 2; r++)
    {
      OverlapRun *run = overlap_recording_get_run (recording, r);
      guint n_lanes;
      const OverlapLane *lanes = overlap_run_get_lanes (run, &n_lanes);

      for (guint i = 0; i < n_lanes; i++, row++)
        {
          char **f = g_ptr_array_index (rows, row);
          const OverlapLane *lane = &lanes[i];

          g_assert_cmpuint (g_strv_length (f), ==, 13);
          g_assert_cmpstr (f[0], ==, overlap_run_get_title (run));
          g_assert_cmpstr (f[1], ==, overlap_run_get_strategy (run));
          g_assert_cmpstr (f[2], ==, overlap_run_string (run, lane->label));
          g_assert_cmpstr (f[3], ==, overlap_run_string (run, lane->kind));
          g_assert_cmpstr (f[4], ==, overlap_run_string (run, lane->detail) ?: "");
          g_assert_cmpstr (f[5], ==, overlap_result_to_string (lane->result));
          g_assert_cmpstr (f[6], ==, overlap_run_string (run, lane->message) ?: "");
          if (lane->start >= 0)
            {
              g_autofree char *start = expected_ms (lane->start);
              g_autofree char *end = expected_ms (lane->end);
              g_autofree char *duration = expected_ms (lane->end - lane->start);

              g_assert_cmpstr (f[7], ==, start);
              g_assert_cmpstr (f[8], ==, end);
              g_assert_cmpstr (f[9], ==, duration);
              g_assert_cmpfloat_with_epsilon (g_ascii_strtod (f[9], NULL),
                                              (lane->end - lane->start) / 1000.0, 1e-9);
            }
          else
            {
              g_assert_cmpstr (f[7], ==, "");
              g_assert_cmpstr (f[8], ==, "");
              g_assert_cmpstr (f[9], ==, "");
            }
          g_assert_cmpuint (g_ascii_strtoull (f[11], NULL, 10), ==, lane->bytes);
          g_assert_cmpint (lane->completion, ==, f[12][0] ? atoi (f[12]) : 0);

          if (g_strcmp0 (f[6], NASTY_MESSAGE) == 0)
            saw_message = TRUE;
        }
    }

  g_assert_true (saw_message);
  /* Task C of the gathered run was queued from 11 µs to 1800 µs. */
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 5))[10], ==, "1.789");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[8], ==, "2800.000");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[10], ==, "0.000");
  g_assert_nonnull (strstr (text, "\"Task, \"\"B\"\"\""));

  g_assert_finalize_object (recording);
}

static void
test_csv_spans (void)
{
  OverlapRecording *recording = build_recording ();
  g_autoptr(GBytes) bytes = export_csv (recording, TRUE);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GPtrArray) rows = parse_csv (text);
  OverlapRun *run = overlap_recording_get_run (recording, 1);
  guint n_spans;
  const OverlapSpan *spans = overlap_run_get_spans (run, &n_spans);
  char **last = g_ptr_array_index (rows, rows->len - 1);

  g_assert_cmpuint (rows->len, ==, 1 + 5 + 11);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "run");
  g_assert_cmpuint (g_strv_length (last), ==, 8);
  g_assert_cmpstr (last[2], ==, "Task A");
  g_assert_cmpstr (last[3], ==, overlap_phase_to_string (spans[n_spans - 1].phase));
  g_assert_cmpstr (last[4], ==, "labelled, read");
  g_assert_cmpstr (last[5], ==, "2000.500");
  g_assert_cmpstr (last[7], ==, "0.100");

  g_assert_finalize_object (recording);
}

static void
test_csv_path (void)
{
  OverlapRecording *recording = build_recording ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-formats-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "tasks.csv", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "tasks.csv", NULL);
  g_autofree char *contents = NULL;

  g_assert_true (overlap_csv_export_to_path (recording, OVERLAP_CSV_TASKS, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_true (g_str_has_prefix (contents, "run,strategy,task,"));

  g_assert_false (overlap_csv_export_to_path (recording, OVERLAP_CSV_SPANS, bad_path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "tasks.csv: "));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  g_assert_finalize_object (recording);
}

/* Numbers are written the same under a locale with a decimal comma. */
static void
test_locale (void)
{
  g_autoptr(OverlapRecording) recording = build_recording ();
  g_autoptr(GBytes) trace = export_trace (recording);
  g_autoptr(GBytes) csv = export_csv (recording, FALSE);
  g_autoptr(GBytes) trace_comma = NULL;
  g_autoptr(GBytes) csv_comma = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL &&
      setlocale (LC_NUMERIC, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("no locale with a decimal comma installed");
      return;
    }

  trace_comma = export_trace (recording);
  csv_comma = export_csv (recording, FALSE);
  setlocale (LC_NUMERIC, saved);

  g_assert_true (g_bytes_equal (trace, trace_comma));
  g_assert_true (g_bytes_equal (csv, csv_comma));
}

/* A million marks go out in blocks, never as one document in memory. */
static void
test_trace_streams (void)
{
  OverlapRecording *recording = overlap_recording_new ("Big");
  OverlapRun *run = overlap_run_new ("Chunks", "gather");
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-formats-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "big.json", NULL);
  guint lane;

  overlap_run_begin (run, g_get_monotonic_time ());
  lane = overlap_run_add_lane (run, "Download", "http", NULL);
  overlap_run_set_phase (run, lane, OVERLAP_PHASE_RECEIVING, 0);
  for (guint i = 0; i < 1000000; i++)
    overlap_run_add_mark (run, lane, OVERLAP_MARK_CHUNK, i, 4096);
  overlap_run_lane_finish (run, lane, OVERLAP_RESULT_OK, NULL, 1000000);
  overlap_run_finish (run, OVERLAP_RUN_FINISHED, 1000000);
  overlap_recording_add_run (recording, run);

  g_assert_true (overlap_trace_export_to_path (recording, path, &error));
  g_assert_no_error (error);

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_file_info_get_size (info), >, 1000000 * 50);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  g_assert_finalize_object (recording);
  g_assert_finalize_object (run);
}

/* A trace is opened as any timeline is: a folder or a missing file is said so,
 * by both entry points, and the report is set up either way. */
static void
test_trace_open_like_import (void)
{
  g_autofree char *dir = g_dir_make_tmp ("overlap-open-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  const char *paths[] = { dir, missing };
  const int codes[] = { G_IO_ERROR_IS_DIRECTORY, G_IO_ERROR_NOT_FOUND };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(OverlapImportReport) import_report = { 0 };
      g_autoptr(GError) trace_error = NULL;
      g_autoptr(GError) import_error = NULL;

      g_assert_null (overlap_trace_import_path (paths[i], &trace_error));
      g_assert_null (overlap_import_path (paths[i], &import_report, &import_error));
      g_assert_error (trace_error, G_IO_ERROR, codes[i]);
      g_assert_error (import_error, G_IO_ERROR, codes[i]);
      g_assert_cmpstr (trace_error->message, ==, import_error->message);
      g_assert_nonnull (import_report.warnings);
      g_assert_cmpuint (import_report.n_events, ==, 0);
    }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/json-escape", test_json_escape);
  g_test_add_func ("/formats/trace/structure", test_trace_structure);
  g_test_add_func ("/formats/trace/round-trip", test_trace_round_trip);
  g_test_add_func ("/formats/trace/path", test_trace_path);
  g_test_add_func ("/formats/trace/errors", test_trace_errors);
  g_test_add_func ("/formats/trace/chrome", test_trace_chrome);
  g_test_add_func ("/formats/trace/array-form", test_trace_array_form);
  g_test_add_func ("/formats/trace/streams", test_trace_streams);
  g_test_add_func ("/formats/csv/tasks", test_csv_tasks);
  g_test_add_func ("/formats/csv/spans", test_csv_spans);
  g_test_add_func ("/formats/csv/path", test_csv_path);
  g_test_add_func ("/formats/locale", test_locale);
  g_test_add_func ("/formats/trace/open-like-import", test_trace_open_like_import);

  return g_test_run ();
}
