/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-trace"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "overlap-format-private.h"
#include "overlap-trace-private.h"

/* The Chrome trace reader. Two passes over the parsed events:
 *
 * 1. collect: check each event, skip (and count) the unusable ones, and
 *    gather processes and threads with their metadata ("M") events;
 * 2. build the runs and lanes in order, then replay the events into them:
 *    X and B/E become spans, i/I marks, C counter samples.
 *
 * A process that carries an "overlap_run" metadata event was written by
 * Overlap and is restored field by field; any other is read as a plain
 * Chrome trace. Plain traces only get the essentials for now (see the
 * TODOs); the full importer builds on the same passes. */

typedef struct
{
  const char *name;
  gint64      ts;
} OpenSpan;

typedef struct
{
  gint64      tid;
  guint       seq;          /* order of first appearance */
  gint64      order;        /* overlap_lane index, else thread_sort_index */
  const char *name;         /* thread_name; strings are borrowed from the JSON tree */
  const char *cat;          /* first category seen */
  JsonObject *overlap;      /* overlap_lane args */
  guint       n_events;
  guint       lane;
  GArray     *stack;        /* OpenSpan: B events waiting for their E */
} ThreadInfo;

typedef struct
{
  gint64      pid;
  guint       seq;
  gint64      order;        /* overlap_run index, else process_sort_index */
  const char *name;         /* process_name */
  JsonObject *overlap;      /* overlap_run args */
  GPtrArray  *counter_meta; /* JsonObject: overlap_counter args */
  GPtrArray  *threads;      /* ThreadInfo, in order of appearance */
  GHashTable *thread_by_tid;
  GHashTable *counters;     /* name → counter index + 1 */
  guint       n_events;
  gint64      min_ts;
  gint64      max_ts;
  OverlapRun *run;
  gint64      base;         /* subtracted from ts to get run times */
} ProcessInfo;

typedef struct
{
  JsonObject *object;
  const char *ph;
  const char *name;
  const char *cat;
  JsonObject *args;
  gint64      pid;
  gint64      tid;
  gint64      ts;
  gint64      dur;
} TraceEvent;

typedef struct
{
  const char          *display_name;
  OverlapImportReport *report;
  GPtrArray           *processes;
  GHashTable          *process_by_pid;
  guint8              *usable;        /* per event: replay it in pass 2 */
  gint64               min_ts;
} TraceReader;

#define NO_ORDER G_MAXINT64

static void
thread_info_free (gpointer data)
{
  ThreadInfo *info = data;

  g_clear_pointer (&info->stack, g_array_unref);
  g_free (info);
}

static void
process_info_free (gpointer data)
{
  ProcessInfo *info = data;

  g_clear_pointer (&info->counter_meta, g_ptr_array_unref);
  g_clear_pointer (&info->threads, g_ptr_array_unref);
  g_clear_pointer (&info->thread_by_tid, g_hash_table_unref);
  g_clear_pointer (&info->counters, g_hash_table_unref);
  g_clear_object (&info->run);
  g_free (info);
}

static int
phase_from_string (const char *name)
{
  if (name == NULL)
    return -1;
  for (guint i = 0; i < OVERLAP_N_PHASES; i++)
    if (g_str_equal (name, overlap_phase_to_string (i)))
      return i;
  return -1;
}

static OverlapMarkKind
mark_from_string (const char *name)
{
  if (name != NULL)
    for (guint i = 0; i < OVERLAP_N_MARKS; i++)
      if (g_str_equal (name, overlap_mark_to_string (i)))
        return i;
  return OVERLAP_MARK_INSTANT;
}

