/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-replay.h"
#include "overlap-test-compare.h"

/* Replaying a recording: the runs grow again as they did, and at the end the
 * replay is the recording, field by field. */

#define MS 1000

static OverlapRecording *
make_recording (void)
{
  OverlapRecording *recording = overlap_recording_new ("ABC");
  g_autoptr(OverlapRun) seq = overlap_run_new ("ABC", "sequential");
  g_autoptr(OverlapRun) gather = overlap_run_new ("ABC", "gather");
  guint in_flight;

  /* sequential: A 0–200, B 200–300 (two phases, chunks), C 300–600 failed */
  overlap_run_begin (seq, 0);
  overlap_run_add_lane (seq, "A", "timer", NULL);
  overlap_run_add_lane (seq, "B", "http", "GET /");
  overlap_run_add_lane (seq, "C", "spawn", "false");
  overlap_run_set_phase (seq, 0, OVERLAP_PHASE_WAITING, 0);
  overlap_run_lane_finish (seq, 0, OVERLAP_RESULT_OK, NULL, 200 * MS);
  overlap_run_set_phase (seq, 1, OVERLAP_PHASE_CONNECT, 200 * MS);
  overlap_run_set_phase (seq, 1, OVERLAP_PHASE_RECEIVING, 250 * MS);
  overlap_run_add_mark (seq, 1, OVERLAP_MARK_CHUNK, 260 * MS, 4096);
  overlap_run_add_bytes (seq, 1, 4096);
  overlap_run_add_mark (seq, 1, OVERLAP_MARK_CHUNK, 290 * MS, 1024);
  overlap_run_add_bytes (seq, 1, 1024);
  overlap_run_lane_finish (seq, 1, OVERLAP_RESULT_OK, NULL, 300 * MS);
  overlap_run_set_phase (seq, 2, OVERLAP_PHASE_RUNNING, 300 * MS);
  overlap_run_lane_finish (seq, 2, OVERLAP_RESULT_FAILED, "“false” exited with status 1", 600 * MS);
  overlap_run_finish (seq, OVERLAP_RUN_FINISHED, 600 * MS);

  /* gather, started after: all from 0 */
  overlap_run_begin (gather, 0);
  overlap_run_set_offset (gather, 600 * MS);
  for (guint i = 0; i < 3; i++)
    {
      overlap_run_add_lane (gather, i == 0 ? "A" : i == 1 ? "B" : "C", "timer", NULL);
      overlap_run_set_phase (gather, i, OVERLAP_PHASE_WAITING, 0);
    }
  overlap_run_lane_finish (gather, 1, OVERLAP_RESULT_OK, NULL, 100 * MS);
  overlap_run_lane_finish (gather, 0, OVERLAP_RESULT_OK, NULL, 200 * MS);
  overlap_run_lane_finish (gather, 2, OVERLAP_RESULT_CANCELLED, "Cancelled: “B” finished first", 250 * MS);
  in_flight = overlap_run_add_counter (gather, "loop lag", "ms");
  overlap_run_add_sample (gather, in_flight, 150 * MS, 12.5);
  overlap_run_finish (gather, OVERLAP_RUN_FINISHED, 250 * MS);

  overlap_recording_add_run (recording, seq);
  overlap_recording_add_run (recording, gather);
  return recording;
}

