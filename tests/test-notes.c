/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <string.h>

#include <glib/gstdio.h>

#include "overlap-chart-layout.h"
#include "overlap-export.h"
#include "overlap-import.h"
#include "overlap-painter.h"
#include "overlap-recording.h"
#include "overlap-replay.h"
#include "overlap-scenario.h"
#include "overlap-trace.h"

/* Notes on the timeline: kept by the recording, saved in its trace, drawn in
 * its PNG export, carried by scenarios. */

static void
count_cb (OverlapRecording *recording,
          guint            *count)
{
  (*count)++;
}

static OverlapRecording *
make_recording (void)
{
  OverlapRecording *recording = overlap_recording_new ("Notes");
  g_autoptr(OverlapRun) run = overlap_run_new ("Notes", "concurrent");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *label = g_strdup_printf ("task %u", i);
      guint lane = overlap_run_add_lane (run, label, "timer", NULL);

      overlap_run_add_span (run, lane, OVERLAP_PHASE_WAITING, 0, 2000000, NULL);
    }
  overlap_run_restore_state (run, OVERLAP_RUN_FINISHED, 2000000);
  overlap_recording_add_run (recording, run);
  return recording;
}

static void
test_model (void)
{
  g_autoptr(OverlapRecording) recording = overlap_recording_new ("Notes");
  const OverlapNote *notes;
  guint count = 0, n, a, b;

  g_signal_connect (recording, "notes-changed", G_CALLBACK (count_cb), &count);

  a = overlap_recording_add_note (recording, 1500000, 1500000, "here the loop is blocked");
  b = overlap_recording_add_note (recording, 900000, 300000, "a range");
  g_assert_cmpuint (a, !=, 0);
  g_assert_cmpuint (a, !=, b);
  g_assert_cmpuint (count, ==, 2);

  notes = overlap_recording_get_notes (recording, &n);
  g_assert_cmpuint (n, ==, 2);
  /* in time order, a reversed range put right */
  g_assert_cmpuint (notes[0].id, ==, b);
  g_assert_cmpint (notes[0].start, ==, 300000);
  g_assert_cmpint (notes[0].end, ==, 900000);
  g_assert_cmpint (notes[1].start, ==, notes[1].end);

  g_assert_true (overlap_recording_update_note (recording, a, 100000, 100000, NULL));
  notes = overlap_recording_get_notes (recording, &n);
  g_assert_cmpuint (notes[0].id, ==, a);
  g_assert_cmpstr (notes[0].text, ==, "here the loop is blocked");
  g_assert_true (overlap_recording_update_note (recording, a, 100000, 100000, "edited"));
  g_assert_cmpstr (overlap_recording_find_note (recording, a)->text, ==, "edited");
  g_assert_cmpuint (count, ==, 4);

  g_assert_true (overlap_recording_remove_note (recording, a));
  g_assert_false (overlap_recording_remove_note (recording, a));
  g_assert_false (overlap_recording_update_note (recording, a, 0, 0, "x"));
  g_assert_null (overlap_recording_find_note (recording, a));
  overlap_recording_get_notes (recording, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (count, ==, 5);

  overlap_recording_clear (recording);
  overlap_recording_get_notes (recording, &n);
  g_assert_cmpuint (n, ==, 0);
}

static void
test_round_trip (void)
{
  g_autoptr(OverlapRecording) recording = make_recording ();
  g_autoptr(OverlapRecording) back = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  OverlapImportReport report;
  const OverlapNote *a, *b;
  guint n_a, n_b;

  overlap_recording_add_note (recording, 1500000, 1500000, "here the loop is blocked");
  overlap_recording_add_note (recording, 250000, 750001, "«quoted» \"text\"\nand a line");
  overlap_recording_add_note (recording, 0, 0, "");

  g_assert_true (overlap_trace_export (recording, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));

  /* what Perfetto reads: an instant of the global scope, a complete event */
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  "{\"ph\":\"i\",\"pid\":0,\"tid\":0,\"name\":\"here the loop is blocked\","
                                  "\"cat\":\"overlap.note\",\"s\":\"g\",\"ts\":1500000,"
                                  "\"args\":{\"text\":\"here the loop is blocked\"}}"));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  "\"cat\":\"overlap.note\",\"ts\":250000,\"dur\":500001,"));

  back = overlap_import_bytes (bytes, "notes.json", &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_skipped, ==, 0);
  overlap_import_report_clear (&report);

  /* the run is back as it was, and no lane was made of the notes */
  g_assert_cmpuint (overlap_recording_get_n_runs (back), ==, 1);
  overlap_run_get_lanes (overlap_recording_get_run (back, 0), &n_a);
  g_assert_cmpuint (n_a, ==, 3);

  a = overlap_recording_get_notes (recording, &n_a);
  b = overlap_recording_get_notes (back, &n_b);
  g_assert_cmpuint (n_a, ==, n_b);
  for (guint i = 0; i < n_a; i++)
    {
      g_assert_cmpint (a[i].start, ==, b[i].start);
      g_assert_cmpint (a[i].end, ==, b[i].end);
      g_assert_cmpstr (a[i].text, ==, b[i].text);
    }
}

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);

  return *(const guint32 *) (gconstpointer) (data + y * cairo_image_surface_get_stride (surface) + 4 * x) & 0xFFFFFF;
}

