/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "overlap-format-private.h"
#include "overlap-trace.h"

G_BEGIN_DECLS

OverlapRecording *_overlap_trace_read (JsonArray           *events,
                                       JsonObject          *other_data,
                                       const char          *display_name,
                                       OverlapImportReport *report);

G_END_DECLS
