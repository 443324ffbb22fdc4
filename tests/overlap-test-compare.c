/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "overlap-test-compare.h"

/* Two runs, field by field: lanes, spans, marks, counters and their figures. */
void
overlap_test_assert_runs_equal (OverlapRun *a,
                                OverlapRun *b)
{
  const OverlapLane *la, *lb;
  const OverlapSpan *sa, *sb;
  const OverlapMark *ma, *mb;
  const OverlapCounter *ca, *cb;
  guint na, nb;
  OverlapRunStats stats_a, stats_b;

  g_assert_cmpstr (overlap_run_get_title (a), ==, overlap_run_get_title (b));
  g_assert_cmpstr (overlap_run_get_strategy (a), ==, overlap_run_get_strategy (b));
  g_assert_cmpstr (overlap_run_get_note (a), ==, overlap_run_get_note (b));
  g_assert_cmpint (overlap_run_get_state (a), ==, overlap_run_get_state (b));
  g_assert_cmpint (overlap_run_get_wall_time (a), ==, overlap_run_get_wall_time (b));
  g_assert_cmpint (overlap_run_get_offset (a), ==, overlap_run_get_offset (b));
  g_assert_cmpint (overlap_run_get_clock_start (a), ==, overlap_run_get_clock_start (b));

  overlap_run_get_stats (a, &stats_a);
  overlap_run_get_stats (b, &stats_b);
  g_assert_cmpmem (&stats_a, sizeof stats_a, &stats_b, sizeof stats_b);

  la = overlap_run_get_lanes (a, &na);
  lb = overlap_run_get_lanes (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpstr (overlap_run_string (a, la[i].label), ==, overlap_run_string (b, lb[i].label));
      g_assert_cmpstr (overlap_run_string (a, la[i].kind), ==, overlap_run_string (b, lb[i].kind));
      g_assert_cmpstr (overlap_run_string (a, la[i].detail), ==, overlap_run_string (b, lb[i].detail));
      g_assert_cmpstr (overlap_run_string (a, la[i].message), ==, overlap_run_string (b, lb[i].message));
      g_assert_cmpint (la[i].result, ==, lb[i].result);
      g_assert_cmpint (la[i].completion, ==, lb[i].completion);
      g_assert_cmpint (la[i].start, ==, lb[i].start);
      g_assert_cmpint (la[i].end, ==, lb[i].end);
      g_assert_cmpuint (la[i].bytes, ==, lb[i].bytes);
      g_assert_cmpuint (la[i].open_span, ==, lb[i].open_span);
      g_assert_cmpuint (la[i].n_spans, ==, lb[i].n_spans);
      g_assert_cmpuint (la[i].flags, ==, lb[i].flags);
    }

  sa = overlap_run_get_spans (a, &na);
  sb = overlap_run_get_spans (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpint (sa[i].start, ==, sb[i].start);
      g_assert_cmpint (sa[i].end, ==, sb[i].end);
      g_assert_cmpuint (sa[i].lane, ==, sb[i].lane);
      g_assert_cmpuint (sa[i].phase, ==, sb[i].phase);
      g_assert_cmpuint (sa[i].flags, ==, sb[i].flags);
      g_assert_cmpstr (overlap_run_string (a, sa[i].label), ==, overlap_run_string (b, sb[i].label));
    }

  ma = overlap_run_get_marks (a, &na);
  mb = overlap_run_get_marks (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpint (ma[i].time, ==, mb[i].time);
      g_assert_cmpuint (ma[i].lane, ==, mb[i].lane);
      g_assert_cmpuint (ma[i].kind, ==, mb[i].kind);
      g_assert_cmpuint (ma[i].value, ==, mb[i].value);
    }

  ca = overlap_run_get_counters (a, &na);
  cb = overlap_run_get_counters (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpstr (ca[i].name, ==, cb[i].name);
      g_assert_cmpstr (ca[i].unit, ==, cb[i].unit);
      g_assert_cmpfloat (ca[i].max, ==, cb[i].max);
      g_assert_cmpuint (ca[i].samples->len, ==, cb[i].samples->len);
      for (guint j = 0; j < ca[i].samples->len; j++)
        {
          OverlapSample *xa = &g_array_index (ca[i].samples, OverlapSample, j);
          OverlapSample *xb = &g_array_index (cb[i].samples, OverlapSample, j);

          g_assert_cmpint (xa->time, ==, xb->time);
          g_assert_cmpfloat (xa->value, ==, xb->value);
        }
    }
}
