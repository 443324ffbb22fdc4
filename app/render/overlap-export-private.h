/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "overlap-painter.h"

G_BEGIN_DECLS

/* What the chart and the video exports share (overlap-export.c) */
void _overlap_export_set_write_error (GError     **error,
                                      const char  *path,
                                      int          code,
                                      const char  *reason);

/* Appends an ARGB32 or RGB24 image surface as PNG to @out, faster than cairo
 * (overlap-png-writer.c); FALSE for any other surface. */
gboolean _overlap_png_write (cairo_surface_t *surface,
                             GByteArray      *out);

/* Paints a tall chart in two bands on two CPUs (overlap-paint-bands.c); FALSE
 * when it is not worth it, nothing painted. */
gboolean _overlap_paint_bands (cairo_surface_t           *image,
                               OverlapRecording          *recording,
                               const OverlapPaintOptions *options,
                               cairo_status_t            *status);
void     _overlap_paint_bands_force (int split);

G_END_DECLS
