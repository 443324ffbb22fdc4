/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "overlap-gantt-view.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_OVERVIEW (overlap_overview_get_type ())

G_DECLARE_FINAL_TYPE (OverlapOverview, overlap_overview, OVERLAP, OVERVIEW, GtkWidget)

GtkWidget        *overlap_overview_new       (void);
OverlapGanttView *overlap_overview_get_view  (OverlapOverview  *self);
void              overlap_overview_set_view  (OverlapOverview  *self,
                                              OverlapGanttView *view);
gboolean          overlap_overview_get_frame (OverlapOverview  *self,
                                              graphene_rect_t  *frame);

G_END_DECLS
