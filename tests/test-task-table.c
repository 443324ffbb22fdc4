/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "overlap-recording.h"
#include "overlap-task-row.h"
#include "overlap-task-table.h"

#define MS 1000
#define S  G_USEC_PER_SEC

typedef struct
{
  const char   *label;
  const char   *kind;
  gint64        queued;     /* µs in the queue before starting, 0 for none */
  gint64        start;
  gint64        end;
  OverlapResult result;
  const char   *message;
  guint64       bytes;
} Task;

/* A finished run where each task waits from its start to its end, after its
 * queue; http tasks connect for 2 ms, wait, and receive for the last 5 ms. */
static OverlapRun *
make_run (const char *strategy,
          const Task *tasks,
          guint       n_tasks)
{
  OverlapRun *run = overlap_run_new ("Three tasks", strategy);
  gint64 end = 0;

  for (guint i = 0; i < n_tasks; i++)
    overlap_run_add_lane (run, tasks[i].label, tasks[i].kind, NULL);
  overlap_run_begin (run, g_get_monotonic_time ());

  for (guint i = 0; i < n_tasks; i++)
    {
      const Task *t = &tasks[i];

      if (t->queued > 0)
        overlap_run_set_phase (run, i, OVERLAP_PHASE_QUEUED, t->start - t->queued);
      if (g_str_equal (t->kind, "http"))
        {
          overlap_run_set_phase (run, i, OVERLAP_PHASE_CONNECT, t->start);
          overlap_run_set_phase (run, i, OVERLAP_PHASE_WAITING, t->start + 2 * MS);
          overlap_run_set_phase (run, i, OVERLAP_PHASE_RECEIVING, t->end - 5 * MS);
        }
      else
        overlap_run_set_phase (run, i, OVERLAP_PHASE_WAITING, t->start);
      overlap_run_add_bytes (run, i, t->bytes);
    }

  /* Finish in order of end, as the loop would. */
  for (guint done = 0; done < n_tasks; done++)
    {
      guint next = 0;
      gint64 best = G_MAXINT64;

      for (guint i = 0; i < n_tasks; i++)
        if (overlap_run_get_lane (run, i)->result == OVERLAP_RESULT_PENDING && tasks[i].end < best)
          best = tasks[next = i].end;
      overlap_run_lane_finish (run, next, tasks[next].result, tasks[next].message, tasks[next].end);
      end = MAX (end, tasks[next].end);
    }
  overlap_run_finish (run, OVERLAP_RUN_FINISHED, end);

  return run;
}

static const Task sequential_tasks[] = {
  { "A", "timer", 0, 0, 2 * S, OVERLAP_RESULT_OK, NULL, 0 },
  { "B", "timer", 0, 2 * S, 3 * S, OVERLAP_RESULT_OK, NULL, 0 },
  { "C", "timer", 0, 3 * S, 6 * S, OVERLAP_RESULT_OK, NULL, 0 },
};

/* Durations chosen so that sorting them as text would give another order. */
static const Task bounded_tasks[] = {
  { "page 1", "http", 0, 0, 200 * MS, OVERLAP_RESULT_OK, NULL, 512 * 1024 },
  { "page 2", "http", 0, 0, 1500 * MS, OVERLAP_RESULT_FAILED, "Connection refused", 0 },
  { "page 3", "http", 200 * MS, 200 * MS, 230 * MS, OVERLAP_RESULT_OK, NULL, 2048 },
  { "page 4", "http", 230 * MS, 230 * MS, 10230 * MS, OVERLAP_RESULT_TIMED_OUT, "Timed out after 10 s", 100 },
  { "page 5", "http", 1500 * MS, 1500 * MS, 1600 * MS, OVERLAP_RESULT_CANCELLED, "Another task finished first", 0 },
};

typedef struct
{
  OverlapRecording *recording;
  GtkWidget        *window;
  OverlapTaskTable *table;
} Fixture;

