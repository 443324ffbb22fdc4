/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "overlap-import.h"
#include "overlap-scenario.h"

/* Every input the fuzzers (build-aux/fuzz.sh) once crashed on, kept in
 * tests/data/fuzz/<target>/, through the same parsers as the fuzz targets: each
 * ends in a result or an error, never both, never a crash (under ASan/UBSan in the
 * sanitizer build of ./check). */

static void
for_each_sample (const char *target,
                 void      (*feed) (const char *data, gsize size, const char *name))
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "fuzz", target, NULL);
  g_autoptr(GDir) samples = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (samples);
  while ((name = g_dir_read_name (samples)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize size;

      g_autofree char *exact = NULL;

      g_assert_true (g_file_get_contents (path, &data, &size, NULL));
      /* exactly the file's bytes, with no NUL after them, as the fuzzer feeds
       * them: a read past the end shows under AddressSanitizer */
      exact = g_malloc (MAX (size, 1));
      memcpy (exact, data, size);
      feed (exact, size, name);
      n++;
    }
  g_test_message ("%u %s samples", n, target);
  g_assert_cmpuint (n, >, 0);
}

static void
feed_scenario (const char *data,
               gsize       size,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OverlapScenario) scenario = overlap_scenario_new_from_data (data, size, name, &error);

  g_assert_true ((scenario == NULL) != (error == NULL));
  if (scenario != NULL)
    {
      g_autofree char *json = overlap_scenario_to_json (scenario);
      OverlapScenario *again = overlap_scenario_new_from_data (json, -1, name, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (overlap_scenario_get_n_tasks (again), ==, overlap_scenario_get_n_tasks (scenario));
      g_assert_finalize_object (again);
      g_assert_finalize_object (g_steal_pointer (&scenario));
    }
}

static void
feed_import (const char *data,
             gsize       size,
             const char *name)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_auto(OverlapImportReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(OverlapRecording) recording = overlap_import_bytes (bytes, name, &report, &error);

  g_assert_true ((recording == NULL) != (error == NULL));
  if (recording != NULL)
    g_assert_finalize_object (g_steal_pointer (&recording));
}

static void
test_scenario_samples (void)
{
  for_each_sample ("scenario", feed_scenario);
}

static void
test_import_samples (void)
{
  for_each_sample ("import", feed_import);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fuzz-samples/scenario", test_scenario_samples);
  g_test_add_func ("/fuzz-samples/import", test_import_samples);

  return g_test_run ();
}
