/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "overlap-engine-enum-types.h"
#include "overlap-recording.h"
#include "overlap-selection.h"
#include "overlap-strategy.h"
#include "overlap-task-row.h"
#include "overlap-task-spec.h"

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

/* The enums are GTypes of their own, with every value and no count among them. */
static void
test_enum_types (void)
{
  static const struct { const char *name; guint n_values; } enums[] = {
    { "OverlapRunState", 4 }, { "OverlapResult", 6 }, { "OverlapPhase", OVERLAP_N_PHASES },
    { "OverlapMarkKind", OVERLAP_N_MARKS }, { "OverlapTaskKind", OVERLAP_N_TASK_KINDS },
    { "OverlapStrategyKind", OVERLAP_N_STRATEGIES },
  };
  GType types[] = {
    OVERLAP_TYPE_RUN_STATE, OVERLAP_TYPE_RESULT, OVERLAP_TYPE_PHASE,
    OVERLAP_TYPE_MARK_KIND, OVERLAP_TYPE_TASK_KIND, OVERLAP_TYPE_STRATEGY_KIND,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (enums) == G_N_ELEMENTS (types));

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GEnumClass) klass = NULL;

      g_assert_true (G_TYPE_IS_ENUM (types[i]));
      g_assert_cmpstr (g_type_name (types[i]), ==, enums[i].name);
      g_assert_true (g_type_from_name (enums[i].name) == types[i]);
      klass = g_type_class_ref (types[i]);
      g_assert_cmpuint (klass->n_values, ==, enums[i].n_values);
      g_assert_cmpint (klass->minimum, ==, 0);
      g_assert_cmpint (klass->maximum, ==, enums[i].n_values - 1);
    }
}

static void
assert_nick (GType       type,
             int         value,
             const char *nick)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *by_nick = g_enum_get_value_by_nick (klass, nick);

  g_assert_nonnull (by_nick);
  g_assert_cmpint (by_nick->value, ==, value);
  g_assert_cmpstr (g_enum_get_value (klass, value)->value_nick, ==, nick);
}

/* A .ui file or a GtkExpression names a value by its nick: "timed-out". */
static void
test_enum_nicks (void)
{
  g_autoptr(GtkExpression) state = NULL;
  g_autoptr(OverlapRun) run = overlap_run_new ("t", "gather");
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *text = NULL;

  assert_nick (OVERLAP_TYPE_RUN_STATE, OVERLAP_RUN_PENDING, "pending");
  assert_nick (OVERLAP_TYPE_RUN_STATE, OVERLAP_RUN_LIVE, "live");
  assert_nick (OVERLAP_TYPE_RUN_STATE, OVERLAP_RUN_FINISHED, "finished");
  assert_nick (OVERLAP_TYPE_RUN_STATE, OVERLAP_RUN_CANCELLED, "cancelled");
  assert_nick (OVERLAP_TYPE_RESULT, OVERLAP_RESULT_PENDING, "pending");
  assert_nick (OVERLAP_TYPE_RESULT, OVERLAP_RESULT_OK, "ok");
  assert_nick (OVERLAP_TYPE_RESULT, OVERLAP_RESULT_FAILED, "failed");
  assert_nick (OVERLAP_TYPE_RESULT, OVERLAP_RESULT_CANCELLED, "cancelled");
  assert_nick (OVERLAP_TYPE_RESULT, OVERLAP_RESULT_TIMED_OUT, "timed-out");
  assert_nick (OVERLAP_TYPE_RESULT, OVERLAP_RESULT_SKIPPED, "skipped");
  assert_nick (OVERLAP_TYPE_STRATEGY_KIND, OVERLAP_STRATEGY_FIRST_COMPLETED, "first-completed");

  /* the other nicks are the names files and scenarios write */
  for (guint i = 0; i < OVERLAP_N_PHASES; i++)
    assert_nick (OVERLAP_TYPE_PHASE, i, overlap_phase_to_string (i));
  for (guint i = 0; i < OVERLAP_N_MARKS; i++)
    assert_nick (OVERLAP_TYPE_MARK_KIND, i, overlap_mark_to_string (i));
  for (guint i = 0; i < OVERLAP_N_TASK_KINDS; i++)
    assert_nick (OVERLAP_TYPE_TASK_KIND, i, overlap_task_kind_to_string (i));
  for (guint i = 0; i < OVERLAP_N_STRATEGIES; i++)
    assert_nick (OVERLAP_TYPE_STRATEGY_KIND, i, overlap_strategy_kind_to_string (i));

  /* what an expression on a run's state gives */
  overlap_run_begin (run, 0);
  state = gtk_property_expression_new (OVERLAP_TYPE_RUN, NULL, "state");
  g_assert_true (gtk_expression_get_value_type (state) == OVERLAP_TYPE_RUN_STATE);
  g_assert_true (gtk_expression_evaluate (state, run, &value));
  text = g_enum_to_string (OVERLAP_TYPE_RUN_STATE, g_value_get_enum (&value));
  g_assert_cmpstr (text, ==, "OVERLAP_RUN_LIVE");
}

