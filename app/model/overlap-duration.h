/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  overlap_format_duration_buf (char   *buffer,
                                   gsize   size,
                                   gint64  usec);
char *overlap_format_duration     (gint64  usec);

G_END_DECLS
