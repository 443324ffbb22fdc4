/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "overlap-run.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_TASK_ROW (overlap_task_row_get_type ())

G_DECLARE_FINAL_TYPE (OverlapTaskRow, overlap_task_row, OVERLAP, TASK_ROW, GObject)

/* One row of the task table: one lane of one run, as texts to show and values to sort by.
 * Times are µs from the run's start, -1 when unknown. */
OverlapTaskRow *overlap_task_row_new                 (OverlapRun     *run,
                                                      guint           run_index,
                                                      guint           lane);
OverlapRun     *overlap_task_row_get_run             (OverlapTaskRow *self);
guint           overlap_task_row_get_run_index       (OverlapTaskRow *self);
guint           overlap_task_row_get_lane            (OverlapTaskRow *self);
const char     *overlap_task_row_get_strategy        (OverlapTaskRow *self);
const char     *overlap_task_row_get_label           (OverlapTaskRow *self);
const char     *overlap_task_row_get_kind            (OverlapTaskRow *self);
gint64          overlap_task_row_get_start           (OverlapTaskRow *self);
gint64          overlap_task_row_get_end             (OverlapTaskRow *self);
gint64          overlap_task_row_get_duration        (OverlapTaskRow *self);
const char     *overlap_task_row_get_duration_text   (OverlapTaskRow *self);
gint64          overlap_task_row_get_queued          (OverlapTaskRow *self);
const char     *overlap_task_row_get_phases          (OverlapTaskRow *self);
guint64         overlap_task_row_get_bytes           (OverlapTaskRow *self);
OverlapResult   overlap_task_row_get_result          (OverlapTaskRow *self);
const char     *overlap_task_row_get_result_text     (OverlapTaskRow *self);
const char     *overlap_task_row_get_message         (OverlapTaskRow *self);
int             overlap_task_row_get_completion      (OverlapTaskRow *self);
/* Re-reads the lane; notifies the properties that changed and returns whether any did. */
gboolean        overlap_task_row_refresh             (OverlapTaskRow *self);

/* "1.50 s", "200 ms", "80 µs"; "—" when @usec < 0. */
char           *overlap_task_row_format_time         (gint64          usec);

G_END_DECLS
