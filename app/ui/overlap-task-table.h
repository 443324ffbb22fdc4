/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "overlap-recording.h"
#include "overlap-selection.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_TASK_TABLE (overlap_task_table_get_type ())

G_DECLARE_FINAL_TYPE (OverlapTaskTable, overlap_task_table, OVERLAP, TASK_TABLE, GtkWidget)

GtkWidget        *overlap_task_table_new            (void);
OverlapRecording *overlap_task_table_get_recording  (OverlapTaskTable *self);
void              overlap_task_table_set_recording  (OverlapTaskTable *self,
                                                     OverlapRecording *recording);
/* The selected task: run and lane indexes in the recording, -1 for none, kept in
 * an OverlapSelection that the window shares with the Gantt view. */
OverlapSelection *overlap_task_table_get_selection  (OverlapTaskTable *self);
void              overlap_task_table_set_selection  (OverlapTaskTable *self,
                                                     OverlapSelection *selection);
/* Updates the rows of live runs; the window calls it a few times a second while a run is live. */
void              overlap_task_table_refresh        (OverlapTaskTable *self);
gboolean          overlap_task_table_refresh_some   (OverlapTaskTable *self,
                                                     gint64            budget);

G_END_DECLS
