/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-recording.h"

G_BEGIN_DECLS

#define OVERLAP_REPLAY_MIN_SPEED 0.25
#define OVERLAP_REPLAY_MAX_SPEED 4.0

#define OVERLAP_TYPE_REPLAY (overlap_replay_get_type ())

G_DECLARE_FINAL_TYPE (OverlapReplay, overlap_replay, OVERLAP, REPLAY, GObject)

OverlapReplay    *overlap_replay_new           (OverlapRecording *source);
OverlapRecording *overlap_replay_get_source    (OverlapReplay    *self);
OverlapRecording *overlap_replay_get_recording (OverlapReplay    *self);
gint64            overlap_replay_get_duration  (OverlapReplay    *self);
gint64            overlap_replay_get_position  (OverlapReplay    *self);
void              overlap_replay_seek          (OverlapReplay    *self,
                                                gint64            position);
gboolean          overlap_replay_step          (OverlapReplay    *self,
                                                int               direction);
double            overlap_replay_get_speed     (OverlapReplay    *self);
void              overlap_replay_set_speed     (OverlapReplay    *self,
                                                double            speed);
gboolean          overlap_replay_get_playing   (OverlapReplay    *self);
void              overlap_replay_play          (OverlapReplay    *self);
void              overlap_replay_pause         (OverlapReplay    *self);
void              overlap_replay_advance       (OverlapReplay    *self,
                                                gint64            elapsed);

G_END_DECLS
