/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-gantt-view.h"

G_BEGIN_DECLS

#define _OVERLAP_GANTT_MIN_SPAN 100   /* µs: the deepest zoom */

struct _OverlapGanttView
{
  GtkWidget         parent_instance;

  OverlapRecording *recording;
  GSignalGroup     *recording_signals;  /* items-changed, notes-changed */
  guint             tick_id;
  guint             n_frames;

  /* the visible time range; fitted follows the recording as it grows */
  gboolean          fitted;
  /* fit all: fitted, and the lanes shrink so that every run is in view; auto_fit
   * (presentation mode) turns it on again whenever a run is added */
  gboolean          fit_all;
  gboolean          show_flows;     /* a trace's arrows from slice to slice */
  gboolean          auto_fit;
  GArray           *collapsed;   /* of guint8, per run: non-zero when collapsed */
  OverlapSelection *selection;   /* shared with the other views */
  OverlapChartLayout *layout;    /* of the recording; made again as little as it can */
  OverlapRecording *empty;       /* shown when there is no recording */
  gint64            view_start;
  gint64            view_end;

  double            text_scale;
  gboolean          high_contrast;

  GtkAdjustment    *hadjustment;
  GtkAdjustment    *vadjustment;
  guint             hscroll_policy : 1;
  guint             vscroll_policy : 1;

  /* dragging: panning the chart, or measuring on the axis */
  gboolean          dragging;
  gboolean          measuring;
  gboolean          drag_moved;
  double            drag_x;
  double            drag_y;
  gint64            drag_view_start;
  gint64            drag_view_end;
  double            drag_scroll;
  gint64            measure_start;
  gint64            measure_end;

  /* pinch */
  gint64            zoom_view_start;
  gint64            zoom_view_end;

  /* pointing: the task under the pointer, the lanes the code points at */
  int               hover_run;
  int               hover_lane;
  GArray           *highlight;      /* of guint8 per lane index: framed */
  int               highlight_run;  /* -1: in every run */

  /* the figures of a measured range */
  GtkWidget        *range_popover;
  GtkLabel         *range_label;

  /* notes (overlap-gantt-view-notes.c) */
  guint             selected_note;
  guint             editing_note;   /* 0: the popover adds one */
  gint64            pending_start;
  gint64            pending_end;
  guint             drag_note;      /* 0: not dragging a note */
  gint64            drag_note_start;
  gint64            drag_note_end;
  double            pointer_x;      /* < 0: not over the chart */
  GtkWidget        *note_popover;
  GtkEntry         *note_entry;
};

/* overlap-gantt-view.c */
OverlapChartLayout *_overlap_gantt_view_current_layout (OverlapGanttView *self);
gint64              _overlap_gantt_view_time_at        (OverlapGanttView *self,
                                                        double            x);
void                _overlap_gantt_view_set_fit_all    (OverlapGanttView *self,
                                                        gboolean          fit_all);
void                _overlap_gantt_view_view_changed   (OverlapGanttView *self);
void                _overlap_gantt_view_update_vadjustment (OverlapGanttView *self);
void                _overlap_gantt_view_set_selected_note (OverlapGanttView *self,
                                                           guint             id);

/* overlap-gantt-view-navigation.c */
void                _overlap_gantt_view_set_range      (OverlapGanttView *self,
                                                        gint64            start,
                                                        gint64            end);

/* overlap-gantt-view-input.c */
void                _overlap_gantt_view_class_init_input (GtkWidgetClass *widget_class);
void                _overlap_gantt_view_init_input     (OverlapGanttView *self);

/* overlap-gantt-view-notes.c */
void                _overlap_gantt_view_class_init_notes (GtkWidgetClass *widget_class);
void                _overlap_gantt_view_init_notes     (OverlapGanttView *self);
void                _overlap_gantt_view_dispose_notes  (OverlapGanttView *self);
void                _overlap_gantt_view_notes_changed  (OverlapGanttView *self);
gboolean            _overlap_gantt_view_note_drag_begin (OverlapGanttView *self,
                                                         double            x,
                                                         double            y);
void                _overlap_gantt_view_note_drag_update (OverlapGanttView *self,
                                                          double            dx);
void                _overlap_gantt_view_note_drag_end  (OverlapGanttView *self,
                                                        gboolean          moved);
GtkWidget          *_overlap_gantt_view_get_note_entry (OverlapGanttView *self);

/* overlap-gantt-view-pointing.c */
void                _overlap_gantt_view_class_init_pointing (GObjectClass *object_class);
void                _overlap_gantt_view_init_pointing  (OverlapGanttView *self);
void                _overlap_gantt_view_dispose_pointing (OverlapGanttView *self);

/* overlap-gantt-view-describe.c */
void                _overlap_gantt_view_init_describe  (OverlapGanttView *self);
void                _overlap_gantt_view_show_range_figures (OverlapGanttView *self);

G_END_DECLS
