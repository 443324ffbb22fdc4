/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "overlap-gantt-view.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_NOTES_LIST (overlap_notes_list_get_type ())

G_DECLARE_FINAL_TYPE (OverlapNotesList, overlap_notes_list, OVERLAP, NOTES_LIST, AdwBin)

GtkWidget        *overlap_notes_list_new          (void);
OverlapGanttView *overlap_notes_list_get_view     (OverlapNotesList *self);
void              overlap_notes_list_set_view     (OverlapNotesList *self,
                                                   OverlapGanttView *view);
guint             overlap_notes_list_get_n_rows   (OverlapNotesList *self);
GtkListBoxRow    *overlap_notes_list_get_row      (OverlapNotesList *self,
                                                   guint             index);
guint             overlap_notes_list_get_row_note (OverlapNotesList *self,
                                                   GtkListBoxRow    *row);
void              overlap_notes_list_focus        (OverlapNotesList *self);

G_END_DECLS
