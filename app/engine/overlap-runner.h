/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "overlap-comparison.h"
#include "overlap-demo-server.h"
#include "overlap-recording.h"
#include "overlap-scenario.h"

G_BEGIN_DECLS

#define OVERLAP_TIME_SCALE_MIN 0.001
#define OVERLAP_TIME_SCALE_MAX 100.0

#define OVERLAP_TYPE_RUNNER (overlap_runner_get_type ())

G_DECLARE_FINAL_TYPE (OverlapRunner, overlap_runner, OVERLAP, RUNNER, GObject)

OverlapRunner     *overlap_runner_new               (void);
double             overlap_runner_get_time_scale    (OverlapRunner          *self);
void               overlap_runner_set_time_scale    (OverlapRunner          *self,
                                                     double                  time_scale);
OverlapDemoServer *overlap_runner_get_demo_server   (OverlapRunner          *self);
gboolean           overlap_runner_ensure_demo_server (OverlapRunner         *self,
                                                     GError                **error);

OverlapRun        *overlap_runner_new_run           (OverlapRunner          *self,
                                                     OverlapScenario        *scenario,
                                                     const OverlapStrategy  *strategy);
void               overlap_runner_run_async         (OverlapRunner          *self,
                                                     OverlapScenario        *scenario,
                                                     const OverlapStrategy  *strategy,
                                                     OverlapRun             *run,
                                                     GCancellable           *cancellable,
                                                     GAsyncReadyCallback     callback,
                                                     gpointer                user_data);
gboolean           overlap_runner_run_finish        (OverlapRunner          *self,
                                                     GAsyncResult           *result,
                                                     GError                **error);

void               overlap_runner_compare_async     (OverlapRunner                *self,
                                                     const OverlapComparisonSetup *setup,
                                                     GCancellable                 *cancellable,
                                                     GAsyncReadyCallback           callback,
                                                     gpointer                      user_data);
gboolean           overlap_runner_compare_finish    (OverlapRunner          *self,
                                                     GAsyncResult           *result,
                                                     GError                **error);

G_END_DECLS