static OverlapResult
result_from_string (const char *name)
{
  static const OverlapResult results[] = {
    OVERLAP_RESULT_PENDING, OVERLAP_RESULT_OK, OVERLAP_RESULT_FAILED,
    OVERLAP_RESULT_CANCELLED, OVERLAP_RESULT_TIMED_OUT,
  };

  if (name != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      if (g_str_equal (name, overlap_result_to_string (results[i])))
        return results[i];
  return OVERLAP_RESULT_PENDING;
}

static OverlapRunState
run_state_from_string (const char *name)
{
  if (g_strcmp0 (name, "pending") == 0)
    return OVERLAP_RUN_PENDING;
  if (g_strcmp0 (name, "live") == 0)
    return OVERLAP_RUN_LIVE;
  if (g_strcmp0 (name, "cancelled") == 0)
    return OVERLAP_RUN_CANCELLED;
  return OVERLAP_RUN_FINISHED;
}

static ProcessInfo *
ensure_process (TraceReader *reader,
                gint64       pid)
{
  ProcessInfo *info = g_hash_table_lookup (reader->process_by_pid, &pid);

  if (info != NULL)
    return info;

  info = g_new0 (ProcessInfo, 1);
  info->pid = pid;
  info->seq = reader->processes->len;
  info->order = NO_ORDER;
  info->counter_meta = g_ptr_array_new ();
  info->threads = g_ptr_array_new_with_free_func (thread_info_free);
  info->thread_by_tid = g_hash_table_new (g_int64_hash, g_int64_equal);
  info->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  info->min_ts = G_MAXINT64;
  info->max_ts = G_MININT64;
  g_ptr_array_add (reader->processes, info);
  g_hash_table_insert (reader->process_by_pid, &info->pid, info);
  return info;
}

static ThreadInfo *
ensure_thread (ProcessInfo *process,
               gint64       tid)
{
  ThreadInfo *info = g_hash_table_lookup (process->thread_by_tid, &tid);

  if (info != NULL)
    return info;

  info = g_new0 (ThreadInfo, 1);
  info->tid = tid;
  info->seq = process->threads->len;
  info->order = NO_ORDER;
  info->lane = G_MAXUINT;
  g_ptr_array_add (process->threads, info);
  g_hash_table_insert (process->thread_by_tid, &info->tid, info);
  return info;
}

/* Counts an event whose @member is not a usable number. */
static void
skip_number (TraceReader         *reader,
             guint                index,
             const char          *member,
             OverlapNumberStatus  status)
{
  if (status == OVERLAP_NUMBER_MISSING)
    overlap_import_report_skip (reader->report, FALSE, _("%s: event %u: '%s' is missing"),
                                reader->display_name, index, member);
  else
    overlap_import_report_skip (reader->report, FALSE, _("%s: event %u: '%s' is not a number"),
                                reader->display_name, index, member);
}

/* Reads the fields every event shares. On failure, counts the event as
 * skipped and says why. */
static gboolean
read_event (TraceReader *reader,
            guint        index,
            JsonNode    *node,
            TraceEvent  *event)
{
  OverlapNumberStatus status;

  memset (event, 0, sizeof *event);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      overlap_import_report_skip (reader->report, FALSE, _("%s: event %u: not an object"),
                                  reader->display_name, index);
      return FALSE;
    }

  event->object = json_node_get_object (node);
  event->ph = _overlap_json_get_string (event->object, "ph");
  event->name = _overlap_json_get_string (event->object, "name");
  event->cat = _overlap_json_get_string (event->object, "cat");
  event->args = _overlap_json_get_object (event->object, "args");

  if (event->ph == NULL)
    {
      overlap_import_report_skip (reader->report, FALSE, _("%s: event %u: 'ph' is not a string"),
                                  reader->display_name, index);
      return FALSE;
    }

  if ((status = _overlap_json_get_int (event->object, "pid", &event->pid)) == OVERLAP_NUMBER_INVALID)
    {
      skip_number (reader, index, "pid", status);
      return FALSE;
    }
  if ((status = _overlap_json_get_int (event->object, "tid", &event->tid)) == OVERLAP_NUMBER_INVALID)
    {
      skip_number (reader, index, "tid", status);
      return FALSE;
    }

  if (g_str_equal (event->ph, "M"))
    return TRUE;

  if ((status = _overlap_json_get_int (event->object, "ts", &event->ts)) != OVERLAP_NUMBER_OK)
    {
      skip_number (reader, index, "ts", status);
      return FALSE;
    }

  if (g_str_equal (event->ph, "X"))
    {
      if ((status = _overlap_json_get_int (event->object, "dur", &event->dur)) != OVERLAP_NUMBER_OK)
        {
          skip_number (reader, index, "dur", status);
          return FALSE;
        }
      if (event->dur < 0)
        {
          overlap_import_report_skip (reader->report, FALSE, _("%s: event %u: 'dur' is negative"),
                                      reader->display_name, index);
          return FALSE;
        }
    }

  return TRUE;
}

