/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "overlap-painter.h"
#include "overlap-recording.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_CHART_LAYOUT (overlap_chart_layout_get_type ())

G_DECLARE_FINAL_TYPE (OverlapChartLayout, overlap_chart_layout, OVERLAP, CHART_LAYOUT, GObject)

OverlapChartLayout        *overlap_chart_layout_new                (OverlapRecording          *recording);
OverlapRecording          *overlap_chart_layout_get_recording      (OverlapChartLayout        *self);
void                       overlap_chart_layout_set_options        (OverlapChartLayout        *self,
                                                                    const OverlapPaintOptions *options);
const OverlapPaintOptions *overlap_chart_layout_get_options        (OverlapChartLayout        *self);

void                       overlap_chart_layout_paint              (OverlapChartLayout        *self,
                                                                    cairo_t                   *cr);
int                        overlap_chart_layout_get_natural_height (OverlapChartLayout        *self);
double                     overlap_chart_layout_time_to_x          (OverlapChartLayout        *self,
                                                                    gint64                     time);
gint64                     overlap_chart_layout_x_to_time          (OverlapChartLayout        *self,
                                                                    double                     x);
gboolean                   overlap_chart_layout_get_visible_range  (OverlapChartLayout        *self,
                                                                    gint64                    *start,
                                                                    gint64                    *end);
gboolean                   overlap_chart_layout_get_chart_rect     (OverlapChartLayout        *self,
                                                                    OverlapPaintRect          *rect);
gboolean                   overlap_chart_layout_get_lane_rect      (OverlapChartLayout        *self,
                                                                    guint                      run,
                                                                    guint                      lane,
                                                                    OverlapPaintRect          *rect);
gboolean                   overlap_chart_layout_get_bar_rect       (OverlapChartLayout        *self,
                                                                    guint                      run,
                                                                    guint                      lane,
                                                                    OverlapPaintRect          *rect);
gboolean                   overlap_chart_layout_get_header_rect    (OverlapChartLayout        *self,
                                                                    guint                      run,
                                                                    OverlapPaintRect          *rect);
gboolean                   overlap_chart_layout_hit_test           (OverlapChartLayout        *self,
                                                                    double                     x,
                                                                    double                     y,
                                                                    guint                     *run,
                                                                    guint                     *lane,
                                                                    gint64                    *time);
gint64                     overlap_chart_layout_get_run_shift      (OverlapChartLayout        *self,
                                                                    guint                      run);
guint                      overlap_chart_layout_note_at            (OverlapChartLayout        *self,
                                                                    double                     x,
                                                                    double                     y);
gboolean                   overlap_chart_layout_is_density         (OverlapChartLayout        *self,
                                                                    guint                      run);
guint                      overlap_chart_layout_get_n_builds       (OverlapChartLayout        *self);

G_END_DECLS
