/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-runner"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-comparison.h"
#include "overlap-runner-private.h"

/* The runner: runs a scenario's tasks under one strategy on the thread-default
 * main context, recording every lane into an OverlapRun (the run job,
 * overlap-runner-job.c); and compares several strategies, one after another or
 * racing at once, into an OverlapRecording (overlap-comparison.c). It holds what
 * the runs share: the time scale and the embedded demo server. */

struct _OverlapRunner
{
  GObject            parent_instance;

  double             time_scale;
  OverlapDemoServer *demo_server;
};

G_DEFINE_FINAL_TYPE (OverlapRunner, overlap_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIME_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GObject */

static void
overlap_runner_dispose (GObject *object)
{
  OverlapRunner *self = (OverlapRunner *)object;

  if (self->demo_server != NULL)
    overlap_demo_server_stop (self->demo_server);
  g_clear_object (&self->demo_server);

  G_OBJECT_CLASS (overlap_runner_parent_class)->dispose (object);
}

static void
overlap_runner_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OverlapRunner *self = OVERLAP_RUNNER (object);

  switch (prop_id)
    {
    case PROP_TIME_SCALE:
      g_value_set_double (value, self->time_scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_runner_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OverlapRunner *self = OVERLAP_RUNNER (object);

  switch (prop_id)
    {
    case PROP_TIME_SCALE:
      overlap_runner_set_time_scale (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_runner_class_init (OverlapRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = overlap_runner_dispose;
  object_class->get_property = overlap_runner_get_property;
  object_class->set_property = overlap_runner_set_property;

  properties[PROP_TIME_SCALE] =
    g_param_spec_double ("time-scale", NULL, NULL,
                         OVERLAP_TIME_SCALE_MIN, OVERLAP_TIME_SCALE_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
overlap_runner_init (OverlapRunner *self)
{
  self->time_scale = 1.0;
}

/* Public API */

OverlapRunner *
overlap_runner_new (void)
{
  return g_object_new (OVERLAP_TYPE_RUNNER, NULL);
}

double
overlap_runner_get_time_scale (OverlapRunner *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUNNER (self), 1.0);
  return self->time_scale;
}

/* Multiplies every duration of the work (never the clock): 0.01 for fast tests,
 * 2.0 for slow motion on stage. */
void
overlap_runner_set_time_scale (OverlapRunner *self,
                               double         time_scale)
{
  g_return_if_fail (OVERLAP_IS_RUNNER (self));

  time_scale = CLAMP (time_scale, OVERLAP_TIME_SCALE_MIN, OVERLAP_TIME_SCALE_MAX);
  if (self->time_scale == time_scale)
    return;
  self->time_scale = time_scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_SCALE]);
}

/* The embedded demo server, or NULL when no run has needed it yet. */
OverlapDemoServer *
overlap_runner_get_demo_server (OverlapRunner *self)
{
  g_return_val_if_fail (OVERLAP_IS_RUNNER (self), NULL);
  return self->demo_server;
}

gboolean
overlap_runner_ensure_demo_server (OverlapRunner  *self,
                                   GError        **error)
{
  g_autoptr(OverlapDemoServer) server = NULL;

  g_return_val_if_fail (OVERLAP_IS_RUNNER (self), FALSE);

  if (self->demo_server != NULL)
    return TRUE;

  server = overlap_demo_server_new ();
  if (!overlap_demo_server_start (server, 0, error))
    {
      g_prefix_error (error, _("Could not start the demo server: "));
      return FALSE;
    }
  self->demo_server = g_steal_pointer (&server);
  return TRUE;
}

/* A run ready to go: titled, with a lane per task, nothing recorded yet. */
OverlapRun *
overlap_runner_new_run (OverlapRunner         *self,
                        OverlapScenario       *scenario,
                        const OverlapStrategy *strategy)
{
  const OverlapTaskSpec *previous = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *name = NULL;
  OverlapRun *run;

  g_return_val_if_fail (OVERLAP_IS_RUNNER (self), NULL);
  g_return_val_if_fail (OVERLAP_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (strategy != NULL, NULL);

  name = overlap_strategy_to_string (strategy);
  run = overlap_run_new (overlap_scenario_get_title (scenario), name);
  for (guint i = 0; i < overlap_scenario_get_n_tasks (scenario); i++)
    {
      const OverlapTaskSpec *spec = overlap_scenario_get_task (scenario, i);

      /* Runs of alike tasks share one description, made once. */
      if (previous == NULL || !overlap_task_spec_same_description (previous, spec))
        {
          g_free (detail);
          detail = overlap_task_spec_describe (spec);
        }
      previous = spec;
      overlap_run_add_lane (run, spec->label, overlap_task_kind_to_string (spec->kind), detail);
    }
  return run;
}


/* Runs @scenario's tasks under @strategy, recording into @run (from
 * overlap_runner_new_run()). Completes when every task has ended; failed tasks
 * do not make it fail. Cancelling @cancellable stops the run: every operation is
 * cancelled, and the run completes with G_IO_ERROR_CANCELLED once they all have. */
void
overlap_runner_run_async (OverlapRunner         *self,
                          OverlapScenario       *scenario,
                          const OverlapStrategy *strategy,
                          OverlapRun            *run,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  OverlapRunJob *job;

  g_return_if_fail (OVERLAP_IS_RUNNER (self));
  g_return_if_fail (OVERLAP_IS_SCENARIO (scenario));
  g_return_if_fail (strategy != NULL);
  g_return_if_fail (OVERLAP_IS_RUN (run));
  g_return_if_fail (overlap_run_get_state (run) == OVERLAP_RUN_PENDING);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, overlap_runner_run_async);

  job = _overlap_run_job_new (scenario, strategy, run, task);
  if (!_overlap_run_job_set_up (job, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _overlap_run_job_start (job);
}

gboolean
overlap_runner_run_finish (OverlapRunner  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (OVERLAP_IS_RUNNER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Runs the scenario of @setup under each of its strategies, adding a run per
 * strategy to its recording as it starts: one after another, or all at once
 * in a race. @setup is read here only: the comparison keeps what it needs. */
void
overlap_runner_compare_async (OverlapRunner                *self,
                              const OverlapComparisonSetup *setup,
                              GCancellable                 *cancellable,
                              GAsyncReadyCallback           callback,
                              gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  OverlapComparison *comparison;

  g_return_if_fail (OVERLAP_IS_RUNNER (self));
  g_return_if_fail (setup != NULL);
  g_return_if_fail (OVERLAP_IS_SCENARIO (setup->scenario));
  g_return_if_fail (OVERLAP_IS_RECORDING (setup->recording));
  /* a scenario always has a strategy of its own */
  g_return_if_fail (setup->strategies == NULL || setup->strategies->len > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, overlap_runner_compare_async);

  /* a fresh comparison carries the scenario's notes, at the runs' time scale;
   * the painter shows each once a run has reached it */
  overlap_recording_clear_notes (setup->recording);
  if (overlap_scenario_get_notes (setup->scenario) != NULL)
    {
      const GArray *notes = overlap_scenario_get_notes (setup->scenario);

      for (guint i = 0; i < notes->len; i++)
        {
          const OverlapNote *note = &g_array_index (notes, OverlapNote, i);

          overlap_recording_add_note (setup->recording, (gint64) (note->start * self->time_scale),
                                      (gint64) (note->end * self->time_scale), note->text);
        }
    }

  comparison = overlap_comparison_new (setup);
  g_task_set_task_data (task, comparison, (GDestroyNotify) overlap_comparison_free);
  overlap_comparison_start (comparison, task);
}

gboolean
overlap_runner_compare_finish (OverlapRunner  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (OVERLAP_IS_RUNNER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
