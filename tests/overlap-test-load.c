/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-test-load.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* What the load tests measure of this process: its memory, its threads, its
 * children; and how much load they put on it. */

/* OVERLAP_TEST_LOAD scales the counts of the load tests (./check sets 0.1 for the
 * sanitizer build, where everything runs several times slower): the same checks,
 * on fewer tasks. */
guint
overlap_test_scaled (guint n)
{
  const char *load = g_getenv ("OVERLAP_TEST_LOAD");
  double factor = load ? g_ascii_strtod (load, NULL) : 1.0;

  if (!(factor > 0) || factor > 1)
    factor = 1.0;
  return MAX (1, (guint) (n * factor));
}

/* VmRSS of this process in KiB, 0 where /proc cannot say. */
gsize
overlap_test_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line ? (gsize) g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

guint
overlap_test_n_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* TRUE once this process has no child left, reaped or not; the default main
 * context is spun meanwhile, for GLib's child watch to reap the last ones.
 * FALSE when some are still there after @timeout_ms. */
gboolean
overlap_test_wait_no_children (guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_GINT64_CONSTANT (1000);

  do
    {
      siginfo_t info = { 0 };

      /* WNOWAIT: look, never reap (that is GSubprocess's job). */
      if (waitid (P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) < 0 && errno == ECHILD)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  while (g_get_monotonic_time () < deadline);

  return FALSE;
}

/* As app/main.c does: the soft limit on descriptors raised to the hard one, for
 * tests of thousands of connections (each takes one on either side). */
void
overlap_test_raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}
