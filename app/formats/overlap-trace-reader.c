/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-trace"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "overlap-compare-private.h"
#include "overlap-trace-events-private.h"
#include "overlap-trace-members-private.h"

/* The Chrome trace reader.
 *
 * Why not json-glib: it builds a JsonNode per value, and a 1,000,000-event
 * trace (~100 MB) then takes well over a gigabyte and many seconds. This
 * reader walks the text in place with a small scanner
 * (overlap-json-scanner.c) — over the mapped file, with no tree — reading
 * each event into a TraceEvent whose strings point into the text. Its two
 * passes read the file once:
 *
 * 1. collect: check each event, skip (and count) the unusable ones, gather
 *    processes and threads with their metadata ("M") events, and keep a
 *    compact record of each event to replay (overlap-trace-records.c);
 * 2. build the runs in order, then replay the events into them from their
 *    records (a few kinds are read again at their offset).
 *
 * A process that carries an "overlap_run" metadata event was written by
 * Overlap and is restored field by field, lane by lane; any other is a plain
 * Chrome trace, laid out by overlap-trace-layout.c once all is read (nesting
 * depth, async lanes). Times are µs, rounded from fractional ones;
 * "displayTimeUnit" only changes how Chrome labels its axis, so it is
 * checked and otherwise ignored. */


#define NO_ORDER G_MAXINT64
/* pid and tid given as strings get keys from here on. */
#define STRING_KEY_BASE (G_MININT64 / 2)

static void
thread_info_free (gpointer data)
{
  ThreadInfo *info = data;

  g_clear_pointer (&info->stack, g_array_unref);
  g_clear_pointer (&info->spans, g_array_unref);
  g_free (info);
}

static void
process_info_free (gpointer data)
{
  ProcessInfo *info = data;

  g_clear_pointer (&info->counter_meta, g_array_unref);
  g_clear_pointer (&info->threads, g_ptr_array_unref);
  g_clear_pointer (&info->thread_by_tid, g_hash_table_unref);
  g_clear_pointer (&info->counters, g_hash_table_unref);
  g_clear_pointer (&info->marks, g_array_unref);
  g_clear_pointer (&info->async_spans, g_array_unref);
  g_clear_pointer (&info->async_marks, g_array_unref);
  g_clear_pointer (&info->async_keys, g_hash_table_unref);
  g_clear_pointer (&info->async_open, g_ptr_array_unref);
  g_clear_pointer (&info->async_cats, g_ptr_array_unref);
  g_clear_pointer (&info->name_labels, g_array_unref);
  g_clear_object (&info->run);
  g_free (info);
}

static const char *
key_name (TraceReader *reader,
          gint64       key)
{
  if (key >= STRING_KEY_BASE && key < STRING_KEY_BASE + (gint64) reader->string_names->len)
    return g_ptr_array_index (reader->string_names, key - STRING_KEY_BASE);
  return NULL;
}

/* Decoded into the reader's chunk: lives as long as the reader. */
static const char *
chunk_string (TraceReader            *reader,
              const OverlapJsonValue *value)
{
  return _overlap_json_chunk_string (value, reader->chunk, reader->scratch);
}

const char *
_overlap_trace_args_string (TraceReader            *reader,
                            const OverlapJsonValue *args,
                            const char             *key)
{
  return _overlap_json_member_chunk (args, key, reader->chunk, reader->scratch);
}

gint64
_overlap_trace_args_int_or (const OverlapJsonValue *args,
             const char             *key,
             gint64                  fallback)
{
  OverlapJsonValue member;
  gint64 value;

  if (_overlap_json_object_lookup (args, key, &member) &&
      _overlap_json_value_int (&member, &value) == OVERLAP_NUMBER_OK)
    return value;
  return fallback;
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
  info->counter_meta = g_array_new (FALSE, FALSE, sizeof (OverlapJsonValue));
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
  info->process = process;
  info->tid = tid;
  info->seq = process->threads->len;
  info->order = NO_ORDER;
  info->lane = G_MAXUINT;
  g_ptr_array_add (process->threads, info);
  g_hash_table_insert (process->thread_by_tid, &info->tid, info);
  return info;
}

