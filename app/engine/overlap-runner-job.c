/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-runner"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "overlap-error.h"
#include "overlap-duration.h"
#include "overlap-http-task.h"
#include "overlap-loop-probe.h"
#include "overlap-runner-private.h"
#include "overlap-task.h"
#include "overlap-timer-queue.h"

/* The run job: runs a scenario's tasks under one strategy on the thread-default
 * main context, recording every lane into an OverlapRun. It is the task data of
 * overlap_runner_run_async()'s GTask.
 *
 * A failing task never stops a run: its lane ends failed, with the message. */

/* One task of a run. Timer tasks on the loop (every strategy but threads) are
 * the runner's own: a deadline in the job's timer queue, with no task object,
 * no GTask, no cancellable and no spec copy (BENCHMARKS.md, figure 1). Every
 * other task gets its scaled spec when the run is set up, and its OverlapTask
 * and cancellable when it starts. */
typedef struct
{
  OverlapRunJob    *job;
  OverlapTaskSpec  *spec;           /* scaled; NULL for a timer on the loop */
  OverlapTask      *task;           /* from when it starts; NULL for a timer on the loop */
  GCancellable     *cancellable;    /* from when it starts; NULL for a timer on the loop */
  char             *cancel_reason;  /* why it was cancelled, if it was */
  gint64            duration;       /* scaled: a timer on the loop */
  gint64            timeout;        /* scaled: the task's own timeout (0: none) */
  OverlapTimerEntry wait;           /* a timer on the loop: in job->waits */
  OverlapTimerEntry deadline;       /* the task's own timeout: in job->timeouts */
  guint             lane;
  guint             is_timer : 1;   /* a timer on the loop */
  guint             started : 1;
  guint             done : 1;
  guint             timed_out : 1;
  guint             cancelled : 1;  /* cancelled before it started, or a timer on the loop */
  guint             worker_started : 1; /* threads: recorded as running */
} Slot;

struct _OverlapRunJob
{
  OverlapRunner      *runner;
  OverlapRun         *run;
  OverlapScenario    *scenario;
  OverlapStrategy     strategy;       /* scaled */
  OverlapTaskContext  context;
  char               *demo_uri;
  Slot               *slots;          /* one per lane */
  guint               n_slots;
  GSource            *waits;          /* timer queue: the timers on the loop */
  GSource            *timeouts;       /* timer queue: the tasks' own timeouts */
  GMainContext       *main_context;
  GTask              *task;           /* the job is its task data; referenced while running */
  GCancellable       *cancellable;    /* the caller's */
  gulong              cancelled_id;
  OverlapLoopProbe   *probe;
  GSource            *deadline;
  GThreadPool        *pool;
  guint               next;
  guint               n_done;
  gboolean            stopped;        /* cancelled by the caller */
  gboolean            decided;        /* first-completed: a winner is known */
  gboolean            finished;
};

static void job_start_next (OverlapRunJob *job);
static void job_maybe_finish (OverlapRunJob *job);

static void
slot_clear (Slot *slot)
{
  g_clear_object (&slot->task);
  g_clear_object (&slot->cancellable);
  g_clear_pointer (&slot->spec, overlap_task_spec_free);
  g_clear_pointer (&slot->cancel_reason, g_free);
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
remove_tree (GFile *dir)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL &&
         g_file_enumerator_iterate (children, &info, NULL, NULL, NULL) && info != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
      g_file_delete (child, NULL, NULL);
    }
  g_file_delete (dir, NULL, NULL);
}

static void
job_free (gpointer data)
{
  OverlapRunJob *job = data;

  g_assert (job->pool == NULL);

  if (job->cancelled_id != 0)
    g_cancellable_disconnect (job->cancellable, job->cancelled_id);
  clear_source (&job->deadline);
  g_clear_object (&job->probe);
  /* every slot ended, or none started: no entry points into the slots freed below */
  g_assert (job->waits == NULL || overlap_timer_queue_get_length (job->waits) == 0);
  g_assert (job->timeouts == NULL || overlap_timer_queue_get_length (job->timeouts) == 0);
  clear_source (&job->waits);
  clear_source (&job->timeouts);
  for (guint i = 0; i < job->n_slots; i++)
    slot_clear (&job->slots[i]);
  g_clear_pointer (&job->slots, g_free);
  if (job->context.session != NULL)
    soup_session_abort (job->context.session);
  g_clear_object (&job->context.session);
  if (job->context.work_dir != NULL)
    remove_tree (job->context.work_dir);
  g_clear_object (&job->context.work_dir);
  g_clear_pointer (&job->demo_uri, g_free);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->scenario);
  g_clear_object (&job->run);
  g_clear_object (&job->runner);
  g_clear_pointer (&job->main_context, g_main_context_unref);
  g_free (job);
}

