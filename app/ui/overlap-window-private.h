/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-code-view.h"
#include "overlap-feed-server.h"
#include "overlap-gantt-view.h"
#include "overlap-import-report.h"
#include "overlap-notes-list.h"
#include "overlap-replay-bar.h"
#include "overlap-task-table.h"
#include "overlap-window.h"

G_BEGIN_DECLS

/* The window's properties, notified from any of its files */
enum
{
  PROP_0,
  PROP_SCENARIO,
  PROP_RUNNING,
  PROP_PRESENTING,
  PROP_SUMMARY,
  PROP_LISTENING,
  N_PROPS
};

struct _OverlapWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  AdwFlap              *flap;
  AdwViewStack         *sidebar_stack;    /* the sidebar's pages: "scenarios", "notes" */
  GtkListBox           *scenario_list;
  OverlapNotesList     *notes_list;
  GtkWidget            *controls;
  GtkEntry             *strategies_entry;
  GtkSpinButton        *time_scale_spin;
  GtkLabel             *summary_label;
  GtkPaned             *main_paned;
  GtkPaned             *chart_paned;
  OverlapGanttView     *gantt_view;
  OverlapTaskTable     *task_table;
  OverlapCodeView      *code_view;
  GtkWidget            *run_button;
  GtkWidget            *stop_button;
  GtkWidget            *code_button;
  GtkWidget            *notes_button;
  GtkWidget            *sidebar_button;
  GtkRevealer          *replay_revealer;
  OverlapReplayBar     *replay_bar;
  GtkWidget            *replay_button;

  GSettings            *settings;
  OverlapRunner        *runner;
  OverlapRecording     *recording;
  OverlapSelection     *selection;        /* the task or run selected, shared by chart and table */
  OverlapScenario      *scenario;
  GArray               *strategies;       /* OverlapStrategy, from the entry */
  GCancellable         *cancellable;      /* the current run's; cancelled on stop and close */
  OverlapReplay        *replay;           /* replaying self->recording, or NULL */
  GCancellable         *open_cancellable; /* a timeline being read */
  OverlapFeedServer    *feed_server;      /* "Listen for programs", NULL when off */
  AdwToast             *open_toast;       /* "Opening …", weak */
  guint                 open_toast_id;    /* shows it if the reading takes a while */
  char                **bundled;          /* names of the bundled scenarios, in the sidebar's order */
  guint                 refresh_id;       /* task table and summary refresh while live */
  gint64                summary_time;     /* when refresh_cb() last updated the summary */
  char                 *open_name;        /* the name of the timeline being read */
  gboolean              document;         /* an opened timeline is shown, not a scenario */
  gboolean              presenting;
  gboolean              reveal_before_presenting;
  gboolean              loading;
  gboolean              refocus_chart;    /* the chart takes the focus once the window is active again */
  OverlapRecording     *code_recording;   /* the chart's, whose runs the code view follows (weak) */
  gulong                code_runs_id;     /* its items-changed handler */
  gboolean              notes_revealed;   /* L revealed the sidebar, L again hides it */
};

/* overlap-window.c */
void _overlap_window_notify             (OverlapWindow  *self,
                                         guint           prop_id);
void _overlap_window_toast              (OverlapWindow  *self,
                                         const char     *message);
void _overlap_window_update_summary     (OverlapWindow  *self);
void _overlap_window_refresh            (OverlapWindow  *self);
void _overlap_window_refresh_while_live (OverlapWindow  *self);
/* overlap-window-run.c */
void _overlap_window_class_init_run     (GtkWidgetClass *widget_class);
void _overlap_window_init_scenarios     (OverlapWindow  *self);
void _overlap_window_update_code_view   (OverlapWindow  *self);
void _overlap_window_start_replay       (OverlapWindow  *self);
void _overlap_window_stop_replay        (OverlapWindow  *self);
/* overlap-window-document.c */
void _overlap_window_set_document       (OverlapWindow             *self,
                                         const char                *name,
                                         const OverlapImportReport *report);
/* overlap-window-actions.c */
void _overlap_window_install_actions    (GtkWidgetClass *widget_class);
void _overlap_window_update_actions     (OverlapWindow  *self);
void _overlap_window_install_keys       (OverlapWindow  *self);
void _overlap_window_focus_chart        (OverlapWindow  *self);
void _overlap_window_export_video       (OverlapWindow  *self);
void _overlap_window_export_video_to    (OverlapWindow  *self,
                                         GFile          *file);
/* overlap-window-code.c */
void _overlap_window_init_code          (OverlapWindow  *self);
void _overlap_window_dispose_code       (OverlapWindow  *self);
/* overlap-window-notes.c */
void _overlap_window_init_notes         (OverlapWindow  *self);
void _overlap_window_show_notes         (OverlapWindow  *self);
/* overlap-window-feed.c */
void _overlap_window_listen             (OverlapWindow  *self,
                                         gboolean        listen);

G_END_DECLS
