/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-scenario-editor.h"
#include "overlap-task-editor-row.h"

G_BEGIN_DECLS

/* Internal API, for tests */
gboolean              _overlap_scenario_editor_save_to     (OverlapScenarioEditor *self,
                                                            GFile                 *file,
                                                            GError               **error);
OverlapTaskEditorRow *_overlap_scenario_editor_get_row     (OverlapScenarioEditor *self,
                                                            guint                  position);
guint                 _overlap_scenario_editor_get_n_rows  (OverlapScenarioEditor *self);
gboolean              _overlap_scenario_editor_can_apply   (OverlapScenarioEditor *self);
const char           *_overlap_scenario_editor_get_problem (OverlapScenarioEditor *self);
GtkCheckButton       *_overlap_scenario_editor_get_strategy_check (OverlapScenarioEditor *self,
                                                                   OverlapStrategyKind    kind);
GtkSpinButton        *_overlap_scenario_editor_get_strategy_spin  (OverlapScenarioEditor *self,
                                                                   OverlapStrategyKind    kind);

G_END_DECLS
