/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       overlap_test_spin_for        (guint             ms);
void       overlap_test_spin_until      (gboolean        (*done) (gpointer),
                                         gpointer          data,
                                         guint             timeout_ms);
gboolean   overlap_test_widget_mapped   (gpointer          widget);
gboolean   overlap_test_pointer_cleared (gpointer          data);
gboolean   overlap_test_flag_set        (gpointer          data);
GtkWidget *overlap_test_find_widget     (GtkWidget        *root,
                                         GType             type);
void       overlap_test_destroy_window  (GtkWindow        *window);
void       overlap_test_close_window    (GtkWindow        *window,
                                         guint             timeout_ms);

G_END_DECLS
