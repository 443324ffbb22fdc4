/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean overlap_test_focus_window (GtkWindow        *window,
                                    const char      **reason);
void     overlap_test_send_key     (GtkWindow        *window,
                                    guint             keyval,
                                    GdkModifierType   mods);
void     overlap_test_click        (GtkWidget        *widget);

G_END_DECLS
