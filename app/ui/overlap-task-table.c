/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-task-table"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-task-table.h"
#include "overlap-task-row.h"

/* The task table: every task of every run of the recording, one row each, in a
 * sortable column view. It is the chart's data for keyboards and screen readers.
 *
 * The rows live in a GListStore in recording order (run, then lane), sorted by
 * the column view's sorter. Appending a run appends its rows; anything else
 * rebuilds them, keeping the selected task if its run is still there. */

struct _OverlapTaskTable
{
  GtkWidget           parent_instance;

  OverlapRecording   *recording;
  GSignalGroup       *recording_signals;  /* items-changed */
  GListStore         *rows;
  GArray             *lane_counts;   /* guint per run: how many rows it has */
  OverlapSelection   *selected;      /* shared with the other views; may name a task with no row yet */
  gboolean            syncing;       /* changing the view's selection ourselves */
  guint               cursor;        /* overlap_task_table_refresh_some(): the next row */
  gboolean            cycle_changed; /* a value moved since the cursor last wrapped */

  /* Template widgets */
  GtkStack           *stack;
  GtkColumnView      *column_view;
  GtkSingleSelection *selection;
  GtkSortListModel   *sort_model;
};

G_DEFINE_FINAL_TYPE (OverlapTaskTable, overlap_task_table, GTK_TYPE_WIDGET)

/* The cells, column by column as the template has them: an inscription (its size
 * does not follow its text, so a changing value only redraws it) showing one of
 * the row's properties. Built in code: a thousand-row run binds some two hundred
 * rows at once, and parsing a template for each cell of them took ~0.3 s. */
typedef struct
{
  const char *text;       /* the OverlapTaskRow property shown */
  const char *tooltip;    /* the property its tooltip shows, or NULL */
  const char *classes;    /* the property holding its style classes, or NULL */
  float       xalign;
} Cell;

static const Cell cells[] = {
  { "strategy", NULL, NULL, 0 },
  { "label", "detail", NULL, 0 },
  { "kind", NULL, NULL, 0 },
  { "start-text", NULL, NULL, 1 },
  { "end-text", NULL, NULL, 1 },
  { "duration-text", NULL, NULL, 1 },
  { "queued-text", NULL, NULL, 1 },
  { "phases", "phases", NULL, 0 },
  { "bytes-text", NULL, NULL, 1 },
  { "result-text", "message", "result-classes", 0 },
  { "details", "message", NULL, 0 },
  { "completion-text", NULL, NULL, 1 },
};

#define CELL_BINDINGS "overlap-cell-bindings"

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            const Cell               *cell)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), cell->xalign);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (item, inscription);
}

static void
unbind_all (gpointer data)
{
  GPtrArray *bindings = data;

  for (guint i = 0; i < bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (bindings, i));
  g_ptr_array_unref (bindings);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           const Cell               *cell)
{
  GObject *row = gtk_list_item_get_item (item);
  GObject *child = G_OBJECT (gtk_list_item_get_child (item));
  GPtrArray *bindings = g_ptr_array_sized_new (3);

  g_ptr_array_add (bindings, g_object_bind_property (row, cell->text, child, "text",
                                                     G_BINDING_SYNC_CREATE));
  if (cell->tooltip != NULL)
    g_ptr_array_add (bindings, g_object_bind_property (row, cell->tooltip, child, "tooltip-text",
                                                       G_BINDING_SYNC_CREATE));
  if (cell->classes != NULL)
    g_ptr_array_add (bindings, g_object_bind_property (row, cell->classes, child, "css-classes",
                                                       G_BINDING_SYNC_CREATE));
  g_object_set_data_full (child, CELL_BINDINGS, bindings, unbind_all);
}

static void
cell_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             const Cell               *cell)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), CELL_BINDINGS, NULL);
}

static void
set_up_cells (OverlapTaskTable *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  g_assert (g_list_model_get_n_items (columns) == G_N_ELEMENTS (cells));

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), (gpointer) &cells[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), (gpointer) &cells[i]);
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind), (gpointer) &cells[i]);
      gtk_column_view_column_set_factory (column, factory);
    }
}

/* The Result column sorts by the result's value, pending first: a numeric
 * sorter compares numbers, and the row's "result" is an OverlapResult. */
static int
result_sort_key (OverlapTaskRow *row,
                 OverlapResult   result,
                 gpointer        user_data)
{
  return result;
}

enum {
  PROP_0,
  PROP_RECORDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
find_position (OverlapTaskTable *self,
               int               run,
               int               lane)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  if (run < 0 || lane < 0)
    return GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OverlapTaskRow) row = g_list_model_get_item (model, i);

      if (overlap_task_row_get_run_index (row) == (guint) run &&
          overlap_task_row_get_lane (row) == (guint) lane)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
