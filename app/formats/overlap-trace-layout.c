/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-trace"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "overlap-compare-private.h"
#include "overlap-trace-events-private.h"

/* Laying out a plain Chrome trace's process as lanes, once all is read.
 *
 * Nesting: the model has one list of spans per lane, so a thread whose
 * spans nest (B/E pairs, or X events inside each other) gets one lane per
 * depth: its own lane for the outermost spans, then lanes flagged
 * OVERLAP_LANE_NESTED ("Main · 2", "Main · 3", …) for each level below, as
 * Perfetto stacks a thread's slices. The painter dims nested lanes' labels.
 * Depth is found by a sweep over the thread's spans sorted by start (longer
 * first), capped at MAX_DEPTH levels.
 *
 * Async events (b/e/n) are matched by category and id (and id2, scope);
 * b/e pairs with the same id nest and are matched by name. They overlap
 * freely, so they are packed onto the process's async lanes: a span keeps
 * its id's lane when that is free, else takes the free lane busy latest,
 * else a new one — one lane per async id where they overlap. */

#define MAX_DEPTH 32

#define NO_LABEL G_MAXUINT32

static guint32 intern_name (ProcessInfo            *process,
                            const OverlapJsonValue *name,
                            GString                *scratch,
                            guint16                *phase);

/* An event's name as a label of the run (and a phase): once per distinct
 * name when pass 1 gave it an id, by name otherwise */
static guint32
event_label (ProcessInfo      *process,
             const TraceEvent *event,
             GString          *scratch,
             guint16          *phase)
{
  guint32 *cached;
  guint32 label;

  if (event->name_id == 0)
    return intern_name (process, &event->members.name, scratch, phase);

  if (process->name_labels == NULL)
    process->name_labels = g_array_new (FALSE, FALSE, sizeof (guint32));
  while (process->name_labels->len <= event->name_id)
    {
      guint32 none = NO_LABEL;

      g_array_append_val (process->name_labels, none);
    }
  cached = &g_array_index (process->name_labels, guint32, event->name_id);
  if (*cached != NO_LABEL)
    {
      *phase = *cached >> 24;
      return *cached & 0xFFFFFF;
    }
  label = intern_name (process, &event->members.name, scratch, phase);
  /* as B packs its label and phase in OpenSpan */
  *cached = (label & 0xFFFFFF) | ((guint32) *phase << 24);
  return label;
}

static guint32
intern_name (ProcessInfo            *process,
             const OverlapJsonValue *name,
             GString                *scratch,
             guint16                *phase)
{
  *phase = OVERLAP_PHASE_OTHER;
  if (name->type != OVERLAP_JSON_STRING)
    return 0;
  g_string_truncate (scratch, 0);
  _overlap_json_string_append (name, scratch);

  /* A name that is one of Overlap's phases becomes that phase. */
  for (guint i = 0; i < OVERLAP_PHASE_OTHER; i++)
    if (g_str_equal (scratch->str, overlap_phase_to_string (i)))
      {
        *phase = i;
        return 0;
      }
  if (g_str_equal (scratch->str, "other"))
    return 0;
  return overlap_run_intern (process->run, scratch->str);
}

static void
add_span (GArray  *spans,
          guint32  owner,
          gint64   start,
          gint64   end,
          guint32  label,
          guint16  phase,
          gsize    offset)
{
  PendingSpan span = { start, MAX (start, end), owner, label, phase, offset };

  g_array_append_val (spans, span);
}

static guint
async_key (ProcessInfo            *process,
           const TraceEvent       *event,
           GStringChunk           *chunk,
           GString                *scratch)
{
  const OverlapTraceMembers *m = &event->members;
  OverlapJsonValue id = m->id;
  const char *scope = "";
  gpointer found;
  guint index;

  if (id.type == OVERLAP_JSON_NONE && m->id2.type == OVERLAP_JSON_OBJECT)
    {
      if (_overlap_json_object_lookup (&m->id2, "local", &id))
        scope = "local";
      else if (_overlap_json_object_lookup (&m->id2, "global", &id))
        scope = "global";
    }

  g_string_truncate (scratch, 0);
  _overlap_json_string_append (&m->cat, scratch);
  g_string_append_c (scratch, '\x1f');
  if (id.type == OVERLAP_JSON_STRING)
    _overlap_json_string_append (&id, scratch);
  else if (id.type != OVERLAP_JSON_NONE)
    g_string_append_len (scratch, id.start, id.len);
  g_string_append_printf (scratch, "\x1f%s\x1f", scope);
  _overlap_json_string_append (&m->scope, scratch);

  if (g_hash_table_lookup_extended (process->async_keys, scratch->str, NULL, &found))
    return GPOINTER_TO_UINT (found) - 1;

  index = process->async_open->len;
  g_hash_table_insert (process->async_keys, g_strdup (scratch->str), GUINT_TO_POINTER (index + 1));
  g_ptr_array_add (process->async_open, g_array_new (FALSE, FALSE, sizeof (OpenSpan)));
  g_string_truncate (scratch, 0);
  _overlap_json_string_append (&m->cat, scratch);
  g_ptr_array_add (process->async_cats, g_string_chunk_insert_const (chunk, scratch->str));
  return index;
}

