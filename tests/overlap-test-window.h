/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-window.h"

G_BEGIN_DECLS

GtkApplication *overlap_test_application_new (void);
GtkApplication *overlap_test_init_windows    (int            *argc,
                                              char         ***argv);
int             overlap_test_run_windows     (GtkApplication *app);
OverlapWindow  *overlap_test_window_new      (GtkApplication *app,
                                              int             width,
                                              int             height);
void            overlap_test_wait_run_end    (OverlapWindow  *window,
                                              guint           timeout_ms);
void            overlap_test_wait_opened     (OverlapWindow  *window,
                                              guint           timeout_ms);

G_END_DECLS
