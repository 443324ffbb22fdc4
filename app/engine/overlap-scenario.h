/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "overlap-recording.h"
#include "overlap-strategy.h"
#include "overlap-task-spec.h"

G_BEGIN_DECLS

#define OVERLAP_SCENARIO_MAX_TASKS    100000
#define OVERLAP_SCENARIO_MAX_DURATION (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define OVERLAP_SCENARIO_MAX_SIZE     (G_GUINT64_CONSTANT (64) * 1024 * 1024 * 1024)
#define OVERLAP_SCENARIO_MAX_CONNS    20000

#define OVERLAP_TYPE_SCENARIO (overlap_scenario_get_type ())

G_DECLARE_FINAL_TYPE (OverlapScenario, overlap_scenario, OVERLAP, SCENARIO, GObject)

OverlapScenario       *overlap_scenario_new                (const char       *title);
OverlapScenario       *overlap_scenario_new_from_data      (const char       *data,
                                                            gssize            length,
                                                            const char       *display_name,
                                                            GError          **error);
OverlapScenario       *overlap_scenario_new_from_file      (GFile            *file,
                                                            GError          **error);
OverlapScenario       *overlap_scenario_new_bundled        (const char       *name,
                                                            GError          **error);
OverlapScenario       *overlap_scenario_lookup             (const char       *name_or_path,
                                                            GError          **error);
char                 **overlap_scenario_list_bundled       (void);

const char            *overlap_scenario_get_name           (OverlapScenario  *self);
const char            *overlap_scenario_get_title          (OverlapScenario  *self);
void                   overlap_scenario_set_title          (OverlapScenario  *self,
                                                            const char       *title);
/* Notes on the timeline that a run of the scenario carries (OverlapNote, ids 0) */
void                   overlap_scenario_add_note           (OverlapScenario  *self,
                                                            gint64            start,
                                                            gint64            end,
                                                            const char       *text);
const GArray          *overlap_scenario_get_notes          (OverlapScenario  *self);
const char            *overlap_scenario_get_description    (OverlapScenario  *self);
void                   overlap_scenario_set_description    (OverlapScenario  *self,
                                                            const char       *description);
guint                  overlap_scenario_get_n_tasks        (OverlapScenario  *self);
const OverlapTaskSpec *overlap_scenario_get_task           (OverlapScenario  *self,
                                                            guint             position);
void                   overlap_scenario_add_task           (OverlapScenario  *self,
                                                            const OverlapTaskSpec *spec);
void                   overlap_scenario_remove_task        (OverlapScenario  *self,
                                                            guint             position);
void                   overlap_scenario_set_task           (OverlapScenario  *self,
                                                            guint             position,
                                                            const OverlapTaskSpec *spec);
void                   overlap_scenario_move_task          (OverlapScenario  *self,
                                                            guint             from,
                                                            guint             to);
OverlapScenario       *overlap_scenario_copy               (OverlapScenario  *self);
void                   overlap_scenario_set_race           (OverlapScenario  *self,
                                                            gboolean          race);
gboolean               overlap_scenario_has_kind           (OverlapScenario  *self,
                                                            OverlapTaskKind   kind);
const GArray          *overlap_scenario_get_strategies     (OverlapScenario  *self);
void                   overlap_scenario_set_strategies     (OverlapScenario  *self,
                                                            const GArray     *strategies);
guint                  overlap_scenario_get_max_conns      (OverlapScenario  *self);
guint                  overlap_scenario_get_max_conns_per_host (OverlapScenario *self);
void                   overlap_scenario_set_connection_limits (OverlapScenario *self,
                                                            guint             max_conns,
                                                            guint             max_conns_per_host);
gboolean               overlap_scenario_get_race           (OverlapScenario  *self);
char                  *overlap_scenario_to_json            (OverlapScenario  *self);

G_END_DECLS