/* A thread's spans, in the order they end in the file */
static GArray *
thread_spans (ThreadInfo *thread)
{
  if (thread->spans == NULL)
    thread->spans = g_array_new (FALSE, FALSE, sizeof (PendingSpan));
  return thread->spans;
}

static void
ensure_arrays (ProcessInfo *process)
{
  if (process->marks != NULL)
    return;
  process->marks = g_array_new (FALSE, FALSE, sizeof (PendingMark));
  process->async_spans = g_array_new (FALSE, FALSE, sizeof (PendingSpan));
  process->async_marks = g_array_new (FALSE, FALSE, sizeof (PendingMark));
  process->async_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  process->async_open = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  process->async_cats = g_ptr_array_new ();
}

/* Pass 2 of a plain process: keeps the event for the layout. */
void
_overlap_trace_layout_event (TraceReader      *reader,
                             ProcessInfo      *process,
                             ThreadInfo       *thread,
                             const TraceEvent *event,
                             guint             index)
{
  GString *scratch = reader->scratch;
  gint64 ts = event->ts - process->base;
  guint16 phase;
  guint32 label;

  /* Overlap's own processes hold only what it writes. */
  if (IS_OVERLAP_PROCESS (process))
    return;
  ensure_arrays (process);

  switch (event->ph)
    {
    case 'X':
      label = event_label (process, event, scratch, &phase);
      add_span (thread_spans (thread), thread->position, ts, ts + event->dur, label, phase, event->offset);
      break;

    case 'B':
      {
        OpenSpan open = { 0, ts, event->offset };

        open.label = event_label (process, event, scratch, &phase);
        open.label = open.label | ((guint32) phase << 24);
        if (thread->stack == NULL)
          thread->stack = g_array_new (FALSE, FALSE, sizeof (OpenSpan));
        g_array_append_val (thread->stack, open);
      }
      break;

    case 'E':
      if (thread->stack == NULL || thread->stack->len == 0)
        overlap_import_report_skip (reader->report, FALSE, _("%s: event %u: 'E' without a 'B'"),
                                    reader->display_name, index);
      else
        {
          OpenSpan open = g_array_index (thread->stack, OpenSpan, thread->stack->len - 1);

          g_array_set_size (thread->stack, thread->stack->len - 1);
          label = open.label & 0xFFFFFF;
          phase = open.label >> 24;
          if (label == 0 && phase == OVERLAP_PHASE_OTHER)
            label = event_label (process, event, scratch, &phase);
          add_span (thread_spans (thread), thread->position, open.ts, ts, label, phase, open.offset);
        }
      break;

    case 'i':
    case 'I':
      {
        PendingMark mark = { ts, thread->position, 0 };

        g_array_append_val (process->marks, mark);
      }
      break;

    case 'b':
    case 'e':
    case 'n':
      {
        guint key = async_key (process, event, reader->chunk, scratch);
        GArray *open_spans = g_ptr_array_index (process->async_open, key);

        if (event->ph == 'n')
          {
            PendingMark mark = { ts, key, 0 };

            g_array_append_val (process->async_marks, mark);
          }
        else if (event->ph == 'b')
          {
            OpenSpan open = { intern_name (process, &event->members.name, scratch, &phase), ts, event->offset };

            g_array_append_val (open_spans, open);
          }
        else if (open_spans->len == 0)
          overlap_import_report_skip (reader->report, FALSE, _("%s: event %u: 'e' without a 'b' of its id"),
                                      reader->display_name, index);
        else
          {
            /* The innermost open span of the same name, else the innermost. */
            guint32 name = intern_name (process, &event->members.name, scratch, &phase);
            guint found = open_spans->len - 1;
            OpenSpan open;

            for (guint i = open_spans->len; name != 0 && i > 0; i--)
              if (g_array_index (open_spans, OpenSpan, i - 1).label == name)
                {
                  found = i - 1;
                  break;
                }
            open = g_array_index (open_spans, OpenSpan, found);
            g_array_remove_index (open_spans, found);
            add_span (process->async_spans, key, open.ts, ts, open.label ? open.label : name,
                      OVERLAP_PHASE_OTHER, open.offset);
          }
      }
      break;

    default:
      break;
    }
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const PendingSpan *sa = a, *sb = b;

  /* at one start, the enclosing span first */
  return _OVERLAP_CMP (sa->owner, sb->owner) ?: _OVERLAP_CMP (sa->start, sb->start) ?:
         _OVERLAP_CMP (sb->end, sa->end);
}

