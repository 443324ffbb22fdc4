/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Helpers shared by the benchmark programs: clocks, statistics, child processes. */

#define BENCH_PYTHON "/usr/bin/python3"

gint64   bench_cpu_time        (void);                    /* µs of user + system CPU of this process */
glong    bench_vm_rss_kib      (void);                    /* VmRSS of this process, KiB */
glong    bench_vm_hwm_kib      (void);                    /* VmHWM (peak RSS) of this process, KiB */

/* Statistics over an array of doubles (sorted in place). */
double   bench_median          (GArray     *values);
double   bench_min             (GArray     *values);
double   bench_max             (GArray     *values);
double   bench_percentile      (GArray     *values,
                                double      percentile);
char    *bench_summary         (GArray     *values,
                                const char *format);     /* "median (min–max)" */

/* Runs @argv, returns its stdout (NULL and a message on failure). */
char    *bench_run_child       (const char * const *argv,
                                GError    **error);
/* Finds "key value" on a line of @text. */
gboolean bench_parse_value     (const char *text,
                                const char *key,
                                double     *value);

G_END_DECLS
