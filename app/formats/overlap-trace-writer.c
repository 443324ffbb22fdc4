/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-trace"

#include "config.h"

#include "overlap-format-private.h"
#include "overlap-trace.h"

/* The Chrome trace writer. Events are appended to a buffer that goes to the
 * stream in blocks (see OverlapWriter): no tree of the whole trace is built,
 * so a recording of millions of events is written in constant memory. */

static const char *
run_state_to_string (OverlapRunState state)
{
  switch (state)
    {
    case OVERLAP_RUN_PENDING: return "pending";
    case OVERLAP_RUN_LIVE: return "live";
    case OVERLAP_RUN_FINISHED: return "finished";
    case OVERLAP_RUN_CANCELLED: return "cancelled";
    default: return "unknown";
    }
}

/* The events array being written, and the run whose events go in now. */
typedef struct
{
  GString  *out;
  gboolean  first;     /* no event yet: the next needs no ',' before it */
  guint     pid;       /* the run's index + 1; 0 for the recording's notes */
  gint64    offset;    /* added to the run's times */
} TraceOut;

/* `,\n{"ph":"M","pid":1,"tid":2,"name":` — every event starts this way. */
static void
begin_event (TraceOut   *trace,
             const char *ph,
             guint       tid)
{
  GString *out = trace->out;

  if (!trace->first)
    g_string_append_c (out, ',');
  trace->first = FALSE;
  g_string_append (out, "\n{\"ph\":\"");
  g_string_append (out, ph);
  g_string_append (out, "\",\"pid\":");
  _overlap_append_int (out, trace->pid);
  g_string_append (out, ",\"tid\":");
  _overlap_append_int (out, tid);
  g_string_append (out, ",\"name\":");
}

static void
append_key (GString    *out,
            const char *key)
{
  g_string_append (out, ",\"");
  g_string_append (out, key);
  g_string_append (out, "\":");
}

static void
append_string_member (GString    *out,
                      const char *key,
                      const char *value)
{
  append_key (out, key);
  _overlap_json_append_string (out, value);
}

static void
append_int_member (GString    *out,
                   const char *key,
                   gint64      value)
{
  append_key (out, key);
  _overlap_append_int (out, value);
}

/* {"ph":"M",…,"name":"process_name","args":{"name": — a metadata event up to
 * its first argument's value. */
static void
begin_metadata (TraceOut   *trace,
                guint       tid,
                const char *name,
                const char *arg)
{
  begin_event (trace, "M", tid);
  _overlap_json_append_string (trace->out, name);
  g_string_append (trace->out, ",\"args\":{\"");
  g_string_append (trace->out, arg);
  g_string_append (trace->out, "\":");
}

/* The process_name and process_sort_index events (thread_name and
 * thread_sort_index for a lane, @tid > 0): how trace viewers title and order
 * the process or thread. */
static void
append_title (TraceOut   *trace,
              guint       tid,
              const char *title,
              guint       index)
{
  begin_metadata (trace, tid, tid == 0 ? "process_name" : "thread_name", "name");
  _overlap_json_append_string (trace->out, title);
  g_string_append (trace->out, "}}");
  begin_metadata (trace, tid, tid == 0 ? "process_sort_index" : "thread_sort_index", "sort_index");
  _overlap_append_int (trace->out, index);
  g_string_append (trace->out, "}}");
}

static void
write_run_metadata (TraceOut   *trace,
                    OverlapRun *run,
                    guint       index)
{
  GString *out = trace->out;
  const char *title = overlap_run_get_title (run);
  const char *strategy = overlap_run_get_strategy (run);
  g_autofree char *process_name = NULL;
  OverlapRunStats stats;

  if (strategy != NULL && *strategy != '\0')
    process_name = g_strdup_printf ("%s — %s", title, strategy);
  else
    process_name = g_strdup (title);

  append_title (trace, 0, process_name, index);

  overlap_run_get_stats (run, &stats);

  begin_metadata (trace, 0, "overlap_run", "index");
  _overlap_append_int (out, index);
  append_string_member (out, "title", title);
  append_string_member (out, "strategy", strategy);
  append_string_member (out, "state", run_state_to_string (overlap_run_get_state (run)));
  append_int_member (out, "wall_time", overlap_run_get_wall_time (run));
  append_int_member (out, "offset", overlap_run_get_offset (run));
  if (overlap_run_get_clock_start (run) > 0)
    append_int_member (out, "clock_start", overlap_run_get_clock_start (run));
  append_int_member (out, "longest_stall", stats.longest_stall);
  if (overlap_run_get_note (run) != NULL)
    append_string_member (out, "note", overlap_run_get_note (run));
  g_string_append (out, "}}");
}

/* Where the watched program created the task of @lane: "file" and "line",
 * as the live feed gave them (nothing when it did not say) */
static void
append_source (GString    *out,
               OverlapRun *run,
               guint       lane)
{
  guint line;
  const char *file = overlap_run_get_task_source (run, lane, &line);

  if (file == NULL)
    return;
  append_string_member (out, "file", file);
  append_int_member (out, "line", line);
}

