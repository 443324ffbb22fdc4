/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-comparison"

#include "config.h"

#include "overlap-comparison.h"
#include "overlap-runner.h"

/* The sequencer behind overlap_runner_compare_async(): starts a run per strategy
 * through the runner, the next one when the last has ended (or all at once in a
 * race), each at its offset from the comparison's start. The first error ends a
 * sequence; a race waits for every run, then reports the first error. */

struct _OverlapComparison
{
  OverlapScenario  *scenario;
  GArray           *strategies;
  OverlapRecording *recording;
  gboolean          race;
  guint             next;
  guint             pending;
  gint64            origin;
  GError           *error;
};

static void comparison_start_next (GTask *task);

static void
comparison_run_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OverlapComparison *self = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!overlap_runner_run_finish (OVERLAP_RUNNER (object), result, &error) && self->error == NULL)
    self->error = g_steal_pointer (&error);

  self->pending--;
  if (!self->race && self->error == NULL)
    {
      comparison_start_next (g_steal_pointer (&task));
      return;
    }

  if (self->pending > 0)
    return;

  if (self->error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
comparison_start_run (GTask *task,
                      guint  index)
{
  OverlapRunner *runner = g_task_get_source_object (task);
  OverlapComparison *self = g_task_get_task_data (task);
  const OverlapStrategy *strategy = &g_array_index (self->strategies, OverlapStrategy, index);
  g_autoptr(OverlapRun) run = overlap_runner_new_run (runner, self->scenario, strategy);

  overlap_run_set_offset (run, g_get_monotonic_time () - self->origin);
  /* on the clock programs share (g_get_monotonic_time () is CLOCK_MONOTONIC),
   * the runs of one comparison from its start, so that they compare */
  overlap_run_set_clock_start (run, self->origin);
  overlap_recording_add_run (self->recording, run);
  self->pending++;
  overlap_runner_run_async (runner, self->scenario, strategy, run, g_task_get_cancellable (task),
                            comparison_run_cb, g_object_ref (task));
}

/* Takes @task's reference. */
static void
comparison_start_next (GTask *task)
{
  OverlapComparison *self = g_task_get_task_data (task);

  if (self->next >= self->strategies->len)
    g_task_return_boolean (task, TRUE);
  else
    comparison_start_run (task, self->next++);
  g_object_unref (task);
}

/* Public API */

OverlapComparison *
overlap_comparison_new (const OverlapComparisonSetup *setup)
{
  OverlapComparison *self;
  const GArray *strategies;

  g_return_val_if_fail (setup != NULL, NULL);
  g_return_val_if_fail (OVERLAP_IS_SCENARIO (setup->scenario), NULL);
  g_return_val_if_fail (OVERLAP_IS_RECORDING (setup->recording), NULL);

  strategies = setup->strategies;
  if (strategies == NULL)
    strategies = overlap_scenario_get_strategies (setup->scenario);
  g_return_val_if_fail (strategies->len > 0, NULL);

  self = g_new0 (OverlapComparison, 1);
  self->scenario = g_object_ref (setup->scenario);
  self->recording = g_object_ref (setup->recording);
  self->strategies = g_array_sized_new (FALSE, FALSE, sizeof (OverlapStrategy), strategies->len);
  g_array_append_vals (self->strategies, strategies->data, strategies->len);
  self->race = setup->race;
  self->origin = g_get_monotonic_time ();
  return self;
}

void
overlap_comparison_free (OverlapComparison *self)
{
  g_return_if_fail (self != NULL);

  g_clear_object (&self->scenario);
  g_clear_object (&self->recording);
  g_clear_pointer (&self->strategies, g_array_unref);
  g_clear_error (&self->error);
  g_free (self);
}

/* Starts the first run, or every run in a race. @task's source object is the
 * runner and its task data @self; it completes when the comparison has. */
void
overlap_comparison_start (OverlapComparison *self,
                          GTask             *task)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (g_task_get_task_data (task) == self);
  g_return_if_fail (OVERLAP_IS_RUNNER (g_task_get_source_object (task)));

  if (self->race)
    {
      for (guint i = 0; i < self->strategies->len; i++)
        comparison_start_run (task, i);
      self->next = self->strategies->len;
      return;
    }

  comparison_start_next (g_object_ref (task));
}
