/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "overlap-recording.h"
#include "overlap-scenario.h"

G_BEGIN_DECLS

/* Comparing strategies (overlap_runner_compare_async()): a scenario run under
 * each strategy in turn, or all at once, each run added to one recording. */
typedef struct _OverlapComparison OverlapComparison;

OverlapComparison *overlap_comparison_new   (OverlapScenario    *scenario,
                                             const GArray       *strategies,
                                             gboolean            race,
                                             OverlapRecording   *recording);
void               overlap_comparison_free  (OverlapComparison  *self);
void               overlap_comparison_start (OverlapComparison  *self,
                                             GTask              *task);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverlapComparison, overlap_comparison_free)

G_END_DECLS