static gboolean
spans_sorted (GArray *spans)
{
  for (guint i = 1; i < spans->len; i++)
    if (compare_spans (&g_array_index (spans, PendingSpan, i - 1), &g_array_index (spans, PendingSpan, i)) > 0)
      return FALSE;
  return TRUE;
}

/* Lanes of one thread: spans[from, to) are its spans, sorted. */
static void
lay_out_thread (ProcessInfo *process,
                ThreadInfo  *thread,
                GArray      *spans,
                guint        from,
                guint        to,
                GArray      *lane_flags)
{
  gint64 ends[MAX_DEPTH];         /* of the spans open around, innermost last */
  guint n_ends = 0;
  g_autofree guint8 *depths = g_new0 (guint8, MAX (to - from, 1));
  g_autofree char *fallback = NULL;
  const char *name = thread->name;
  guint max_depth = 0;
  guint first_span = 0;

  for (guint i = from; i < to; i++)
    {
      const PendingSpan *span = &g_array_index (spans, PendingSpan, i);
      guint depth;

      while (n_ends > 0 && ends[n_ends - 1] <= span->start)
        n_ends--;
      depth = MIN (n_ends, MAX_DEPTH - 1);
      depths[i - from] = depth;
      max_depth = MAX (max_depth, depth);
      if (n_ends < MAX_DEPTH)
        ends[n_ends++] = span->end;
    }

  if (name == NULL)
    name = fallback = g_strdup_printf (_("Thread %lld"), (long long) thread->tid);

  for (guint d = 0; d <= max_depth; d++)
    {
      g_autofree char *label = d == 0 ? g_strdup (name) : g_strdup_printf ("%s · %u", name, d + 1);
      guint32 flags = d == 0 ? 0 : OVERLAP_LANE_NESTED;
      guint lane = overlap_run_add_lane (process->run, label, thread->cat ? thread->cat : "thread", NULL);

      if (d == 0)
        thread->lane = lane;
      g_array_append_val (lane_flags, flags);
    }
  thread->n_lanes = max_depth + 1;
  _overlap_trace_flows_bind (process, thread, &g_array_index (spans, PendingSpan, from), depths, to - from);

  for (guint i = from; i < to; i++)
    {
      const PendingSpan *span = &g_array_index (spans, PendingSpan, i);

      guint index = overlap_run_add_span (process->run, thread->lane + depths[i - from], span->phase,
                                          span->start, span->end, overlap_run_string (process->run, span->label));

      if (i == from)
        first_span = index;
    }
  _overlap_trace_source_record_spans (process->run, first_span, &g_array_index (spans, PendingSpan, from), to - from);
}

static void
lay_out_async (ProcessInfo *process,
               GArray      *lane_flags)
{
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (gint64));   /* per async lane */
  g_autofree guint *key_lane = NULL;
  guint n_keys = process->async_open->len;
  guint first_lane = G_MAXUINT;

  if (n_keys == 0)
    return;

  key_lane = g_new (guint, n_keys);
  for (guint i = 0; i < n_keys; i++)
    key_lane[i] = G_MAXUINT;

  /* All spans sorted by start (the owner is ignored here). */
  for (guint i = 0; i < process->async_spans->len; i++)
    {
      PendingSpan *span = &g_array_index (process->async_spans, PendingSpan, i);
      guint key = span->owner;
      guint lane;

      /* a key keeps its lane while it is free */
      if (key_lane[key] != G_MAXUINT && g_array_index (busy, gint64, key_lane[key]) <= span->start)
        lane = key_lane[key];
      else
        lane = _overlap_free_lane (busy, span->start);

      if (lane == G_MAXUINT)
        {
          const char *cat = g_ptr_array_index (process->async_cats, key);
          guint32 flags = 0;
          guint run_lane = overlap_run_add_lane (process->run, *cat ? cat : _("async"), "async", NULL);

          if (first_lane == G_MAXUINT)
            first_lane = run_lane;
          lane = busy->len;
          g_array_append_val (busy, span->end);
          g_array_append_val (lane_flags, flags);
        }
      g_array_index (busy, gint64, lane) = span->end;
      key_lane[key] = lane;
      _overlap_trace_source_record (process->run,
                                    overlap_run_add_span (process->run, first_lane + lane, span->phase,
                                                          span->start, span->end,
                                                          overlap_run_string (process->run, span->label)),
                                    span->offset);
    }

  for (guint i = 0; i < process->async_marks->len; i++)
    {
      const PendingMark *mark = &g_array_index (process->async_marks, PendingMark, i);

      if (first_lane == G_MAXUINT)
        {
          guint32 flags = 0;

          first_lane = overlap_run_add_lane (process->run, _("async"), "async", NULL);
          g_array_append_val (lane_flags, flags);
        }
      overlap_run_add_mark (process->run,
                            first_lane + (key_lane[mark->owner] != G_MAXUINT ? key_lane[mark->owner] : 0),
                            OVERLAP_MARK_INSTANT, mark->time, 0);
    }
}