/* The text a label, or a table cell (an inscription), shows. */
static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  return NULL;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type,
                 const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (label == NULL || g_strcmp0 (widget_text (widget), label) == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkColumnView *
get_column_view (Fixture *f)
{
  return GTK_COLUMN_VIEW (find_descendant (GTK_WIDGET (f->table), GTK_TYPE_COLUMN_VIEW, NULL));
}

static GListModel *
get_model (Fixture *f)
{
  return G_LIST_MODEL (gtk_column_view_get_model (get_column_view (f)));
}

static OverlapTaskRow *
get_row (Fixture *f,
         guint    position)
{
  g_autoptr(OverlapTaskRow) row = g_list_model_get_item (get_model (f), position);

  g_assert_nonnull (row);
  return row; /* the model keeps it alive */
}

static const char *
visible_page (Fixture *f)
{
  GtkStack *stack = GTK_STACK (find_descendant (GTK_WIDGET (f->table), GTK_TYPE_STACK, NULL));

  return gtk_stack_get_visible_child_name (stack);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the window map, lay out and draw (the rows' cells exist only then). */
static void
wait_for_label (Fixture    *f,
                const char *text)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, timeout_cb, &timed_out);

  while (!timed_out && find_descendant (f->window, GTK_TYPE_WIDGET, text) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(OverlapRun) sequential = make_run ("sequential", sequential_tasks, G_N_ELEMENTS (sequential_tasks));
  g_autoptr(OverlapRun) bounded = make_run ("bounded(2)", bounded_tasks, G_N_ELEMENTS (bounded_tasks));

  f->recording = overlap_recording_new ("Three tasks");
  overlap_recording_add_run (f->recording, sequential);

  f->table = OVERLAP_TASK_TABLE (overlap_task_table_new ());
  overlap_task_table_set_recording (f->table, f->recording);
  /* Added after the table is set: items-changed appends its rows. */
  overlap_recording_add_run (f->recording, bounded);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 600);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->table));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (f->table), (gpointer *) &f->table);
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (f->table);
  g_assert_finalize_object (f->recording);
}

static void
test_rows (Fixture       *f,
           gconstpointer  data)
{
  GListModel *model = get_model (f);
  OverlapTaskRow *row;
  g_autofree char *phases = NULL;
  g_autofree char *size = g_format_size (512 * 1024);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 8);
  g_assert_cmpstr (visible_page (f), ==, "tasks");

  /* Recording order: run by run, lane by lane. */
  row = get_row (f, 1);
  g_assert_cmpstr (overlap_task_row_get_strategy (row), ==, "sequential");
  g_assert_cmpstr (overlap_task_row_get_label (row), ==, "B");
  g_assert_cmpstr (overlap_task_row_get_kind (row), ==, "timer");
  g_assert_cmpuint (overlap_task_row_get_run_index (row), ==, 0);
  g_assert_cmpuint (overlap_task_row_get_lane (row), ==, 1);
  g_assert_cmpstr (overlap_task_row_get_duration_text (row), ==, "1.00 s");
  g_assert_cmpstr (overlap_task_row_get_phases (row), ==, "waiting 1.00 s");
  g_assert_cmpstr (overlap_task_row_get_result_text (row), ==, "ok");
  g_assert_cmpint (overlap_task_row_get_completion (row), ==, 2);

  row = get_row (f, 3);
  g_assert_cmpstr (overlap_task_row_get_strategy (row), ==, "bounded(2)");
  g_assert_cmpstr (overlap_task_row_get_label (row), ==, "page 1");
  g_assert_cmpstr (overlap_task_row_get_duration_text (row), ==, "200 ms");
  g_assert_cmpstr (overlap_task_row_get_phases (row), ==, "connect 2.0 ms · waiting 193 ms · receiving 5.0 ms");
  g_assert_cmpuint (overlap_task_row_get_bytes (row), ==, 512 * 1024);
  g_object_get (row, "phases", &phases, NULL);
  g_assert_cmpstr (phases, ==, "connect 2.0 ms · waiting 193 ms · receiving 5.0 ms");

  row = get_row (f, 4);
  g_assert_cmpint (overlap_task_row_get_result (row), ==, OVERLAP_RESULT_FAILED);
  g_assert_cmpstr (overlap_task_row_get_result_text (row), ==, "failed");
  g_assert_cmpstr (overlap_task_row_get_message (row), ==, "Connection refused");
  g_assert_cmpstr (overlap_task_row_get_duration_text (row), ==, "1.50 s");

  row = get_row (f, 6);
  g_assert_cmpstr (overlap_task_row_get_result_text (row), ==, "timed out");
  g_assert_cmpint (overlap_task_row_get_queued (row), ==, 230 * MS);
  g_assert_cmpstr (overlap_task_row_get_duration_text (row), ==, "10.2 s");

  /* What a person sees: the cells show the texts, styled by result. */
  wait_for_label (f, "10.2 s");
  wait_for_label (f, size);
  g_assert_true (gtk_widget_has_css_class (find_descendant (f->window, GTK_TYPE_INSCRIPTION, "failed"), "error"));
  g_assert_true (gtk_widget_has_css_class (find_descendant (f->window, GTK_TYPE_INSCRIPTION, "timed out"), "warning"));
  g_assert_true (gtk_widget_has_css_class (find_descendant (f->window, GTK_TYPE_INSCRIPTION, "cancelled"), "dim-label"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_descendant (f->window, GTK_TYPE_INSCRIPTION, "failed")),
                   ==, "Connection refused");
}