static gint64
job_now (OverlapRunJob *job)
{
  return overlap_run_now (job->run);
}

static GSource *
add_timeout (OverlapRunJob *job,
             gint64         delay,
             GSourceFunc    func,
             gpointer       data)
{
  GSource *source = g_timeout_source_new (0);

  /* µs precision: a timeout source's ready time is absolute. */
  g_source_set_ready_time (source, g_get_monotonic_time () + MAX (0, delay));
  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, job->main_context);
  return source;
}

/* Calls @func on the job's main context from a source of its own: never right
 * where it is asked for (in another thread, or inside a signal's emission). */
static void
job_add_idle (OverlapRunJob  *job,
              int             priority,
              GSourceFunc     func,
              gpointer        data,
              GDestroyNotify  destroy,
              const char     *name)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, priority);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, name);
  g_source_attach (source, job->main_context);
  g_source_unref (source);
}

/* Cancels the task's work; it ends from the main loop, as cancelled work does. */
static void
slot_cancel (Slot       *slot,
             const char *reason)
{
  if (slot->done)
    return;
  if (slot->cancel_reason == NULL)
    slot->cancel_reason = g_strdup (reason);

  if (slot->cancellable != NULL)
    g_cancellable_cancel (slot->cancellable);
  else if (!slot->cancelled)
    {
      /* Not started yet (slot_start() sees the flag), or a timer on the loop:
       * due at once, it ends cancelled from job_wait_cb(). */
      slot->cancelled = TRUE;
      if (overlap_timer_entry_is_queued (&slot->wait))
        overlap_timer_queue_add (slot->job->waits, &slot->wait, 0);
    }
}

static const char *
slot_get_label (Slot *slot)
{
  const OverlapLane *lane = overlap_run_get_lane (slot->job->run, slot->lane);

  return overlap_run_string (slot->job->run, lane->label);
}

static void
slot_record_end (Slot   *slot,
                 GError *error,
                 gint64  time)
{
  OverlapRunJob *job = slot->job;
  OverlapResult result = OVERLAP_RESULT_OK;
  g_autofree char *message = NULL;

  g_assert (!slot->done);
  slot->done = TRUE;
  job->n_done++;

  if (overlap_timer_entry_is_queued (&slot->deadline))
    overlap_timer_queue_remove (job->timeouts, &slot->deadline);
  if (overlap_timer_entry_is_queued (&slot->wait))
    overlap_timer_queue_remove (job->waits, &slot->wait);

  if (error == NULL)
    result = OVERLAP_RESULT_OK;
  else if (slot->timed_out)
    {
      result = OVERLAP_RESULT_TIMED_OUT;
      message = g_strdup (slot->cancel_reason);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      result = OVERLAP_RESULT_CANCELLED;
      message = g_strdup (slot->cancel_reason ? slot->cancel_reason : _("Cancelled"));
    }
  else
    {
      result = OVERLAP_RESULT_FAILED;
      message = g_strdup (error->message);
    }

  overlap_run_lane_finish (job->run, slot->lane, result, message, time);
  if (slot->task != NULL)
    overlap_task_bind (slot->task, NULL, G_MAXUINT);

  /* first-completed: the first task to end wins, the others are cancelled */
  if (job->strategy.kind == OVERLAP_STRATEGY_FIRST_COMPLETED && !job->decided && !job->stopped)
    {
      g_autofree char *reason = NULL;

      job->decided = TRUE;
      reason = g_strdup_printf (_("Cancelled: “%s” finished first"),
                                slot_get_label (slot));
      for (guint i = 0; i < job->n_slots; i++)
        slot_cancel (&job->slots[i], reason);
    }
}

/* Records the end of a task on the loop, starts what may start now and finishes
 * the job after its last task. Finishing may drop the last reference to the job's
 * GTask, which frees the job (and destroys the timer queue calling in): that comes
 * last, under a reference. */
static void
slot_end (Slot   *slot,
          GError *error)
{
  OverlapRunJob *job = slot->job;
  g_autoptr(GTask) task = g_object_ref (job->task);

  slot_record_end (slot, error, job_now (job));
  job_start_next (job);
  job_maybe_finish (job);
}

