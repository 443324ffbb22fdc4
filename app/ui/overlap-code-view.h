/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "overlap-scenario.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_CODE_VIEW (overlap_code_view_get_type ())

G_DECLARE_FINAL_TYPE (OverlapCodeView, overlap_code_view, OVERLAP, CODE_VIEW, GtkWidget)

GtkWidget *overlap_code_view_new        (void);
void       overlap_code_view_set_scenario (OverlapCodeView       *self,
                                         OverlapScenario       *scenario,
                                         const OverlapStrategy *strategy);
/* The generated texts, for tests and copying. */
char      *overlap_code_view_get_python (OverlapCodeView       *self);
char      *overlap_code_view_get_c      (OverlapCodeView       *self);

G_END_DECLS
