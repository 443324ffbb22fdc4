/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "overlap-gantt-view.h"
#include "overlap-test-keys.h"
#include "overlap-test-ui.h"
#include "overlap-test-window.h"

/* Notes in the window, by real keys (XTest): the CPU pitfall's own notes
 * after a run, N adds one with its popover, E edits it, Delete removes it,
 * ] and [ step through them, N and P in presentation mode, L lists them. */

static GtkApplication *app;

static guint
n_notes (OverlapWindow *window)
{
  guint n;

  overlap_recording_get_notes (overlap_window_get_recording (window), &n);
  return n;
}

static void
type_text (GtkWindow  *w,
           const char *text)
{
  for (const char *c = text; *c; c++)
    overlap_test_send_key (w, *c == ' ' ? GDK_KEY_space : gdk_unicode_to_keyval (*c), 0);
}

static void
test_note_keys (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  GtkWindow *w = GTK_WINDOW (window);
  OverlapGanttView *view = OVERLAP_GANTT_VIEW (overlap_test_find_widget (GTK_WIDGET (window), OVERLAP_TYPE_GANTT_VIEW));
  GtkSpinButton *spin = GTK_SPIN_BUTTON (overlap_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON));
  OverlapRecording *recording;
  const OverlapNote *notes;
  const char *reason = NULL;
  gint64 start, end;
  guint n, added;
  int index;

  if (!overlap_test_focus_window (w, &reason))
    {
      g_test_skip (reason);
      overlap_test_destroy_window (w);
      return;
    }
  g_assert_true (overlap_window_load_bundled (window, "cpu-pitfall"));
  gtk_spin_button_set_value (spin, 0.1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  overlap_test_wait_run_end (window, 10000);
  overlap_test_spin_for (100);

  /* the scenario's notes, at the run's time scale */
  recording = overlap_window_get_recording (window);
  notes = overlap_recording_get_notes (recording, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (notes[0].start, ==, 5000);
  g_assert_cmpint (notes[1].end, ==, 200000);

  /* N: a popover with an entry; the text typed, Enter adds it */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  overlap_test_send_key (w, GDK_KEY_n, 0);
  overlap_test_spin_for (50);
  type_text (w, "look here");
  overlap_test_send_key (w, GDK_KEY_Return, 0);
  overlap_test_spin_for (50);
  g_assert_cmpuint (n_notes (window), ==, 4);
  added = overlap_gantt_view_get_selected_note (view);
  g_assert_cmpuint (added, !=, 0);
  g_assert_cmpstr (overlap_recording_find_note (recording, added)->text, ==, "look here");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));

  /* E: the same popover with its text; what is typed is added to it */
  overlap_test_send_key (w, GDK_KEY_e, 0);
  overlap_test_spin_for (50);
  overlap_test_send_key (w, GDK_KEY_End, 0);
  type_text (w, " now");
  overlap_test_send_key (w, GDK_KEY_Return, 0);
  overlap_test_spin_for (50);
  g_assert_cmpuint (n_notes (window), ==, 4);
  g_assert_cmpstr (overlap_recording_find_note (recording, added)->text, ==, "look here now");

  /* Delete removes it */
  overlap_test_send_key (w, GDK_KEY_Delete, 0);
  overlap_test_spin_for (50);
  g_assert_cmpuint (n_notes (window), ==, 3);
  g_assert_null (overlap_recording_find_note (recording, added));
  g_assert_cmpuint (overlap_gantt_view_get_selected_note (view), ==, 0);

  /* ] steps to the first note, then the second, centring each */
  notes = overlap_recording_get_notes (recording, &n);
  overlap_test_send_key (w, GDK_KEY_bracketright, 0);
  g_assert_cmpuint (overlap_gantt_view_get_selected_note (view), ==, notes[0].id);
  overlap_test_send_key (w, GDK_KEY_bracketright, 0);
  g_assert_cmpuint (overlap_gantt_view_get_selected_note (view), ==, notes[1].id);
  overlap_gantt_view_get_visible_range (view, &start, &end);
  /* in view: centred, unless the chart's end stops the view short of it */
  g_assert_cmpint ((notes[1].start + notes[1].end) / 2, >=, start);
  g_assert_cmpint ((notes[1].start + notes[1].end) / 2, <=, end);
  overlap_test_send_key (w, GDK_KEY_bracketleft, 0);
  g_assert_cmpuint (overlap_gantt_view_get_selected_note (view), ==, notes[0].id);

  /* in presentation mode, N and P step */
  overlap_test_send_key (w, GDK_KEY_F11, 0);
  g_assert_true (overlap_window_get_presenting (window));
  overlap_test_send_key (w, GDK_KEY_n, 0);
  overlap_test_send_key (w, GDK_KEY_n, 0);
  index = overlap_recording_get_note_index (recording, overlap_gantt_view_get_selected_note (view));
  g_assert_cmpint (index, ==, 2);
  overlap_test_send_key (w, GDK_KEY_p, 0);
  index = overlap_recording_get_note_index (recording, overlap_gantt_view_get_selected_note (view));
  g_assert_cmpint (index, ==, 1);
  g_assert_cmpuint (n_notes (window), ==, 3);
  overlap_test_send_key (w, GDK_KEY_F11, 0);
  g_assert_false (overlap_window_get_presenting (window));

  /* L lists them; a click on the last goes to it */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  overlap_test_send_key (w, GDK_KEY_l, 0);
  overlap_test_spin_for (100);
  {
    GtkListBox *list = GTK_LIST_BOX (overlap_test_find_widget (GTK_WIDGET (view), GTK_TYPE_LIST_BOX));
    GtkListBoxRow *row;

    g_assert_nonnull (list);
    row = gtk_list_box_get_row_at_index (list, 2);
    g_assert_nonnull (row);
    g_signal_emit_by_name (list, "row-activated", row);
    index = overlap_recording_get_note_index (recording, overlap_gantt_view_get_selected_note (view));
    g_assert_cmpint (index, ==, 2);
  }

  overlap_test_destroy_window (w);
}

int
main (int   argc,
      char *argv[])
{
  app = overlap_test_init_windows (&argc, &argv);
  if (app == NULL)
    return g_test_run ();

  g_test_add_func ("/notes-ui/keys", test_note_keys);

  return overlap_test_run_windows (app);
}