static GtkColumnViewColumn *
get_column (Fixture    *f,
            const char *title)
{
  GListModel *columns = gtk_column_view_get_columns (get_column_view (f));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_assert_not_reached ();
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  GListModel *model = get_model (f);
  guint n = g_list_model_get_n_items (model);
  /* As text, "10.2 s" would come before "2.00 s" and "200 ms". */
  const char *expected[] = { "200 ms", "230 ms", "1.00 s", "1.50 s", "1.60 s", "2.00 s", "3.00 s", "10.2 s" };

  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (get_column_view (f))), ==, 12);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));

  gtk_column_view_sort_by_column (get_column_view (f), get_column (f, "Duration"), GTK_SORT_ASCENDING);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (overlap_task_row_get_duration_text (get_row (f, i)), ==, expected[i]);

  gtk_column_view_sort_by_column (get_column_view (f), get_column (f, "Duration"), GTK_SORT_DESCENDING);
  g_assert_cmpstr (overlap_task_row_get_duration_text (get_row (f, 0)), ==, "10.2 s");

  gtk_column_view_sort_by_column (get_column_view (f), get_column (f, "Task"), GTK_SORT_ASCENDING);
  g_assert_cmpstr (overlap_task_row_get_label (get_row (f, 0)), ==, "A");
  g_assert_cmpstr (overlap_task_row_get_label (get_row (f, n - 1)), ==, "page 5");

  gtk_column_view_sort_by_column (get_column_view (f), get_column (f, "Bytes"), GTK_SORT_DESCENDING);
  g_assert_cmpuint (overlap_task_row_get_bytes (get_row (f, 0)), ==, 512 * 1024);
  g_assert_cmpuint (overlap_task_row_get_bytes (get_row (f, 1)), ==, 2048);
  g_assert_cmpuint (overlap_task_row_get_bytes (get_row (f, 2)), ==, 100);

  /* Every column sorts, both ways, keeping every row. */
  for (guint i = 0; i < 12; i++)
    {
      GListModel *columns = gtk_column_view_get_columns (get_column_view (f));
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_nonnull (gtk_column_view_column_get_sorter (column));
      gtk_column_view_sort_by_column (get_column_view (f), column, GTK_SORT_ASCENDING);
      gtk_column_view_sort_by_column (get_column_view (f), column, GTK_SORT_DESCENDING);
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
    }

  /* Unsorted again: recording order. */
  gtk_column_view_sort_by_column (get_column_view (f), NULL, GTK_SORT_ASCENDING);
  g_assert_cmpstr (overlap_task_row_get_label (get_row (f, 0)), ==, "A");
  g_assert_cmpstr (overlap_task_row_get_label (get_row (f, 3)), ==, "page 1");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_select (Fixture       *f,
             gconstpointer  data)
{
  GtkSelectionModel *model = GTK_SELECTION_MODEL (get_model (f));
  OverlapSelection *selected = overlap_task_table_get_selection (f->table);
  guint run_notified = 0, lane_notified = 0;
  OverlapTaskRow *row;

  g_assert_cmpint (overlap_selection_get_run (selected), ==, -1);
  g_assert_cmpint (overlap_selection_get_lane (selected), ==, -1);
  g_signal_connect (selected, "notify::run", G_CALLBACK (count_notify), &run_notified);
  g_signal_connect (selected, "notify::lane", G_CALLBACK (count_notify), &lane_notified);

  /* A user selects a row (sorted, so the position is not the index). */
  gtk_column_view_sort_by_column (get_column_view (f), get_column (f, "Duration"), GTK_SORT_DESCENDING);
  gtk_selection_model_select_item (model, 1, TRUE);
  row = get_row (f, 1);
  g_assert_cmpint (overlap_selection_get_run (selected), ==, overlap_task_row_get_run_index (row));
  g_assert_cmpint (overlap_selection_get_lane (selected), ==, overlap_task_row_get_lane (row));
  g_assert_cmpuint (run_notified, ==, 1);
  g_assert_cmpuint (lane_notified, ==, 1);

  /* From outside: the Gantt view selects page 2 (run 1, lane 1). */
  overlap_selection_set (selected, 1, 1);
  row = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model));
  g_assert_nonnull (row);
  g_assert_cmpstr (overlap_task_row_get_label (row), ==, "page 2");
  g_assert_cmpint (overlap_selection_get_run (selected), ==, 1);
  g_assert_cmpint (overlap_selection_get_lane (selected), ==, 1);

  /* Through the properties, as a binding would. */
  g_object_set (selected, "run", 0, "lane", 2, NULL);
  row = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model));
  g_assert_cmpstr (overlap_task_row_get_label (row), ==, "C");

  /* Re-sorting keeps the selected task. */
  gtk_column_view_sort_by_column (get_column_view (f), get_column (f, "Task"), GTK_SORT_ASCENDING);
  row = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model));
  g_assert_cmpstr (overlap_task_row_get_label (row), ==, "C");
  g_assert_cmpint (overlap_selection_get_lane (selected), ==, 2);

  /* A user unselects. */
  run_notified = lane_notified = 0;
  gtk_selection_model_unselect_item (model, gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)));
  g_assert_cmpint (overlap_selection_get_run (selected), ==, -1);
  g_assert_cmpint (overlap_selection_get_lane (selected), ==, -1);
  g_assert_cmpuint (run_notified, ==, 1);
  g_assert_cmpuint (lane_notified, ==, 1);

  overlap_selection_set (selected, 1, 4);
  overlap_selection_set (selected, -1, -1);
  g_assert_null (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model)));

  /* Removing the first run keeps the selected task, at its new index. */
  overlap_selection_set (selected, 1, 3);
  overlap_recording_remove_run (f->recording, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  g_assert_cmpint (overlap_selection_get_run (selected), ==, 0);
  g_assert_cmpint (overlap_selection_get_lane (selected), ==, 3);
  row = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model));
  g_assert_cmpstr (overlap_task_row_get_label (row), ==, "page 4");

  /* A task asked for before its run is there has no row, and is selected once
   * the run's rows come. */
  overlap_selection_set (selected, 1, 2);
  g_assert_null (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model)));
  {
    g_autoptr(OverlapRun) run = make_run ("gather", sequential_tasks, G_N_ELEMENTS (sequential_tasks));

    overlap_recording_add_run (f->recording, run);
  }
  row = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model));
  g_assert_nonnull (row);
  g_assert_cmpstr (overlap_task_row_get_label (row), ==, "C");
  g_assert_cmpint (overlap_selection_get_run (selected), ==, 1);
  g_assert_cmpint (overlap_selection_get_lane (selected), ==, 2);

  g_signal_handlers_disconnect_by_func (selected, count_notify, &run_notified);
  g_signal_handlers_disconnect_by_func (selected, count_notify, &lane_notified);
}

