/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "overlap-recording.h"

G_BEGIN_DECLS

/* How to paint a recording. All lengths are device pixels. */
typedef struct
{
  int      width;
  int      height;
  gint64   view_start;     /* visible time range, µs from each run's start; */
  gint64   view_end;       /* view_end <= view_start fits everything */
  gint64   now;            /* g_get_monotonic_time () at paint: live runs grow to it */
  double   text_scale;     /* 1.0 desktop; 1.5–2.5 for presentations */
  gboolean dark;
  gboolean high_contrast;
  int      selected_run;   /* -1 = none */
  int      selected_lane;  /* -1 = none (with a run: the run is selected) */
  double   scroll_y;       /* vertical scroll offset of the runs, px */

  /* Fit all: lanes shrink so that every run fits the height (scroll_y is then 0);
   * lanes thinner than 2 px are drawn as a density band per run. */
  gboolean      fit_lanes;
  /* Per run, non-zero: collapsed to its header and counters. NULL: none. */
  const guint8 *collapsed;
  guint         n_collapsed;
  /* The overview strip: the bars only, every run as a band, fitted; no title,
   * legend, axis, headers, labels or counters. */
  gboolean      overview;
  /* Flows between slices (a trace's arrows): drawn unless hidden. */
  gboolean      hide_flows;
  /* The note drawn as selected (an OverlapNote id); 0: none. */
  guint         selected_note;
  /* Lanes pointed at from elsewhere (the code view's cursor line): non-zero
   * per lane index, in every run or only in highlight_run (when >= 0). */
  const guint8 *highlight_lanes;
  guint         n_highlight_lanes;
  int           highlight_run;
} OverlapPaintOptions;

/* A rectangle in device pixels. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} OverlapPaintRect;

void     overlap_paint_options_init          (OverlapPaintOptions       *options);

int      overlap_painter_get_natural_height  (OverlapRecording          *recording,
                                              const OverlapPaintOptions *options);
void     overlap_painter_paint               (cairo_t                   *cr,
                                              OverlapRecording          *recording,
                                              const OverlapPaintOptions *options);

/* The colour of the background the painter fills with, for views and tests. */
void     overlap_painter_get_background      (const OverlapPaintOptions *options,
                                              double                    *red,
                                              double                    *green,
                                              double                    *blue);

G_END_DECLS