static void
slot_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  overlap_task_run_finish (OVERLAP_TASK (object), result, &error);
  slot_end (user_data, error);
}

/* The job's timer queues */

static void
job_timeout_cb (OverlapTimerEntry *entry,
                gpointer           user_data)
{
  Slot *slot = (Slot *) (gpointer) ((char *) entry - G_STRUCT_OFFSET (Slot, deadline));
  g_autofree char *limit = overlap_format_duration (slot->timeout);
  g_autofree char *reason = g_strdup_printf (_("Timed out after %s"), limit);

  slot->timed_out = TRUE;
  slot_cancel (slot, reason);
}

/* A timer on the loop is due, or was cancelled. */
static void
job_wait_cb (OverlapTimerEntry *entry,
             gpointer           user_data)
{
  Slot *slot = (Slot *) (gpointer) ((char *) entry - G_STRUCT_OFFSET (Slot, wait));
  g_autoptr(GError) error = NULL;

  if (slot->cancelled)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "");
  slot_end (slot, error);
}

static GSource *
job_add_queue (OverlapRunJob    *job,
               OverlapTimerFunc  func)
{
  GSource *queue = overlap_timer_queue_new (func, job);

  g_source_attach (queue, job->main_context);
  return queue;
}

/* Threads: the work runs in a pool thread; what it did is recorded on the main context. */

typedef struct
{
  Slot   *slot;
  gint64  time;       /* monotonic */
  GError *error;
  gboolean done;
} WorkerReport;

static gboolean
worker_report_cb (gpointer data)
{
  WorkerReport *report = data;
  Slot *slot = report->slot;
  OverlapRunJob *job = slot->job;
  g_autoptr(GTask) task = g_object_ref (job->task);
  gint64 time = report->time - overlap_run_get_origin (job->run);

  if (!slot->worker_started)
    {
      slot->worker_started = TRUE;
      overlap_run_set_phase (job->run, slot->lane, OVERLAP_PHASE_RUNNING, time);
    }

  if (report->done)
    {
      slot_record_end (slot, report->error, time);
      job_maybe_finish (job);
    }

  g_clear_error (&report->error);
  g_free (report);
  return G_SOURCE_REMOVE;
}

static void
worker_report (Slot    *slot,
               gboolean done,
               GError  *error)
{
  WorkerReport *report = g_new0 (WorkerReport, 1);

  report->slot = slot;
  report->time = g_get_monotonic_time ();
  report->done = done;
  report->error = error;

  /* Always through a source: g_main_context_invoke() would run the callback right here
   * in the worker when the run's context is the global default and nobody holds it at
   * that moment (between two iterations of the loop), recording from this thread and
   * freeing the pool from one of its own threads (a deadlock). */
  job_add_idle (slot->job, G_PRIORITY_DEFAULT, worker_report_cb, report, NULL,
                "[overlap] worker report");
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  Slot *slot = data;
  GError *error = NULL;

  worker_report (slot, FALSE, NULL);
  if (!g_cancellable_set_error_if_cancelled (slot->cancellable, &error))
    overlap_task_run_sync (slot->task, slot->cancellable, &error);
  worker_report (slot, TRUE, error);
}

static void
slot_start (Slot *slot)
{
  OverlapRunJob *job = slot->job;
  gint64 now, time;

  g_assert (!slot->started);
  slot->started = TRUE;

  now = g_get_monotonic_time ();
  time = now - overlap_run_get_origin (job->run);
  overlap_run_lane_begin (job->run, slot->lane, time);

  if (slot->timeout > 0)
    {
      if (job->timeouts == NULL)
        job->timeouts = job_add_queue (job, job_timeout_cb);
      overlap_timer_queue_add (job->timeouts, &slot->deadline, now + slot->timeout);
    }

  if (slot->is_timer)
    {
      /* asyncio.sleep(d); a cancelled timer is due at once, and ends cancelled */
      overlap_run_set_phase (job->run, slot->lane, OVERLAP_PHASE_WAITING, time);
      overlap_timer_queue_add (job->waits, &slot->wait,
                               slot->cancelled ? 0 : now + MAX (0, slot->duration));
      return;
    }

  slot->task = overlap_task_new_for_spec (slot->spec, &job->context);
  slot->cancellable = g_cancellable_new ();
  if (slot->cancelled)
    g_cancellable_cancel (slot->cancellable);
  overlap_task_bind (slot->task, job->run, slot->lane);

  if (job->pool != NULL && overlap_task_can_run_sync (slot->task))
    {
      overlap_run_set_phase (job->run, slot->lane, OVERLAP_PHASE_QUEUED, job_now (job));
      g_thread_pool_push (job->pool, slot, NULL);
    }
  else
    overlap_task_run_async (slot->task, slot->cancellable, slot_done_cb, slot);
}

