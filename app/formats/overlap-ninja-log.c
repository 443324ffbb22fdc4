/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-import"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "overlap-trace-private.h"

/* ninja's .ninja_log: "# ninja log vN", then one line per output of each
 * finished job: start ms, end ms, mtime, output path, command hash (hex),
 * tab-separated. v5, v6 and v7 share that line (read in ninja's
 * src/build_log.cc): v6 changed what mtime holds (nanoseconds where the
 * platform has them), v7 the command hash (rapidhash instead of
 * MurmurHash64A). Overlap needs neither's meaning: the hash only groups the
 * outputs of one job, the mtime is ignored.
 *
 * ninja appends a line when a job finishes, so within one build the end
 * times never go back; an end lower than the previous line's begins a new
 * build (ninja's clock restarts at each invocation). Each build is a run.
 * (The start time cannot tell: a short job started late is written before
 * a long one started early.) Lines with the same hash, start and end are one
 * job with several outputs: it is named by its first, and lists them all in
 * its detail. Jobs are packed onto worker lanes. */

static gboolean
parse_int (const char *text,
           gint64     *value)
{
  char *end = NULL;

  if (*text == '\0')
    return FALSE;
  *value = g_ascii_strtoll (text, &end, 10);
  return *end == '\0' && *value >= 0 && *value < G_MAXINT64 / 4;
}

/* What a job did, told by its (first) output's name: an object file is
 * compiled; a program (no extension), a shared library ("libx.so",
 * "libx.so.0.7400.6", ".dll", ".dylib") or a static archive is linked;
 * anything else (generated sources, resources, translations, stamps) is
 * a custom command. */
static OverlapSpanKind
job_kind (const char *output)
{
  const char *base = strrchr (output, '/');
  const char *dot;

  base = base != NULL ? base + 1 : output;
  dot = strrchr (base, '.');
  if (dot == NULL || dot == base)
    return OVERLAP_SPAN_KIND_LINK;
  if (g_ascii_strcasecmp (dot, ".o") == 0 || g_ascii_strcasecmp (dot, ".obj") == 0 ||
      g_ascii_strcasecmp (dot, ".gch") == 0 || g_ascii_strcasecmp (dot, ".pch") == 0)
    return OVERLAP_SPAN_KIND_COMPILE;
  if (g_ascii_strcasecmp (dot, ".so") == 0 || strstr (base, ".so.") != NULL ||
      g_ascii_strcasecmp (dot, ".a") == 0 || g_ascii_strcasecmp (dot, ".lib") == 0 ||
      g_ascii_strcasecmp (dot, ".dll") == 0 || g_ascii_strcasecmp (dot, ".dylib") == 0 ||
      g_ascii_strcasecmp (dot, ".exe") == 0)
    return OVERLAP_SPAN_KIND_LINK;
  return OVERLAP_SPAN_KIND_CUSTOM;
}

/* Build @number, of @jobs (at least one) */
static void
add_build (OverlapRecording *recording,
           GArray           *jobs,
           guint             number)
{
  g_autofree char *title = g_strdup_printf (_("Build %u"), number);
  g_autoptr(OverlapRun) run = _overlap_worker_run_new (title, "ninja", "ninja", jobs);

  overlap_recording_add_run (recording, run);
}

OverlapRecording *
_overlap_ninja_log_read (const char           *data,
                         gsize                 size,
                         const char           *display_name,
                         OverlapImportReport  *report,
                         GError              **error)
{
  g_autoptr(OverlapRecording) recording = NULL;
  g_autoptr(GArray) jobs = NULL;
  g_autoptr(GHashTable) job_index = NULL;   /* "hash start end" → index + 1 */
  const char *p = data;
  const char *end = data + size;
  gint64 last_end = -1;
  guint line_number = 0;
  guint builds = 0;
  int version = 0;
  char head[32] = { 0 };

  memcpy (head, data, MIN (size, sizeof head - 1));
  if (sscanf (head, "# ninja log v%d", &version) != 1 || version < 5 || version > 7)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: line 1: not a .ninja_log of version 5, 6 or 7"), display_name);
      return NULL;
    }

  recording = overlap_recording_new (display_name);
  jobs = g_array_new (FALSE, TRUE, sizeof (OverlapWorkerJob));
  g_array_set_clear_func (jobs, _overlap_worker_job_clear);
  job_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      g_autofree char *line = g_strndup (p, (nl ? nl : end) - p);
      g_auto(GStrv) fields = NULL;
      g_autofree char *key = NULL;
      gint64 start_ms, end_ms;
      gpointer found;

      p = nl ? nl + 1 : end;
      line_number++;
      g_strchomp (line);
      if (line[0] == '\0' || line[0] == '#')
        continue;

      report->n_events++;
      fields = g_strsplit (line, "\t", 6);
      if (g_strv_length (fields) != 5 || !parse_int (fields[0], &start_ms) ||
          !parse_int (fields[1], &end_ms) || fields[3][0] == '\0' ||
          !g_utf8_validate (fields[3], -1, NULL))
        {
          overlap_import_report_skip (report, FALSE, _("%s: line %u: not a ninja log entry"),
                                      display_name, line_number);
          continue;
        }
      if (end_ms < start_ms)
        {
          overlap_import_report_skip (report, FALSE, _("%s: line %u: the job ends before it starts"),
                                      display_name, line_number);
          continue;
        }

      /* ninja started again: the build so far is done (not empty: it set last_end) */
      if (end_ms < last_end)
        {
          add_build (recording, jobs, ++builds);
          g_array_set_size (jobs, 0);
          g_hash_table_remove_all (job_index);
        }
      last_end = end_ms;

      key = g_strdup_printf ("%s %s %s", fields[4], fields[0], fields[1]);
      if (g_hash_table_lookup_extended (job_index, key, NULL, &found))
        {
          OverlapWorkerJob *job = &g_array_index (jobs, OverlapWorkerJob, GPOINTER_TO_UINT (found) - 1);
          char *detail = g_strconcat (job->detail, "\n", fields[3], NULL);

          g_free (job->detail);
          job->detail = detail;
        }
      else
        {
          OverlapWorkerJob job = {
            start_ms * 1000, end_ms * 1000, g_strdup (fields[3]), g_strdup (fields[3]),
            OVERLAP_RESULT_OK, job_kind (fields[3]),
          };

          g_array_append_val (jobs, job);
          g_hash_table_insert (job_index, g_steal_pointer (&key), GUINT_TO_POINTER (jobs->len));
        }
    }
  if (jobs->len > 0)
    add_build (recording, jobs, ++builds);

  return g_steal_pointer (&recording);
}
