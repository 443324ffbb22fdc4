/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-scenario.h"

G_BEGIN_DECLS

/* overlap-scenario-json.c */
gboolean _overlap_scenario_read_json  (OverlapScenario  *self,
                                       const char       *data,
                                       gsize             length,
                                       const char       *display_name,
                                       GError          **error);
char    *_overlap_scenario_write_json (OverlapScenario  *self);

/* overlap-scenario.c */
void     _overlap_scenario_take_task  (OverlapScenario  *self,
                                       OverlapTaskSpec  *spec);

G_END_DECLS