/* Ends a task that never started (the run was stopped, or the winner is known). */
static void
slot_skip (Slot *slot)
{
  OverlapRunJob *job = slot->job;
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "");

  slot->started = TRUE;
  if (slot->cancel_reason == NULL)
    slot->cancel_reason = g_strdup (_("Not started: the run was stopped"));
  slot_record_end (slot, error, job_now (job));
}

static void
job_start_next (OverlapRunJob *job)
{
  guint limit;

  switch (job->strategy.kind)
    {
    case OVERLAP_STRATEGY_SEQUENTIAL:
      limit = 1;
      break;
    case OVERLAP_STRATEGY_BOUNDED:
      limit = MAX (1, job->strategy.n);
      break;
    case OVERLAP_STRATEGY_GATHER:
    case OVERLAP_STRATEGY_AS_COMPLETED:
    case OVERLAP_STRATEGY_FIRST_COMPLETED:
    case OVERLAP_STRATEGY_TIMEOUT:
    case OVERLAP_STRATEGY_THREADS:
    case OVERLAP_N_STRATEGIES:
    default:
      limit = G_MAXUINT;
      break;
    }

  while (job->next < job->n_slots)
    {
      Slot *slot = &job->slots[job->next];
      guint in_flight = job->next - job->n_done;

      if (job->stopped || (job->decided && job->strategy.kind == OVERLAP_STRATEGY_FIRST_COMPLETED))
        {
          job->next++;
          slot_skip (slot);
          continue;
        }
      if (in_flight >= limit)
        break;

      job->next++;
      slot_start (slot);
    }
}

static void
job_maybe_finish (OverlapRunJob *job)
{
  if (job->finished || job->n_done < job->n_slots)
    return;

  job->finished = TRUE;

  if (job->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&job->pool), FALSE, TRUE);
  if (job->probe != NULL)
    overlap_loop_probe_stop (job->probe);
  clear_source (&job->deadline);

  overlap_run_finish (job->run, job->stopped ? OVERLAP_RUN_CANCELLED : OVERLAP_RUN_FINISHED,
                      job_now (job));

  if (job->stopped)
    g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was stopped"));
  else
    g_task_return_boolean (job->task, TRUE);

  /* Drops the reference job_begin() took; every caller holds one of its own. */
  g_object_unref (job->task);
}

static gboolean
job_deadline_cb (gpointer data)
{
  OverlapRunJob *job = data;
  g_autofree char *limit = overlap_format_duration (job->strategy.deadline);
  g_autofree char *reason = g_strdup_printf (_("Timed out: the deadline of %s passed"), limit);

  g_clear_pointer (&job->deadline, g_source_unref);
  for (guint i = 0; i < job->n_slots; i++)
    {
      Slot *slot = &job->slots[i];

      if (!slot->done)
        {
          slot->timed_out = TRUE;
          slot_cancel (slot, reason);
        }
    }
  return G_SOURCE_REMOVE;
}

static gboolean
job_stop_cb (gpointer data)
{
  GTask *task = data;
  OverlapRunJob *job = g_task_get_task_data (task);

  if (job->finished || job->stopped)
    return G_SOURCE_REMOVE;

  job->stopped = TRUE;
  for (guint i = 0; i < job->n_slots; i++)
    {
      Slot *slot = &job->slots[i];

      if (slot->started)
        slot_cancel (slot, _("Cancelled: the run was stopped"));
    }
  job_start_next (job);
  job_maybe_finish (job);
  return G_SOURCE_REMOVE;
}

static void
job_cancelled (GCancellable *cancellable,
               GTask        *task)
{
  /* May be called from another thread, and from inside g_cancellable_connect(). */
  job_add_idle (g_task_get_task_data (task), G_PRIORITY_HIGH, job_stop_cb,
                g_object_ref (task), g_object_unref, "[overlap] run stopped");
}

