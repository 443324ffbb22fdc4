/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-feed"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "overlap-feed-private.h"

/* Applying a program's parsed events to its run (overlap-feed-connection.c
 * reads and parses them): async events by category and id, one lane each;
 * B/E/X spans, instants and counters on a lane per thread; flows as arrows
 * between them, linked as the importer links them (overlap-trace-flows.c). */

void
_overlap_feed_thread_lane_free (gpointer data)
{
  ThreadLane *thread = data;

  g_array_unref (thread->stack);
  g_free (thread);
}

static ThreadLane *
ensure_thread (OverlapFeedConnection *conn,
               gint64                 tid)
{
  ThreadLane *thread = g_hash_table_lookup (conn->threads, &tid);
  const char *name;
  g_autofree char *label = NULL;
  g_autofree char *detail = NULL;

  if (thread != NULL)
    return thread;

  name = g_hash_table_lookup (conn->thread_names, &tid);
  if (name == NULL)
    label = g_strdup_printf (_("thread %lld"), (long long) tid);
  else
    detail = g_strdup_printf (_("thread %lld"), (long long) tid);
  thread = g_new0 (ThreadLane, 1);
  thread->lane = overlap_run_add_lane (conn->run, name ? name : label, "thread", detail);
  thread->stack = g_array_new (FALSE, FALSE, sizeof (guint));
  thread->end = -1;
  g_hash_table_insert (conn->threads, g_memdup2 (&tid, sizeof tid), thread);
  return thread;
}

static guint
ensure_counter (OverlapFeedConnection *conn,
                const char            *name)
{
  gpointer found = g_hash_table_lookup (conn->counters, name ? name : "");
  guint counter;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  counter = overlap_run_add_counter (conn->run, name ? name : _("counter"), "");
  g_hash_table_insert (conn->counters, g_strdup (name ? name : ""), GUINT_TO_POINTER (counter + 1));
  return counter;
}

/* A run's offset: the time since the first of the recording's live-recorded
 * runs began, so that programs and Overlap's own runs share one time axis. */
static gint64
offset_in_recording (OverlapRecording *recording,
                     gint64            origin)
{
  gint64 start = G_MAXINT64;

  for (guint i = 0; i < overlap_recording_get_n_runs (recording); i++)
    {
      OverlapRun *run = overlap_recording_get_run (recording, i);

      if (overlap_run_get_origin (run) > 0)
        start = MIN (start, overlap_run_get_origin (run) - overlap_run_get_offset (run));
    }
  return start == G_MAXINT64 ? 0 : MAX (0, origin - start);
}

void
_overlap_feed_ensure_run (OverlapFeedConnection *conn)
{
  OverlapRecording *recording = overlap_feed_server_get_recording (conn->server);
  g_autofree char *title = NULL;

  if (conn->run != NULL)
    return;
  if (conn->origin == 0)
    conn->origin = g_get_monotonic_time ();

  title = conn->process_name ? g_strdup (conn->process_name)
                             : g_strdup_printf (_("program %u"), conn->number);
  conn->run = overlap_run_new (title, title);
  overlap_run_set_offset (conn->run, offset_in_recording (recording, conn->origin));
  overlap_run_set_clock_start (conn->run, conn->origin);
  overlap_run_begin (conn->run, conn->origin);
  overlap_recording_add_run (recording, conn->run);
  _overlap_feed_server_run_added (conn->server, conn->run);
}

static void
apply_async (OverlapFeedConnection *conn,
             const FeedEvent       *event,
             gint64                 time)
{
  gpointer found = g_hash_table_lookup (conn->async_lanes, event->key);
  guint lane = GPOINTER_TO_UINT (found) - 1;

  if (found != NULL && overlap_run_get_lane (conn->run, lane)->result != OVERLAP_RESULT_PENDING)
    found = NULL;   /* an id used again: a new task */

  if (found == NULL)
    {
      if (event->ph != 'b')
        return;   /* n or e of a task Overlap never saw begin */
      lane = overlap_run_add_lane (conn->run, event->name ? event->name : event->key,
                                   event->cat ? event->cat : "async", event->text);
      g_hash_table_replace (conn->async_lanes, g_strdup (event->key), GUINT_TO_POINTER (lane + 1));
      if (event->file != NULL)
        overlap_run_set_task_source (conn->run, lane, event->file, event->line);
      overlap_run_set_phase (conn->run, lane, event->phase != _OVERLAP_FEED_NO_PHASE ? event->phase : OVERLAP_PHASE_RUNNING, time);
      return;
    }

  if (event->ph == 'e')
    overlap_run_lane_finish (conn->run, lane, event->result, event->text, time);
  else if (event->ph == 'n' && event->phase != _OVERLAP_FEED_NO_PHASE)
    overlap_run_set_phase (conn->run, lane, event->phase, time);
  else
    overlap_run_add_mark (conn->run, lane, OVERLAP_MARK_INSTANT, time, 0);
}