static void
test_live (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(OverlapRun) run = overlap_run_new ("Three tasks", "gather");
  GListModel *model = get_model (f);
  OverlapTaskRow *first, *second;
  g_autofree char *completion = NULL;
  gint64 duration;

  overlap_run_add_lane (run, "A", "timer", NULL);
  overlap_run_add_lane (run, "B", "timer", NULL);
  overlap_run_begin (run, g_get_monotonic_time () - 50 * MS);
  overlap_run_set_phase (run, 0, OVERLAP_PHASE_WAITING, 0);
  overlap_recording_add_run (f->recording, run);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  first = get_row (f, 8);
  second = get_row (f, 9);
  g_assert_cmpstr (overlap_task_row_get_result_text (first), ==, "running…");
  g_assert_cmpstr (overlap_task_row_get_result_text (second), ==, "pending");
  g_assert_cmpint (overlap_task_row_get_completion (first), ==, 0);
  g_object_get (first, "completion-text", &completion, NULL);
  g_assert_cmpstr (completion, ==, "—");
  g_assert_cmpint (overlap_task_row_get_end (first), ==, -1);
  duration = overlap_task_row_get_duration (first);
  g_assert_cmpint (duration, >=, 50 * MS);

  /* While live the values move on at each refresh. */
  g_usleep (20 * MS);
  overlap_task_table_refresh (f->table);
  g_assert_cmpint (overlap_task_row_get_duration (first), >=, duration + 20 * MS);

  /* Sorted by result, pending first: A leaves the top once it is done. */
  gtk_column_view_sort_by_column (get_column_view (f), get_column (f, "Result"), GTK_SORT_ASCENDING);
  g_assert_true (get_row (f, 0) == first);
  g_assert_true (get_row (f, 1) == second);

  overlap_run_lane_finish (run, 0, OVERLAP_RESULT_OK, NULL, 80 * MS);
  overlap_run_set_phase (run, 1, OVERLAP_PHASE_WAITING, 80 * MS);
  g_assert_cmpstr (overlap_task_row_get_result_text (first), ==, "running…");
  overlap_task_table_refresh (f->table);
  g_assert_cmpstr (overlap_task_row_get_result_text (first), ==, "ok");
  g_assert_true (get_row (f, 0) == second);
  g_assert_true (get_row (f, 1) != first);
  g_assert_cmpint (overlap_task_row_get_end (first), ==, 80 * MS);
  g_assert_cmpstr (overlap_task_row_get_duration_text (first), ==, "80 ms");
  g_assert_cmpint (overlap_task_row_get_completion (first), ==, 1);
  g_assert_cmpstr (overlap_task_row_get_result_text (second), ==, "running…");

  /* The run's end settles its rows without a refresh. */
  overlap_run_lane_finish (run, 1, OVERLAP_RESULT_CANCELLED, "Cancelled by the user", 90 * MS);
  overlap_run_finish (run, OVERLAP_RUN_CANCELLED, 90 * MS);
  g_assert_cmpstr (overlap_task_row_get_result_text (second), ==, "cancelled");
  g_assert_cmpstr (overlap_task_row_get_message (second), ==, "Cancelled by the user");
}

