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

/* Deflate for the PNG writer's rows (overlap-deflate.c) */
typedef struct _OverlapDeflate OverlapDeflate;

OverlapDeflate *_overlap_deflate_new    (GByteArray     *out);
void            _overlap_deflate_add    (OverlapDeflate *self,
                                         const guint8   *data,
                                         gsize           len);
guint32         _overlap_deflate_finish (OverlapDeflate *self,
                                         gboolean        last);

/* A PNG written as its rows are painted (overlap-png-writer.c) */
typedef struct _OverlapPngStream OverlapPngStream;

OverlapPngStream *_overlap_png_stream_new      (cairo_surface_t  *surface,
                                                gboolean          alpha);
void              _overlap_png_stream_add_rows (OverlapPngStream *self,
                                                int               end_row);
gboolean          _overlap_png_stream_finish   (OverlapPngStream *self,
                                                GByteArray       *out);
void              _overlap_png_stream_free     (OverlapPngStream *self);

/* A tall chart's PNG, painted band by band while the bands above are
 * deflated (overlap-paint-bands.c); FALSE when it is not worth it, nothing
 * painted. */
gboolean _overlap_paint_png_in_bands (cairo_surface_t           *image,
                                      OverlapRecording          *recording,
                                      const OverlapPaintOptions *options,
                                      GByteArray                *out,
                                      cairo_status_t            *status);
void     _overlap_paint_bands_force  (int                        rows);

G_END_DECLS
