/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlap-code-gen.h"

G_BEGIN_DECLS

/* Shared by the Python and the C generators (overlap-code-gen-python.c,
 * overlap-code-gen-c.c), written in overlap-code-gen.c. */

/* The base URL the generated programs use for the demo server, started alone
 * with `overlap --serve --port 8080`. */
#define OVERLAP_CODE_DEMO_BASE "http://127.0.0.1:8080"

/* Consecutive tasks alike but for a numbered label ("page 1" … "page 100")
 * become one item, written as a loop rather than a hundred lines. */
typedef struct
{
  const OverlapTaskSpec *spec;          /* the first task of the item */
  guint                  count;         /* 1, or the number of tasks alike */
  char                  *prefix;        /* count > 1: labels are "prefix N" */
  guint                  first_number;  /* count > 1: N of the first label */
} OverlapCodeItem;

typedef struct
{
  GArray   *items;          /* of OverlapCodeItem */
  guint     n_tasks;
  gboolean  kinds[OVERLAP_N_TASK_KINDS];
  gboolean  all_timers;
  gboolean  file_write;     /* some file task writes */
  gboolean  file_read;      /* some file task reads */
  gboolean  temp_files;     /* some file task needs a temporary file */
  gboolean  cpu_loop;       /* some cpu task runs on the loop */
  gboolean  cpu_thread;     /* some cpu task runs in a thread */
  gboolean  task_timeouts;  /* some task has its own timeout */
  gboolean  sizes;          /* KiB/MiB constants are used */
} OverlapCodePlan;

void   _overlap_code_plan_init      (OverlapCodePlan       *plan,
                                     OverlapScenario       *scenario);
void   _overlap_code_plan_clear     (OverlapCodePlan       *plan);
char  *_overlap_code_seconds        (gint64                 usec);
char  *_overlap_code_size           (guint64                bytes);
void   _overlap_code_append_quoted  (GString               *out,
                                     const char            *text,
                                     gboolean               fstring);
void   _overlap_code_append_comment (GString               *out,
                                     const char            *lead,
                                     const char            *text,
                                     guint                  width);
char  *_overlap_code_demo_path      (const OverlapTaskSpec *spec);

/* A program's text with flags and values to fill in (overlap-code-template.c) */
typedef struct _OverlapCodeTemplate OverlapCodeTemplate;

OverlapCodeTemplate *_overlap_code_template_new           (const char            *name);
OverlapCodeTemplate *_overlap_code_template_new_for_bytes (const char            *name,
                                                           GBytes                *text);
OverlapCodeTemplate *_overlap_code_template_for           (const char            *name,
                                                           const OverlapCodePlan *plan,
                                                           OverlapScenario       *scenario,
                                                           const OverlapStrategy *strategy,
                                                           const char            *comment_lead);
void                 _overlap_code_template_free          (OverlapCodeTemplate   *self);
void                 _overlap_code_template_set_flag      (OverlapCodeTemplate   *self,
                                                           const char            *name,
                                                           gboolean               on);
void                 _overlap_code_template_set           (OverlapCodeTemplate   *self,
                                                           const char            *name,
                                                           const char            *value);
void                 _overlap_code_template_set_uint      (OverlapCodeTemplate   *self,
                                                           const char            *name,
                                                           guint                  value);
void                 _overlap_code_template_take          (OverlapCodeTemplate   *self,
                                                           const char            *name,
                                                           char                  *value);
char                *_overlap_code_template_expand        (OverlapCodeTemplate   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverlapCodeTemplate, _overlap_code_template_free)

G_END_DECLS