/* A live run of many tasks is refreshed a little at a time: each call stops
 * after its budget, the next goes on where it stopped, and once the last row is
 * reached every row shows the run as it is. */
static void
test_live_in_slices (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OverlapRun) run = overlap_run_new ("Many tasks", "gather");
  GListModel *model = get_model (f);
  guint n_before = g_list_model_get_n_items (model);
  guint calls = 0;
  gboolean whole;

  for (guint i = 0; i < 2000; i++)
    overlap_run_add_lane (run, "page", "http", NULL);
  overlap_run_begin (run, g_get_monotonic_time ());
  for (guint i = 0; i < 2000; i++)
    overlap_run_set_phase (run, i, OVERLAP_PHASE_QUEUED, 0);
  overlap_recording_add_run (f->recording, run);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_before + 2000);

  /* every task leaves the queue and receives, then ends */
  for (guint i = 0; i < 2000; i++)
    {
      overlap_run_set_phase (run, i, OVERLAP_PHASE_RECEIVING, 10 * MS);
      overlap_run_add_bytes (run, i, 4096);
      overlap_run_lane_finish (run, i, OVERLAP_RESULT_OK, NULL, 30 * MS);
    }

  /* a budget of nothing: one slice of rows a call, never all of them at once */
  do
    {
      whole = overlap_task_table_refresh_some (f->table, 0);
      calls++;
    }
  while (!whole && calls < 10000);
  g_assert_true (whole);
  g_assert_cmpuint (calls, >, 10);

  for (guint i = n_before; i < n_before + 2000; i++)
    {
      g_autoptr(OverlapTaskRow) row = g_list_model_get_item (model, i);
      g_autofree char *phases = NULL;

      g_assert_cmpstr (overlap_task_row_get_result_text (row), ==, "ok");
      g_assert_cmpuint (overlap_task_row_get_bytes (row), ==, 4096);
      g_assert_cmpint (overlap_task_row_get_queued (row), ==, 10 * MS);
      g_object_get (row, "phases", &phases, NULL);
      g_assert_cmpstr (phases, ==, "receiving 20 ms");
    }

  overlap_run_finish (run, OVERLAP_RUN_FINISHED, 30 * MS);
}

