/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <gtksourceview/gtksource.h>

#include "overlap-recording.h"
#include "overlap-run.h"

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

void           overlap_code_view_set_text_scale     (OverlapCodeView  *self,
                                                     double            text_scale);
double         overlap_code_view_get_text_scale     (OverlapCodeView  *self);
GtkSourceView *overlap_code_view_get_view           (OverlapCodeView  *self,
                                                     const char       *page);
const char    *overlap_code_view_get_page           (OverlapCodeView  *self);
void           overlap_code_view_set_page           (OverlapCodeView  *self,
                                                     const char       *page);

/* Chart and code point at each other */
void           overlap_code_view_point_task         (OverlapCodeView  *self,
                                                     OverlapRun       *run,
                                                     int               task);
guint          overlap_code_view_get_pointed_line   (OverlapCodeView  *self,
                                                     const char       *page);
const guint   *overlap_code_view_get_cursor_tasks   (OverlapCodeView  *self,
                                                     guint            *n_tasks,
                                                     OverlapRun      **run);

/* Live marks, and a watched program's source */
void           overlap_code_view_set_recording      (OverlapCodeView  *self,
                                                     OverlapRecording *recording);
void           overlap_code_view_set_run            (OverlapCodeView  *self,
                                                     OverlapRun       *run);
void           overlap_code_view_set_source_run     (OverlapCodeView  *self,
                                                     OverlapRun       *run);
OverlapRun    *overlap_code_view_get_source_run     (OverlapCodeView  *self);
void           overlap_code_view_show_source        (OverlapCodeView  *self,
                                                     const char       *path,
                                                     guint             line);
const char    *overlap_code_view_get_source_path    (OverlapCodeView  *self);
const char    *overlap_code_view_get_source_message (OverlapCodeView  *self);
const char    *overlap_code_view_get_line_mark      (OverlapCodeView  *self,
                                                     const char       *page,
                                                     guint             line);

G_END_DECLS