static void
skip_event (TraceReader *reader,
            guint        index,
            gboolean     unknown,
            const char  *what,
            const char  *member)
{
  if (reader->quiet)
    return;
  /* TRANSLATORS: "trace.json: event 17: 'ts' is not a number" */
  overlap_import_report_skip (reader->report, unknown, _("%s: event %u: '%s' %s"),
                              reader->display_name, index, member, what);
}

/* pid and tid: a number, or a string given a key of its own. */
static gboolean
read_id (TraceReader            *reader,
         const OverlapJsonValue *value,
         gint64                 *key)
{
  gpointer found;
  char *name;

  if (value->type == OVERLAP_JSON_NONE || value->type == OVERLAP_JSON_NULL)
    {
      *key = 0;
      return TRUE;
    }
  if (value->type == OVERLAP_JSON_NUMBER)
    return _overlap_json_value_int (value, key) == OVERLAP_NUMBER_OK;
  if (value->type != OVERLAP_JSON_STRING)
    return FALSE;

  name = _overlap_json_string_dup (value);
  if (g_hash_table_lookup_extended (reader->string_ids, name, NULL, &found))
    {
      g_free (name);
      *key = STRING_KEY_BASE + GPOINTER_TO_UINT (found);
      return TRUE;
    }
  g_hash_table_insert (reader->string_ids, name, GUINT_TO_POINTER (reader->string_names->len));
  g_ptr_array_add (reader->string_names, name);
  *key = STRING_KEY_BASE + reader->string_names->len - 1;
  return TRUE;
}


/* Settles an event parsed (_overlap_trace_parse_event, maybe in another
 * thread): gives string pids and tids their keys, and tells why it cannot be
 * used, in the report; returns whether it can. */
static gboolean
settle_event (TraceReader *reader,
              TraceEvent  *event,
              guint        index)
{
  const OverlapTraceMembers *m = &event->members;
  OverlapNumberStatus status;

  if (event->ph == 0)
    {
      skip_event (reader, index, FALSE, m->ph.type == OVERLAP_JSON_NONE ? _("is missing") : _("is not a phase"), "ph");
      return FALSE;
    }
  if (!read_id (reader, &m->pid, &event->pid))
    {
      skip_event (reader, index, FALSE, _("is not a number or a string"), "pid");
      return FALSE;
    }
  if (!read_id (reader, &m->tid, &event->tid))
    {
      skip_event (reader, index, FALSE, _("is not a number or a string"), "tid");
      return FALSE;
    }

  if (event->ph == 'M')
    return TRUE;

  if ((status = _overlap_json_value_int (&m->ts, &event->ts)) != OVERLAP_NUMBER_OK)
    {
      skip_event (reader, index, FALSE, status == OVERLAP_NUMBER_MISSING ? _("is missing") : _("is not a number"), "ts");
      return FALSE;
    }

  if (event->ph == 'X')
    {
      if ((status = _overlap_json_value_int (&m->dur, &event->dur)) != OVERLAP_NUMBER_OK)
        {
          skip_event (reader, index, FALSE, status == OVERLAP_NUMBER_MISSING ? _("is missing") : _("is not a number"), "dur");
          return FALSE;
        }
      if (event->dur < 0)
        {
          skip_event (reader, index, FALSE, _("is negative"), "dur");
          return FALSE;
        }
    }
  return TRUE;
}

/* Reads the event object at the scanner (after its '{'). Returns FALSE on
 * a JSON error (the scanner says which); *usable says whether the event can
 * be used, the reason counted in the report. */
