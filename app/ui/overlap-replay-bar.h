/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "overlap-replay.h"

G_BEGIN_DECLS

#define OVERLAP_TYPE_REPLAY_BAR (overlap_replay_bar_get_type ())

G_DECLARE_FINAL_TYPE (OverlapReplayBar, overlap_replay_bar, OVERLAP, REPLAY_BAR, GtkWidget)

GtkWidget     *overlap_replay_bar_new        (void);
OverlapReplay *overlap_replay_bar_get_replay (OverlapReplayBar *self);
void           overlap_replay_bar_set_replay (OverlapReplayBar *self,
                                              OverlapReplay    *replay);

G_END_DECLS
