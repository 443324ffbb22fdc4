/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint    overlap_test_scaled            (guint n);
gsize    overlap_test_rss_kib           (void);
guint    overlap_test_n_threads         (void);
gboolean overlap_test_wait_no_children  (guint timeout_ms);
void     overlap_test_raise_fd_limit    (void);

G_END_DECLS
