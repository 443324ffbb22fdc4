/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  OVERLAP_TASK_TIMER,
  OVERLAP_TASK_HTTP,
  OVERLAP_TASK_FILE,
  OVERLAP_TASK_SPAWN,
  OVERLAP_TASK_CPU,
  OVERLAP_N_TASK_KINDS /*< skip >*/
} OverlapTaskKind;

/* What one task of a scenario does. Durations in µs, sizes in bytes. Plain data:
 * the runner scales it by the time scale and builds an OverlapTask from it. */
typedef struct
{
  OverlapTaskKind kind;
  char           *label;
  gint64          duration;     /* timer, cpu; spawn when no argv: `sleep duration` */
  gint64          timeout;      /* per task: cancelled past it (0: none) */

  /* http */
  char           *url;          /* NULL: the embedded demo server, with the parameters below */
  gint64          latency;      /* demo server: delay before the answer */
  guint64         bandwidth;    /* demo server: bytes per second, 0 = as fast as possible */
  guint           status;       /* demo server: status code to answer, 0 = 200 */
  guint64         drop_after;   /* demo server: close the connection after this many body bytes (0: never) */

  /* http (body size on the demo server), file */
  guint64         size;
  gsize           chunk_size;   /* read/write chunk; 0 = 64 KiB */

  /* file */
  char           *path;         /* NULL: a temporary file of `size` bytes */
  gboolean        write;        /* write `size` bytes instead of reading */

  /* spawn */
  char          **argv;

  /* cpu */
  gboolean        on_loop;      /* TRUE: blocks the main loop (the pitfall); FALSE: a worker thread */
} OverlapTaskSpec;

#define OVERLAP_TYPE_TASK_SPEC (overlap_task_spec_get_type ())

GType            overlap_task_spec_get_type    (void) G_GNUC_CONST;
OverlapTaskSpec *overlap_task_spec_new         (OverlapTaskKind        kind,
                                                const char            *label);
OverlapTaskSpec *overlap_task_spec_copy        (const OverlapTaskSpec *spec);
OverlapTaskSpec *overlap_task_spec_scaled      (const OverlapTaskSpec *spec,
                                                double                 time_scale);
void             overlap_task_spec_free        (OverlapTaskSpec       *spec);
const char      *overlap_task_kind_to_string   (OverlapTaskKind        kind);
gboolean         overlap_task_kind_from_string (const char            *string,
                                                OverlapTaskKind       *kind);
char            *overlap_task_spec_describe    (const OverlapTaskSpec *spec);
gboolean         overlap_task_spec_same_description (const OverlapTaskSpec *a,
                                                     const OverlapTaskSpec *b);
gint64           overlap_scale_time            (gint64                 value,
                                                double                 scale);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverlapTaskSpec, overlap_task_spec_free)

G_END_DECLS
