/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OVERLAP_TYPE_PREFERENCES_WINDOW (overlap_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (OverlapPreferencesWindow, overlap_preferences_window, OVERLAP, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *overlap_preferences_window_new (GtkWindow *parent);

G_END_DECLS
