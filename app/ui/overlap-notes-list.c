/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-notes-list"

#include "config.h"

#include "overlap-notes-list.h"

#include <glib/gi18n.h>

#include "overlap-duration.h"

/* The notes of the chart's recording, in the sidebar: a row per note in time
 * order (its time or range, the runs it falls on, its text), relisted as
 * notes are added, moved, edited or removed, and as the chart shows another
 * recording (a replay's); the row of the note selected on the chart is
 * selected. Activating a row selects the note on the chart and
 * brings it into view; Delete removes the note of the focused row; L goes
 * back, like the key that opened the list. With no note, an empty state. */

struct _OverlapNotesList
{
  AdwBin            parent_instance;

  GtkStack         *stack;
  GtkListBox       *list;
  OverlapGanttView *view;
  OverlapRecording *recording;          /* the view's, followed */
  GSignalGroup     *view_signals;       /* notify::recording, notify::selected-note */
  GSignalGroup     *recording_signals;  /* notes-changed */
};

enum
{
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OverlapNotesList, overlap_notes_list, ADW_TYPE_BIN)

/* The strategies of the runs note @note falls on ("gather", "sequential,
 * gather"), NULL when it falls on none: where the note starts, in the run's
 * span on the chart's axis (a live run reaches it later) */
static char *
runs_text (OverlapRecording  *recording,
           const OverlapNote *note)
{
  g_autoptr(GString) text = NULL;
  gint64 clock_start = overlap_recording_get_clock_start (recording);
  guint n = overlap_recording_get_n_runs (recording), found = 0;

  for (guint i = 0; i < n; i++)
    {
      OverlapRun *run = overlap_recording_get_run (recording, i);
      gint64 shift = overlap_recording_get_shift (recording, clock_start, run);
      const char *name = overlap_run_get_strategy (run);

      if (note->start < shift ||
          (!overlap_run_is_live (run) && note->start > shift + overlap_run_get_end (run, 0)))
        continue;
      if (name == NULL || *name == '\0')
        name = overlap_run_get_title (run);
      if (text == NULL)
        text = g_string_new (name);
      else
        g_string_append_printf (text, ", %s", name);
      found++;
    }
  if (found > 3)
    /* Translators: the runs a note falls on, when there are many */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", found), found);
  return text ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static GtkWidget *
row_new (OverlapRecording  *recording,
         const OverlapNote *note)
{
  g_autofree char *at = overlap_format_duration (note->start);
  g_autofree char *until = note->end > note->start ? overlap_format_duration (note->end) : NULL;
  /* Translators: a note's range on the timeline, "1.00 s – 2.00 s" */
  g_autofree char *when = until ? g_strdup_printf (_("%s – %s"), at, until) : g_strdup (at);
  g_autofree char *runs = runs_text (recording, note);
  /* Translators: a note's time and the runs it falls on, "1.50 s · gather" */
  g_autofree char *caption = runs ? g_strdup_printf (_("%s · %s"), when, runs) : g_strdup (when);
  g_autofree char *accessible = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *text = gtk_label_new (*note->text ? note->text : _("Untitled note"));
  GtkWidget *time = gtk_label_new (caption);

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (text), 3);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  if (*note->text == '\0')
    gtk_widget_add_css_class (text, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (time), 0);
  gtk_label_set_ellipsize (GTK_LABEL (time), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (time, "caption");
  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_add_css_class (time, "numeric");
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), time);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: what a screen reader says of a row of the notes list */
  accessible = g_strdup_printf (_("%s, at %s"), *note->text ? note->text : _("Untitled note"), caption);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (row), "overlap-note", GUINT_TO_POINTER (note->id));
  return row;
}

/* The row that has the focus, or NULL */
static GtkListBoxRow *
focused_row (OverlapNotesList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list)))
    return NULL;
  return GTK_LIST_BOX_ROW (GTK_IS_LIST_BOX_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW));
}

static void
fill (OverlapNotesList *self)
{
  GtkListBoxRow *focused = focused_row (self);
  const OverlapNote *notes = NULL;
  guint focus_id = focused ? overlap_notes_list_get_row_note (self, focused) : 0;
  int focus_index = focused ? gtk_list_box_row_get_index (focused) : -1;
  guint selected = self->view ? overlap_gantt_view_get_selected_note (self->view) : 0;
  GtkListBoxRow *refocus = NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (self->recording != NULL)
    notes = overlap_recording_get_notes (self->recording, &n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = row_new (self->recording, &notes[i]);

      gtk_list_box_append (self->list, row);
      if (notes[i].id == selected)
        gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
      if (notes[i].id == focus_id)
        refocus = GTK_LIST_BOX_ROW (row);
    }
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");

  /* the focus stays in the list: on the same note, or where the removed one was */
  if (focused != NULL && n > 0)
    {
      if (refocus == NULL)
        refocus = gtk_list_box_get_row_at_index (self->list, MIN (focus_index, (int) n - 1));
      gtk_widget_grab_focus (GTK_WIDGET (refocus));
    }
}

/* The row of the note selected on the chart selected, none if none is */
static void
view_selected_cb (OverlapNotesList *self)
{
  guint id = self->view ? overlap_gantt_view_get_selected_note (self->view) : 0;
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    if (overlap_notes_list_get_row_note (self, row) == id)
      {
        gtk_list_box_select_row (self->list, row);
        return;
      }
  gtk_list_box_unselect_all (self->list);
}

