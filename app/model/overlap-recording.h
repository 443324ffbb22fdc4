/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "overlap-run.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_RECORDING (overlap_recording_get_type ())

G_DECLARE_FINAL_TYPE (OverlapRecording, overlap_recording, OVERLAP, RECORDING, GObject)

/* An arrow from a point of a lane to a point of another, in either run's time */
typedef struct
{
  guint  from_run;
  guint  from_lane;
  guint  to_run;
  guint  to_lane;
  gint64 from_time;
  gint64 to_time;
} OverlapFlow;

/* A note on the timeline: a moment (end == start) or a range, in µs of the
 * chart's time axis (from each run's start), with a short text. Its id stays
 * the same while it is moved or edited. */
typedef struct
{
  guint  id;
  gint64 start;
  gint64 end;
  char  *text;
} OverlapNote;

#define OVERLAP_TYPE_NOTE (overlap_note_get_type ())

GType        overlap_note_get_type (void) G_GNUC_CONST;
OverlapNote *overlap_note_copy     (const OverlapNote *note);
void         overlap_note_free     (OverlapNote       *note);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverlapNote, overlap_note_free)

OverlapRecording *overlap_recording_new          (const char       *title);
const char       *overlap_recording_get_title    (OverlapRecording *self);
void              overlap_recording_set_title    (OverlapRecording *self,
                                                  const char       *title);
void              overlap_recording_add_run      (OverlapRecording *self,
                                                  OverlapRun       *run);
void              overlap_recording_remove_run   (OverlapRecording *self,
                                                  guint             position);
void              overlap_recording_clear        (OverlapRecording *self);
guint             overlap_recording_get_n_runs   (OverlapRecording *self);
OverlapRun       *overlap_recording_get_run      (OverlapRecording *self,
                                                  guint             position);
OverlapRun       *overlap_recording_get_baseline (OverlapRecording *self,
                                                  OverlapRun       *run);
double            overlap_recording_get_speedup  (OverlapRecording *self,
                                                  OverlapRun       *run);
gint64            overlap_recording_get_duration (OverlapRecording *self,
                                                  gint64            now);
gboolean          overlap_recording_is_live      (OverlapRecording *self);
/* One clock: each run is drawn at its start on CLOCK_MONOTONIC, its shift
 * (µs) from the first run's; or, each from zero, every shift 0. The
 * duration above is the axis's: the latest shift + end. */
void              overlap_recording_set_each_from_zero (OverlapRecording *self,
                                                        gboolean          each_from_zero);
gboolean          overlap_recording_get_each_from_zero (OverlapRecording *self);
gint64            overlap_recording_get_clock_start    (OverlapRecording *self);
gint64            overlap_recording_get_shift          (OverlapRecording *self,
                                                        gint64            clock_start,
                                                        OverlapRun       *run);
gboolean          overlap_recording_get_range_stats (OverlapRecording  *self,
                                                     OverlapRun        *run,
                                                     gint64             start,
                                                     gint64             end,
                                                     OverlapRangeStats *stats);
void              overlap_recording_add_flows    (OverlapRecording  *self,
                                                  const OverlapFlow *flows,
                                                  guint              n_flows);
const OverlapFlow *overlap_recording_get_flows   (OverlapRecording  *self,
                                                  guint             *n_flows);


guint              overlap_recording_add_note    (OverlapRecording  *self,
                                                  gint64             start,
                                                  gint64             end,
                                                  const char        *text);
gboolean           overlap_recording_update_note (OverlapRecording  *self,
                                                  guint              id,
                                                  gint64             start,
                                                  gint64             end,
                                                  const char        *text);
gboolean           overlap_recording_remove_note (OverlapRecording  *self,
                                                  guint              id);
void               overlap_recording_clear_notes (OverlapRecording  *self);
void               overlap_recording_copy_notes  (OverlapRecording  *self,
                                                  OverlapRecording  *source);
const OverlapNote *overlap_recording_get_notes   (OverlapRecording  *self,
                                                  guint             *n_notes);
const OverlapNote *overlap_recording_find_note   (OverlapRecording  *self,
                                                  guint              id);
int                overlap_recording_get_note_index (OverlapRecording *self,
                                                     guint             id);

G_END_DECLS
