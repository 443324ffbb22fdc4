/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "overlap-run.h"
#include "overlap-task-spec.h"

G_BEGIN_DECLS

/* What the runner hands every task of one run. Owned by the runner, outlives the task's work. */
typedef struct
{
  SoupSession *session;         /* one per run, with the scenario's connection limits */
  const char  *demo_uri;        /* base URI of the embedded demo server ("http://127.0.0.1:PORT/"), or NULL */
  GFile       *work_dir;        /* a private temporary directory for file tasks */
} OverlapTaskContext;

#define OVERLAP_TYPE_TASK (overlap_task_get_type ())

G_DECLARE_DERIVABLE_TYPE (OverlapTask, overlap_task, OVERLAP, TASK, GObject)

struct _OverlapTaskClass
{
  GObjectClass parent_class;

  /* Does the work on the thread-default main context, recording its phases, chunks
   * and bytes with the overlap_task_record_*() helpers, then calls @callback. The
   * runner records the queue, the start and the end result itself. */
  void     (*run_async)  (OverlapTask         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data);
  gboolean (*run_finish) (OverlapTask         *self,
                          GAsyncResult        *result,
                          GError             **error);

  /* Does the same work, blocking, in a worker thread (the threads strategy).
   * Must not touch the recording. NULL: the kind cannot run in a thread. */
  gboolean (*run_sync)   (OverlapTask         *self,
                          GCancellable        *cancellable,
                          GError             **error);

  gpointer padding[8];
};

OverlapTask           *overlap_task_new_for_spec   (const OverlapTaskSpec     *spec,
                                                    const OverlapTaskContext  *context);
const OverlapTaskSpec *overlap_task_get_spec       (OverlapTask               *self);
const OverlapTaskContext *overlap_task_get_context (OverlapTask               *self);
const char            *overlap_task_get_label      (OverlapTask               *self);
void                   overlap_task_bind           (OverlapTask               *self,
                                                    OverlapRun                *run,
                                                    guint                      lane);
OverlapRun            *overlap_task_get_run        (OverlapTask               *self);
guint                  overlap_task_get_lane       (OverlapTask               *self);

void                   overlap_task_run_async      (OverlapTask               *self,
                                                    GCancellable              *cancellable,
                                                    GAsyncReadyCallback        callback,
                                                    gpointer                   user_data);
gboolean               overlap_task_run_finish     (OverlapTask               *self,
                                                    GAsyncResult              *result,
                                                    GError                   **error);
gboolean               overlap_task_can_run_sync   (OverlapTask               *self);
gboolean               overlap_task_run_sync       (OverlapTask               *self,
                                                    GCancellable              *cancellable,
                                                    GError                   **error);

/* Recording helpers for subclasses: they do nothing when the task is not bound to a run. */
void                   overlap_task_record_phase   (OverlapTask               *self,
                                                    OverlapPhase               phase);
void                   overlap_task_record_phase_at (OverlapTask              *self,
                                                    OverlapPhase               phase,
                                                    gint64                     monotonic_time);
void                   overlap_task_record_chunk   (OverlapTask               *self,
                                                    gsize                      bytes);

G_END_DECLS