static void
collect_metadata (TraceReader      *reader,
                  const TraceEvent *event)
{
  ProcessInfo *process = ensure_process (reader, event->pid);
  const char *name = event->name ? event->name : "";
  JsonObject *args = event->args;

  if (g_str_equal (name, "process_name"))
    process->name = _overlap_json_get_string (args, "name");
  else if (g_str_equal (name, "process_sort_index") && process->overlap == NULL)
    process->order = _overlap_json_get_int_or (args, "sort_index", NO_ORDER);
  else if (g_str_equal (name, "overlap_run") && args != NULL)
    {
      process->overlap = args;
      process->order = _overlap_json_get_int_or (args, "index", NO_ORDER);
    }
  else if (g_str_equal (name, "overlap_counter") && args != NULL)
    g_ptr_array_add (process->counter_meta, args);
  else if (g_str_equal (name, "thread_name"))
    ensure_thread (process, event->tid)->name = _overlap_json_get_string (args, "name");
  else if (g_str_equal (name, "thread_sort_index"))
    {
      ThreadInfo *thread = ensure_thread (process, event->tid);

      if (thread->overlap == NULL)
        thread->order = _overlap_json_get_int_or (args, "sort_index", NO_ORDER);
    }
  else if (g_str_equal (name, "overlap_lane") && args != NULL)
    {
      ThreadInfo *thread = ensure_thread (process, event->tid);

      thread->overlap = args;
      thread->order = _overlap_json_get_int_or (args, "index", NO_ORDER);
    }
  /* Other metadata (process_labels, …) is of no use to Overlap. */
}

/* Pass 1: returns whether the event is to be replayed. */
static gboolean
collect_event (TraceReader      *reader,
               guint             index,
               const TraceEvent *event)
{
  ProcessInfo *process;
  const char *ph = event->ph;

  if (g_str_equal (ph, "M"))
    {
      collect_metadata (reader, event);
      return FALSE;
    }

  if (!g_str_equal (ph, "X") && !g_str_equal (ph, "B") && !g_str_equal (ph, "E") &&
      !g_str_equal (ph, "i") && !g_str_equal (ph, "I") && !g_str_equal (ph, "C"))
    {
      /* TODO: async (b/e/n), flow (s/t/f), samples and objects. */
      overlap_import_report_skip (reader->report, TRUE, _("%s: event %u: phase '%s' is not supported"),
                                  reader->display_name, index, ph);
      return FALSE;
    }

  process = ensure_process (reader, event->pid);
  process->n_events++;
  process->min_ts = MIN (process->min_ts, event->ts);
  process->max_ts = MAX (process->max_ts, event->ts + event->dur);
  reader->min_ts = MIN (reader->min_ts, event->ts);

  /* Counters belong to the process; everything else to a thread. */
  if (!g_str_equal (ph, "C"))
    {
      ThreadInfo *thread = ensure_thread (process, event->tid);

      thread->n_events++;
      if (thread->cat == NULL && event->cat != NULL && *event->cat != '\0')
        thread->cat = event->cat;
    }

  return TRUE;
}

static int
compare_order (gint64 order_a,
               guint  seq_a,
               gint64 order_b,
               guint  seq_b)
{
  if (order_a != order_b)
    return order_a < order_b ? -1 : 1;
  return seq_a < seq_b ? -1 : seq_a > seq_b;
}

static int
compare_processes (gconstpointer a,
                   gconstpointer b)
{
  const ProcessInfo *pa = *(ProcessInfo * const *) a;
  const ProcessInfo *pb = *(ProcessInfo * const *) b;

  return compare_order (pa->order, pa->seq, pb->order, pb->seq);
}

static int
compare_threads (gconstpointer a,
                 gconstpointer b)
{
  const ThreadInfo *ta = *(ThreadInfo * const *) a;
  const ThreadInfo *tb = *(ThreadInfo * const *) b;

  return compare_order (ta->order, ta->seq, tb->order, tb->seq);
}

