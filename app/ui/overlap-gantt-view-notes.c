/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-gantt-view"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-duration.h"
#include "overlap-gantt-view-private.h"

/* Notes on the chart: N adds one at the pointer (or over the measured range,
 * or at the middle of the view) with a small popover for its text, E edits
 * the selected one, Delete removes it; a note is dragged along the time axis
 * to move it. ] and [ (N and P in presentation mode) step through the notes,
 * each centred and selected; L shows them listed in the window's sidebar
 * (win.show-notes, overlap-window-notes.c). */

static gint64
note_anchor (OverlapGanttView *self)
{
  gint64 start, end;

  if (self->pointer_x >= 0)
    return _overlap_gantt_view_time_at (self, self->pointer_x);
  overlap_gantt_view_get_visible_range (self, &start, &end);
  return start + (end - start) / 2;
}

static void
note_entry_activate_cb (GtkEntry         *entry,
                        OverlapGanttView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (self->recording != NULL)
    {
      if (self->editing_note != 0)
        overlap_recording_update_note (self->recording, self->editing_note,
                                       self->pending_start, self->pending_end, text);
      else if (*text != '\0')
        {
          guint id = overlap_recording_add_note (self->recording, self->pending_start, self->pending_end, text);

          _overlap_gantt_view_set_selected_note (self, id);
        }
    }
  gtk_popover_popdown (GTK_POPOVER (self->note_popover));
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
open_note_popover (OverlapGanttView *self,
                   guint             editing,
                   gint64            start,
                   gint64            end,
                   const char       *text)
{
  OverlapChartLayout *layout = _overlap_gantt_view_current_layout (self);
  GdkRectangle where;

  if (self->note_popover == NULL)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *label = gtk_label_new (_("Note"));

      self->note_popover = gtk_popover_new ();
      self->note_entry = GTK_ENTRY (gtk_entry_new ());
      gtk_entry_set_placeholder_text (self->note_entry, _("What happens here"));
      gtk_widget_set_size_request (GTK_WIDGET (self->note_entry), 280, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note text"), -1);
      gtk_widget_add_css_class (label, "heading");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->note_entry));
      gtk_popover_set_child (GTK_POPOVER (self->note_popover), box);
      gtk_popover_set_position (GTK_POPOVER (self->note_popover), GTK_POS_BOTTOM);
      gtk_widget_set_parent (self->note_popover, GTK_WIDGET (self));
      g_signal_connect (self->note_entry, "activate", G_CALLBACK (note_entry_activate_cb), self);
    }

  self->editing_note = editing;
  self->pending_start = start;
  self->pending_end = end;
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), text ? text : "");

  where.x = (int) overlap_chart_layout_time_to_x (layout, start);
  where.width = MAX (1, (int) overlap_chart_layout_time_to_x (layout, end) - where.x);
  where.y = 0;
  where.height = 24;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->note_popover), &where);
  gtk_popover_popup (GTK_POPOVER (self->note_popover));
  gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
}

void
overlap_gantt_view_add_note (OverlapGanttView *self)
{
  gint64 start, end;

  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  if (self->recording == NULL)
    return;
  if (self->range_popover != NULL && gtk_widget_get_visible (self->range_popover) &&
      self->measure_start != self->measure_end)
    {
      start = MIN (self->measure_start, self->measure_end);
      end = MAX (self->measure_start, self->measure_end);
      gtk_popover_popdown (GTK_POPOVER (self->range_popover));
    }
  else
    start = end = MAX (0, note_anchor (self));
  open_note_popover (self, 0, start, end, NULL);
}

guint
overlap_gantt_view_get_selected_note (OverlapGanttView *self)
{
  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), 0);

  if (self->recording == NULL || overlap_recording_find_note (self->recording, self->selected_note) == NULL)
    return 0;
  return self->selected_note;
}

/* Selects note @id and centres the chart on it (0: none selected). */
void
overlap_gantt_view_select_note (OverlapGanttView *self,
                                guint             id)
{
  const OverlapNote *note;
  gint64 start, end, span;

  g_return_if_fail (OVERLAP_IS_GANTT_VIEW (self));

  _overlap_gantt_view_set_selected_note (self, id);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->recording == NULL || (note = overlap_recording_find_note (self->recording, id)) == NULL)
    return;

  overlap_gantt_view_get_visible_range (self, &start, &end);
  span = MAX (end - start, note->end - note->start + (note->end - note->start) / 5);
  _overlap_gantt_view_set_range (self, note->start + (note->end - note->start) / 2 - span / 2,
                                 note->start + (note->end - note->start) / 2 + span / 2);
}

/* The next (@direction > 0) or previous note after the selected one, selected
 * and centred; FALSE when there is none. */