static void
set_recording (OverlapNotesList *self,
               OverlapRecording *recording)
{
  if (g_set_object (&self->recording, recording))
    g_signal_group_set_target (self->recording_signals, recording);
  fill (self);
}

static void
view_recording_cb (OverlapNotesList *self)
{
  set_recording (self, self->view ? overlap_gantt_view_get_recording (self->view) : NULL);
}

static void
row_activated_cb (OverlapNotesList *self,
                  GtkListBoxRow    *row)
{
  if (self->view != NULL)
    overlap_gantt_view_select_note (self->view, overlap_notes_list_get_row_note (self, row));
}

static gboolean
key_pressed_cb (OverlapNotesList      *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *key)
{
  GtkListBoxRow *row;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  if (keyval == GDK_KEY_Delete || keyval == GDK_KEY_KP_Delete)
    {
      if ((row = focused_row (self)) == NULL && (row = gtk_list_box_get_selected_row (self->list)) == NULL)
        return GDK_EVENT_PROPAGATE;
      if (self->recording != NULL)
        overlap_recording_remove_note (self->recording, overlap_notes_list_get_row_note (self, row));
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_l || keyval == GDK_KEY_L)
    return gtk_widget_activate_action (GTK_WIDGET (self), "win.show-notes", NULL);
  return GDK_EVENT_PROPAGATE;
}

static void
overlap_notes_list_dispose (GObject *object)
{
  OverlapNotesList *self = OVERLAP_NOTES_LIST (object);

  g_clear_object (&self->view_signals);
  g_clear_object (&self->recording_signals);
  g_clear_object (&self->view);
  g_clear_object (&self->recording);
  G_OBJECT_CLASS (overlap_notes_list_parent_class)->dispose (object);
}

static void
overlap_notes_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OverlapNotesList *self = OVERLAP_NOTES_LIST (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_notes_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OverlapNotesList *self = OVERLAP_NOTES_LIST (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      overlap_notes_list_set_view (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_notes_list_class_init (OverlapNotesListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = overlap_notes_list_dispose;
  object_class->get_property = overlap_notes_list_get_property;
  object_class->set_property = overlap_notes_list_set_property;

  /**
   * OverlapNotesList:view:
   *
   * The chart whose recording's notes are listed, and where an activated
   * row's note is selected.
   */
  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, OVERLAP_TYPE_GANTT_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
overlap_notes_list_init (OverlapNotesList *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkEventController *key = gtk_event_controller_key_new ();

  self->view_signals = g_signal_group_new (OVERLAP_TYPE_GANTT_VIEW);
  g_signal_group_connect_swapped (self->view_signals, "notify::recording", G_CALLBACK (view_recording_cb), self);
  g_signal_group_connect_swapped (self->view_signals, "notify::selected-note",
                                  G_CALLBACK (view_selected_cb), self);
  self->recording_signals = g_signal_group_new (OVERLAP_TYPE_RECORDING);
  g_signal_group_connect_swapped (self->recording_signals, "notes-changed", G_CALLBACK (fill), self);

  self->stack = GTK_STACK (gtk_stack_new ());
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Notes"), -1);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list), key);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scrolled, TRUE);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "user-bookmarks-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Notes"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty), _("Press N on the chart to add one"));
  gtk_widget_add_css_class (empty, "compact");

  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_set_visible_child_name (self->stack, "empty");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
}

GtkWidget *
overlap_notes_list_new (void)
{
  return g_object_new (OVERLAP_TYPE_NOTES_LIST, NULL);
}

OverlapGanttView *
overlap_notes_list_get_view (OverlapNotesList *self)
{
  g_return_val_if_fail (OVERLAP_IS_NOTES_LIST (self), NULL);
  return self->view;
}

void
overlap_notes_list_set_view (OverlapNotesList *self,
                             OverlapGanttView *view)
{
  g_return_if_fail (OVERLAP_IS_NOTES_LIST (self));
  g_return_if_fail (view == NULL || OVERLAP_IS_GANTT_VIEW (view));

  if (!g_set_object (&self->view, view))
    return;
  g_signal_group_set_target (self->view_signals, view);
  view_recording_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

guint
overlap_notes_list_get_n_rows (OverlapNotesList *self)
{
  guint n = 0;

  g_return_val_if_fail (OVERLAP_IS_NOTES_LIST (self), 0);

  while (gtk_list_box_get_row_at_index (self->list, n) != NULL)
    n++;
  return n;
}

/* Row @index (in time order), or NULL */
GtkListBoxRow *
overlap_notes_list_get_row (OverlapNotesList *self,
                            guint             index)
{
  g_return_val_if_fail (OVERLAP_IS_NOTES_LIST (self), NULL);
  return gtk_list_box_get_row_at_index (self->list, index);
}

/* The id of the note @row lists */
guint
overlap_notes_list_get_row_note (OverlapNotesList *self,
                                 GtkListBoxRow    *row)
{
  g_return_val_if_fail (OVERLAP_IS_NOTES_LIST (self), 0);
  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), 0);
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "overlap-note"));
}

/* Gives the focus to the row of the chart's selected note, or the first;
 * with no note, the focus stays where it is. */
void
overlap_notes_list_focus (OverlapNotesList *self)
{
  GtkListBoxRow *row;

  g_return_if_fail (OVERLAP_IS_NOTES_LIST (self));

  if ((row = gtk_list_box_get_selected_row (self->list)) == NULL)
    row = gtk_list_box_get_row_at_index (self->list, 0);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}
