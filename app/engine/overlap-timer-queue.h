/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Many deadlines under one GSource: a binary heap ordered by deadline, so that
 * 100,000 waiting timers cost the main loop one source, not 100,000 (every
 * iteration of a GMainContext walks all of its sources).
 *
 * An entry is embedded in its owner's struct and handed back to the queue's
 * callback when its deadline passes; the callback finds the owner with
 * G_STRUCT_OFFSET. An entry is in at most one queue at a time. */

typedef struct
{
  gint64 deadline;   /* monotonic µs */
  guint  index;      /* place in the heap, or G_MAXUINT when not queued */
} OverlapTimerEntry;

/* Called once for each entry whose deadline has passed, after it left the queue.
 * It may add and remove entries, and destroy the queue. */
typedef void (*OverlapTimerFunc) (OverlapTimerEntry *entry,
                                  gpointer           user_data);

#define OVERLAP_TIMER_ENTRY_INIT { 0, G_MAXUINT }

GSource  *overlap_timer_queue_new        (OverlapTimerFunc   func,
                                          gpointer           user_data);
void      overlap_timer_queue_add        (GSource           *queue,
                                          OverlapTimerEntry *entry,
                                          gint64             deadline);
void      overlap_timer_queue_remove     (GSource           *queue,
                                          OverlapTimerEntry *entry);
guint     overlap_timer_queue_get_length (GSource           *queue);

static inline gboolean
overlap_timer_entry_is_queued (const OverlapTimerEntry *entry)
{
  return entry->index != G_MAXUINT;
}

G_END_DECLS