static gboolean
read_event (TraceReader        *reader,
            OverlapJsonScanner *s,
            guint               index,
            TraceEvent         *event,
            gboolean           *usable)
{
  *usable = FALSE;
  if (!_overlap_trace_parse_event (s, event))
    return FALSE;
  *usable = settle_event (reader, event, index);
  return TRUE;
}

static void
collect_metadata (TraceReader      *reader,
                  const TraceEvent *event)
{
  ProcessInfo *process = ensure_process (reader, event->pid);
  const OverlapJsonValue *name = &event->members.name;
  const OverlapJsonValue *args = &event->members.args;

  if (OVERLAP_TRACE_KEY_IS (name, "process_name"))
    process->name = _overlap_trace_args_string (reader, args, "name");
  else if (OVERLAP_TRACE_KEY_IS (name, "process_sort_index") && !IS_OVERLAP_PROCESS (process))
    process->order = _overlap_trace_args_int_or (args, "sort_index", NO_ORDER);
  else if (OVERLAP_TRACE_KEY_IS (name, "overlap_run") && args->type == OVERLAP_JSON_OBJECT)
    {
      process->overlap = *args;
      process->order = _overlap_trace_args_int_or (args, "index", NO_ORDER);
    }
  else if (OVERLAP_TRACE_KEY_IS (name, "overlap_counter") && args->type == OVERLAP_JSON_OBJECT)
    g_array_append_val (process->counter_meta, *args);
  else if (OVERLAP_TRACE_KEY_IS (name, "thread_name"))
    ensure_thread (process, event->tid)->name = _overlap_trace_args_string (reader, args, "name");
  else if (OVERLAP_TRACE_KEY_IS (name, "thread_sort_index"))
    {
      ThreadInfo *thread = ensure_thread (process, event->tid);

      if (thread->overlap.type != OVERLAP_JSON_OBJECT)
        thread->order = _overlap_trace_args_int_or (args, "sort_index", NO_ORDER);
    }
  else if (OVERLAP_TRACE_KEY_IS (name, "overlap_lane") && args->type == OVERLAP_JSON_OBJECT)
    {
      ThreadInfo *thread = ensure_thread (process, event->tid);

      thread->overlap = *args;
      thread->order = _overlap_trace_args_int_or (args, "index", NO_ORDER);
    }
  /* Other metadata (process_labels, …) is of no use to Overlap. */
}

/* The deprecated async phases are the same as today's; a mark (R, as
 * performance.mark() writes) and a sample (P) are instants on their thread,
 * a tick where they happened. */
static void
alias_phase (TraceEvent *event)
{
  if (event->ph == 'R' || event->ph == 'P')
    event->ph = 'I';
  else if (event->ph == 'S')
    event->ph = 'b';
  else if (event->ph == 'F')
    event->ph = 'e';
  else if (event->ph == 'T' || event->ph == 'p')
    event->ph = 'n';
}

/* Pass 1: returns whether the event is to be replayed; *thread_out is its
 * thread when it is a slice or an instant on one. */