static void
job_begin (OverlapRunJob *job)
{
  /* Released when the job finishes: the GTask (and the job, its task data) lives while the run does. */
  g_object_ref (job->task);

  overlap_run_begin (job->run, g_get_monotonic_time ());

  job->probe = overlap_loop_probe_new (job->run);
  overlap_loop_probe_start (job->probe);

  if (job->strategy.kind == OVERLAP_STRATEGY_THREADS)
    job->pool = g_thread_pool_new (worker_func, job, MAX (1, job->strategy.n), FALSE, NULL);

  if (job->strategy.kind == OVERLAP_STRATEGY_BOUNDED)
    {
      /* Waiting for the semaphore is the queued phase. */
      for (guint i = job->strategy.n; i < job->n_slots; i++)
        overlap_run_set_phase (job->run, job->slots[i].lane, OVERLAP_PHASE_QUEUED, 0);
    }

  if (job->strategy.kind == OVERLAP_STRATEGY_TIMEOUT)
    job->deadline = add_timeout (job, job->strategy.deadline, job_deadline_cb, job);

  if (job->cancellable != NULL)
    job->cancelled_id = g_cancellable_connect (job->cancellable, G_CALLBACK (job_cancelled),
                                               job->task, NULL);

  job_start_next (job);
  job_maybe_finish (job);
}

/* Preparing, before the run's clock starts: files to read are written first, in a thread. */

/* A file task reading a file of its size that the run writes for it. */
static gboolean
reads_prepared_file (const OverlapTaskSpec *spec)
{
  return spec != NULL && spec->kind == OVERLAP_TASK_FILE && !spec->write && spec->path == NULL;
}

static void
prepare_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OverlapRunJob *job = task_data;
  g_autofree char *buffer = NULL;
  GError *error = NULL;

  for (guint i = 0; i < job->n_slots; i++)
    {
      OverlapTaskSpec *spec = job->slots[i].spec;
      g_autofree char *name = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GFileOutputStream) out = NULL;
      guint64 left;

      if (!reads_prepared_file (spec))
        continue;

      if (buffer == NULL)
        {
          buffer = g_malloc (1024 * 1024);
          for (guint k = 0; k < 1024 * 1024; k++)
            buffer[k] = (char) ('a' + k % 26);
        }

      name = g_strdup_printf ("read-%u.bin", i);
      file = g_file_get_child (job->context.work_dir, name);
      out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, &error);
      for (left = spec->size; out != NULL && left > 0;)
        {
          gsize n = MIN (left, 1024 * 1024);

          if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), buffer, n, NULL, cancellable, &error))
            break;
          left -= n;
        }
      if (error == NULL && out != NULL)
        g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error);
      if (error != NULL)
        {
          g_prefix_error (&error, _("Could not prepare the file to read for “%s”: "), spec->label);
          g_task_return_error (task, error);
          return;
        }
      spec->path = g_file_get_path (file);
    }

  g_task_return_boolean (task, TRUE);
}

/* A run that ended before its tasks could start (cancelled while preparing, or no
 * demo server or work folder): each task ends cancelled, with @reason, so that no
 * task of a finished run is left without a result. */
static void
run_end_unstarted (OverlapRun *run,
                   const char *reason)
{
  guint n;

  overlap_run_begin (run, g_get_monotonic_time ());
  overlap_run_get_lanes (run, &n);
  for (guint i = 0; i < n; i++)
    overlap_run_lane_finish (run, i, OVERLAP_RESULT_CANCELLED, reason, 0);
  overlap_run_finish (run, OVERLAP_RUN_CANCELLED, 0);
}

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OverlapRunJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      run_end_unstarted (job->run, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                                   ? _("Not started: the run was stopped") : error->message);
      overlap_run_set_note (job->run, error->message);
      g_task_return_error (task, error);
      return;
    }

  /* The prepared paths are in the slots' specs, which the tasks are built from. */
  job_begin (job);
}

static gboolean
needs_preparing (OverlapRunJob *job)
{
  for (guint i = 0; i < job->n_slots; i++)
    if (reads_prepared_file (job->slots[i].spec))
      return TRUE;
  return FALSE;
}

/* Setting up: what cannot wait for the run's clock */

static gboolean
needs_demo_server (OverlapScenario *scenario)
{
  for (guint i = 0; i < overlap_scenario_get_n_tasks (scenario); i++)
    {
      const OverlapTaskSpec *spec = overlap_scenario_get_task (scenario, i);

      if (spec->kind == OVERLAP_TASK_HTTP && spec->url == NULL)
        return TRUE;
    }
  return FALSE;
}

