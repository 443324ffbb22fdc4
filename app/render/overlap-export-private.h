/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the chart and the video exports share (overlap-export.c) */
void _overlap_export_set_write_error (GError     **error,
                                      const char  *path,
                                      int          code,
                                      const char  *reason);

G_END_DECLS
