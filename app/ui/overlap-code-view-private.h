/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "overlap-code-view.h"

G_BEGIN_DECLS

/* The pages' views: the generated programs, and a watched program's source */
enum
{
  _OVERLAP_CODE_PANE_PYTHON,
  _OVERLAP_CODE_PANE_C,
  _OVERLAP_CODE_PANE_SOURCE,
  _OVERLAP_CODE_N_PANES
};

typedef struct
{
  GtkSourceView   *view;
  GtkSourceBuffer *buffer;
  GArray          *task_lines;    /* guint per task (lane): its line, 1-based, 0 = none */
  GtkTextTag      *pointed_tag;   /* the line of the bar hovered or selected */
  guint            pointed_line;  /* 0 = none */
  GArray          *line_states;   /* guint8 per line: its gutter mark, as marked */
} _OverlapCodePane;

struct _OverlapCodeView
{
  GtkWidget         parent_instance;

  AdwToastOverlay  *toast_overlay;
  GtkDropDown      *strategy_dropdown;
  GtkStringList    *strategy_list;
  GtkStack         *stack;
  GtkSourceView    *python_view;
  GtkSourceView    *c_view;
  GtkSourceView    *source_view;
  GtkStackPage     *source_page;
  GtkLabel         *python_file_label;
  GtkLabel         *c_file_label;
  GtkLabel         *source_file_label;
  GtkLabel         *source_message;

  _OverlapCodePane  panes[_OVERLAP_CODE_N_PANES];
  GtkCssProvider   *css;           /* the text scale, for the views under css_class */
  char             *css_class;     /* this code view's own ("code-scale-3") */
  double            text_scale;

  OverlapScenario  *scenario;
  GArray           *strategies;    /* of OverlapStrategy, as listed in the dropdown */
  char             *python;
  char             *c;
  gboolean          updating;

  /* live marks (overlap-code-view-marks.c) */
  OverlapRecording *recording;     /* where run and source_run are picked from */
  GSignalGroup     *recording_signals;  /* items-changed */
  OverlapRun       *run;           /* its lanes' states mark the programs' lines */
  guint             marks_id;

  /* a watched program's source (overlap-code-view-source.c) */
  OverlapRun       *source_run;    /* a watched program's, with task sources */
  char             *source_path;   /* the file shown, as the program named it */
  GCancellable     *source_cancellable;

  /* pointing (overlap-code-view-pointing.c) */
  GArray           *cursor_tasks;  /* guint: the tasks of the cursor's line */
  int               pointed_task;  /* -1 = none */
  gboolean          pointed_in_source;
};

/* overlap-code-view.c */
_OverlapCodePane *_overlap_code_view_visible_pane (OverlapCodeView  *self);
_OverlapCodePane *_overlap_code_view_pane_named   (OverlapCodeView  *self,
                                                   const char       *page);
void              _overlap_code_view_set_text     (_OverlapCodePane *pane,
                                                   const char       *text,
                                                   GArray           *task_lines);

/* overlap-code-view-pointing.c */
void              _overlap_code_view_class_init_pointing (GObjectClass *object_class);
void              _overlap_code_view_init_pointing (OverlapCodeView  *self);
void              _overlap_code_view_scroll_to_line (_OverlapCodePane *pane,
                                                     guint             line,
                                                     gboolean          use_align,
                                                     double            align);
void              _overlap_code_view_repoint_pane (OverlapCodeView  *self,
                                                   _OverlapCodePane *pane);
void              _overlap_code_view_update_cursor_tasks (OverlapCodeView *self);

/* overlap-code-view-marks.c */
void              _overlap_code_view_init_marks   (OverlapCodeView  *self);
void              _overlap_code_view_dispose_marks (OverlapCodeView *self);
void              _overlap_code_view_mark_pane    (_OverlapCodePane *pane,
                                                   OverlapRun       *run);
void              _overlap_code_view_update_marks (OverlapCodeView  *self);
void              _overlap_code_view_watch_runs   (OverlapCodeView  *self);

/* overlap-code-view-source.c */
void              _overlap_code_view_dispose_source (OverlapCodeView *self);
void              _overlap_code_view_update_source_lines (OverlapCodeView *self);

G_END_DECLS
