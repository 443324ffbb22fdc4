/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-trace"

#include "config.h"

#include <string.h>

#include "overlap-compare-private.h"
#include "overlap-trace-events-private.h"

/* Flows of a Chrome trace: which task posted which. An arrow leaves a slice
 * at an 's' event, passes through slices at 't' events and arrives at an 'f'
 * event, the events of one flow sharing their category and id; or, in the v2
 * form, a slice with "flow_out" and a "bind_id" leads to the slice with
 * "flow_in" and the same "bind_id".
 *
 * The points are read in pass 1; each is bound to a slice of its thread when
 * the thread is laid out (the innermost slice around it; an 'f' to the next
 * slice that starts, unless its "bp" is "e"; a v2 point to its own slice) and
 * linked to the next point of its flow at the end, in time order. A point on
 * no slice is dropped and its flow goes on from the point before. */

static guint32
flow_key (GHashTable             *keys,
          GString                *key,
          const OverlapFlowEvent *event,
          const OverlapJsonValue *id,
          gboolean                v2)
{
  const OverlapTraceMembers *m = event->members;
  OverlapJsonValue local;
  gpointer found;
  guint32 index;

  g_string_truncate (key, 0);
  if (v2)
    g_string_append (key, "v2\x1f");
  else if (m->cat.type == OVERLAP_JSON_STRING)
    _overlap_json_string_append (&m->cat, key);
  g_string_append_c (key, '\x1f');
  if (id->type == OVERLAP_JSON_NONE && m->id2.type == OVERLAP_JSON_OBJECT)
    {
      /* a local id is the process's own */
      if (_overlap_json_object_lookup (&m->id2, "local", &local))
        g_string_append_printf (key, "%" G_GINT64_FORMAT "\x1f", event->pid);
      else if (!_overlap_json_object_lookup (&m->id2, "global", &local))
        local.type = OVERLAP_JSON_NONE;
      id = &local;
    }
  if (id->type == OVERLAP_JSON_STRING)
    _overlap_json_string_append (id, key);
  else if (id->start != NULL)
    g_string_append_len (key, id->start, id->len);

  if (g_hash_table_lookup_extended (keys, key->str, NULL, &found))
    return GPOINTER_TO_UINT (found);
  index = g_hash_table_size (keys);
  g_hash_table_insert (keys, g_strdup (key->str), GUINT_TO_POINTER (index));
  return index;
}

guint
_overlap_flow_steps (GHashTable             *keys,
                     GString                *scratch,
                     const OverlapFlowEvent *event,
                     OverlapFlowStep         steps[2])
{
  const OverlapTraceMembers *m = event->members;
  guint n = 0;

  if (event->ph == 's' || event->ph == 't' || event->ph == 'f')
    {
      gboolean enclosing = event->ph != 'f' || _overlap_json_string_equal (&m->bp, "e");

      steps[0].key = flow_key (keys, scratch, event, &m->id, FALSE);
      steps[0].step = event->ph;
      steps[0].binding = enclosing ? FLOW_BIND_ENCLOSING : FLOW_BIND_NEXT;
      return 1;
    }

  if (m->bind_id.type != OVERLAP_JSON_STRING && m->bind_id.type != OVERLAP_JSON_NUMBER)
    return 0;
  if (m->flow_in || m->flow_out)
    {
      guint32 key = flow_key (keys, scratch, event, &m->bind_id, TRUE);
      /* a B's slice ends later: it is the innermost around its start */
      FlowBinding binding = event->ph == 'X' ? FLOW_BIND_SLICE : FLOW_BIND_ENCLOSING;

      if (m->flow_in)
        steps[n++] = (OverlapFlowStep) { key, 'f', binding };
      if (m->flow_out)
        steps[n++] = (OverlapFlowStep) { key, 's', binding };
    }
  return n;
}

gboolean
_overlap_flow_follow (OverlapFlowTail *tail,
                      char             step,
                      guint            run,
                      guint            lane,
                      gint64           time,
                      OverlapFlow     *link)
{
  gboolean linked = step != 's' && tail->open;

  if (linked)
    *link = (OverlapFlow) { tail->run, tail->lane, run, lane, tail->time, time };
  if (step == 'f')
    tail->open = FALSE;
  else
    *tail = (OverlapFlowTail) { TRUE, run, lane, time };
  return linked;
}

static void
add_point (TraceReader           *reader,
           const TraceEvent      *event,
           const OverlapFlowStep *step)
{
  FlowPoint point = { event->pid, event->tid, event->ts, event->dur, step->key, reader->flows->len,
                      step->step, step->binding };

  g_array_append_val (reader->flows, point);
}

/* Pass 1: an event that is a flow point, or a slice that carries some. */
void
_overlap_trace_flows_collect (TraceReader      *reader,
                              const TraceEvent *event)
{
  OverlapFlowEvent flow = { event->ph, event->pid, &event->members };
  OverlapFlowStep steps[2];
  guint n = _overlap_flow_steps (reader->flow_keys, reader->scratch, &flow, steps);

  for (guint i = 0; i < n; i++)
    add_point (reader, event, &steps[i]);
}

