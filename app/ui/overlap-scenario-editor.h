/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "overlap-scenario.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_SCENARIO_EDITOR (overlap_scenario_editor_get_type ())

G_DECLARE_FINAL_TYPE (OverlapScenarioEditor, overlap_scenario_editor, OVERLAP, SCENARIO_EDITOR, AdwWindow)

/* A window that edits a copy of @scenario. "apply" is emitted with the edited
 * scenario (a new object) when the user applies the changes. */
OverlapScenarioEditor *overlap_scenario_editor_new          (GtkWindow             *parent,
                                                             OverlapScenario       *scenario);
OverlapScenario       *overlap_scenario_editor_get_scenario (OverlapScenarioEditor *self);

G_END_DECLS
