/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     _overlap_wait_async (gint64         duration,
                              GCancellable  *cancellable,
                              GTask         *task);
gboolean _overlap_wait_sync  (gint64         duration,
                              GCancellable  *cancellable,
                              GError       **error);

G_END_DECLS
