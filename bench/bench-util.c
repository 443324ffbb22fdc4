/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-util.h"

gint64
bench_cpu_time (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec
         + (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

static glong
status_field_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return strtol (line + strlen (field), NULL, 10);
}

glong
bench_vm_rss_kib (void)
{
  return status_field_kib ("VmRSS:");
}

glong
bench_vm_hwm_kib (void)
{
  return status_field_kib ("VmHWM:");
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_percentile (GArray *values,
                  double  percentile)
{
  double rank;
  guint lo;

  g_return_val_if_fail (values->len > 0, 0);

  g_array_sort (values, compare_doubles);
  rank = percentile / 100.0 * (values->len - 1);
  lo = (guint) rank;
  if (lo + 1 >= values->len)
    return g_array_index (values, double, values->len - 1);
  return g_array_index (values, double, lo)
         + (rank - lo) * (g_array_index (values, double, lo + 1) - g_array_index (values, double, lo));
}

double
bench_median (GArray *values)
{
  return bench_percentile (values, 50);
}

double
bench_min (GArray *values)
{
  return bench_percentile (values, 0);
}

double
bench_max (GArray *values)
{
  return bench_percentile (values, 100);
}

char *
bench_summary (GArray     *values,
               const char *format)
{
  g_autofree char *median = NULL, *min = NULL, *max = NULL;

  if (values->len == 0)
    return g_strdup ("–");

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  median = g_strdup_printf (format, bench_median (values));
  min = g_strdup_printf (format, bench_min (values));
  max = g_strdup_printf (format, bench_max (values));
#pragma GCC diagnostic pop
  return g_strdup_printf ("%s (%s–%s)", median, min, max);
}

char *
bench_run_child (const char * const *argv,
                 GError            **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s", argv[0], err ? err : "");
      return NULL;
    }
  if (err != NULL && *err != '\0')
    g_printerr ("%s", err);
  return g_steal_pointer (&out);
}

gboolean
bench_parse_value (const char *text,
                   const char *key,
                   double     *value)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gsize key_len = strlen (key);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strncmp (lines[i], key, key_len) == 0 && lines[i][key_len] == ' ')
        {
          *value = g_ascii_strtod (lines[i] + key_len + 1, NULL);
          return TRUE;
        }
    }
  return FALSE;
}
