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
  guint                  first_task;    /* the index of spec in the scenario */
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

/* How a language writes a task's arguments: each value (a number, a size, a
 * quoted string) between the two texts of its place. */
typedef struct
{
  const char *before;
  const char *after;    /* NULL: nothing */
} OverlapCodePlace;

typedef struct
{
  OverlapCodePlace numbered_label;  /* an item of count > 1: its prefix, quoted but not closed */
  gboolean         fstring_labels;  /* numbered labels are Python f-strings */
  OverlapCodePlace seconds;         /* timer, cpu */
  OverlapCodePlace url;             /* http */
  OverlapCodePlace demo_url;        /* http, the demo server's path */
  OverlapCodePlace write_size;      /* file, written */
  OverlapCodePlace path;            /* file, read from a given path */
  OverlapCodePlace temp_path;       /* file, read from a temporary file of the size */
  OverlapCodePlace chunk_size;      /* file */
  OverlapCodePlace argv;            /* spawn: around the arguments (no value) */
  OverlapCodePlace arg;             /* spawn: each argument */
} OverlapCodeSyntax;

void   _overlap_code_plan_init      (OverlapCodePlan         *plan,
                                     OverlapScenario         *scenario);
void   _overlap_code_plan_clear     (OverlapCodePlan         *plan);
char  *_overlap_code_seconds        (gint64                   usec);
void   _overlap_code_append_comment (GString                 *out,
                                     const char              *lead,
                                     const char              *text,
                                     guint                    width);
void   _overlap_code_append_label   (GString                 *out,
                                     const OverlapCodeSyntax *syntax,
                                     const OverlapCodeItem   *item);
void   _overlap_code_append_args    (GString                 *out,
                                     const OverlapCodeSyntax *syntax,
                                     const OverlapTaskSpec   *spec);

/* A program's text with flags and values to fill in (overlap-code-template.c) */
typedef struct _OverlapCodeTemplate OverlapCodeTemplate;

OverlapCodeTemplate *_overlap_code_template_new           (const char            *name);
OverlapCodeTemplate *_overlap_code_template_new_for_bytes (const char            *name,
                                                           GBytes                *text);
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
guint                _overlap_code_template_get_insert_line (OverlapCodeTemplate *self,
                                                           const char            *name);

/* A program being written (overlap_code_for()): its template, the plan of
 * the scenario's tasks, the block the tasks are written in and where their
 * lines are noted. */
typedef struct
{
  OverlapCodeTemplate   *program;
  OverlapCodePlan        plan;
  OverlapScenario       *scenario;
  const OverlapStrategy *strategy;
  gboolean               blocking;  /* threads(n): blocking calls on a pool */
  GString               *out;       /* the block */
  GArray                *lines;     /* of guint, per task: its line in out, or NULL */
} OverlapCodeContext;

/* A language's own part of its program (overlap-code-gen-python.c,
 * overlap-code-gen-c.c): the template's flags and values that only it has,
 * and the block its tasks are written in. */
void _overlap_code_python_write (OverlapCodeContext *py);
void _overlap_code_c_write      (OverlapCodeContext *cg);

/* Where a task's line goes: @lines (of guint, one per task of the scenario)
 * gets, for the tasks of @item, the line (0-based, in the block being
 * written to @out) that @out's end is on. NULL: not asked. */
void                 _overlap_code_note_item_line         (GArray                *lines,
                                                           const OverlapCodeItem *item,
                                                           const GString         *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverlapCodeTemplate, _overlap_code_template_free)

G_END_DECLS