static void
write_lane_metadata (TraceOut          *trace,
                     OverlapRun        *run,
                     guint              index,
                     const OverlapLane *lane)
{
  GString *out = trace->out;
  guint tid = index + 1;

  append_title (trace, tid, overlap_run_string (run, lane->label) ?: "", index);

  begin_metadata (trace, tid, "overlap_lane", "index");
  _overlap_append_int (out, index);
  append_string_member (out, "label", overlap_run_string (run, lane->label));
  append_string_member (out, "kind", overlap_run_string (run, lane->kind));
  append_string_member (out, "detail", overlap_run_string (run, lane->detail));
  append_string_member (out, "result", overlap_result_to_string (lane->result));
  append_string_member (out, "message", overlap_run_string (run, lane->message));
  append_int_member (out, "completion", lane->completion);
  append_int_member (out, "bytes", (gint64) lane->bytes);
  append_int_member (out, "start", lane->start);
  append_int_member (out, "end", lane->end);
  append_int_member (out, "flags", lane->flags);
  append_source (out, run, index);
  g_string_append (out, "}}");
}

static void
write_counter_metadata (TraceOut             *trace,
                        guint                 index,
                        const OverlapCounter *counter)
{
  begin_metadata (trace, 0, "overlap_counter", "index");
  _overlap_append_int (trace->out, index);
  append_string_member (trace->out, "name", counter->name);
  append_string_member (trace->out, "unit", counter->unit);
  g_string_append (trace->out, "}}");
}

/* An X event; the lane's outcome rides on its last span, and where its task
 * was created on its first, where a trace viewer shows them. */
static void
write_span (TraceOut          *trace,
            OverlapRun        *run,
            const OverlapSpan *span,
            gboolean           first_of_lane,
            gboolean           last_of_lane)
{
  GString *out = trace->out;
  const OverlapLane *lane = overlap_run_get_lane (run, span->lane);
  const char *phase = overlap_phase_to_string (span->phase);
  const char *label = overlap_run_string (run, span->label);
  const char *kind = overlap_run_string (run, lane->kind);

  begin_event (trace, "X", span->lane + 1);
  _overlap_json_append_string (out, label ? label : phase);
  append_string_member (out, "cat", kind ? kind : "task");
  append_int_member (out, "ts", trace->offset + span->start);
  append_int_member (out, "dur", span->end >= span->start ? span->end - span->start : 0);
  g_string_append (out, ",\"args\":{\"phase\":");
  _overlap_json_append_string (out, phase);
  if (label != NULL)
    append_string_member (out, "label", label);
  if (span->end < 0)
    g_string_append (out, ",\"open\":true");
  if (span->flags != 0)
    append_int_member (out, "flags", span->flags);
  if (span->detail != 0)
    append_string_member (out, "detail", overlap_run_string (run, span->detail));
  if (first_of_lane)
    append_source (out, run, span->lane);
  if (last_of_lane && lane->result != OVERLAP_RESULT_PENDING)
    {
      append_string_member (out, "result", overlap_result_to_string (lane->result));
      if (lane->message != 0)
        append_string_member (out, "message", overlap_run_string (run, lane->message));
      if (lane->bytes != 0)
        append_int_member (out, "bytes", (gint64) lane->bytes);
    }
  g_string_append (out, "}}");
}

static void
write_mark (TraceOut          *trace,
            const OverlapMark *mark)
{
  GString *out = trace->out;

  begin_event (trace, "i", mark->lane + 1);
  _overlap_json_append_string (out, overlap_mark_to_string (mark->kind));
  g_string_append (out, ",\"s\":\"t\"");
  append_int_member (out, "ts", trace->offset + mark->time);
  if (mark->value != 0)
    {
      g_string_append (out, ",\"args\":{\"value\":");
      _overlap_append_int (out, mark->value);
      g_string_append (out, "}");
    }
  g_string_append_c (out, '}');
}

static void
write_sample (TraceOut             *trace,
              const OverlapCounter *counter,
              const OverlapSample  *sample)
{
  GString *out = trace->out;

  begin_event (trace, "C", 0);
  _overlap_json_append_string (out, counter->name);
  append_int_member (out, "ts", trace->offset + sample->time);
  g_string_append (out, ",\"args\":{\"value\":");
  _overlap_json_append_double (out, sample->value);
  g_string_append (out, "}}");
}