static int
compare_counter_meta (gconstpointer a,
                      gconstpointer b)
{
  JsonObject *ca = *(JsonObject * const *) a;
  JsonObject *cb = *(JsonObject * const *) b;

  return compare_order (_overlap_json_get_int_or (ca, "index", NO_ORDER), 0,
                        _overlap_json_get_int_or (cb, "index", NO_ORDER), 0);
}

static guint
ensure_counter (ProcessInfo *process,
                const char  *name,
                const char  *unit)
{
  gpointer index;

  if (g_hash_table_lookup_extended (process->counters, name, NULL, &index))
    return GPOINTER_TO_UINT (index) - 1;

  index = GUINT_TO_POINTER (overlap_run_add_counter (process->run, name, unit) + 1);
  g_hash_table_insert (process->counters, g_strdup (name), index);
  return GPOINTER_TO_UINT (index) - 1;
}

/* Creates the run, its lanes and its counters. */
static void
build_process (TraceReader *reader,
               ProcessInfo *process)
{
  g_autofree char *fallback_title = NULL;
  const char *title;

  if (process->overlap != NULL)
    {
      title = _overlap_json_get_string (process->overlap, "title");
      process->run = overlap_run_new (title, _overlap_json_get_string (process->overlap, "strategy"));
      process->base = _overlap_json_get_int_or (process->overlap, "offset", 0);
      overlap_run_set_offset (process->run, process->base);
      overlap_run_set_note (process->run, _overlap_json_get_string (process->overlap, "note"));
    }
  else
    {
      title = process->name;
      if (title == NULL)
        title = fallback_title = g_strdup_printf (_("Process %" G_GINT64_FORMAT), process->pid);
      process->run = overlap_run_new (title, NULL);
      process->base = process->n_events > 0 ? process->min_ts : 0;
      overlap_run_set_offset (process->run, process->n_events > 0 ? process->min_ts - reader->min_ts : 0);
    }

  g_ptr_array_sort (process->threads, compare_threads);
  for (guint i = 0; i < process->threads->len; i++)
    {
      ThreadInfo *thread = g_ptr_array_index (process->threads, i);
      g_autofree char *label = NULL;

      if (thread->overlap != NULL)
        {
          thread->lane = overlap_run_add_lane (process->run,
                                               _overlap_json_get_string (thread->overlap, "label"),
                                               _overlap_json_get_string (thread->overlap, "kind"),
                                               _overlap_json_get_string (thread->overlap, "detail"));
          continue;
        }

      /* A thread known only by its name has nothing to draw. */
      if (thread->n_events == 0)
        continue;

      if (thread->name != NULL)
        label = g_strdup (thread->name);
      else
        label = g_strdup_printf (_("Thread %" G_GINT64_FORMAT), thread->tid);
      thread->lane = overlap_run_add_lane (process->run, label,
                                           thread->cat ? thread->cat : "thread", NULL);
    }

  g_ptr_array_sort (process->counter_meta, compare_counter_meta);
  for (guint i = 0; i < process->counter_meta->len; i++)
    {
      JsonObject *meta = g_ptr_array_index (process->counter_meta, i);
      const char *name = _overlap_json_get_string (meta, "name");

      if (name != NULL)
        ensure_counter (process, name, _overlap_json_get_string (meta, "unit"));
    }
}

static void
replay_span (ProcessInfo *process,
             ThreadInfo  *thread,
             const char  *name,
             JsonObject  *args,
             gint64       start,
             gint64       end)
{
  const char *label = NULL;
  int phase = -1;

  if (process->overlap != NULL)
    {
      phase = phase_from_string (_overlap_json_get_string (args, "phase"));
      label = _overlap_json_get_string (args, "label");
    }
  else if (name != NULL && !g_str_equal (name, "other"))
    phase = phase_from_string (name);

  if (phase < 0)
    {
      phase = OVERLAP_PHASE_OTHER;
      if (label == NULL)
        label = name;
    }

  overlap_run_add_span (process->run, thread->lane, phase,
                        start - process->base, end - process->base, label);
}

