/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  OVERLAP_STRATEGY_SEQUENTIAL,      /* await one after another */
  OVERLAP_STRATEGY_GATHER,          /* asyncio.gather: all at once */
  OVERLAP_STRATEGY_BOUNDED,         /* Semaphore(n): at most n in flight */
  OVERLAP_STRATEGY_AS_COMPLETED,    /* all at once, results in completion order */
  OVERLAP_STRATEGY_FIRST_COMPLETED, /* asyncio.wait(FIRST_COMPLETED): the first wins, the rest are cancelled */
  OVERLAP_STRATEGY_TIMEOUT,         /* wait_for: tasks past the deadline are cancelled */
  OVERLAP_STRATEGY_THREADS,         /* blocking work on a pool of n threads */
  OVERLAP_N_STRATEGIES /*< skip >*/
} OverlapStrategyKind;

typedef struct
{
  OverlapStrategyKind kind;
  guint               n;            /* bounded, threads */
  gint64              deadline;     /* timeout: µs from the run's start */
} OverlapStrategy;

#define OVERLAP_STRATEGY_DEFAULT_N        4
#define OVERLAP_STRATEGY_DEFAULT_DEADLINE (G_USEC_PER_SEC * 3 / 2)
#define OVERLAP_STRATEGY_MAX_N            10000

gboolean    overlap_strategy_parse        (const char            *text,
                                           OverlapStrategy       *strategy,
                                           GError               **error);
GArray     *overlap_strategy_parse_list   (const char            *text,
                                           GError               **error);
char       *overlap_strategy_to_string    (const OverlapStrategy *strategy);
const char *overlap_strategy_kind_to_string (OverlapStrategyKind  kind);
const char *overlap_strategy_describe     (OverlapStrategyKind    kind);
OverlapStrategy overlap_strategy_scaled   (const OverlapStrategy *strategy,
                                           double                 time_scale);

G_END_DECLS
