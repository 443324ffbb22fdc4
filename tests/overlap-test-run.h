/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-demo-server.h"
#include "overlap-runner.h"

G_BEGIN_DECLS

OverlapScenario   *overlap_test_scenario        (const char       *json);
OverlapScenario   *overlap_test_bundled         (const char       *name);
OverlapRun        *overlap_test_run             (OverlapRunner    *runner,
                                                 OverlapScenario  *s,
                                                 const char       *strategy_text,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
guint              overlap_test_count_chunks    (OverlapRun       *run,
                                                 guint             lane,
                                                 guint64          *bytes);
OverlapDemoServer *overlap_test_demo_server_new (void);

G_END_DECLS