/* Flows: each point, once bound to a lane and a time, follows the last of
 * its flow. A point on a task is bound to the task's lane; one on a thread
 * to the thread's lane, at its time when a slice of the thread is open then
 * (or at the start of the thread's next slice: an 'f' without bp "e"). A
 * point on nothing is dropped (counted), its flow going on from the one
 * before. */

static guint
run_position (OverlapFeedConnection *conn)
{
  OverlapRecording *recording = overlap_feed_server_get_recording (conn->server);

  for (guint i = overlap_recording_get_n_runs (recording); i-- > 0;)
    if (overlap_recording_get_run (recording, i) == conn->run)
      return i;
  return G_MAXUINT;
}

static void
bind_flow_point (OverlapFeedConnection *conn,
                 const OverlapFlowStep *step,
                 guint                  lane,
                 gint64                 time)
{
  OverlapFlowTail *tail = g_hash_table_lookup (conn->flow_tails, GUINT_TO_POINTER (step->key));
  guint run = run_position (conn);
  OverlapFlow link;

  if (run == G_MAXUINT)
    return;
  if (tail == NULL)
    {
      tail = g_new0 (OverlapFlowTail, 1);
      g_hash_table_insert (conn->flow_tails, GUINT_TO_POINTER (step->key), tail);
    }
  if (_overlap_flow_follow (tail, step->step, run, lane, time, &link))
    overlap_recording_add_flows (overlap_feed_server_get_recording (conn->server), &link, 1);
  if (!tail->open)
    g_hash_table_remove (conn->flow_tails, GUINT_TO_POINTER (step->key));   /* the flow is over */
}

static gboolean
task_lane (OverlapFeedConnection *conn,
           const char            *key,
           guint                 *lane)
{
  gpointer found = key ? g_hash_table_lookup (conn->async_lanes, key) : NULL;

  if (found == NULL)
    return FALSE;
  *lane = GPOINTER_TO_UINT (found) - 1;
  return TRUE;
}

/* A slice of @thread begins at @time: the points waiting for it are on it. */
static void
bind_waiting_points (OverlapFeedConnection *conn,
                     gint64                 tid,
                     const ThreadLane      *thread,
                     gint64                 time)
{
  for (guint i = 0; i < conn->flow_pending->len;)
    {
      PendingFlowPoint *point = &g_array_index (conn->flow_pending, PendingFlowPoint, i);

      if (point->tid == tid && point->time <= time)
        {
          bind_flow_point (conn, &point->step, thread->lane, time);
          g_array_remove_index (conn->flow_pending, i);
        }
      else
        i++;
    }
}

static void
apply_flows (OverlapFeedConnection *conn,
             const FeedEvent       *event,
             gint64                 time)
{
  for (guint i = 0; i < event->n_flows; i++)
    {
      const OverlapFlowStep *step = &event->flows[i];
      ThreadLane *thread;
      guint lane;

      if (event->flow_task != NULL || strchr ("bne", event->ph) != NULL)
        {
          /* on a task: the one it names, or the task the event is of */
          if (task_lane (conn, event->flow_task ? event->flow_task : event->key, &lane))
            bind_flow_point (conn, step, lane, time);
          else
            conn->n_flows_unbound++;
          continue;
        }

      if (event->key != NULL && strchr ("stf", event->ph) != NULL && task_lane (conn, event->key, &lane))
        {
          bind_flow_point (conn, step, lane, time);
          continue;
        }

      thread = g_hash_table_lookup (conn->threads, &event->tid);
      if (event->ph == 'X' || event->ph == 'B')
        {
          /* v2 on a slice: it arrives at its start, leaves at its end */
          gint64 at = event->ph == 'X' && step->step == 's' ? time + event->dur : time;

          bind_flow_point (conn, step, thread->lane, at);
        }
      else if (step->binding == FLOW_BIND_NEXT)
        {
          PendingFlowPoint point = { event->tid, time, *step };

          g_array_append_val (conn->flow_pending, point);
        }
      else if (thread != NULL && (thread->stack->len > 0 || time <= thread->end))
        bind_flow_point (conn, step, thread->lane, time);
      else
        conn->n_flows_unbound++;
    }
}

