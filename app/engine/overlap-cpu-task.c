/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-cpu-task"

#include "config.h"

#include "overlap-cpu-task.h"

/* CPU-bound work of a given duration: real computation (a running hash over a
 * counter), checked against the clock every few thousand rounds. Either on the
 * main loop, which it blocks ON PURPOSE (the pitfall the tutorials warn about),
 * or in a worker thread, where the loop keeps going. */

struct _OverlapCpuTask
{
  OverlapTask parent_instance;

  guint64     result;       /* kept so that the work cannot be optimised away */
};

G_DEFINE_FINAL_TYPE (OverlapCpuTask, overlap_cpu_task, OVERLAP_TYPE_TASK)

static guint64
compute (gint64        duration,
         GCancellable *cancellable,
         gboolean     *cancelled)
{
  gint64 deadline = g_get_monotonic_time () + duration;
  guint64 h = 1469598103934665603ull;
  guint64 i = 0;

  *cancelled = FALSE;

  for (;;)
    {
      for (guint k = 0; k < 4096; k++, i++)
        {
          h ^= i;
          h *= 1099511628211ull;
        }
      if (g_get_monotonic_time () >= deadline)
        break;
      if (g_cancellable_is_cancelled (cancellable))
        {
          *cancelled = TRUE;
          break;
        }
    }

  return h;
}

static void
compute_in_thread (GTask        *gtask,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OverlapCpuTask *self = source_object;
  gint64 duration = overlap_task_get_spec (OVERLAP_TASK (self))->duration;
  gboolean cancelled;
  guint64 h;

  h = compute (duration, cancellable, &cancelled);
  if (cancelled)
    g_task_return_new_error (gtask, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", "Cancelled");
  else
    {
      self->result = h;
      g_task_return_boolean (gtask, TRUE);
    }
}

static gboolean
compute_on_loop (gpointer data)
{
  GTask *gtask = data;
  OverlapCpuTask *self = g_task_get_source_object (gtask);
  OverlapTask *task = OVERLAP_TASK (self);
  gboolean cancelled;

  /* This blocks the main loop for the whole duration, deliberately: nothing else
   * on the loop (timers, downloads, redraws) runs until it returns. */
  overlap_task_record_phase (task, OVERLAP_PHASE_BLOCKING);
  self->result = compute (overlap_task_get_spec (task)->duration,
                          g_task_get_cancellable (gtask), &cancelled);

  if (cancelled)
    g_task_return_new_error (gtask, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", "Cancelled");
  else
    g_task_return_boolean (gtask, TRUE);

  return G_SOURCE_REMOVE;
}

static void
overlap_cpu_task_run_async (OverlapTask         *task,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  const OverlapTaskSpec *spec = overlap_task_get_spec (task);
  g_autoptr(GTask) gtask = g_task_new (task, cancellable, callback, user_data);

  g_task_set_source_tag (gtask, overlap_cpu_task_run_async);

  if (spec->on_loop)
    {
      /* Like a coroutine that calls a blocking function: it blocks when the loop
       * gets to it, not when it is created. */
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, compute_on_loop, g_steal_pointer (&gtask), g_object_unref);
      g_source_set_name (source, "[overlap] cpu on the loop");
      g_source_attach (source, g_main_context_get_thread_default ());
      g_source_unref (source);
    }
  else
    {
      overlap_task_record_phase (task, OVERLAP_PHASE_RUNNING);
      g_task_set_return_on_cancel (gtask, FALSE);
      g_task_run_in_thread (gtask, compute_in_thread);
    }
}

static gboolean
overlap_cpu_task_run_sync (OverlapTask   *task,
                           GCancellable  *cancellable,
                           GError       **error)
{
  OverlapCpuTask *self = OVERLAP_CPU_TASK (task);
  gboolean cancelled;

  self->result = compute (overlap_task_get_spec (task)->duration, cancellable, &cancelled);
  if (cancelled)
    return !g_cancellable_set_error_if_cancelled (cancellable, error);
  return TRUE;
}

static void
overlap_cpu_task_class_init (OverlapCpuTaskClass *klass)
{
  OverlapTaskClass *task_class = OVERLAP_TASK_CLASS (klass);

  task_class->run_async = overlap_cpu_task_run_async;
  task_class->run_sync = overlap_cpu_task_run_sync;
}

static void
overlap_cpu_task_init (OverlapCpuTask *self)
{
}