/* Each task's slot: a timer on the loop gets its scaled duration (and the job
 * its timer queue), every other task its scaled spec. */
static void
job_set_up_slots (OverlapRunJob *job)
{
  double time_scale = overlap_runner_get_time_scale (job->runner);

  for (guint i = 0; i < job->n_slots; i++)
    {
      const OverlapTaskSpec *spec = overlap_scenario_get_task (job->scenario, i);
      Slot *slot = &job->slots[i];

      slot->job = job;
      slot->lane = i;
      slot->wait = (OverlapTimerEntry) OVERLAP_TIMER_ENTRY_INIT;
      slot->deadline = (OverlapTimerEntry) OVERLAP_TIMER_ENTRY_INIT;
      slot->timeout = overlap_scale_time (spec->timeout, time_scale);
      if (spec->kind == OVERLAP_TASK_TIMER && job->strategy.kind != OVERLAP_STRATEGY_THREADS)
        {
          slot->is_timer = TRUE;
          slot->duration = overlap_scale_time (spec->duration, time_scale);
          if (job->waits == NULL)
            job->waits = job_add_queue (job, job_wait_cb);
        }
      else
        slot->spec = overlap_task_spec_scaled (spec, time_scale);
    }
}

static gboolean
job_make_work_dir (OverlapRunJob  *job,
                   GError        **error)
{
  g_autofree char *dir = NULL;

  if (!overlap_scenario_has_kind (job->scenario, OVERLAP_TASK_FILE))
    return TRUE;

  dir = g_dir_make_tmp ("overlap-XXXXXX", error);
  if (dir == NULL)
    return FALSE;
  job->context.work_dir = g_file_new_for_path (dir);
  return TRUE;
}

/* Private API */

/* A job for @run under @strategy, made the task data of @task (which it refers to
 * without holding it; its source object is the runner), its tasks not set up yet. */
OverlapRunJob *
_overlap_run_job_new (OverlapScenario       *scenario,
                      const OverlapStrategy *strategy,
                      OverlapRun            *run,
                      GTask                 *task)
{
  OverlapRunner *runner = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  OverlapRunJob *job = g_new0 (OverlapRunJob, 1);

  job->runner = g_object_ref (runner);
  job->run = g_object_ref (run);
  job->scenario = g_object_ref (scenario);
  job->strategy = overlap_strategy_scaled (strategy, overlap_runner_get_time_scale (runner));
  job->main_context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  job->task = task;
  job->n_slots = overlap_scenario_get_n_tasks (scenario);
  job->slots = g_new0 (Slot, job->n_slots);
  g_task_set_task_data (task, job, job_free);
  return job;
}

/* Checks the run's lanes, starts the demo server when a task needs it, and gives
 * each task what it runs with. When the run cannot start, its tasks end cancelled
 * with the reason; a run whose lanes are not the scenario's tasks is left as it is. */
gboolean
_overlap_run_job_set_up (OverlapRunJob  *job,
                         GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  OverlapDemoServer *server;
  guint n_lanes;

  overlap_run_get_lanes (job->run, &n_lanes);
  if (n_lanes != job->n_slots)
    {
      g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_FAILED,
                   "The run has %u lanes for %u tasks", n_lanes, job->n_slots);
      return FALSE;
    }

  if (needs_demo_server (job->scenario) &&
      !overlap_runner_ensure_demo_server (job->runner, &local_error))
    {
      run_end_unstarted (job->run, local_error->message);
      overlap_run_set_note (job->run, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  server = overlap_runner_get_demo_server (job->runner);
  if (server != NULL)
    job->demo_uri = g_strdup (overlap_demo_server_get_uri (server));
  job->context.demo_uri = job->demo_uri;
  if (overlap_scenario_has_kind (job->scenario, OVERLAP_TASK_HTTP))
    job->context.session = overlap_http_task_new_session (job->scenario);

  job_set_up_slots (job);

  if (!job_make_work_dir (job, &local_error))
    {
      run_end_unstarted (job->run, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Writes the files to read first, in a thread, if there are any; then starts
 * the run's clock and its tasks. */
void
_overlap_run_job_start (OverlapRunJob *job)
{
  if (needs_preparing (job))
    {
      g_autoptr(GTask) prepare = g_task_new (job->runner, job->cancellable, prepare_cb,
                                             g_object_ref (job->task));

      g_task_set_task_data (prepare, job, NULL);
      g_task_run_in_thread (prepare, prepare_in_thread);
      return;
    }

  job_begin (job);
}