static void
assert_enum_property (GType       owner,
                      const char *name,
                      GType       enum_type,
                      int         default_value)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (owner);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), name);

  g_assert_nonnull (pspec);
  g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
  g_assert_true (pspec->value_type == enum_type);
  g_assert_cmpint (G_PARAM_SPEC_ENUM (pspec)->default_value, ==, default_value);
}

/* A run's "state" and a task row's "result" are enum properties that follow the run. */
static void
test_enum_properties (void)
{
  g_autoptr(OverlapRun) run = overlap_run_new ("t", "gather");
  OverlapTaskRow *row;
  OverlapRunState state;
  OverlapResult result;
  guint lane;

  assert_enum_property (OVERLAP_TYPE_RUN, "state", OVERLAP_TYPE_RUN_STATE, OVERLAP_RUN_PENDING);
  assert_enum_property (OVERLAP_TYPE_TASK_ROW, "result", OVERLAP_TYPE_RESULT, OVERLAP_RESULT_PENDING);

  overlap_run_begin (run, 0);
  lane = overlap_run_add_lane (run, "A", "timer", NULL);
  row = overlap_task_row_new (run, 0, lane);
  g_object_get (row, "result", &result, NULL);
  g_assert_cmpint (result, ==, OVERLAP_RESULT_PENDING);

  overlap_run_lane_finish (run, lane, OVERLAP_RESULT_TIMED_OUT, NULL, 100);
  overlap_run_finish (run, OVERLAP_RUN_CANCELLED, 100);
  g_object_get (run, "state", &state, NULL);
  g_assert_cmpint (state, ==, OVERLAP_RUN_CANCELLED);
  /* the run's end refreshes its rows */
  g_object_get (row, "result", &result, NULL);
  g_assert_cmpint (result, ==, OVERLAP_RESULT_TIMED_OUT);

  g_assert_finalize_object (row);
}

static void
count_changed (guint *count)
{
  (*count)++;
}

/* A view takes a shared selection: its handler moves to it, and runs once. */
static void
test_selection_share (void)
{
  OverlapSelection *held = NULL;
  OverlapSelection *shared = overlap_selection_new ();
  OverlapSelection *own;
  guint count = 0;

  g_assert_true (overlap_selection_share (&held, NULL, G_CALLBACK (count_changed), &count));
  g_assert_nonnull (held);
  g_assert_cmpuint (count, ==, 1);
  own = held;
  g_object_add_weak_pointer (G_OBJECT (own), (gpointer *) &own);

  g_assert_true (overlap_selection_share (&held, shared, G_CALLBACK (count_changed), &count));
  g_assert_true (held == shared);
  g_assert_null (own);   /* the view's own selection went with it */
  g_assert_cmpuint (count, ==, 2);
  g_assert_false (overlap_selection_share (&held, shared, G_CALLBACK (count_changed), &count));
  g_assert_cmpuint (count, ==, 2);

  overlap_selection_set (shared, 1, 2);
  g_assert_cmpuint (count, ==, 3);

  g_signal_handlers_disconnect_by_func (held, count_changed, &count);
  g_clear_object (&held);
  g_assert_finalize_object (shared);
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
  g_test_add_func ("/model/enums/types", test_enum_types);
  g_test_add_func ("/model/enums/nicks", test_enum_nicks);
  g_test_add_func ("/model/enums/properties", test_enum_properties);
  g_test_add_func ("/model/selection/share", test_selection_share);

  return g_test_run ();
}