static void
replay_counter (ProcessInfo      *process,
                const TraceEvent *event)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;
  guint n_members;
  double value;

  if (event->name == NULL || event->args == NULL)
    return;

  /* Chrome draws the members of args as the series of one counter;
   * Overlap has one series per counter: "name" or "name key". */
  n_members = json_object_get_size (event->args);
  json_object_iter_init (&iter, event->args);
  while (json_object_iter_next (&iter, &key, &node))
    {
      g_autofree char *series = NULL;
      const char *name = event->name;
      guint counter;

      if (!_overlap_json_node_to_double (node, &value))
        continue;
      if (n_members > 1 || !g_str_equal (key, "value"))
        name = series = g_strdup_printf ("%s %s", event->name, key);

      counter = ensure_counter (process, name, NULL);
      overlap_run_add_sample (process->run, counter, event->ts - process->base, value);
    }
}

/* Pass 2. */
static void
replay_event (TraceReader      *reader,
              guint             index,
              const TraceEvent *event)
{
  ProcessInfo *process = g_hash_table_lookup (reader->process_by_pid, &event->pid);
  ThreadInfo *thread = NULL;
  char ph = event->ph[0];

  g_assert (process != NULL && process->run != NULL);

  if (ph != 'C')
    {
      thread = g_hash_table_lookup (process->thread_by_tid, &event->tid);
      g_assert (thread != NULL && thread->lane != G_MAXUINT);
    }

  switch (ph)
    {
    case 'X':
      replay_span (process, thread, event->name, event->args,
                   event->ts, event->ts + event->dur);
      break;

    case 'B':
      {
        OpenSpan open = { event->name, event->ts };

        if (thread->stack == NULL)
          thread->stack = g_array_new (FALSE, FALSE, sizeof (OpenSpan));
        g_array_append_val (thread->stack, open);
      }
      break;

    case 'E':
      if (thread->stack == NULL || thread->stack->len == 0)
        {
          overlap_import_report_skip (reader->report, FALSE, _("%s: event %u: 'E' without a 'B'"),
                                      reader->display_name, index);
          break;
        }
      else
        {
          OpenSpan open = g_array_index (thread->stack, OpenSpan, thread->stack->len - 1);

          g_array_set_size (thread->stack, thread->stack->len - 1);
          replay_span (process, thread, open.name ? open.name : event->name, event->args,
                       open.ts, MAX (open.ts, event->ts));
        }
      break;

    case 'i':
    case 'I':
      {
        gint64 value = CLAMP (_overlap_json_get_int_or (event->args, "value", 0), 0, G_MAXUINT32);
        OverlapMarkKind kind = OVERLAP_MARK_INSTANT;

        if (process->overlap != NULL)
          kind = mark_from_string (event->name);
        /* TODO: keep the names of plain traces' instant events. */
        overlap_run_add_mark (process->run, thread->lane, kind,
                              event->ts - process->base, (guint32) value);
      }
      break;

    case 'C':
      replay_counter (process, event);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Spans left open by a B without its E end with the process's last event. */
static void
close_open_spans (ProcessInfo *process)
{
  for (guint i = 0; i < process->threads->len; i++)
    {
      ThreadInfo *thread = g_ptr_array_index (process->threads, i);

      while (thread->stack != NULL && thread->stack->len > 0)
        {
          OpenSpan open = g_array_index (thread->stack, OpenSpan, thread->stack->len - 1);

          g_array_set_size (thread->stack, thread->stack->len - 1);
          replay_span (process, thread, open.name, NULL, open.ts, MAX (open.ts, process->max_ts));
        }
    }
}

/* Sets what spans and marks cannot say: results, order, bytes, state. */
static void
finish_process (ProcessInfo *process)
{
  OverlapRun *run = process->run;
  OverlapRunState state = OVERLAP_RUN_FINISHED;
  gint64 wall_time = overlap_run_get_wall_time (run);

  close_open_spans (process);

  for (guint i = 0; i < process->threads->len; i++)
    {
      ThreadInfo *thread = g_ptr_array_index (process->threads, i);
      JsonObject *meta = thread->overlap;
      const OverlapLane *lane;

      if (thread->lane == G_MAXUINT)
        continue;

      lane = overlap_run_get_lane (run, thread->lane);
      if (meta != NULL)
        overlap_run_restore_lane (run, thread->lane,
                                  result_from_string (_overlap_json_get_string (meta, "result")),
                                  _overlap_json_get_string (meta, "message"),
                                  (gint) CLAMP (_overlap_json_get_int_or (meta, "completion", 0), 0, G_MAXINT),
                                  _overlap_json_get_int_or (meta, "start", lane->start),
                                  _overlap_json_get_int_or (meta, "end", lane->end),
                                  (guint64) MAX (_overlap_json_get_int_or (meta, "bytes", 0), 0),
                                  (guint32) CLAMP (_overlap_json_get_int_or (meta, "flags", 0), 0, G_MAXUINT32));
      else
        overlap_run_restore_lane (run, thread->lane, OVERLAP_RESULT_OK, NULL, 0,
                                  lane->start, lane->end, 0,
                                  lane->n_spans > 0 ? OVERLAP_LANE_WORKED : 0);
    }

  if (process->overlap != NULL)
    {
      state = run_state_from_string (_overlap_json_get_string (process->overlap, "state"));
      /* A run saved while live is a snapshot: it will not go on. */
      if (state == OVERLAP_RUN_LIVE)
        state = OVERLAP_RUN_FINISHED;
      else
        wall_time = _overlap_json_get_int_or (process->overlap, "wall_time", wall_time);
      overlap_run_note_stall (run, _overlap_json_get_int_or (process->overlap, "longest_stall", 0));
    }

  overlap_run_restore_state (run, state, wall_time);
}

static OverlapRecording *
read_trace (TraceReader *reader,
            JsonArray   *events,
            JsonObject  *other_data)
{
  g_autoptr(OverlapRecording) recording = NULL;
  const char *title;
  guint n_events;
  TraceEvent event;

  n_events = json_array_get_length (events);
  reader->report->n_events = n_events;
  reader->usable = g_new0 (guint8, MAX (n_events, 1));

  for (guint i = 0; i < n_events; i++)
    if (read_event (reader, i, json_array_get_element (events, i), &event))
      reader->usable[i] = collect_event (reader, i, &event);

  title = _overlap_json_get_string (other_data, "title");
  recording = overlap_recording_new (title ? title : reader->display_name);

  g_ptr_array_sort (reader->processes, compare_processes);
  for (guint i = 0; i < reader->processes->len; i++)
    {
      ProcessInfo *process = g_ptr_array_index (reader->processes, i);

      /* A process known only by its metadata has nothing to draw. */
      if (process->overlap == NULL && process->n_events == 0)
        continue;
      build_process (reader, process);
    }

  for (guint i = 0; i < n_events; i++)
    if (reader->usable[i])
      {
        read_event (reader, i, json_array_get_element (events, i), &event);
        replay_event (reader, i, &event);
      }

  for (guint i = 0; i < reader->processes->len; i++)
    {
      ProcessInfo *process = g_ptr_array_index (reader->processes, i);

      if (process->run == NULL)
        continue;
      finish_process (process);
      overlap_recording_add_run (recording, process->run);
    }

  return g_steal_pointer (&recording);
}

/* Reads the events of a parsed trace into a new recording; never fails:
 * what cannot be used is counted in @report. */
OverlapRecording *
_overlap_trace_read (JsonArray           *events,
                     JsonObject          *other_data,
                     const char          *display_name,
                     OverlapImportReport *report)
{
  TraceReader reader = { 0 };
  OverlapRecording *recording;

  g_assert (events != NULL);
  g_assert (display_name != NULL);
  g_assert (report != NULL);

  reader.display_name = display_name;
  reader.report = report;
  reader.processes = g_ptr_array_new_with_free_func (process_info_free);
  reader.process_by_pid = g_hash_table_new (g_int64_hash, g_int64_equal);
  reader.min_ts = G_MAXINT64;

  recording = read_trace (&reader, events, other_data);

  g_clear_pointer (&reader.usable, g_free);
  g_clear_pointer (&reader.process_by_pid, g_hash_table_unref);
  g_clear_pointer (&reader.processes, g_ptr_array_unref);

  return recording;
}