static int
compare_by_thread (gconstpointer a,
                   gconstpointer b)
{
  const FlowPoint *pa = a, *pb = b;

  return _OVERLAP_CMP (pa->pid, pb->pid) ?: _OVERLAP_CMP (pa->tid, pb->tid) ?:
         _OVERLAP_CMP (pa->ts, pb->ts) ?: _OVERLAP_CMP (pa->seq, pb->seq);
}

/* Before the layout: each thread is given its points, in time order. */
void
_overlap_trace_flows_assign (TraceReader *reader)
{
  FlowPoint *points = (FlowPoint *) reader->flows->data;
  guint n = reader->flows->len;

  g_array_sort (reader->flows, compare_by_thread);
  for (guint i = 0; i < n;)
    {
      ProcessInfo *process = g_hash_table_lookup (reader->process_by_pid, &points[i].pid);
      ThreadInfo *thread = process ? g_hash_table_lookup (process->thread_by_tid, &points[i].tid) : NULL;
      guint j = i;

      while (j < n && points[j].pid == points[i].pid && points[j].tid == points[i].tid)
        j++;
      if (thread != NULL)
        {
          thread->flows = points + i;
          thread->n_flows = j - i;
        }
      i = j;
    }
}

/* The first of @spans (sorted by start) that starts at @time or after */
static guint
first_starting (const PendingSpan *spans,
                guint              n_spans,
                gint64             time)
{
  guint lo = 0, hi = n_spans;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (spans[mid].start < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The layout of a thread: its points bound to its slices. @spans are sorted
 * by start, the enclosing one first, @depths their lanes below the thread's. */
void
_overlap_trace_flows_bind (ProcessInfo       *process,
                           ThreadInfo        *thread,
                           const PendingSpan *spans,
                           const guint8      *depths,
                           guint              n_spans)
{
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));   /* nested, outermost first */
  guint next = 0;

  for (guint i = 0; i < thread->n_flows; i++)
    {
      FlowPoint *point = &thread->flows[i];
      gint64 t = point->ts - process->base;
      guint found = G_MAXUINT;

      if (point->binding == FLOW_BIND_NEXT)
        {
          found = first_starting (spans, n_spans, t);
          if (found == n_spans)
            found = G_MAXUINT;
        }
      else if (point->binding == FLOW_BIND_SLICE)
        {
          for (guint k = first_starting (spans, n_spans, t); k < n_spans && spans[k].start == t; k++)
            if (spans[k].end == t + point->dur)
              {
                found = k;
                break;
              }
        }
      else
        {
          /* The slices open at t, kept as a stack while the points go by in
           * time order; the innermost is the last that has not ended. */
          while (next < n_spans && spans[next].start <= t)
            {
              while (open->len > 0 && spans[g_array_index (open, guint, open->len - 1)].end <= spans[next].start)
                g_array_set_size (open, open->len - 1);
              g_array_append_val (open, next);
              next++;
            }
          while (open->len > 0 && spans[g_array_index (open, guint, open->len - 1)].end < t)
            g_array_set_size (open, open->len - 1);
          if (open->len > 0)
            found = g_array_index (open, guint, open->len - 1);
        }

      if (found == G_MAXUINT)
        continue;
      point->run = process->run;
      point->lane = thread->lane + depths[found];
      if (point->binding == FLOW_BIND_ENCLOSING)
        point->time = t;
      else if (point->binding == FLOW_BIND_SLICE && point->step == 's')
        point->time = spans[found].end;     /* it leaves when its slice is done */
      else
        point->time = spans[found].start;
    }
}

static int
compare_by_flow (gconstpointer a,
                 gconstpointer b)
{
  const FlowPoint *pa = a, *pb = b;

  return _OVERLAP_CMP (pa->key, pb->key) ?: _OVERLAP_CMP (pa->ts, pb->ts) ?: _OVERLAP_CMP (pa->seq, pb->seq);
}

/* At the end: each bound point linked to the next of its flow. */
void
_overlap_trace_flows_link (TraceReader      *reader,
                           OverlapRecording *recording)
{
  g_autoptr(GHashTable) run_index = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (OverlapFlow));
  const FlowPoint *points;
  OverlapFlowTail tail = { FALSE, 0, 0, 0 };

  if (reader->flows->len == 0)
    return;
  for (guint i = 0; i < overlap_recording_get_n_runs (recording); i++)
    g_hash_table_insert (run_index, overlap_recording_get_run (recording, i), GUINT_TO_POINTER (i + 1));

  g_array_sort (reader->flows, compare_by_flow);
  points = (const FlowPoint *) reader->flows->data;
  for (guint i = 0; i < reader->flows->len; i++)
    {
      const FlowPoint *point = &points[i];
      OverlapFlow link;

      if (i > 0 && point->key != points[i - 1].key)
        tail.open = FALSE;
      if (point->run == NULL || !g_hash_table_contains (run_index, point->run))
        continue;
      if (_overlap_flow_follow (&tail, point->step,
                                GPOINTER_TO_UINT (g_hash_table_lookup (run_index, point->run)) - 1,
                                point->lane, point->time, &link))
        g_array_append_val (links, link);
    }
  overlap_recording_add_flows (recording, (const OverlapFlow *) links->data, links->len);
}