static void
test_clear (Fixture       *f,
            gconstpointer  data)
{
  OverlapSelection *selected = overlap_task_table_get_selection (f->table);

  overlap_selection_set (selected, 1, 0);
  g_assert_cmpint (overlap_selection_get_run (selected), ==, 1);

  overlap_recording_clear (f->recording);
  g_assert_cmpuint (g_list_model_get_n_items (get_model (f)), ==, 0);
  g_assert_cmpstr (visible_page (f), ==, "empty");
  g_assert_cmpint (overlap_selection_get_run (selected), ==, -1);
  g_assert_cmpint (overlap_selection_get_lane (selected), ==, -1);
  wait_for_label (f, "Run the scenario to see its tasks here");

  /* A new run after the clear fills the table again. */
  {
    g_autoptr(OverlapRun) run = make_run ("gather", sequential_tasks, 2);

    overlap_recording_add_run (f->recording, run);
  }
  g_assert_cmpuint (g_list_model_get_n_items (get_model (f)), ==, 2);
  g_assert_cmpstr (visible_page (f), ==, "tasks");

  /* No recording at all is empty too. */
  overlap_task_table_set_recording (f->table, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (get_model (f)), ==, 0);
  g_assert_cmpstr (visible_page (f), ==, "empty");
}

static void
test_format (void)
{
  const struct { gint64 usec; const char *text; } cases[] = {
    { -1, "—" }, { 0, "0 ms" }, { 80, "80 µs" }, { 2 * MS, "2.0 ms" }, { 200 * MS, "200 ms" },
    { 999700, "1.00 s" }, { 1500 * MS, "1.50 s" }, { 12 * S, "12.0 s" }, { 150 * S, "150 s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = overlap_task_row_format_time (cases[i].usec);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task-table/format", test_format);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }

  g_test_add ("/task-table/rows", Fixture, NULL, fixture_set_up, test_rows, fixture_tear_down);
  g_test_add ("/task-table/sort", Fixture, NULL, fixture_set_up, test_sort, fixture_tear_down);
  g_test_add ("/task-table/select", Fixture, NULL, fixture_set_up, test_select, fixture_tear_down);
  g_test_add ("/task-table/live", Fixture, NULL, fixture_set_up, test_live, fixture_tear_down);
  g_test_add ("/task-table/live-in-slices", Fixture, NULL, fixture_set_up, test_live_in_slices, fixture_tear_down);
  g_test_add ("/task-table/clear", Fixture, NULL, fixture_set_up, test_clear, fixture_tear_down);

  return g_test_run ();
}
