/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

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

G_END_DECLS
