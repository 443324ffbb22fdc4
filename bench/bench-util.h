/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Helpers shared by the benchmark programs: clocks, statistics, child processes. */

#define BENCH_PYTHON "/usr/bin/python3"

gboolean bench_parse_args      (GOptionContext     *context,
                                const GOptionEntry *entries,
                                int                *argc,
                                char             ***argv);
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

/* Writes a Chrome trace shaped like a real browser's (--trace-startup JSON) of
 * about @n_events events to @path: @n_processes processes with metadata, 170
 * threads over them (a few busy, most quiet), slices nested as Chrome nests
 * them (X written at their end, children first; B/E on some threads), with a
 * source location in args, instants, counters and flows between threads.
 * Returns the number of events written; 0 and @error on failure. */
guint64  bench_write_chrome_trace (const char  *path,
                                   guint        n_events,
                                   guint        n_processes,
                                   GError     **error);

G_END_DECLS
