/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-runner.h"

G_BEGIN_DECLS

/* The run job (overlap-runner-job.c): one strategy's run of a scenario, the task
 * data of overlap_runner_run_async()'s GTask. Set up first, then started: the run's
 * clock starts once the tasks' files are written. */
typedef struct _OverlapRunJob OverlapRunJob;

OverlapRunJob *_overlap_run_job_new    (OverlapScenario        *scenario,
                                        const OverlapStrategy  *strategy,
                                        OverlapRun             *run,
                                        GTask                  *task);
gboolean       _overlap_run_job_set_up (OverlapRunJob          *job,
                                        GError                **error);
void           _overlap_run_job_start  (OverlapRunJob          *job);

G_END_DECLS
