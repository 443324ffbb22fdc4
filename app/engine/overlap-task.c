/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-task"

#include "config.h"

#include "overlap-task.h"
#include "overlap-cpu-task.h"
#include "overlap-file-task.h"
#include "overlap-http-task.h"
#include "overlap-spawn-task.h"
#include "overlap-timer-task.h"

/* The base of every task kind: holds the task's parameters and the lane it records into. */

typedef struct
{
  OverlapTaskSpec          *spec;
  const OverlapTaskContext *context;
  OverlapRun               *run;
  guint                     lane;
} OverlapTaskPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OverlapTask, overlap_task, G_TYPE_OBJECT)

static void
overlap_task_dispose (GObject *object)
{
  OverlapTask *self = (OverlapTask *)object;
  OverlapTaskPrivate *priv = overlap_task_get_instance_private (self);

  g_clear_object (&priv->run);

  G_OBJECT_CLASS (overlap_task_parent_class)->dispose (object);
}

static void
overlap_task_finalize (GObject *object)
{
  OverlapTask *self = (OverlapTask *)object;
  OverlapTaskPrivate *priv = overlap_task_get_instance_private (self);

  g_clear_pointer (&priv->spec, overlap_task_spec_free);

  G_OBJECT_CLASS (overlap_task_parent_class)->finalize (object);
}

/* Every kind's work is a GTask of the task (source object) returning a boolean. */
static gboolean
overlap_task_real_run_finish (OverlapTask   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
overlap_task_class_init (OverlapTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = overlap_task_dispose;
  object_class->finalize = overlap_task_finalize;

  klass->run_finish = overlap_task_real_run_finish;
}

static void
overlap_task_init (OverlapTask *self)
{
  OverlapTaskPrivate *priv = overlap_task_get_instance_private (self);

  priv->lane = G_MAXUINT;
}

static GType
type_for_kind (OverlapTaskKind kind)
{
  switch (kind)
    {
    case OVERLAP_TASK_TIMER: return OVERLAP_TYPE_TIMER_TASK;
    case OVERLAP_TASK_HTTP: return OVERLAP_TYPE_HTTP_TASK;
    case OVERLAP_TASK_FILE: return OVERLAP_TYPE_FILE_TASK;
    case OVERLAP_TASK_SPAWN: return OVERLAP_TYPE_SPAWN_TASK;
    case OVERLAP_TASK_CPU: return OVERLAP_TYPE_CPU_TASK;
    case OVERLAP_N_TASK_KINDS:
    default:
      g_return_val_if_reached (G_TYPE_INVALID);
    }
}

/* A new task doing what @spec says. @context must outlive the task's work. */
OverlapTask *
overlap_task_new_for_spec (const OverlapTaskSpec    *spec,
                           const OverlapTaskContext *context)
{
  OverlapTaskPrivate *priv;
  OverlapTask *self;
  GType type;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);

  type = type_for_kind (spec->kind);
  g_return_val_if_fail (type != G_TYPE_INVALID, NULL);

  self = g_object_new (type, NULL);
  priv = overlap_task_get_instance_private (self);
  priv->spec = overlap_task_spec_copy (spec);
  priv->context = context;

  return self;
}

const OverlapTaskSpec *
overlap_task_get_spec (OverlapTask *self)
{
  OverlapTaskPrivate *priv = overlap_task_get_instance_private (self);

  g_return_val_if_fail (OVERLAP_IS_TASK (self), NULL);
  return priv->spec;
}

const OverlapTaskContext *
overlap_task_get_context (OverlapTask *self)
{
  OverlapTaskPrivate *priv = overlap_task_get_instance_private (self);

  g_return_val_if_fail (OVERLAP_IS_TASK (self), NULL);
  return priv->context;
}

const char *
overlap_task_get_label (OverlapTask *self)
{
  OverlapTaskPrivate *priv = overlap_task_get_instance_private (self);

  g_return_val_if_fail (OVERLAP_IS_TASK (self), NULL);
  return priv->spec ? priv->spec->label : NULL;
}

void
overlap_task_bind (OverlapTask *self,
                   OverlapRun  *run,
                   guint        lane)
{
  OverlapTaskPrivate *priv = overlap_task_get_instance_private (self);

  g_return_if_fail (OVERLAP_IS_TASK (self));
  g_return_if_fail (!run || OVERLAP_IS_RUN (run));

  g_set_object (&priv->run, run);
  priv->lane = lane;
}

OverlapRun *
overlap_task_get_run (OverlapTask *self)
{
  OverlapTaskPrivate *priv = overlap_task_get_instance_private (self);

  g_return_val_if_fail (OVERLAP_IS_TASK (self), NULL);
  return priv->run;
}

guint
overlap_task_get_lane (OverlapTask *self)
{
  OverlapTaskPrivate *priv = overlap_task_get_instance_private (self);

  g_return_val_if_fail (OVERLAP_IS_TASK (self), G_MAXUINT);
  return priv->lane;
}

void
overlap_task_run_async (OverlapTask         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (OVERLAP_IS_TASK (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  OVERLAP_TASK_GET_CLASS (self)->run_async (self, cancellable, callback, user_data);
}

gboolean
overlap_task_run_finish (OverlapTask   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (OVERLAP_IS_TASK (self), FALSE);

  return OVERLAP_TASK_GET_CLASS (self)->run_finish (self, result, error);
}

gboolean
overlap_task_can_run_sync (OverlapTask *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK (self), FALSE);

  return OVERLAP_TASK_GET_CLASS (self)->run_sync != NULL;
}

gboolean
overlap_task_run_sync (OverlapTask   *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (OVERLAP_IS_TASK (self), FALSE);
  g_return_val_if_fail (overlap_task_can_run_sync (self), FALSE);

  return OVERLAP_TASK_GET_CLASS (self)->run_sync (self, cancellable, error);
}

void
overlap_task_record_phase_at (OverlapTask  *self,
                              OverlapPhase  phase,
                              gint64        monotonic_time)
{
  OverlapTaskPrivate *priv = overlap_task_get_instance_private (self);

  g_return_if_fail (OVERLAP_IS_TASK (self));

  if (priv->run == NULL)
    return;
  overlap_run_set_phase (priv->run, priv->lane, phase,
                         monotonic_time - overlap_run_get_origin (priv->run));
}

void
overlap_task_record_phase (OverlapTask  *self,
                           OverlapPhase  phase)
{
  overlap_task_record_phase_at (self, phase, g_get_monotonic_time ());
}

void
overlap_task_record_chunk (OverlapTask *self,
                           gsize        bytes)
{
  OverlapTaskPrivate *priv = overlap_task_get_instance_private (self);

  g_return_if_fail (OVERLAP_IS_TASK (self));

  if (priv->run == NULL)
    return;
  overlap_run_add_mark (priv->run, priv->lane, OVERLAP_MARK_CHUNK,
                        overlap_run_now (priv->run), (guint32) MIN (bytes, G_MAXUINT32));
  overlap_run_add_bytes (priv->run, priv->lane, bytes);
}