static void
test_grows_then_matches (void)
{
  OverlapRecording *source = make_recording ();
  OverlapReplay *replay = overlap_replay_new (source);
  OverlapRecording *shown = overlap_replay_get_recording (replay);
  OverlapRun *seq;
  const OverlapSpan *spans;
  guint n;

  g_assert_cmpint (overlap_replay_get_duration (replay), ==, 850 * MS);
  g_assert_cmpuint (overlap_recording_get_n_runs (shown), ==, 0);

  /* 250 ms in: the sequential run is live, A done, B receiving, C not begun; gather not started */
  overlap_replay_seek (replay, 270 * MS);
  g_assert_cmpuint (overlap_recording_get_n_runs (shown), ==, 1);
  seq = overlap_recording_get_run (shown, 0);
  g_assert_true (overlap_run_is_live (seq));
  g_assert_cmpint (overlap_run_get_end (seq, g_get_monotonic_time ()), ==, 270 * MS);
  g_assert_cmpint (overlap_run_get_lane (seq, 0)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpint (overlap_run_get_lane (seq, 1)->result, ==, OVERLAP_RESULT_PENDING);
  g_assert_cmpint (overlap_run_get_lane (seq, 2)->start, <, 0);
  g_assert_cmpuint (overlap_run_get_lane (seq, 1)->bytes, ==, 4096);
  spans = overlap_run_get_spans (seq, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (spans[2].phase, ==, OVERLAP_PHASE_RECEIVING);
  g_assert_cmpint (spans[2].end, ==, -1);   /* still open: it grows with the replay */
  g_assert_true (overlap_recording_is_live (shown));

  /* at the end: the same recording */
  overlap_replay_seek (replay, overlap_replay_get_duration (replay));
  g_assert_cmpuint (overlap_recording_get_n_runs (shown), ==, 2);
  g_assert_false (overlap_recording_is_live (shown));
  for (guint i = 0; i < 2; i++)
    overlap_test_assert_runs_equal (overlap_recording_get_run (source, i), overlap_recording_get_run (shown, i));
  g_assert_cmpfloat (overlap_recording_get_speedup (shown, overlap_recording_get_run (shown, 1)), ==,
                     overlap_recording_get_speedup (source, overlap_recording_get_run (source, 1)));

  /* back to the middle: as it was on the way forward */
  overlap_replay_seek (replay, 270 * MS);
  g_assert_cmpuint (overlap_recording_get_n_runs (shown), ==, 1);
  g_assert_cmpint (overlap_run_get_lane (overlap_recording_get_run (shown, 0), 1)->result, ==, OVERLAP_RESULT_PENDING);

  g_assert_finalize_object (replay);
  g_assert_finalize_object (source);
}

static void
test_step (void)
{
  OverlapRecording *source = make_recording ();
  OverlapReplay *replay = overlap_replay_new (source);
  guint steps = 0;

  g_assert_true (overlap_replay_step (replay, 1));
  g_assert_cmpint (overlap_replay_get_position (replay), ==, 150 * MS - 150 * MS + 200 * MS);  /* A ends first */
  while (overlap_replay_step (replay, 1))
    steps++;
  g_assert_cmpint (overlap_replay_get_position (replay), ==, 850 * MS);
  g_assert_cmpuint (steps, >=, 5);
  g_assert_true (overlap_replay_step (replay, -1));
  g_assert_cmpint (overlap_replay_get_position (replay), <, 850 * MS);

  g_assert_finalize_object (replay);
  g_assert_finalize_object (source);
}

static gboolean
stopped (gpointer data)
{
  return !overlap_replay_get_playing (data);
}

static void
test_play_speed (void)
{
  OverlapRecording *source = make_recording ();
  OverlapReplay *replay = overlap_replay_new (source);
  gint64 started, took_fast;

  overlap_replay_set_speed (replay, 100);   /* clamped */
  g_assert_cmpfloat (overlap_replay_get_speed (replay), ==, OVERLAP_REPLAY_MAX_SPEED);

  started = g_get_monotonic_time ();
  overlap_replay_play (replay);
  while (!stopped (replay))
    g_main_context_iteration (NULL, TRUE);
  took_fast = g_get_monotonic_time () - started;
  g_assert_cmpint (overlap_replay_get_position (replay), ==, overlap_replay_get_duration (replay));
  g_assert_false (overlap_recording_is_live (overlap_replay_get_recording (replay)));

  /* 850 ms at 4×: about 212 ms, and surely not the whole 850 */
  g_assert_cmpint (took_fast, >=, 850 * MS / 4 - 20 * MS);
  g_assert_cmpint (took_fast, <, 850 * MS * 3 / 4);

  /* pausing stops it where it is */
  overlap_replay_set_speed (replay, 0.25);
  overlap_replay_play (replay);   /* from the start again */
  g_assert_cmpint (overlap_replay_get_position (replay), ==, 0);
  overlap_replay_pause (replay);
  g_assert_false (overlap_replay_get_playing (replay));

  g_assert_finalize_object (replay);
  g_assert_finalize_object (source);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/replay/grows-then-matches", test_grows_then_matches);
  g_test_add_func ("/replay/step", test_step);
  g_test_add_func ("/replay/play-speed", test_play_speed);

  return g_test_run ();
}
