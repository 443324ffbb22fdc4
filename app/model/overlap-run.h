/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "overlap-model-types.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_RUN (overlap_run_get_type ())

G_DECLARE_FINAL_TYPE (OverlapRun, overlap_run, OVERLAP, RUN, GObject)

#define OVERLAP_COUNTER_IN_FLIGHT 0
#define OVERLAP_COUNTER_LOOP_LAG  1

OverlapRun         *overlap_run_new               (const char     *title,
                                                   const char     *strategy);
const char         *overlap_run_get_title         (OverlapRun     *self);
const char         *overlap_run_get_strategy      (OverlapRun     *self);
OverlapRunState     overlap_run_get_state         (OverlapRun     *self);
gboolean            overlap_run_is_live           (OverlapRun     *self);
gint64              overlap_run_get_origin        (OverlapRun     *self);
gint64              overlap_run_get_offset        (OverlapRun     *self);
void                overlap_run_set_offset        (OverlapRun     *self,
                                                   gint64          offset);
/* Where the run's time 0 is on CLOCK_MONOTONIC (µs): a program's first
 * timestamp, the start of the comparison an Overlap run is one of; 0 when
 * not known (an imported file). Runs with one are drawn on one axis. */
gint64              overlap_run_get_clock_start   (OverlapRun     *self);
void                overlap_run_set_clock_start   (OverlapRun     *self,
                                                   gint64          clock_start);
gint64              overlap_run_get_wall_time     (OverlapRun     *self);
gint64              overlap_run_get_end           (OverlapRun     *self,
                                                   gint64          now);
const char         *overlap_run_get_note          (OverlapRun     *self);
void                overlap_run_set_note          (OverlapRun     *self,
                                                   const char     *note);

/* Live recording. Times are µs from the run's start (see overlap_run_now()). */
void                overlap_run_begin             (OverlapRun     *self,
                                                   gint64          origin);
gint64              overlap_run_now               (OverlapRun     *self);
void                overlap_run_finish            (OverlapRun     *self,
                                                   OverlapRunState state,
                                                   gint64          time);
guint               overlap_run_add_lane          (OverlapRun     *self,
                                                   const char     *label,
                                                   const char     *kind,
                                                   const char     *detail);
void                overlap_run_lane_begin        (OverlapRun     *self,
                                                   guint           lane,
                                                   gint64          time);
void                overlap_run_set_phase         (OverlapRun     *self,
                                                   guint           lane,
                                                   OverlapPhase    phase,
                                                   gint64          time);
void                overlap_run_end_phase         (OverlapRun     *self,
                                                   guint           lane,
                                                   gint64          time);
void                overlap_run_lane_finish       (OverlapRun     *self,
                                                   guint           lane,
                                                   OverlapResult   result,
                                                   const char     *message,
                                                   gint64          time);
void                overlap_run_add_bytes         (OverlapRun     *self,
                                                   guint           lane,
                                                   guint64         bytes);
guint               overlap_run_add_span          (OverlapRun     *self,
                                                   guint           lane,
                                                   OverlapPhase    phase,
                                                   gint64          start,
                                                   gint64          end,
                                                   const char     *label);
void                overlap_run_set_span_info     (OverlapRun     *self,
                                                   guint           span,
                                                   guint16         flags,
                                                   const char     *detail);
void                overlap_run_move_span         (OverlapRun     *self,
                                                   guint           span,
                                                   gint64          start,
                                                   gint64          end);
void                overlap_run_add_mark          (OverlapRun     *self,
                                                   guint           lane,
                                                   OverlapMarkKind kind,
                                                   gint64          time,
                                                   guint32         value);
guint               overlap_run_add_counter       (OverlapRun     *self,
                                                   const char     *name,
                                                   const char     *unit);
void                overlap_run_add_sample        (OverlapRun     *self,
                                                   guint           counter,
                                                   gint64          time,
                                                   double          value);
void                overlap_run_note_stall        (OverlapRun     *self,
                                                   gint64          stall);

/* Replaying a recording: spans opened and closed at given times, and a clock
 * that says where "now" is in the run (-1: the monotonic clock). */
guint               overlap_run_open_span         (OverlapRun     *self,
                                                   guint           lane,
                                                   OverlapPhase    phase,
                                                   gint64          start,
                                                   const char     *label);
void                overlap_run_close_span        (OverlapRun     *self,
                                                   guint           span,
                                                   gint64          end);
void                overlap_run_set_clock         (OverlapRun     *self,
                                                   gint64          time);
gint64              overlap_run_get_clock         (OverlapRun     *self);

/* A lane's outcome as a saved recording has it (overlap_run_restore_lane()):
 * the figures of an OverlapLane that live recording sets as the task ends.
 * Times are µs from the run's start. */
typedef struct
{
  OverlapResult  result;
  const char    *message;     /* the error or cancel reason, or NULL */
  gint           completion;  /* 1-based order of completion, 0 if it did not complete */
  gint64         start;
  gint64         end;
  guint64        bytes;
  guint32        flags;       /* OVERLAP_LANE_* */
} OverlapRestoredLane;

/* Restoring a saved recording (importers): set what live recording would
 * have produced, without adding marks or samples. */
void                overlap_run_restore_lane      (OverlapRun                *self,
                                                   guint                      lane,
                                                   const OverlapRestoredLane *restored);
void                overlap_run_restore_state     (OverlapRun     *self,
                                                   OverlapRunState state,
                                                   gint64          wall_time);

/* Reading. Pointers stay valid until the next addition. */
guint               overlap_run_intern            (OverlapRun     *self,
                                                   const char     *string);
const char         *overlap_run_string            (OverlapRun     *self,
                                                   guint32         id);
const OverlapLane  *overlap_run_get_lanes         (OverlapRun     *self,
                                                   guint          *n_lanes);
const OverlapLane  *overlap_run_get_lane          (OverlapRun     *self,
                                                   guint           lane);
const OverlapSpan  *overlap_run_get_spans         (OverlapRun     *self,
                                                   guint          *n_spans);
const OverlapMark  *overlap_run_get_marks         (OverlapRun     *self,
                                                   guint          *n_marks);
const OverlapCounter *overlap_run_get_counters    (OverlapRun     *self,
                                                   guint          *n_counters);
void                overlap_run_get_stats         (OverlapRun     *self,
                                                   OverlapRunStats *stats);
void                overlap_run_count_outcomes    (OverlapRun     *self,
                                                   guint          *n_failed,
                                                   guint          *n_cancelled,
                                                   guint          *n_timed_out);
gsize               overlap_run_get_memory_size   (OverlapRun     *self);

/* Programs watched through the live feed: where each task was created */
void                overlap_run_set_task_source   (OverlapRun     *self,
                                                   guint           lane,
                                                   const char     *file,
                                                   guint           line);
const char         *overlap_run_get_task_source   (OverlapRun     *self,
                                                   guint           lane,
                                                   guint          *line);
gboolean            overlap_run_has_task_sources  (OverlapRun     *self);

G_END_DECLS
