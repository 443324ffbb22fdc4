/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-recording.h"

static void
test_run_phases (void)
{
  OverlapRun *run = overlap_run_new ("Three tasks", "gather");
  OverlapRunStats stats;
  const OverlapSpan *spans;
  const OverlapLane *lane;
  guint a, b, n_spans;

  overlap_run_begin (run, g_get_monotonic_time ());
  g_assert_true (overlap_run_is_live (run));

  a = overlap_run_add_lane (run, "Task A", "timer", NULL);
  b = overlap_run_add_lane (run, "Task B", "http", "http://127.0.0.1/");
  overlap_run_set_phase (run, a, OVERLAP_PHASE_WAITING, 0);
  overlap_run_set_phase (run, b, OVERLAP_PHASE_QUEUED, 0);
  overlap_run_set_phase (run, b, OVERLAP_PHASE_CONNECT, 100);
  overlap_run_set_phase (run, b, OVERLAP_PHASE_RECEIVING, 300);
  overlap_run_add_mark (run, b, OVERLAP_MARK_CHUNK, 400, 4096);
  overlap_run_add_bytes (run, b, 4096);
  overlap_run_lane_finish (run, b, OVERLAP_RESULT_FAILED, "Connection dropped", 500);
  overlap_run_lane_finish (run, a, OVERLAP_RESULT_OK, NULL, 2000);
  overlap_run_finish (run, OVERLAP_RUN_FINISHED, 2000);

  spans = overlap_run_get_spans (run, &n_spans);
  g_assert_cmpuint (n_spans, ==, 4);
  g_assert_cmpint (spans[1].phase, ==, OVERLAP_PHASE_QUEUED);
  g_assert_cmpint (spans[1].end, ==, 100);
  g_assert_cmpint (spans[3].end, ==, 500);

  lane = overlap_run_get_lane (run, b);
  g_assert_cmpint (lane->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_cmpstr (overlap_run_string (run, lane->message), ==, "Connection dropped");
  g_assert_cmpint (lane->completion, ==, 1);
  g_assert_cmpint (overlap_run_get_lane (run, a)->completion, ==, 2);

  overlap_run_get_stats (run, &stats);
  g_assert_cmpuint (stats.n_tasks, ==, 2);
  g_assert_cmpuint (stats.n_ok, ==, 1);
  g_assert_cmpuint (stats.n_failed, ==, 1);
  g_assert_cmpint (stats.wall_time, ==, 2000);
  g_assert_cmpint (stats.task_time_sum, ==, 2000 + 400);
  g_assert_cmpuint (stats.max_in_flight, ==, 2);
  g_assert_cmpuint (stats.bytes, ==, 4096);
  g_assert_false (overlap_run_is_live (run));

  g_assert_finalize_object (run);
}

static void
test_compact (void)
{
  /* The recording stays compact so that a million events fit easily. */
  g_assert_cmpuint (sizeof (OverlapSpan), <=, 32);
  g_assert_cmpuint (sizeof (OverlapMark), <=, 16);
}

static void
test_interning (void)
{
  OverlapRun *run = overlap_run_new ("t", "s");
  guint x = overlap_run_intern (run, "chunk");

  g_assert_cmpuint (x, !=, 0);
  g_assert_cmpuint (overlap_run_intern (run, "chunk"), ==, x);
  g_assert_cmpuint (overlap_run_intern (run, NULL), ==, 0);
  g_assert_null (overlap_run_string (run, 0));
  g_assert_null (overlap_run_string (run, 9999));

  g_assert_finalize_object (run);
}

static void
test_recording_speedup (void)
{
  OverlapRecording *rec = overlap_recording_new ("demo");
  OverlapRun *seq = overlap_run_new ("ABC", "sequential");
  OverlapRun *gather = overlap_run_new ("ABC", "gather");
  OverlapRun *item;

  overlap_run_begin (seq, 0);
  overlap_run_finish (seq, OVERLAP_RUN_FINISHED, 6000000);
  overlap_run_begin (gather, 0);
  overlap_run_finish (gather, OVERLAP_RUN_FINISHED, 3000000);
  overlap_recording_add_run (rec, seq);
  overlap_recording_add_run (rec, gather);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rec)), ==, 2);
  item = g_list_model_get_item (G_LIST_MODEL (rec), 1);
  g_assert_true (item == gather);
  g_object_unref (item);
  g_assert_true (overlap_recording_get_baseline (rec, gather) == seq);
  g_assert_cmpfloat_with_epsilon (overlap_recording_get_speedup (rec, gather), 2.0, 1e-9);
  g_assert_cmpint (overlap_recording_get_duration (rec, 0), ==, 6000000);

  overlap_recording_clear (rec);
  g_assert_cmpuint (overlap_recording_get_n_runs (rec), ==, 0);

  g_assert_finalize_object (rec);
  g_assert_finalize_object (seq);
  g_assert_finalize_object (gather);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/run/phases", test_run_phases);
  g_test_add_func ("/model/run/compact", test_compact);
  g_test_add_func ("/model/run/interning", test_interning);
  g_test_add_func ("/model/recording/speedup", test_recording_speedup);

  return g_test_run ();
}
