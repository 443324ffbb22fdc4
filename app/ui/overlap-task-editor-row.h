/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "overlap-task-spec.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_TASK_EDITOR_ROW (overlap_task_editor_row_get_type ())

G_DECLARE_FINAL_TYPE (OverlapTaskEditorRow, overlap_task_editor_row, OVERLAP, TASK_EDITOR_ROW, AdwExpanderRow)

/* One task of the scenario editor: label, kind and summary; expanded, the
 * fields that apply to its kind. Emits "changed" when edited, "remove" and
 * "move" (-1 up, +1 down) from its buttons (actions task.remove,
 * task.move-up, task.move-down). */
GtkWidget             *overlap_task_editor_row_new           (const OverlapTaskSpec *spec);
const OverlapTaskSpec *overlap_task_editor_row_get_spec      (OverlapTaskEditorRow  *self);
/* NULL when valid; else what is wrong, for a person */
const char            *overlap_task_editor_row_get_problem   (OverlapTaskEditorRow  *self);
void                   overlap_task_editor_row_set_position  (OverlapTaskEditorRow  *self,
                                                              guint                  position,
                                                              guint                  n_rows);
void                   overlap_task_editor_row_focus_label   (OverlapTaskEditorRow  *self);

/* For tests */
GtkSpinButton         *_overlap_task_editor_row_get_duration_spin (OverlapTaskEditorRow *self);
GtkEditable           *_overlap_task_editor_row_get_argv_entry    (OverlapTaskEditorRow *self);
GtkEditable           *_overlap_task_editor_row_get_url_entry     (OverlapTaskEditorRow *self);

G_END_DECLS