scroll_to (OverlapTaskTable *self,
           guint             position)
{
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_column_view_scroll_to (self->column_view, position, NULL, GTK_LIST_SCROLL_NONE, NULL);
#else
  /* Before 4.12 the column view's inner list view has an action for it. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
    }
#endif
}

/* Makes the view show the shared selection's task, or nothing if it has no row. */
static void
sync_view_selection (OverlapTaskTable *self,
                     gboolean          scroll)
{
  guint position = find_position (self, overlap_selection_get_run (self->selected),
                                  overlap_selection_get_lane (self->selected));

  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->syncing = FALSE;

  if (scroll && position != GTK_INVALID_LIST_POSITION)
    scroll_to (self, position);
}

static void
selected_item_changed_cb (GtkSingleSelection *selection,
                          GParamSpec         *pspec,
                          OverlapTaskTable   *self)
{
  OverlapTaskRow *row;

  if (self->syncing)
    return;

  row = gtk_single_selection_get_selected_item (selection);
  if (row != NULL)
    overlap_selection_set (self->selected, overlap_task_row_get_run_index (row), overlap_task_row_get_lane (row));
  else
    overlap_selection_clear (self->selected);
}

/* The shared selection changed (here, in the chart or anywhere): show it,
 * scrolling to it unless the table moved it itself (a rebuild). */
static void
selected_changed (OverlapTaskTable *self)
{
  sync_view_selection (self, !self->syncing);
}

static void
update_empty (OverlapTaskTable *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->rows)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "tasks");
}

static void
append_runs (OverlapTaskTable *self,
             guint             first,
             guint             n_runs)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = first; i < first + n_runs; i++)
    {
      OverlapRun *run = overlap_recording_get_run (self->recording, i);
      guint n_lanes;

      overlap_run_get_lanes (run, &n_lanes);
      for (guint lane = 0; lane < n_lanes; lane++)
        g_ptr_array_add (rows, overlap_task_row_new (run, i, lane));
      g_array_append_val (self->lane_counts, n_lanes);
    }

  g_list_store_splice (self->rows, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       0, rows->pdata, rows->len);
}

static void
rebuild (OverlapTaskTable *self)
{
  g_autoptr(OverlapRun) selected_run = NULL;
  OverlapTaskRow *selected;
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  int run = -1, lane = -1;

  /* Remember the selected task by its run, whose index may change. */
  selected = gtk_single_selection_get_selected_item (self->selection);
  if (selected != NULL)
    {
      selected_run = g_object_ref (overlap_task_row_get_run (selected));
      lane = overlap_task_row_get_lane (selected);
    }

  self->syncing = TRUE;
  g_list_store_splice (self->rows, 0, n_rows, NULL, 0);
  g_array_set_size (self->lane_counts, 0);
  if (self->recording != NULL)
    append_runs (self, 0, overlap_recording_get_n_runs (self->recording));

  for (guint i = 0; selected_run != NULL && i < self->lane_counts->len; i++)
    {
      if (overlap_recording_get_run (self->recording, i) == selected_run)
        run = i;
    }

  /* The selected task is selected at its new index, in every view (none if
   * its run went). Without a selected row, a selection asked for from outside
   * may have its row now. */
  if (selected_run != NULL)
    overlap_selection_set (self->selected, run, lane);
  self->syncing = FALSE;
  sync_view_selection (self, FALSE);

  update_empty (self);
}

static void
items_changed_cb (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  OverlapTaskTable *self)
{
  if (removed == 0 && position == self->lane_counts->len)
    {
      append_runs (self, position, added);
      if (gtk_single_selection_get_selected_item (self->selection) == NULL)
        sync_view_selection (self, FALSE);
      update_empty (self);
    }
  else
    rebuild (self);
}

static void
overlap_task_table_dispose (GObject *object)
{
  OverlapTaskTable *self = (OverlapTaskTable *)object;

  g_clear_object (&self->recording_signals);

  /* the rows go without touching the shared selection */
  self->syncing = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), OVERLAP_TYPE_TASK_TABLE);
  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_func (self->selected, selected_changed, self);
  g_clear_object (&self->selected);

  g_clear_object (&self->rows);
  g_clear_object (&self->recording);

  G_OBJECT_CLASS (overlap_task_table_parent_class)->dispose (object);
}

static void
overlap_task_table_finalize (GObject *object)
{
  OverlapTaskTable *self = (OverlapTaskTable *)object;

  g_clear_pointer (&self->lane_counts, g_array_unref);

  G_OBJECT_CLASS (overlap_task_table_parent_class)->finalize (object);
}

