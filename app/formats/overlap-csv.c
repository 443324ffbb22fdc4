/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-csv"

#include "config.h"

#include <string.h>

#include "overlap-csv.h"
#include "overlap-format-private.h"

/* Fields are appended to @out, the first of a row with *@column == 0. */
static void
append_separator (GString *out,
                  guint   *column)
{
  if ((*column)++ > 0)
    g_string_append_c (out, ',');
}

static void
append_field (GString    *out,
              guint      *column,
              const char *text)
{
  g_autofree char *valid = NULL;

  append_separator (out, column);

  if (text == NULL)
    return;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_ms_field (GString *out,
                 guint   *column,
                 gint64   usec,
                 gboolean known)
{
  append_separator (out, column);
  if (known)
    _overlap_append_ms (out, usec);
}

static void
append_int_field (GString *out,
                  guint   *column,
                  gint64   value,
                  gboolean known)
{
  append_separator (out, column);
  if (known)
    _overlap_append_int (out, value);
}

static void
end_row (GString *out)
{
  g_string_append (out, "\r\n");
}

static void
write_task (GString           *out,
            OverlapRun        *run,
            const OverlapLane *lane,
            gint64             queued)
{
  gboolean started = lane->start >= 0;
  gboolean ended = lane->end >= 0;
  guint column = 0;

  append_field (out, &column, overlap_run_get_title (run));
  append_field (out, &column, overlap_run_get_strategy (run));
  append_field (out, &column, overlap_run_string (run, lane->label));
  append_field (out, &column, overlap_run_string (run, lane->kind));
  append_field (out, &column, overlap_run_string (run, lane->detail));
  append_field (out, &column, overlap_result_to_string (lane->result));
  append_field (out, &column, overlap_run_string (run, lane->message));
  append_ms_field (out, &column, lane->start, started);
  append_ms_field (out, &column, lane->end, ended);
  append_ms_field (out, &column, lane->end - lane->start, started && ended);
  append_ms_field (out, &column, queued, TRUE);
  append_int_field (out, &column, (gint64) lane->bytes, TRUE);
  append_int_field (out, &column, lane->completion, lane->completion > 0);
  end_row (out);
}

/* One run's rows, flushed as they grow */
typedef gboolean (*WriteRunFunc) (OverlapWriter  *writer,
                                  OverlapRun     *run,
                                  GError        **error);

static gboolean
write_task_rows (OverlapWriter  *writer,
                 OverlapRun     *run,
                 GError        **error)
{
  g_autofree gint64 *queued = NULL;
  const OverlapLane *lanes;
  const OverlapSpan *spans;
  guint n_lanes, n_spans;

  lanes = overlap_run_get_lanes (run, &n_lanes);
  spans = overlap_run_get_spans (run, &n_spans);

  queued = g_new0 (gint64, MAX (n_lanes, 1));
  for (guint i = 0; i < n_spans; i++)
    if (spans[i].phase == OVERLAP_PHASE_QUEUED && spans[i].end >= spans[i].start)
      queued[spans[i].lane] += spans[i].end - spans[i].start;

  for (guint i = 0; i < n_lanes; i++)
    {
      write_task (writer->buffer, run, &lanes[i], queued[i]);
      if (!_overlap_writer_maybe_flush (writer, error))
        return FALSE;
    }
  return TRUE;
}

static void
write_span (GString           *out,
            OverlapRun        *run,
            const OverlapSpan *span)
{
  const OverlapLane *lane = overlap_run_get_lane (run, span->lane);
  gboolean closed = span->end >= span->start;
  guint column = 0;

  append_field (out, &column, overlap_run_get_title (run));
  append_field (out, &column, overlap_run_get_strategy (run));
  append_field (out, &column, overlap_run_string (run, lane->label));
  append_field (out, &column, overlap_phase_to_string (span->phase));
  append_field (out, &column, overlap_run_string (run, span->label));
  append_ms_field (out, &column, span->start, TRUE);
  append_ms_field (out, &column, span->end, closed);
  append_ms_field (out, &column, span->end - span->start, closed);
  end_row (out);
}

static gboolean
write_span_rows (OverlapWriter  *writer,
                 OverlapRun     *run,
                 GError        **error)
{
  const OverlapSpan *spans;
  guint n_spans;

  spans = overlap_run_get_spans (run, &n_spans);
  for (guint i = 0; i < n_spans; i++)
    {
      write_span (writer->buffer, run, &spans[i]);
      if (!_overlap_writer_maybe_flush (writer, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_rows (OverlapWriter     *writer,
            OverlapRecording  *recording,
            const char        *header,
            WriteRunFunc       write_run,
            GError           **error)
{
  guint n_runs = overlap_recording_get_n_runs (recording);

  g_string_append (writer->buffer, header);
  for (guint r = 0; r < n_runs; r++)
    {
      if (!write_run (writer, overlap_recording_get_run (recording, r), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
export_with_mode (OverlapRecording  *recording,
                  OverlapCsvMode     mode,
                  GOutputStream     *stream,
                  GCancellable      *cancellable,
                  GError           **error)
{
  OverlapWriter writer;
  gboolean ret;

  /* the checks of both public entry points */
  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  _overlap_writer_init (&writer, stream, cancellable);

  if (mode == OVERLAP_CSV_SPANS)
    ret = write_rows (&writer, recording,
                      "run,strategy,task,phase,label,start_ms,end_ms,duration_ms\r\n",
                      write_span_rows, error);
  else
    ret = write_rows (&writer, recording,
                      "run,strategy,task,kind,detail,result,message,"
                      "start_ms,end_ms,duration_ms,queued_ms,bytes,completion\r\n",
                      write_task_rows, error);

  if (ret)
    ret = _overlap_writer_flush (&writer, error);

  _overlap_writer_clear (&writer);
  return ret;
}

/**
 * overlap_csv_export:
 * @recording: the recording to write
 * @stream: where to write, left open
 * @cancellable: (nullable): checked between blocks
 * @error: a location for a #GError
 *
 * Writes one row per task (see %OVERLAP_CSV_TASKS).
 *
 * Returns: %TRUE on success
 */
gboolean
overlap_csv_export (OverlapRecording  *recording,
                    GOutputStream     *stream,
                    GCancellable      *cancellable,
                    GError           **error)
{
  return export_with_mode (recording, OVERLAP_CSV_TASKS, stream, cancellable, error);
}

/**
 * overlap_csv_export_spans:
 *
 * Like overlap_csv_export(), one row per span (see %OVERLAP_CSV_SPANS).
 */
gboolean
overlap_csv_export_spans (OverlapRecording  *recording,
                          GOutputStream     *stream,
                          GCancellable      *cancellable,
                          GError           **error)
{
  return export_with_mode (recording, OVERLAP_CSV_SPANS, stream, cancellable, error);
}

/**
 * overlap_csv_export_to_path:
 * @recording: the recording to write
 * @mode: a row per task or per span
 * @path: the file to create or replace
 * @error: a location for a #GError, its message naming the file
 *
 * Returns: %TRUE on success
 */
gboolean
overlap_csv_export_to_path (OverlapRecording  *recording,
                            OverlapCsvMode     mode,
                            const char        *path,
                            GError           **error)
{
  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _overlap_write_to_path (recording, path,
                                 mode == OVERLAP_CSV_SPANS ? overlap_csv_export_spans : overlap_csv_export,
                                 error);
}