static gboolean
collect_event (TraceReader *reader,
               guint        index,
               TraceEvent  *event,
               ThreadInfo **thread_out)
{
  ProcessInfo *process;
  gint64 end;

  *thread_out = NULL;
  alias_phase (event);
  if (event->ph == 'M')
    {
      collect_metadata (reader, event);
      return FALSE;
    }

  /* Notes on the timeline: Overlap's own category, on no lane */
  if (strchr ("XiI", event->ph) != NULL && OVERLAP_TRACE_KEY_IS (&event->members.cat, "overlap.note"))
    {
      OverlapNote note = { 0 };
      const char *text = _overlap_trace_args_string (reader, &event->members.args, "text");

      note.start = event->ts;
      note.end = event->ts + (event->ph == 'X' ? event->dur : 0);
      note.text = (char *) (text ? text :
                            event->members.name.type == OVERLAP_JSON_STRING ? chunk_string (reader, &event->members.name) : "");
      g_array_append_val (reader->notes, note);
      return FALSE;
    }

  if (strchr ("stf", event->ph) != NULL)
    {
      _overlap_trace_flows_collect (reader, event);
      return FALSE;
    }
  if (strchr ("XBEiICben", event->ph) == NULL)
    {
      char ph[2] = { event->ph, 0 };

      /* Objects (N/O/D), …. */
      overlap_import_report_skip (reader->report, TRUE, _("%s: event %u: phase '%s' is not supported"),
                                  reader->display_name, index, ph);
      return FALSE;
    }

  if (event->ph == 'X' || event->ph == 'B')
    _overlap_trace_flows_collect (reader, event);   /* v2 flows are on slices */
  process = ensure_process (reader, event->pid);
  process->n_events++;
  end = event->ts + event->dur;
  process->min_ts = MIN (process->min_ts, event->ts);
  process->max_ts = MAX (process->max_ts, end);
  reader->min_ts = MIN (reader->min_ts, event->ts);

  /* Counters and async events belong to the process; the rest to a thread. */
  if (event->ph != 'C' && event->ph != 'b' && event->ph != 'e' && event->ph != 'n')
    {
      ThreadInfo *thread = ensure_thread (process, event->tid);
      const OverlapJsonValue *cat = &event->members.cat;

      thread->n_events++;
      if (thread->cat == NULL && cat->type == OVERLAP_JSON_STRING && cat->len > 0)
        thread->cat = chunk_string (reader, cat);
      *thread_out = thread;
    }

  return TRUE;
}