static void
overlap_task_table_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OverlapTaskTable *self = OVERLAP_TASK_TABLE (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      g_value_set_object (value, self->recording);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_task_table_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OverlapTaskTable *self = OVERLAP_TASK_TABLE (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      overlap_task_table_set_recording (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_task_table_class_init (OverlapTaskTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = overlap_task_table_dispose;
  object_class->finalize = overlap_task_table_finalize;
  object_class->get_property = overlap_task_table_get_property;
  object_class->set_property = overlap_task_table_set_property;

  properties[PROP_RECORDING] =
    g_param_spec_object ("recording", NULL, NULL, OVERLAP_TYPE_RECORDING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (OVERLAP_TYPE_TASK_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/overlap/Overlap/ui/overlap-task-table.ui");
  gtk_widget_class_bind_template_child (widget_class, OverlapTaskTable, stack);
  gtk_widget_class_bind_template_child (widget_class, OverlapTaskTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, OverlapTaskTable, selection);
  gtk_widget_class_bind_template_child (widget_class, OverlapTaskTable, sort_model);
  gtk_widget_class_bind_template_callback (widget_class, selected_item_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_sort_key);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tasktable");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
overlap_task_table_init (OverlapTaskTable *self)
{
  self->lane_counts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->recording_signals = g_signal_group_new (OVERLAP_TYPE_RECORDING);
  g_signal_group_connect (self->recording_signals, "items-changed", G_CALLBACK (items_changed_cb), self);
  self->selected = overlap_selection_new ();
  g_signal_connect_swapped (self->selected, "changed", G_CALLBACK (selected_changed), self);
  self->rows = g_list_store_new (OVERLAP_TYPE_TASK_ROW);

  gtk_widget_init_template (GTK_WIDGET (self));
  set_up_cells (self);

  gtk_sort_list_model_set_model (self->sort_model, G_LIST_MODEL (self->rows));
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));
  update_empty (self);
}

GtkWidget *
overlap_task_table_new (void)
{
  return g_object_new (OVERLAP_TYPE_TASK_TABLE, NULL);
}

OverlapRecording *
overlap_task_table_get_recording (OverlapTaskTable *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_TABLE (self), NULL);
  return self->recording;
}

void
overlap_task_table_set_recording (OverlapTaskTable *self,
                                  OverlapRecording *recording)
{
  g_return_if_fail (OVERLAP_IS_TASK_TABLE (self));
  g_return_if_fail (recording == NULL || OVERLAP_IS_RECORDING (recording));

  if (!g_set_object (&self->recording, recording))
    return;
  g_signal_group_set_target (self->recording_signals, recording);

  /* A new recording's indexes name other tasks. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  rebuild (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

OverlapSelection *
overlap_task_table_get_selection (OverlapTaskTable *self)
{
  g_return_val_if_fail (OVERLAP_IS_TASK_TABLE (self), NULL);
  return self->selected;
}

/* Shares @selection with other views (NULL: a selection of the table's own). */
void
overlap_task_table_set_selection (OverlapTaskTable *self,
                                  OverlapSelection *selection)
{
  g_return_if_fail (OVERLAP_IS_TASK_TABLE (self));
  g_return_if_fail (selection == NULL || OVERLAP_IS_SELECTION (selection));

  overlap_selection_share (&self->selected, selection, G_CALLBACK (selected_changed), self);
}

/* Lanes are all added before a run begins, but be safe if one came later. */
static gboolean
rebuild_if_lanes_changed (OverlapTaskTable *self)
{
  for (guint i = 0; i < self->lane_counts->len; i++)
    {
      guint n_lanes;

      overlap_run_get_lanes (overlap_recording_get_run (self->recording, i), &n_lanes);
      if (n_lanes != g_array_index (self->lane_counts, guint, i))
        {
          rebuild (self);
          return TRUE;
        }
    }
  return FALSE;
}

static void
resort (OverlapTaskTable *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  /* The sort model does not watch its items: sort again when values moved. */
  if (sorter != NULL && gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE)
    gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
}

static gboolean
refresh_row (OverlapTaskTable *self,
             guint             position)
{
  g_autoptr(OverlapTaskRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), position);

  return overlap_run_is_live (overlap_task_row_get_run (row)) && overlap_task_row_refresh (row);
}

/* Reads every row of a live run again, now. */
void
overlap_task_table_refresh (OverlapTaskTable *self)
{
  gboolean changed = FALSE;
  guint n_rows;

  g_return_if_fail (OVERLAP_IS_TASK_TABLE (self));

  if (self->recording == NULL || rebuild_if_lanes_changed (self))
    return;

  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  for (guint i = 0; i < n_rows; i++)
    changed |= refresh_row (self, i);
  self->cursor = 0;
  self->cycle_changed = FALSE;

  if (changed)
    resort (self);
}

/* Reads rows of live runs again for about @budget µs, going on from where the
 * last call stopped: a live run of a thousand tasks costs the main loop a few
 * milliseconds at a time, not a long stall between two frames. Returns TRUE when
 * this call reached the last row (the whole table is then at most one pass old). */
gboolean
overlap_task_table_refresh_some (OverlapTaskTable *self,
                                 gint64            budget)
{
  gint64 deadline = g_get_monotonic_time () + budget;
  guint n_rows, done = 0;

  g_return_val_if_fail (OVERLAP_IS_TASK_TABLE (self), TRUE);

  if (self->recording == NULL || rebuild_if_lanes_changed (self))
    return TRUE;

  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  if (self->cursor >= n_rows)
    self->cursor = 0;

  while (self->cursor < n_rows)
    {
      self->cycle_changed |= refresh_row (self, self->cursor++);
      /* the clock is read every 16 rows: a row takes some 10–40 µs */
      if (++done % 16 == 0 && g_get_monotonic_time () >= deadline)
        break;
    }

  if (self->cursor < n_rows)
    return FALSE;

  self->cursor = 0;
  if (self->cycle_changed)
    resort (self);
  self->cycle_changed = FALSE;
  return TRUE;
}
