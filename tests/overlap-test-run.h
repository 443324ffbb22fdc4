/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-runner.h"

G_BEGIN_DECLS

OverlapScenario *overlap_test_scenario (const char       *json);
OverlapRun      *overlap_test_run      (OverlapRunner    *runner,
                                        OverlapScenario  *s,
                                        const char       *strategy_text,
                                        GCancellable     *cancellable,
                                        GError          **error);

G_END_DECLS
