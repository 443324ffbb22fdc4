/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-timer-task"

#include "config.h"

#include "overlap-timer-task.h"
#include "overlap-wait-private.h"

/* asyncio.sleep(d): a main-loop timeout of the task's duration. */

struct _OverlapTimerTask
{
  OverlapTask parent_instance;
};

G_DEFINE_FINAL_TYPE (OverlapTimerTask, overlap_timer_task, OVERLAP_TYPE_TASK)

static void
overlap_timer_task_run_async (OverlapTask         *task,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  const OverlapTaskSpec *spec = overlap_task_get_spec (task);
  g_autoptr(GTask) gtask = g_task_new (task, cancellable, callback, user_data);

  g_task_set_source_tag (gtask, overlap_timer_task_run_async);
  overlap_task_record_phase (task, OVERLAP_PHASE_WAITING);
  _overlap_wait_async (spec->duration, cancellable, g_steal_pointer (&gtask));
}

static gboolean
overlap_timer_task_run_sync (OverlapTask   *task,
                             GCancellable  *cancellable,
                             GError       **error)
{
  /* time.sleep(d) in a worker thread. */
  return _overlap_wait_sync (overlap_task_get_spec (task)->duration, cancellable, error);
}

static void
overlap_timer_task_class_init (OverlapTimerTaskClass *klass)
{
  OverlapTaskClass *task_class = OVERLAP_TASK_CLASS (klass);

  task_class->run_async = overlap_timer_task_run_async;
  task_class->run_sync = overlap_timer_task_run_sync;
}

static void
overlap_timer_task_init (OverlapTimerTask *self)
{
}
