/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-import"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "overlap-trace-private.h"

/* meson's meson-logs/testlog.json: one JSON object per line and test, with
 * "name", "starttime" (seconds since the epoch), "duration" (seconds),
 * "result" ("OK", "FAIL", "SKIP", "TIMEOUT", "EXPECTEDFAIL", …), and
 * "returncode", "command". Each test is a span from its start for its
 * duration, packed onto lanes like ninja's jobs, its result on the span. */

static OverlapResult
result_from_meson (const char *result)
{
  if (g_strcmp0 (result, "OK") == 0 || g_strcmp0 (result, "EXPECTEDFAIL") == 0)
    return OVERLAP_RESULT_OK;
  if (g_strcmp0 (result, "SKIP") == 0)
    return OVERLAP_RESULT_SKIPPED;
  if (g_strcmp0 (result, "TIMEOUT") == 0)
    return OVERLAP_RESULT_TIMED_OUT;
  return OVERLAP_RESULT_FAILED;   /* FAIL, UNEXPECTEDPASS, ERROR, INTERRUPT */
}

static OverlapSpanKind
kind_from_meson (const char *result)
{
  if (g_strcmp0 (result, "OK") == 0)
    return OVERLAP_SPAN_KIND_TEST_OK;
  if (g_strcmp0 (result, "EXPECTEDFAIL") == 0)
    return OVERLAP_SPAN_KIND_TEST_EXPECTED_FAIL;
  if (g_strcmp0 (result, "SKIP") == 0)
    return OVERLAP_SPAN_KIND_TEST_SKIPPED;
  if (g_strcmp0 (result, "TIMEOUT") == 0)
    return OVERLAP_SPAN_KIND_TEST_TIMED_OUT;
  return OVERLAP_SPAN_KIND_TEST_FAILED;
}

/* One line; FALSE (and counted) when it is not a test. */
static gboolean
read_test (const char          *line,
           gsize                len,
           const char          *display_name,
           guint                line_number,
           OverlapImportReport *report,
           OverlapWorkerJob    *test)
{
  OverlapJsonScanner s;
  OverlapJsonValue object, name, start, duration, result, returncode;
  double start_s, duration_s;
  g_autofree char *result_text = NULL;
  gint64 code = 0;

  _overlap_json_scanner_init (&s, line, len);
  if (!_overlap_json_read_value (&s, &object) || object.type != OVERLAP_JSON_OBJECT)
    {
      overlap_import_report_skip (report, FALSE, _("%s: line %u: not a JSON object"), display_name, line_number);
      return FALSE;
    }
  if (!_overlap_json_object_lookup (&object, "name", &name) || name.type != OVERLAP_JSON_STRING)
    {
      overlap_import_report_skip (report, FALSE, _("%s: line %u: 'name' is missing"), display_name, line_number);
      return FALSE;
    }
  _overlap_json_object_lookup (&object, "starttime", &start);
  _overlap_json_object_lookup (&object, "duration", &duration);
  if (_overlap_json_value_double (&start, &start_s) != OVERLAP_NUMBER_OK ||
      _overlap_json_value_double (&duration, &duration_s) != OVERLAP_NUMBER_OK ||
      start_s < 0 || start_s > 1e11 || duration_s < 0 || duration_s > 1e9)
    {
      overlap_import_report_skip (report, FALSE, _("%s: line %u: 'starttime' or 'duration' is not a time"),
                                  display_name, line_number);
      return FALSE;
    }
  _overlap_json_object_lookup (&object, "result", &result);
  result_text = _overlap_json_string_dup (&result);
  if (_overlap_json_object_lookup (&object, "returncode", &returncode))
    _overlap_json_value_int (&returncode, &code);

  test->start = llround (start_s * G_USEC_PER_SEC);
  test->end = test->start + llround (duration_s * G_USEC_PER_SEC);
  test->label = _overlap_json_string_dup (&name);
  test->result = result_from_meson (result_text);
  test->kind = kind_from_meson (result_text);
  /* TRANSLATORS: a test's outcome: "FAIL (exit status 1)" */
  test->detail = g_strdup_printf (_("%s (exit status %lld)"),
                                  result_text ? result_text : "?", (long long) code);
  return TRUE;
}

OverlapRecording *
_overlap_meson_log_read (const char           *data,
                         gsize                 size,
                         const char           *display_name,
                         OverlapImportReport  *report,
                         GError              **error)
{
  g_autoptr(OverlapRecording) recording = NULL;
  g_autoptr(OverlapRun) run = NULL;
  g_autoptr(GArray) tests = g_array_new (FALSE, TRUE, sizeof (OverlapWorkerJob));
  const char *p = data;
  const char *end = data + size;
  gint64 base = G_MAXINT64;
  guint line_number = 0;

  g_array_set_clear_func (tests, _overlap_worker_job_clear);

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line = p;
      gsize len = (nl ? nl : end) - p;
      OverlapWorkerJob test = { 0 };

      p = nl ? nl + 1 : end;
      line_number++;
      while (len > 0 && g_ascii_isspace (line[len - 1]))
        len--;
      if (len == 0)
        continue;
      report->n_events++;
      if (!read_test (line, len, display_name, line_number, report, &test))
        continue;
      base = MIN (base, test.start);
      g_array_append_val (tests, test);
    }

  if (tests->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: no test in this meson test log"), display_name);
      return NULL;
    }

  /* the run starts with the first test */
  for (guint i = 0; i < tests->len; i++)
    {
      g_array_index (tests, OverlapWorkerJob, i).start -= base;
      g_array_index (tests, OverlapWorkerJob, i).end -= base;
    }

  recording = overlap_recording_new (display_name);
  run = _overlap_worker_run_new (_("Tests"), "meson test", "test", tests);
  overlap_recording_add_run (recording, run);

  return g_steal_pointer (&recording);
}
