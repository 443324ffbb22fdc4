/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-painter.h"

G_BEGIN_DECLS

typedef enum
{
  OVERLAP_CHART_PNG,
  OVERLAP_CHART_SVG,
  OVERLAP_CHART_PDF,
} OverlapChartFormat;

#define OVERLAP_EXPORT_DEFAULT_WIDTH 1600

gboolean overlap_chart_format_from_path (const char                *path,
                                         OverlapChartFormat        *format);
gboolean overlap_export_chart           (OverlapRecording          *recording,
                                         const char                *path,
                                         OverlapChartFormat         format,
                                         const OverlapPaintOptions *options,
                                         GError                   **error);

G_END_DECLS