void
_overlap_feed_apply_event (OverlapFeedConnection *conn,
                           const FeedEvent       *event)
{
  gint64 time = event->ts - conn->base_ts;
  ThreadLane *thread;

  conn->last_time = MAX (conn->last_time, time);
  switch (event->ph)
    {
    case 'b':
    case 'n':
    case 'e':
      apply_async (conn, event, time);
      break;
    case 'B':
      thread = ensure_thread (conn, event->tid);
      {
        guint span = overlap_run_open_span (conn->run, thread->lane, OVERLAP_PHASE_OTHER, time, event->name);

        g_array_append_val (thread->stack, span);
        overlap_run_lane_begin (conn->run, thread->lane, time);
      }
      if (conn->flow_pending->len > 0)
        bind_waiting_points (conn, event->tid, thread, time);
      break;
    case 'E':
      thread = ensure_thread (conn, event->tid);
      if (thread->stack->len > 0)
        {
          overlap_run_close_span (conn->run, g_array_index (thread->stack, guint, thread->stack->len - 1), time);
          g_array_set_size (thread->stack, thread->stack->len - 1);
          thread->end = MAX (thread->end, time);
        }
      break;
    case 'X':
      thread = ensure_thread (conn, event->tid);
      overlap_run_add_span (conn->run, thread->lane, OVERLAP_PHASE_OTHER, time, time + event->dur, event->name);
      thread->end = MAX (thread->end, time + event->dur);
      conn->last_time = MAX (conn->last_time, time + event->dur);
      if (conn->flow_pending->len > 0)
        bind_waiting_points (conn, event->tid, thread, time);
      break;
    case 'i':
    case 'I':
    case 'R':
      thread = ensure_thread (conn, event->tid);
      overlap_run_add_mark (conn->run, thread->lane, OVERLAP_MARK_INSTANT, time, 0);
      break;
    case 'C':
      overlap_run_add_sample (conn->run, ensure_counter (conn, event->name), time, event->value);
      /* the program's own loop-lag lane: its longest stall is the run's, as the
       * loop probe notes it for Overlap's own runs (the value is in ms) */
      if (g_strcmp0 (event->name, "loop lag") == 0 && event->value > 0)
        overlap_run_note_stall (conn->run, (gint64) (event->value * 1000.0));
      break;
    default:
      break;
    }
  if (event->n_flows > 0)
    apply_flows (conn, event, time);
}

static char *
format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

void
_overlap_feed_update_note (OverlapFeedConnection *conn,
                           const char            *problem,
                           guint                  n_open)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (problem != NULL)
    g_ptr_array_add (parts, g_strdup (problem));
  if (n_open > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "disconnected with %u task still running",
                                                          "disconnected with %u tasks still running", n_open), n_open));
  if (conn->n_dropped > 0)
    {
      g_autofree char *n = format_count (conn->n_dropped);
      g_ptr_array_add (parts, g_strdup_printf (_("%s events dropped past the limit"), n));
    }
  if (conn->n_flows_unbound > 0)
    {
      g_autofree char *n = format_count (conn->n_flows_unbound);
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s flow point was on no task or slice",
                                                                         "%s flow points were on no task or slice",
                                                                         conn->n_flows_unbound), n));
    }
  if (conn->n_bad > 0)
    {
      g_autofree char *n = format_count (conn->n_bad);
      g_ptr_array_add (parts, g_strdup_printf (_("%s lines were not trace events"), n));
    }
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv ("; ", (char **) parts->pdata);
  overlap_run_set_note (conn->run, *joined ? joined : NULL);
}