static int
compare_async_spans (gconstpointer a,
                     gconstpointer b)
{
  const PendingSpan *sa = a, *sb = b;

  return _OVERLAP_CMP (sa->start, sb->start) ?: _OVERLAP_CMP (sa->end, sb->end);
}

void
_overlap_trace_layout_finish (ProcessInfo *process)
{
  g_autoptr(GArray) lane_flags = g_array_new (FALSE, FALSE, sizeof (guint32));
  OverlapRun *run = process->run;
  gint64 last = MAX (process->max_ts - process->base, 0);
  const OverlapLane *lanes;
  guint n_lanes;

  ensure_arrays (process);

  /* Spans left open (a B without its E) end with the process's last event. */
  for (guint i = 0; i < process->threads->len; i++)
    {
      ThreadInfo *thread = g_ptr_array_index (process->threads, i);

      for (guint j = thread->stack ? thread->stack->len : 0; j > 0; j--)
        {
          OpenSpan *open = &g_array_index (thread->stack, OpenSpan, j - 1);

          add_span (thread_spans (thread), thread->position, open->ts, last,
                    open->label & 0xFFFFFF, open->label >> 24, open->offset);
        }
    }
  for (guint key = 0; key < process->async_open->len; key++)
    {
      GArray *open_spans = g_ptr_array_index (process->async_open, key);

      for (guint j = open_spans->len; j > 0; j--)
        {
          OpenSpan *open = &g_array_index (open_spans, OpenSpan, j - 1);

          add_span (process->async_spans, key, open->ts, last, open->label, OVERLAP_PHASE_OTHER, open->offset);
        }
    }

  for (guint i = 0; i < process->threads->len; i++)
    {
      ThreadInfo *thread = g_ptr_array_index (process->threads, i);
      GArray *spans = thread_spans (thread);

      /* Sorted by start, the enclosing span first: often they are already
       * (a tracer that writes a slice as it begins), and a stable sort of
       * each thread's own is what one of them all by thread would give. */
      if (!spans_sorted (spans))
        g_array_sort (spans, compare_spans);
      /* A thread known only by its name has nothing to draw. */
      if (thread->n_events > 0)
        lay_out_thread (process, thread, spans, 0, spans->len, lane_flags);
      g_clear_pointer (&thread->spans, g_array_unref);
    }

  for (guint i = 0; i < process->marks->len; i++)
    {
      const PendingMark *mark = &g_array_index (process->marks, PendingMark, i);
      ThreadInfo *thread = g_ptr_array_index (process->threads, mark->owner);

      overlap_run_add_mark (run, thread->lane, OVERLAP_MARK_INSTANT, mark->time, mark->value);
    }

  g_array_sort (process->async_spans, compare_async_spans);
  lay_out_async (process, lane_flags);

  lanes = overlap_run_get_lanes (run, &n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    overlap_run_restore_lane (run, i,
                              &(OverlapRestoredLane) {
                                .result = OVERLAP_RESULT_OK,
                                .start = lanes[i].start,
                                .end = lanes[i].end,
                                .flags = (lanes[i].n_spans > 0 ? OVERLAP_LANE_WORKED : 0) |
                                         g_array_index (lane_flags, guint32, i),
                              });

  /* The spans are no longer needed. */
  g_array_set_size (process->async_spans, 0);

  overlap_run_restore_state (run, OVERLAP_RUN_FINISHED, overlap_run_get_wall_time (run));
}