/* Whether a pixel of column @x, rows @y0…@y1, is of the notes' amber */
static gboolean
column_has_amber (cairo_surface_t *surface,
                  int              x,
                  int              y0,
                  int              y1)
{
  for (int y = y0; y < y1; y++)
    {
      guint32 p = pixel_at (surface, x, y);
      int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;

      if (r > 200 && g > 110 && g < 210 && b < 80)
        return TRUE;
    }
  return FALSE;
}

static void
check_png (gboolean dark)
{
  g_autoptr(OverlapRecording) recording = make_recording ();
  g_autofree char *dir = g_dir_make_tmp ("overlap-notes-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "chart.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OverlapChartLayout) layout = NULL;
  OverlapPaintOptions options;
  OverlapPaintRect lane;
  cairo_surface_t *surface;
  double x, x_plain;
  int y0, y1;

  overlap_paint_options_init (&options);
  options.width = 1000;
  options.height = 500;
  options.dark = dark;

  g_assert_true (overlap_export_chart (recording, path, OVERLAP_CHART_PNG, &options, &error));
  g_assert_no_error (error);
  layout = overlap_chart_layout_new (recording);
  overlap_chart_layout_set_options (layout, &options);
  g_assert_true (overlap_chart_layout_get_lane_rect (layout, 0, 2, &lane));
  x = round (overlap_chart_layout_time_to_x (layout, 1500000));
  x_plain = round (overlap_chart_layout_time_to_x (layout, 1000000));
  y0 = (int) lane.y;
  y1 = (int) (lane.y + lane.height);

  /* without a note: no amber where the flag will be */
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_false (column_has_amber (surface, (int) x, y0, y1));
  cairo_surface_destroy (surface);

  overlap_recording_add_note (recording, 1500000, 1500000, "here the loop is blocked");
  g_assert_true (overlap_export_chart (recording, path, OVERLAP_CHART_PNG, &options, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (path);
  /* the flag's line crosses the last lane at 1.5 s, and only there */
  g_assert_true (column_has_amber (surface, (int) x, y0, y1) || column_has_amber (surface, (int) x + 1, y0, y1));
  g_assert_false (column_has_amber (surface, (int) x_plain, y0, y1));
  /* its label is found where the note is */
  g_assert_cmpuint (overlap_chart_layout_note_at (layout, x + 1, lane.y), !=, 0);
  g_assert_cmpuint (overlap_chart_layout_note_at (layout, x_plain, lane.y), ==, 0);
  cairo_surface_destroy (surface);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_png_light (void)
{
  check_png (FALSE);
}

static void
test_png_dark (void)
{
  check_png (TRUE);
}

/* A replay shows a note once it has passed it. */
static void
test_replay (void)
{
  g_autoptr(OverlapRecording) recording = make_recording ();
  g_autoptr(OverlapReplay) replay = NULL;
  g_autoptr(OverlapChartLayout) layout = NULL;
  OverlapRecording *shown;
  OverlapPaintOptions options;
  guint n;
  double x;

  overlap_recording_add_note (recording, 1500000, 1500000, "here the loop is blocked");
  replay = overlap_replay_new (recording);
  shown = overlap_replay_get_recording (replay);
  overlap_paint_options_init (&options);
  options.width = 1000;
  options.height = 500;
  options.view_start = 0;
  options.view_end = 2000000;
  layout = overlap_chart_layout_new (shown);
  overlap_chart_layout_set_options (layout, &options);
  x = overlap_chart_layout_time_to_x (layout, 1500000);

  overlap_replay_seek (replay, 1000000);
  overlap_recording_get_notes (shown, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (overlap_chart_layout_note_at (layout, x + 1, 300), ==, 0);
  overlap_replay_seek (replay, 1600000);
  g_assert_cmpuint (overlap_chart_layout_note_at (layout, x + 1, 300), !=, 0);
  overlap_replay_seek (replay, 500000);
  overlap_recording_get_notes (shown, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (overlap_chart_layout_note_at (layout, x + 1, 300), ==, 0);
}

/* A note added, edited or removed while a replay plays is the recording's:
 * still there after a rewind, saved with the recording, on its next replay */
static void
test_replay_edits (void)
{
  g_autoptr(OverlapRecording) recording = make_recording ();
  g_autoptr(OverlapReplay) replay = NULL;
  g_autoptr(OverlapReplay) again = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  OverlapRecording *shown;
  const OverlapNote *notes;
  guint n, added, count = 0;

  overlap_recording_add_note (recording, 1500000, 1500000, "here the loop is blocked");
  replay = overlap_replay_new (recording);
  shown = overlap_replay_get_recording (replay);
  g_signal_connect (recording, "notes-changed", G_CALLBACK (count_cb), &count);

  overlap_replay_seek (replay, 1000000);
  added = overlap_recording_add_note (shown, 1000000, 1000000, "said while replaying");
  notes = overlap_recording_get_notes (recording, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpstr (overlap_recording_find_note (recording, added)->text, ==, "said while replaying");

  /* rewound and played again: still there, and still the recording's */
  overlap_replay_seek (replay, 200000);
  overlap_replay_seek (replay, 1200000);
  g_assert_cmpstr (overlap_recording_find_note (shown, added)->text, ==, "said while replaying");
  overlap_recording_get_notes (recording, &n);
  g_assert_cmpuint (n, ==, 2);

  /* moved and edited, then a note of the recording removed, in the replay */
  overlap_recording_update_note (shown, added, 900000, 1100000, "said again");
  g_assert_cmpint (overlap_recording_find_note (recording, added)->start, ==, 900000);
  g_assert_cmpint (overlap_recording_find_note (recording, added)->end, ==, 1100000);
  g_assert_cmpstr (overlap_recording_find_note (recording, added)->text, ==, "said again");
  overlap_recording_remove_note (shown, overlap_recording_get_notes (shown, &n)[1].id);
  notes = overlap_recording_get_notes (recording, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (notes[0].id, ==, added);

  /* saved with the recording, and on its next replay */
  g_assert_true (overlap_trace_export (recording, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  g_assert_nonnull (g_strstr_len (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                                  g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                                  "\"args\":{\"text\":\"said again\"}"));
  g_clear_object (&replay);
  again = overlap_replay_new (recording);
  overlap_replay_seek (again, 1200000);
  notes = overlap_recording_get_notes (overlap_replay_get_recording (again), &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (notes[0].text, ==, "said again");

  /* a replay gone, its recording lives on alone (a view may hold it) */
  {
    OverlapRecording *left = g_object_ref (overlap_replay_get_recording (again));

    g_clear_object (&again);
    overlap_recording_add_note (left, 0, 0, "after the replay");
    overlap_recording_get_notes (recording, &n);
    g_assert_cmpuint (n, ==, 1);
    g_object_unref (left);
  }
  g_signal_handlers_disconnect_by_func (recording, count_cb, &count);
}

/* The CPU pitfall carries its notes; a scenario's bad note is an error
 * that names it. */
static void
test_scenario (void)
{
  g_autoptr(OverlapScenario) scenario = NULL;
  g_autoptr(OverlapScenario) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const char *bad = "{ \"title\": \"t\", \"notes\": [ { \"at\": 2, \"until\": 1, \"text\": \"x\" } ],"
                    " \"tasks\": [ { \"kind\": \"timer\", \"duration\": 1 } ] }";
  const char *missing = "{ \"title\": \"t\", \"notes\": [ { \"at\": 2 } ],"
                        " \"tasks\": [ { \"kind\": \"timer\", \"duration\": 1 } ] }";
  const GArray *notes;

  scenario = overlap_scenario_new_bundled ("cpu-pitfall", &error);
  g_assert_no_error (error);
  notes = overlap_scenario_get_notes (scenario);
  g_assert_nonnull (notes);
  g_assert_cmpuint (notes->len, ==, 3);
  g_assert_cmpint (g_array_index (notes, OverlapNote, 0).start, ==, 50000);
  g_assert_cmpint (g_array_index (notes, OverlapNote, 0).end, ==, 50000);
  g_assert_true (strstr (g_array_index (notes, OverlapNote, 0).text, "the loop is blocked") != NULL);
  g_assert_cmpint (g_array_index (notes, OverlapNote, 1).start, ==, 1000000);
  g_assert_cmpint (g_array_index (notes, OverlapNote, 1).end, ==, 2000000);
  g_assert_cmpint (g_array_index (notes, OverlapNote, 2).start, ==, 2000000);

  /* written back as read */
  json = overlap_scenario_to_json (scenario);
  back = overlap_scenario_new_from_data (json, strlen (json), "back.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overlap_scenario_get_notes (back)->len, ==, 3);
  g_assert_cmpint (g_array_index (overlap_scenario_get_notes (back), OverlapNote, 1).end, ==, 2000000);

  g_clear_object (&back);
  back = overlap_scenario_new_from_data (bad, strlen (bad), "bad.json", &error);
  g_assert_null (back);
  g_assert_nonnull (strstr (error->message, "bad.json: notes[0]"));
  g_assert_nonnull (strstr (error->message, "until"));
  g_clear_error (&error);
  back = overlap_scenario_new_from_data (missing, strlen (missing), "missing.json", &error);
  g_assert_null (back);
  g_assert_nonnull (strstr (error->message, "notes[0]"));
  g_assert_nonnull (strstr (error->message, "text"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/notes/model", test_model);
  g_test_add_func ("/notes/round-trip", test_round_trip);
  g_test_add_func ("/notes/png-light", test_png_light);
  g_test_add_func ("/notes/png-dark", test_png_dark);
  g_test_add_func ("/notes/replay", test_replay);
  g_test_add_func ("/notes/replay-edits", test_replay_edits);
  g_test_add_func ("/notes/scenario", test_scenario);

  return g_test_run ();
}