gboolean
overlap_gantt_view_step_note (OverlapGanttView *self,
                              int               direction)
{
  const OverlapNote *notes;
  guint n;
  int index;

  g_return_val_if_fail (OVERLAP_IS_GANTT_VIEW (self), FALSE);

  if (self->recording == NULL)
    return FALSE;
  notes = overlap_recording_get_notes (self->recording, &n);
  if (n == 0)
    return FALSE;
  index = overlap_recording_get_note_index (self->recording, self->selected_note);
  if (index < 0)
    index = direction > 0 ? 0 : (int) n - 1;
  else
    index += direction > 0 ? 1 : -1;
  if (index < 0 || index >= (int) n)
    return FALSE;
  overlap_gantt_view_select_note (self, notes[index].id);
  return TRUE;
}

static void
edit_note (OverlapGanttView *self)
{
  const OverlapNote *note;

  if (self->recording == NULL ||
      (note = overlap_recording_find_note (self->recording, self->selected_note)) == NULL)
    return;
  open_note_popover (self, note->id, note->start, note->end, note->text);
}

GtkWidget *
_overlap_gantt_view_get_note_entry (OverlapGanttView *self)
{
  return self->note_entry ? GTK_WIDGET (self->note_entry) : NULL;
}

/* Dragging a note */

gboolean
_overlap_gantt_view_note_drag_begin (OverlapGanttView *self,
                                     double            x,
                                     double            y)
{
  const OverlapNote *note;
  guint id;

  if (self->recording == NULL ||
      (id = overlap_chart_layout_note_at (_overlap_gantt_view_current_layout (self), x, y)) == 0 ||
      (note = overlap_recording_find_note (self->recording, id)) == NULL)
    return FALSE;
  self->drag_note = id;
  self->drag_note_start = note->start;
  self->drag_note_end = note->end;
  return TRUE;
}

void
_overlap_gantt_view_note_drag_update (OverlapGanttView *self,
                                      double            dx)
{
  gint64 shift = _overlap_gantt_view_time_at (self, self->drag_x + dx) - _overlap_gantt_view_time_at (self, self->drag_x);

  shift = MAX (shift, -self->drag_note_start);
  overlap_recording_update_note (self->recording, self->drag_note, self->drag_note_start + shift,
                                 self->drag_note_end + shift, NULL);
}

void
_overlap_gantt_view_note_drag_end (OverlapGanttView *self,
                                   gboolean          moved)
{
  _overlap_gantt_view_set_selected_note (self, self->drag_note);
  self->drag_note = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Actions */

static void
note_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OverlapGanttView *self = OVERLAP_GANTT_VIEW (widget);

  if (g_str_equal (action_name, "gantt.add-note"))
    overlap_gantt_view_add_note (self);
  else if (g_str_equal (action_name, "gantt.edit-note"))
    edit_note (self);
  else if (g_str_equal (action_name, "gantt.delete-note"))
    {
      if (self->recording != NULL && overlap_recording_remove_note (self->recording, self->selected_note))
        _overlap_gantt_view_set_selected_note (self, 0);
    }
  else if (g_str_equal (action_name, "gantt.next-note"))
    overlap_gantt_view_step_note (self, 1);
  else if (g_str_equal (action_name, "gantt.previous-note"))
    overlap_gantt_view_step_note (self, -1);
  else
    gtk_widget_activate_action (widget, "win.show-notes", NULL);
}

static const struct
{
  const char *name;
  guint       keys[2];
} note_actions[] = {
  { "gantt.add-note", { GDK_KEY_n, 0 } },
  { "gantt.edit-note", { GDK_KEY_e, 0 } },
  { "gantt.delete-note", { GDK_KEY_Delete, GDK_KEY_KP_Delete } },
  { "gantt.next-note", { GDK_KEY_bracketright, 0 } },
  { "gantt.previous-note", { GDK_KEY_bracketleft, 0 } },
  { "gantt.show-notes", { GDK_KEY_l, 0 } },
};

void
_overlap_gantt_view_class_init_notes (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (note_actions); i++)
    {
      gtk_widget_class_install_action (widget_class, note_actions[i].name, NULL, note_action);
      for (guint k = 0; k < G_N_ELEMENTS (note_actions[i].keys) && note_actions[i].keys[k] != 0; k++)
        gtk_widget_class_add_binding_action (widget_class, note_actions[i].keys[k], 0, note_actions[i].name, NULL);
    }
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           OverlapGanttView         *self)
{
  self->pointer_x = x;
}

static void
leave_cb (GtkEventControllerMotion *motion,
          OverlapGanttView         *self)
{
  self->pointer_x = -1;
}

void
_overlap_gantt_view_notes_changed (OverlapGanttView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_overlap_gantt_view_init_notes (OverlapGanttView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->pointer_x = -1;
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

void
_overlap_gantt_view_dispose_notes (OverlapGanttView *self)
{
  g_clear_pointer (&self->note_popover, gtk_widget_unparent);
  self->note_entry = NULL;
}
