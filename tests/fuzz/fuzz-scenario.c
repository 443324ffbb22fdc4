/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the scenario parser (overlap_scenario_new_from_data) on any bytes,
 * and, when a scenario comes out, its JSON written back and parsed again. Built by
 * build-aux/fuzz.sh (meson -Dfuzzing=true, clang). */
#include "config.h"

#include "overlap-scenario.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OverlapScenario) scenario = NULL;

  scenario = overlap_scenario_new_from_data ((const char *) data, (gssize) size, "fuzz.json", &error);
  g_assert ((scenario == NULL) != (error == NULL));
  if (scenario != NULL)
    {
      g_autofree char *json = overlap_scenario_to_json (scenario);
      g_autoptr(OverlapScenario) again = overlap_scenario_new_from_data (json, -1, "again.json", NULL);

      /* What Overlap writes, it reads back. */
      g_assert (again != NULL);
      g_assert (overlap_scenario_get_n_tasks (again) == overlap_scenario_get_n_tasks (scenario));
    }
  return 0;
}
