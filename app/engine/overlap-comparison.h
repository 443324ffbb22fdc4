/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "overlap-recording.h"
#include "overlap-scenario.h"

G_BEGIN_DECLS

/* Comparing strategies (overlap_runner_compare_async()): a scenario run under
 * each strategy in turn, or all at once, each run added to one recording. */
typedef struct _OverlapComparison OverlapComparison;

/* What a comparison is of; the comparison keeps its own references and copy. */
typedef struct
{
  OverlapScenario  *scenario;
  const GArray     *strategies;  /* OverlapStrategy, or NULL for the scenario's own */
  gboolean          race;        /* all at once instead of one after another */
  OverlapRecording *recording;   /* where each run is added as it starts */
} OverlapComparisonSetup;

OverlapComparison *overlap_comparison_new   (const OverlapComparisonSetup *setup);
void               overlap_comparison_free  (OverlapComparison            *self);
void               overlap_comparison_start (OverlapComparison            *self,
                                             GTask                        *task);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverlapComparison, overlap_comparison_free)

G_END_DECLS
