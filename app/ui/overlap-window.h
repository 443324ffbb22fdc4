/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "overlap-recording.h"
#include "overlap-runner.h"
#include "overlap-scenario.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_WINDOW (overlap_window_get_type ())

G_DECLARE_FINAL_TYPE (OverlapWindow, overlap_window, OVERLAP, WINDOW, AdwApplicationWindow)

OverlapWindow    *overlap_window_new              (GtkApplication  *application);
OverlapScenario  *overlap_window_get_scenario     (OverlapWindow   *self);
void              overlap_window_set_scenario     (OverlapWindow   *self,
                                                   OverlapScenario *scenario);
gboolean          overlap_window_load_bundled     (OverlapWindow   *self,
                                                   const char      *name);
gboolean          overlap_window_open_scenario_file (OverlapWindow *self,
                                                   GFile           *file);
void              overlap_window_open_file        (OverlapWindow   *self,
                                                   GFile           *file);
OverlapRecording *overlap_window_get_recording    (OverlapWindow   *self);
void              overlap_window_show_recording   (OverlapWindow    *self,
                                                   OverlapRecording *recording);
OverlapRunner    *overlap_window_get_runner       (OverlapWindow   *self);
gboolean          overlap_window_is_running       (OverlapWindow   *self);
void              overlap_window_run              (OverlapWindow   *self);
void              overlap_window_stop             (OverlapWindow   *self);
void              overlap_window_reset            (OverlapWindow   *self);
const char       *overlap_window_get_summary      (OverlapWindow   *self);
gboolean          overlap_window_get_presenting   (OverlapWindow   *self);
gboolean          overlap_window_get_document     (OverlapWindow   *self);
void              overlap_window_set_presenting   (OverlapWindow   *self,
                                                   gboolean         presenting);
gboolean          overlap_window_get_listening    (OverlapWindow   *self);
void              overlap_window_set_listening    (OverlapWindow   *self,
                                                   gboolean         listening);
gboolean          overlap_window_export           (OverlapWindow   *self,
                                                   const char      *format,
                                                   GFile           *file,
                                                   GError         **error);

G_END_DECLS
