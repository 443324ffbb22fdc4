/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define OVERLAP_TYPE_SELECTION (overlap_selection_get_type ())

G_DECLARE_FINAL_TYPE (OverlapSelection, overlap_selection, OVERLAP, SELECTION, GObject)

OverlapSelection *overlap_selection_new      (void);
int               overlap_selection_get_run  (OverlapSelection *self);
int               overlap_selection_get_lane (OverlapSelection *self);
void              overlap_selection_set      (OverlapSelection *self,
                                              int               run,
                                              int               lane);
void              overlap_selection_clear    (OverlapSelection *self);

gboolean          overlap_selection_share    (OverlapSelection **slot,
                                              OverlapSelection  *selection,
                                              GCallback          changed,
                                              gpointer           view);

G_END_DECLS
