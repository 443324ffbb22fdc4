/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "overlap-chart-layout.h"
#include "overlap-painter.h"
#include "overlap-recording.h"
#include "overlap-selection.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_GANTT_VIEW (overlap_gantt_view_get_type ())

G_DECLARE_FINAL_TYPE (OverlapGanttView, overlap_gantt_view, OVERLAP, GANTT_VIEW, GtkWidget)

GtkWidget        *overlap_gantt_view_new                (void);
OverlapRecording *overlap_gantt_view_get_recording      (OverlapGanttView *self);
void              overlap_gantt_view_set_recording      (OverlapGanttView *self,
                                                         OverlapRecording *recording);
double            overlap_gantt_view_get_text_scale     (OverlapGanttView *self);
void              overlap_gantt_view_set_text_scale     (OverlapGanttView *self,
                                                         double            text_scale);
gboolean          overlap_gantt_view_get_high_contrast  (OverlapGanttView *self);
void              overlap_gantt_view_set_high_contrast  (OverlapGanttView *self,
                                                         gboolean          high_contrast);
OverlapSelection *overlap_gantt_view_get_selection      (OverlapGanttView *self);
void              overlap_gantt_view_set_selection      (OverlapGanttView *self,
                                                         OverlapSelection *selection);
void              overlap_gantt_view_select             (OverlapGanttView *self,
                                                         int               run,
                                                         int               lane);
void              overlap_gantt_view_zoom               (OverlapGanttView *self,
                                                         double            factor,
                                                         double            anchor_x);
void              overlap_gantt_view_pan                (OverlapGanttView *self,
                                                         double            fraction);
void              overlap_gantt_view_fit                (OverlapGanttView *self);
void              overlap_gantt_view_fit_all            (OverlapGanttView *self);
gboolean          overlap_gantt_view_get_fit_all        (OverlapGanttView *self);
void              overlap_gantt_view_set_fit_all        (OverlapGanttView *self,
                                                         gboolean          fit_all);
gboolean          overlap_gantt_view_get_auto_fit       (OverlapGanttView *self);
void              overlap_gantt_view_set_auto_fit       (OverlapGanttView *self,
                                                         gboolean          auto_fit);
gboolean          overlap_gantt_view_get_run_collapsed  (OverlapGanttView *self,
                                                         guint             run);
void              overlap_gantt_view_set_run_collapsed  (OverlapGanttView *self,
                                                         guint             run,
                                                         gboolean          collapsed);
void              overlap_gantt_view_set_visible_range  (OverlapGanttView *self,
                                                         gint64            start,
                                                         gint64            end);
gboolean          overlap_gantt_view_get_visible_range  (OverlapGanttView *self,
                                                         gint64           *start,
                                                         gint64           *end);
void              overlap_gantt_view_get_paint_options  (OverlapGanttView *self,
                                                         OverlapPaintOptions *options);
char             *overlap_gantt_view_describe_span_at   (OverlapRecording *recording,
                                                         guint             run_index,
                                                         guint             lane_index,
                                                         gint64            time);
char             *overlap_gantt_view_describe_lane      (OverlapRecording *recording,
                                                         guint             run,
                                                         guint             lane);
guint             overlap_gantt_view_get_n_frames       (OverlapGanttView *self);
OverlapChartLayout *overlap_gantt_view_get_layout       (OverlapGanttView *self);

/* Notes on the chart (overlap-gantt-view-notes.c) */
void                overlap_gantt_view_add_note          (OverlapGanttView *self);
guint               overlap_gantt_view_get_selected_note (OverlapGanttView *self);
void                overlap_gantt_view_select_note       (OverlapGanttView *self,
                                                          guint             id);
gboolean            overlap_gantt_view_step_note         (OverlapGanttView *self,
                                                          int               direction);

/* Pointing at tasks, with the code view (overlap-gantt-view-pointing.c) */
void              overlap_gantt_view_hover_at           (OverlapGanttView *self,
                                                         double            x,
                                                         double            y);
void              overlap_gantt_view_get_hovered        (OverlapGanttView *self,
                                                         int              *run,
                                                         int              *lane);
void              overlap_gantt_view_set_highlight      (OverlapGanttView *self,
                                                         int               run,
                                                         const guint      *lanes,
                                                         guint             n_lanes);
gboolean          overlap_gantt_view_is_highlighted     (OverlapGanttView *self,
                                                         guint             run,
                                                         guint             lane);

G_END_DECLS
