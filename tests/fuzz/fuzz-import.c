/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the timeline importer (overlap_import_bytes: Chrome trace JSON,
 * .ninja_log, meson testlog.json, told apart by their content) on any bytes. Built by
 * build-aux/fuzz.sh (meson -Dfuzzing=true, clang). */
#include "config.h"

#include "overlap-import.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_auto(OverlapImportReport) report = { 0 };   /* overlap_import_bytes() initializes it */
  g_autoptr(GError) error = NULL;
  g_autoptr(OverlapRecording) recording = NULL;

  recording = overlap_import_bytes (bytes, "fuzz", &report, &error);
  g_assert ((recording == NULL) != (error == NULL));
  return 0;
}