static gboolean
write_run (OverlapWriter  *writer,
           TraceOut       *trace,
           OverlapRun     *run,
           guint           index,
           GError        **error)
{
  const OverlapLane *lanes;
  const OverlapSpan *spans;
  const OverlapMark *marks;
  const OverlapCounter *counters;
  g_autofree guint *last_span = NULL;
  g_autofree gboolean *began = NULL;
  guint n_lanes, n_spans, n_marks, n_counters;

  lanes = overlap_run_get_lanes (run, &n_lanes);
  spans = overlap_run_get_spans (run, &n_spans);
  marks = overlap_run_get_marks (run, &n_marks);
  counters = overlap_run_get_counters (run, &n_counters);
  trace->pid = index + 1;
  trace->offset = overlap_run_get_offset (run);

  write_run_metadata (trace, run, index);
  for (guint i = 0; i < n_lanes; i++)
    {
      write_lane_metadata (trace, run, i, &lanes[i]);
      if (!_overlap_writer_maybe_flush (writer, error))
        return FALSE;
    }
  for (guint i = 0; i < n_counters; i++)
    write_counter_metadata (trace, i, &counters[i]);

  last_span = g_new (guint, MAX (n_lanes, 1));
  began = g_new0 (gboolean, MAX (n_lanes, 1));
  for (guint i = 0; i < n_lanes; i++)
    last_span[i] = G_MAXUINT;
  for (guint i = 0; i < n_spans; i++)
    last_span[spans[i].lane] = i;

  for (guint i = 0; i < n_spans; i++)
    {
      write_span (trace, run, &spans[i], !began[spans[i].lane], last_span[spans[i].lane] == i);
      began[spans[i].lane] = TRUE;
      if (!_overlap_writer_maybe_flush (writer, error))
        return FALSE;
    }

  for (guint i = 0; i < n_marks; i++)
    {
      write_mark (trace, &marks[i]);
      if (!_overlap_writer_maybe_flush (writer, error))
        return FALSE;
    }

  for (guint i = 0; i < n_counters; i++)
    {
      const OverlapSample *samples = (const OverlapSample *) (gpointer) counters[i].samples->data;

      for (guint j = 0; j < counters[i].samples->len; j++)
        {
          write_sample (trace, &counters[i], &samples[j]);
          if (!_overlap_writer_maybe_flush (writer, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* A note: a global instant (a flag across the timeline in Perfetto) or, over
 * a range, a complete event, in a category of its own; the text in args.
 * Written with pid 0, its times from the first run's offset. */
static void
write_note (TraceOut          *trace,
            const OverlapNote *note)
{
  GString *out = trace->out;
  gboolean range = note->end > note->start;

  begin_event (trace, range ? "X" : "i", 0);
  _overlap_json_append_string (out, note->text);
  append_string_member (out, "cat", "overlap.note");
  if (!range)
    g_string_append (out, ",\"s\":\"g\"");
  append_int_member (out, "ts", trace->offset + note->start);
  if (range)
    append_int_member (out, "dur", note->end - note->start);
  g_string_append (out, ",\"args\":{\"text\":");
  _overlap_json_append_string (out, note->text);
  g_string_append (out, "}}");
}

/**
 * overlap_trace_export:
 * @recording: the recording to write
 * @stream: where to write the JSON, left open
 * @cancellable: (nullable): checked between blocks
 * @error: a location for a #GError
 *
 * Writes @recording as a Chrome trace (the JSON object form).
 *
 * Returns: %TRUE on success
 */
gboolean
overlap_trace_export (OverlapRecording  *recording,
                      GOutputStream     *stream,
                      GCancellable      *cancellable,
                      GError           **error)
{
  OverlapWriter writer;
  TraceOut trace = { 0 };
  gboolean ret = FALSE;
  const OverlapNote *notes;
  guint n_runs, n_notes;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  _overlap_writer_init (&writer, stream, cancellable);
  trace.out = writer.buffer;
  trace.first = TRUE;

  g_string_append (writer.buffer, "{\"traceEvents\":[");

  n_runs = overlap_recording_get_n_runs (recording);
  for (guint i = 0; i < n_runs; i++)
    if (!write_run (&writer, &trace, overlap_recording_get_run (recording, i), i, error))
      goto out;

  notes = overlap_recording_get_notes (recording, &n_notes);
  trace.pid = 0;
  trace.offset = n_runs > 0 ? overlap_run_get_offset (overlap_recording_get_run (recording, 0)) : 0;
  for (guint i = 0; i < n_notes; i++)
    write_note (&trace, &notes[i]);

  g_string_append (writer.buffer, "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":{");
  g_string_append (writer.buffer, "\"generator\":\"Overlap\"");
  append_string_member (writer.buffer, "version", PACKAGE_VERSION);
  append_int_member (writer.buffer, "format_version", OVERLAP_TRACE_FORMAT_VERSION);
  append_string_member (writer.buffer, "title", overlap_recording_get_title (recording));
  g_string_append (writer.buffer, "}}\n");

  ret = _overlap_writer_flush (&writer, error);

out:
  _overlap_writer_clear (&writer);
  return ret;
}

/**
 * overlap_trace_export_to_path:
 * @recording: the recording to write
 * @path: the file to create or replace
 * @error: a location for a #GError, its message naming the file
 *
 * Returns: %TRUE on success
 */
gboolean
overlap_trace_export_to_path (OverlapRecording  *recording,
                              const char        *path,
                              GError           **error)
{
  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _overlap_write_to_path (recording, path, overlap_trace_export, error);
}