static int
compare_order (gint64 order_a,
               guint  seq_a,
               gint64 order_b,
               guint  seq_b)
{
  return _OVERLAP_CMP (order_a, order_b) ?: _OVERLAP_CMP (seq_a, seq_b);
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
  return compare_order (_overlap_trace_args_int_or (a, "index", NO_ORDER), 0,
                        _overlap_trace_args_int_or (b, "index", NO_ORDER), 0);
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

/* Creates the run, its counters, and for Overlap's own traces its lanes. */
static void
build_process (TraceReader *reader,
               ProcessInfo *process)
{
  g_autofree char *fallback_title = NULL;
  const char *title;

  g_ptr_array_sort (process->threads, compare_threads);
  for (guint i = 0; i < process->threads->len; i++)
    ((ThreadInfo *) g_ptr_array_index (process->threads, i))->position = i;

  if (!IS_OVERLAP_PROCESS (process))
    {
      title = process->name ? process->name : key_name (reader, process->pid);
      if (title == NULL)
        title = fallback_title = g_strdup_printf (_("Process %lld"), (long long) process->pid);
      /* A trace's processes share its clock, from its first event, as
       * Perfetto draws them: what happened at once is drawn one above the
       * other, and a flow from one to another goes forward in time. */
      process->run = overlap_run_new (title, NULL);
      process->base = reader->min_ts != G_MAXINT64 ? reader->min_ts : 0;
      for (guint i = 0; i < process->threads->len; i++)
        {
          ThreadInfo *thread = g_ptr_array_index (process->threads, i);

          if (thread->name == NULL)
            thread->name = key_name (reader, thread->tid);
        }
      return;
    }

  title = _overlap_trace_args_string (reader, &process->overlap, "title");
  process->run = overlap_run_new (title, _overlap_trace_args_string (reader, &process->overlap, "strategy"));
  process->base = _overlap_trace_args_int_or (&process->overlap, "offset", 0);
  overlap_run_set_offset (process->run, process->base);
  overlap_run_set_clock_start (process->run, _overlap_trace_args_int_or (&process->overlap, "clock_start", 0));
  overlap_run_set_note (process->run, _overlap_trace_args_string (reader, &process->overlap, "note"));

  for (guint i = 0; i < process->threads->len; i++)
    {
      ThreadInfo *thread = g_ptr_array_index (process->threads, i);
      const OverlapJsonValue *meta = &thread->overlap;
      g_autofree char *label = NULL;

      if (meta->type == OVERLAP_JSON_OBJECT)
        {
          thread->lane = overlap_run_add_lane (process->run,
                                               _overlap_trace_args_string (reader, meta, "label"),
                                               _overlap_trace_args_string (reader, meta, "kind"),
                                               _overlap_trace_args_string (reader, meta, "detail"));
          continue;
        }
      if (thread->n_events == 0)
        continue;
      label = g_strdup_printf (_("Thread %lld"), (long long) thread->tid);
      thread->lane = overlap_run_add_lane (process->run, thread->name ? thread->name : label,
                                           thread->cat ? thread->cat : "thread", NULL);
    }

  g_array_sort (process->counter_meta, compare_counter_meta);
  for (guint i = 0; i < process->counter_meta->len; i++)
    {
      OverlapJsonValue *meta = &g_array_index (process->counter_meta, OverlapJsonValue, i);
      const char *name = _overlap_trace_args_string (reader, meta, "name");

      if (name != NULL)
        ensure_counter (process, name, _overlap_trace_args_string (reader, meta, "unit"));
    }
}


static void
replay_counter (TraceReader      *reader,
                ProcessInfo      *process,
                const TraceEvent *event)
{
  OverlapJsonScanner s;
  OverlapJsonValue key, value;
  g_autofree char *name = NULL;
  gboolean first = TRUE;
  guint n_members = 0;

  if (event->members.name.type != OVERLAP_JSON_STRING || event->members.args.type != OVERLAP_JSON_OBJECT)
    return;
  name = _overlap_json_string_dup (&event->members.name);

  /* Chrome draws the members of args as the series of one counter;
   * Overlap has one series per counter: "name" or "name key". */
  for (int pass = 0; pass < 2; pass++)
    {
      _overlap_json_scanner_init (&s, event->members.args.start, event->members.args.len);
      _overlap_json_expect (&s, '{');
      first = TRUE;
      while (_overlap_json_next_member (&s, &first, &key) && _overlap_json_read_value (&s, &value))
        {
          g_autofree char *member = NULL;
          g_autofree char *series = NULL;
          double number;

          if (_overlap_json_value_double (&value, &number) != OVERLAP_NUMBER_OK)
            continue;
          if (pass == 0)
            {
              n_members++;
              continue;
            }
          member = _overlap_json_string_dup (&key);
          if (n_members > 1 || !g_str_equal (member, "value"))
            series = g_strdup_printf ("%s %s", name, member);
          overlap_run_add_sample (process->run,
                                  ensure_counter (process, series ? series : name, NULL),
                                  event->ts - process->base, number);
        }
    }
}





/* Notes are written at the first run's clock (its offset; a foreign trace's
 * first event), so that Perfetto draws them where they belong. */
static void
add_notes (TraceReader      *reader,
           OverlapRecording *recording)
{
  gint64 base = reader->min_ts != G_MAXINT64 ? reader->min_ts : 0;

  for (guint i = 0; i < reader->processes->len; i++)
    {
      ProcessInfo *process = g_ptr_array_index (reader->processes, i);

      if (process->run != NULL)
        {
          base = process->base;
          break;
        }
    }
  if (reader->processes->len == 0 || overlap_recording_get_n_runs (recording) == 0)
    base = 0;

  for (guint i = 0; i < reader->notes->len; i++)
    {
      const OverlapNote *note = &g_array_index (reader->notes, OverlapNote, i);

      overlap_recording_add_note (recording, note->start - base, note->end - base, note->text);
    }
}

/* Pass 1: walks the events array, collects and records them. */
static gboolean
walk_events (TraceReader  *reader,
             GError      **error)
{
  g_autoptr(TracePipe) pipe = NULL;
  OverlapJsonScanner s;
  gboolean first = TRUE;
  gboolean cut = FALSE;
  guint index = 0;
  TraceItem own;

  _overlap_json_scanner_init (&s, reader->data, reader->size);
  s.pos = reader->events_pos;
  reader->dropped = 0;
  /* a large trace is parsed in a thread of its own while this one collects */
  if (_overlap_trace_pipe_wanted (reader->size - reader->events_pos))
    pipe = _overlap_trace_pipe_new (reader->data, reader->size, reader->events_pos);

  for (;;)
    {
      TraceItem *item = pipe != NULL ? _overlap_trace_pipe_next (pipe) :
                        _overlap_trace_next_item (&s, &first, &own, &cut) ? &own : NULL;
      TraceEvent *event;

      if (item == NULL)
        break;
      if ((index & 0xFFFF) == 0 && g_cancellable_set_error_if_cancelled (reader->cancellable, error))
        return FALSE;
      if ((index & 0x3FFF) == 0)
        _overlap_trace_drop_pages (reader, item->offset);

      event = &item->event;
      if (!item->object)
        overlap_import_report_skip (reader->report, FALSE, _("%s: event %u: not an object"),
                                    reader->display_name, index);
      else if (settle_event (reader, event, index))
        {
          ThreadInfo *thread;

          if (collect_event (reader, index, event, &thread))
            _overlap_trace_record (reader, event, thread, index);
        }
      reader->report->n_events = reader->n_events = ++index;
    }
  if (pipe != NULL)
    _overlap_trace_pipe_end (pipe, &s, &cut);

  if (s.status == OVERLAP_JSON_SYNTAX)
    {
      _overlap_import_set_error (error, reader->display_name, reader->data, s.error_pos, s.error);
      return FALSE;
    }
  if (s.status == OVERLAP_JSON_OK)
    reader->events_end = s.pos;
  if (s.status == OVERLAP_JSON_END)
    {
      guint line, column;

      /* An unterminated array is how tracers leave a trace they stream;
       * an event cut short is counted. */
      _overlap_json_position (reader->data, s.error_pos, &line, &column);
      if (cut)
        {
          reader->report->n_events = ++reader->n_events;
          overlap_import_report_skip (reader->report, FALSE,
                                      _("%s: line %u, column %u: the data ends inside event %u"),
                                      reader->display_name, line, column, index);
        }
    }
  _overlap_trace_drop_pages (reader, reader->size);
  return TRUE;
}

/* Pass 2 of an event that is read again: at @offset, its '{' */
void
_overlap_trace_replay_at (TraceReader *reader,
                          gsize        offset,
                          guint        index)
{
  OverlapJsonScanner s;
  TraceEvent event;
  gboolean usable;
  ProcessInfo *process;
  ThreadInfo *thread;

  _overlap_json_scanner_init (&s, reader->data, reader->size);
  s.pos = offset + 1;
  if (!read_event (reader, &s, index, &event, &usable) || !usable)
    g_return_if_reached ();   /* pass 1 read it */
  event.offset = offset;

  process = g_hash_table_lookup (reader->process_by_pid, &event.pid);
  thread = g_hash_table_lookup (process->thread_by_tid, &event.tid);
  alias_phase (&event);
  if (event.ph == 'C')
    replay_counter (reader, process, &event);
  else if (IS_OVERLAP_PROCESS (process) && thread != NULL && thread->lane != G_MAXUINT &&
           strchr ("XiI", event.ph) != NULL)
    _overlap_trace_replay_own_event (reader, process, thread, &event);
  else
    _overlap_trace_layout_event (reader, process, thread, &event, index);
}

static OverlapRecording *
read_trace (TraceReader  *reader,
            GError      **error)
{
  g_autoptr(OverlapRecording) recording = NULL;
  gint64 t0 = g_get_monotonic_time (), t1, t2, t3;
  const char *title;

  if (!_overlap_trace_find_events (reader, error) || !walk_events (reader, error))
    return NULL;
  _overlap_trace_read_after_events (reader);
  t1 = g_get_monotonic_time ();

  title = _overlap_trace_args_string (reader, &reader->other_data, "title");
  recording = overlap_recording_new (title ? title : reader->display_name);

  g_ptr_array_sort (reader->processes, compare_processes);
  for (guint i = 0; i < reader->processes->len; i++)
    {
      ProcessInfo *process = g_ptr_array_index (reader->processes, i);

      /* A process known only by its metadata has nothing to draw. */
      if (!IS_OVERLAP_PROCESS (process) && process->n_events == 0)
        continue;
      build_process (reader, process);
    }

  _overlap_trace_flows_assign (reader);
  reader->quiet = TRUE;
  t2 = g_get_monotonic_time ();
  if (!_overlap_trace_replay (reader, error))
    return NULL;
  t3 = g_get_monotonic_time ();

  for (guint i = 0; i < reader->processes->len; i++)
    {
      ProcessInfo *process = g_ptr_array_index (reader->processes, i);

      if (process->run == NULL)
        continue;
      if (IS_OVERLAP_PROCESS (process))
        _overlap_trace_finish_own_process (reader, process);
      else
        _overlap_trace_layout_finish (process);
      overlap_recording_add_run (recording, process->run);
    }
  _overlap_trace_flows_link (reader, recording);
  add_notes (reader, recording);
  /* G_MESSAGES_DEBUG=overlap-trace: where an import's time goes */
  g_debug ("%s: pass 1 %.3f s, runs %.3f s, pass 2 %.3f s, layout %.3f s", reader->display_name,
           (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (g_get_monotonic_time () - t3) / 1e6);

  return g_steal_pointer (&recording);
}

/* Reads a trace in memory into a new recording; only data that is not a
 * trace is an error: what cannot be used is counted in @report. */
OverlapRecording *
_overlap_trace_read (const char           *data,
                     gsize                 size,
                     const char           *display_name,
                     OverlapImportReport  *report,
                     GCancellable         *cancellable,
                     GError              **error)
{
  TraceReader reader = { 0 };
  OverlapRecording *recording;

  g_assert (display_name != NULL);
  g_assert (report != NULL);

  reader.data = data;
  reader.size = size;
  reader.display_name = display_name;
  reader.report = report;
  reader.cancellable = cancellable;
  reader.mapped = _overlap_import_is_mapped (data, size);
  reader.processes = g_ptr_array_new_with_free_func (process_info_free);
  reader.process_by_pid = g_hash_table_new (g_int64_hash, g_int64_equal);
  reader.string_ids = g_hash_table_new (g_str_hash, g_str_equal);
  reader.string_names = g_ptr_array_new_with_free_func (g_free);
  reader.chunk = g_string_chunk_new (4096);
  reader.scratch = g_string_new (NULL);
  reader.min_ts = G_MAXINT64;
  _overlap_trace_records_init (&reader);
  reader.flows = g_array_new (FALSE, FALSE, sizeof (FlowPoint));
  reader.flow_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader.notes = g_array_new (FALSE, FALSE, sizeof (OverlapNote));

  recording = read_trace (&reader, error);

  _overlap_trace_records_clear (&reader);
  g_clear_pointer (&reader.flows, g_array_unref);
  g_clear_pointer (&reader.notes, g_array_unref);
  g_clear_pointer (&reader.flow_keys, g_hash_table_unref);
  g_clear_pointer (&reader.process_by_pid, g_hash_table_unref);
  g_clear_pointer (&reader.processes, g_ptr_array_unref);
  g_clear_pointer (&reader.string_ids, g_hash_table_unref);
  g_clear_pointer (&reader.string_names, g_ptr_array_unref);
  g_clear_pointer (&reader.chunk, g_string_chunk_free);
  g_string_free (reader.scratch, TRUE);

  return recording;
}
