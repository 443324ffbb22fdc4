/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "overlap-duration.h"
#include "overlap-gantt-view.h"
#include "overlap-notes-list.h"
#include "overlap-test-keys.h"
#include "overlap-test-ui.h"
#include "overlap-test-window.h"
#include "overlap-window-private.h"

/* Notes in the window, by real keys (XTest): the CPU pitfall's own notes
 * after a run, N adds one with its popover, E edits it, Delete removes it,
 * ] and [ step through them, N and P in presentation mode, L lists them in
 * the sidebar's Notes page, which follows every change. */

static GtkApplication *app;

static guint
n_notes (OverlapWindow *window)
{
  guint n;

  overlap_recording_get_notes (overlap_window_get_recording (window), &n);
  return n;
}

/* The text of row @index of the sidebar's notes (NULL: no such row), and the
 * caption under it (its time, the runs) */
static const char *
row_label (OverlapWindow *window,
           guint          index,
           gboolean       caption)
{
  GtkListBoxRow *row = overlap_notes_list_get_row (window->notes_list, index);
  GtkWidget *label;

  if (row == NULL)
    return NULL;
  label = gtk_widget_get_first_child (gtk_list_box_row_get_child (row));
  if (caption)
    label = gtk_widget_get_next_sibling (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

/* The sidebar is shown, on its Notes page */
static gboolean
notes_page_shown (OverlapWindow *window)
{
  return gtk_widget_get_mapped (GTK_WIDGET (window->notes_list)) &&
         g_strcmp0 (adw_view_stack_get_visible_child_name (window->sidebar_stack), "notes") == 0;
}

static gboolean
notes_page_open (gpointer data)
{
  return notes_page_shown (data);
}

/* The sidebar done sliding in: a click lands on the row that stays there (one
 * during the slide upsets GTK 4.8's accounting of the active state) */
static gboolean
sidebar_revealed (gpointer data)
{
  OverlapWindow *window = data;

  return adw_flap_get_reveal_flap (window->flap) && adw_flap_get_reveal_progress (window->flap) >= 1.0;
}

static gboolean
notes_page_closed (gpointer data)
{
  return !notes_page_shown (data);
}

/* The note's popover is shown, the focus in its entry: what is typed goes
 * there (it maps once its surface is shown, later on a busy machine) */
static gboolean
note_popover_open (gpointer data)
{
  GtkWidget *focus = gtk_window_get_focus (data);
  GtkWidget *popover = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) : NULL;

  return popover != NULL && gtk_widget_get_mapped (popover) && GTK_IS_TEXT (focus);
}

/* The index of the row shown selected, -1 for none */
static int
selected_row (OverlapWindow *window)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = overlap_notes_list_get_row (window->notes_list, i)) != NULL; i++)
    if (gtk_list_box_row_is_selected (row))
      return (int) i;
  return -1;
}

static gboolean
row_has_focus (OverlapWindow *window,
               guint          index)
{
  GtkListBoxRow *row = overlap_notes_list_get_row (window->notes_list, index);

  return row != NULL && gtk_widget_has_focus (GTK_WIDGET (row));
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
  overlap_test_spin_until (note_popover_open, w, 5000);
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
  overlap_test_spin_until (note_popover_open, w, 5000);
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

  /* L lists them in the sidebar, the focus on a row; a click on the last goes to it */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  overlap_test_send_key (w, GDK_KEY_l, 0);
  overlap_test_spin_until (notes_page_open, window, 5000);
  g_assert_true (notes_page_shown (window));
  g_assert_cmpuint (overlap_notes_list_get_n_rows (window->notes_list), ==, 3);
  overlap_test_spin_until (sidebar_revealed, window, 5000);
  overlap_test_click (GTK_WIDGET (overlap_notes_list_get_row (window->notes_list, 2)));
  index = overlap_recording_get_note_index (recording, overlap_gantt_view_get_selected_note (view));
  g_assert_cmpint (index, ==, 2);

  overlap_test_destroy_window (w);
}

/* A finished run of one task, @wall µs long */
static OverlapRecording *
make_recording (gint64 wall)
{
  OverlapRecording *recording = overlap_recording_new ("Notes");
  g_autoptr(OverlapRun) run = overlap_run_new ("Notes", "gather");

  overlap_run_add_lane (run, "task", "timer", NULL);
  overlap_run_add_span (run, 0, OVERLAP_PHASE_WAITING, 0, wall, NULL);
  overlap_run_restore_lane (run, 0,
                            &(OverlapRestoredLane) {
                              .result = OVERLAP_RESULT_OK, .completion = 1, .start = 0, .end = wall,
                              .flags = OVERLAP_LANE_WORKED,
                            });
  overlap_run_restore_state (run, OVERLAP_RUN_FINISHED, wall);
  overlap_recording_add_run (recording, run);
  return recording;
}

static gboolean
replay_ended (gpointer data)
{
  OverlapWindow *window = data;

  return window->replay == NULL || !overlap_replay_get_playing (window->replay);
}

/* The texts of the notes listed by L, one a line; L again goes back */
static char *
listed_notes (OverlapWindow *window)
{
  GString *text = g_string_new (NULL);
  const char *label;

  gtk_widget_grab_focus (GTK_WIDGET (window->gantt_view));
  overlap_test_send_key (GTK_WINDOW (window), GDK_KEY_l, 0);
  overlap_test_spin_until (notes_page_open, window, 5000);
  g_assert_true (notes_page_shown (window));
  for (guint i = 0; (label = row_label (window, i, FALSE)) != NULL; i++)
    g_string_append_printf (text, "%s\n", label);
  overlap_test_send_key (GTK_WINDOW (window), GDK_KEY_l, 0);
  overlap_test_spin_until (notes_page_closed, window, 5000);
  g_assert_false (notes_page_shown (window));
  return g_string_free (text, FALSE);
}

/* N while a replay plays: the note is the recording's — listed when the
 * replay is stopped, saved with it, there on the next replay */
static void
test_note_in_replay (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  GtkWindow *w = GTK_WINDOW (window);
  /* a minute long: its replay plays on while the note is typed, however slow the machine */
  g_autoptr(OverlapRecording) recording = make_recording (60 * G_USEC_PER_SEC);
  g_autofree char *dir = g_dir_make_tmp ("overlap-notes-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *saved = NULL;
  const char *reason = NULL;
  const OverlapNote *notes;
  guint n;

  if (!overlap_test_focus_window (w, &reason))
    {
      g_test_skip (reason);
      overlap_test_destroy_window (w);
      return;
    }
  overlap_window_show_recording (window, recording);
  overlap_test_spin_for (100);
  g_assert_cmpuint (n_notes (window), ==, 0);

  /* Ctrl+Shift+R replays; N, a text, Enter while it plays */
  gtk_widget_grab_focus (GTK_WIDGET (window->gantt_view));
  overlap_test_send_key (w, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_nonnull (window->replay);
  overlap_test_spin_for (300);
  overlap_test_send_key (w, GDK_KEY_n, 0);
  overlap_test_spin_until (note_popover_open, w, 5000);
  type_text (w, "said while replaying");
  overlap_test_send_key (w, GDK_KEY_Return, 0);
  overlap_test_spin_for (50);
  g_assert_true (overlap_replay_get_playing (window->replay));
  notes = overlap_recording_get_notes (overlap_gantt_view_get_recording (window->gantt_view), &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (notes[0].text, ==, "said while replaying");
  /* the sidebar lists the replay's notes as they are added */
  g_assert_cmpuint (overlap_notes_list_get_n_rows (window->notes_list), ==, 1);
  g_assert_cmpstr (row_label (window, 0, FALSE), ==, "said while replaying");

  /* to its end, then stopped: the run's own chart lists it */
  overlap_replay_seek (window->replay, overlap_replay_get_duration (window->replay));
  overlap_test_spin_until (replay_ended, window, 10000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  g_assert_null (window->replay);
  g_assert_true (overlap_gantt_view_get_recording (window->gantt_view) == overlap_window_get_recording (window));
  listed = listed_notes (window);
  g_assert_nonnull (strstr (listed, "said while replaying"));

  /* saved with the recording */
  g_assert_true (overlap_window_export (window, "trace", file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "\"args\":{\"text\":\"said while replaying\"}"));

  /* replayed again: there once the replay reaches it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.replay", NULL));
  overlap_replay_seek (window->replay, overlap_replay_get_duration (window->replay));
  overlap_test_spin_until (replay_ended, window, 10000);
  g_clear_pointer (&listed, g_free);
  listed = listed_notes (window);
  g_assert_nonnull (strstr (listed, "said while replaying"));

  overlap_test_destroy_window (w);
  g_unlink (path);
  g_rmdir (dir);
}

/* The Notes button in the header bar: its tooltip names the key, a click
 * shows the sidebar's Notes page (the button pressed), a click on a row goes
 * to its note, a click on the button again goes back to the scenarios; the
 * shortcuts window has the key */
static void
test_notes_button (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  GtkWindow *w = GTK_WINDOW (window);
  g_autoptr(OverlapRecording) recording = make_recording (2000000);
  g_autoptr(GtkBuilder) builder = NULL;
  gboolean found = FALSE;
  const char *reason = NULL;
  guint second;

  if (!overlap_test_focus_window (w, &reason))
    {
      g_test_skip (reason);
      overlap_test_destroy_window (w);
      return;
    }
  overlap_recording_add_note (recording, 500000, 500000, "first look");
  second = overlap_recording_add_note (recording, 1500000, 1800000, "the loop is blocked here");
  overlap_window_show_recording (window, recording);
  overlap_test_spin_for (100);

  g_assert_true (gtk_widget_get_visible (window->notes_button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (window->notes_button), "(L)"));
  g_assert_false (notes_page_shown (window));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (window->notes_button)));
  overlap_test_click (window->notes_button);
  overlap_test_spin_until (notes_page_open, window, 5000);
  g_assert_true (notes_page_shown (window));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (window->notes_button)));
  g_assert_cmpstr (row_label (window, 1, FALSE), ==, "the loop is blocked here");
  g_assert_true (row_has_focus (window, 0));
  overlap_test_spin_until (sidebar_revealed, window, 5000);
  overlap_test_click (GTK_WIDGET (overlap_notes_list_get_row (window->notes_list, 1)));
  g_assert_cmpuint (overlap_gantt_view_get_selected_note (window->gantt_view), ==, second);
  g_assert_true (notes_page_shown (window));

  /* again: the sidebar as it was, on its scenarios */
  overlap_test_click (window->notes_button);
  overlap_test_spin_until (notes_page_closed, window, 5000);
  g_assert_false (notes_page_shown (window));
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (window->notes_button)));

  /* Keyboard Shortcuts: "List the notes", L */
  builder = gtk_builder_new_from_resource ("/io/github/overlap/Overlap/gtk/help-overlay.ui");
  for (GSList *l = gtk_builder_get_objects (builder), *all = l; l != NULL || (g_slist_free (all), FALSE); l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *title = NULL, *accelerator = NULL;

        g_object_get (l->data, "title", &title, "accelerator", &accelerator, NULL);
        found |= g_strcmp0 (title, "List the notes") == 0 && g_strcmp0 (accelerator, "l") == 0;
      }
  g_assert_true (found);

  overlap_test_destroy_window (w);
}

/* The sidebar's list as a user sees it: "No Notes" at first; two notes
 * added (the later one first) listed in time order with their texts and
 * times; a note edited on the chart changes its row; Enter on a row selects
 * its note and brings it into view; Delete on a row removes the note and the
 * row, the focus staying in the list; the last one gone, the empty state */
static void
test_side_list (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 1400, 900);
  GtkWindow *w = GTK_WINDOW (window);
  g_autoptr(OverlapRecording) made = make_recording (10 * G_USEC_PER_SEC);
  g_autofree char *late_time = overlap_format_duration (9500000);
  OverlapGanttView *view = window->gantt_view;
  OverlapRecording *recording;
  GtkWidget *empty;
  const char *reason = NULL;
  const OverlapNote *notes;
  gint64 start, end;
  guint late, early, n;

  if (!overlap_test_focus_window (w, &reason))
    {
      g_test_skip (reason);
      overlap_test_destroy_window (w);
      return;
    }
  overlap_window_show_recording (window, made);
  overlap_test_spin_for (100);
  recording = overlap_gantt_view_get_recording (view);

  /* L: the empty state */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  overlap_test_send_key (w, GDK_KEY_l, 0);
  overlap_test_spin_until (notes_page_open, window, 5000);
  g_assert_true (notes_page_shown (window));
  empty = overlap_test_find_widget (GTK_WIDGET (window->notes_list), ADW_TYPE_STATUS_PAGE);
  g_assert_true (gtk_widget_get_mapped (empty));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (empty)), ==, "No Notes");
  g_assert_cmpuint (overlap_notes_list_get_n_rows (window->notes_list), ==, 0);

  /* a note near the end, then N on the chart zoomed into its first second:
   * listed at once, the earlier first */
  late = overlap_recording_add_note (recording, 9500000, 9500000, "all done");
  overlap_test_spin_for (50);
  g_assert_cmpuint (overlap_notes_list_get_n_rows (window->notes_list), ==, 1);
  g_assert_false (gtk_widget_get_mapped (empty));
  overlap_gantt_view_set_visible_range (view, 0, G_USEC_PER_SEC);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  overlap_test_send_key (w, GDK_KEY_n, 0);
  overlap_test_spin_until (note_popover_open, w, 5000);
  type_text (w, "the loop blocks");
  overlap_test_send_key (w, GDK_KEY_Return, 0);
  overlap_test_spin_for (50);
  early = overlap_gantt_view_get_selected_note (view);
  g_assert_cmpuint (early, !=, 0);
  g_assert_cmpuint (overlap_notes_list_get_n_rows (window->notes_list), ==, 2);
  g_assert_cmpstr (row_label (window, 0, FALSE), ==, "the loop blocks");
  g_assert_cmpstr (row_label (window, 1, FALSE), ==, "all done");
  g_assert_nonnull (strstr (row_label (window, 1, TRUE), late_time));
  g_assert_nonnull (strstr (row_label (window, 1, TRUE), "gather"));

  /* E on the chart: the row changes */
  overlap_test_send_key (w, GDK_KEY_e, 0);
  overlap_test_spin_until (note_popover_open, w, 5000);
  overlap_test_send_key (w, GDK_KEY_End, 0);
  type_text (w, " here");
  overlap_test_send_key (w, GDK_KEY_Return, 0);
  overlap_test_spin_for (50);
  g_assert_cmpstr (row_label (window, 0, FALSE), ==, "the loop blocks here");
  g_assert_cmpuint (overlap_notes_list_get_n_rows (window->notes_list), ==, 2);
  g_assert_cmpint (selected_row (window), ==, 0);
  /* ] on the chart steps to the next note: its row is the selected one */
  overlap_test_send_key (w, GDK_KEY_bracketright, 0);
  g_assert_cmpint (selected_row (window), ==, 1);
  overlap_test_send_key (w, GDK_KEY_bracketleft, 0);
  g_assert_cmpint (selected_row (window), ==, 0);

  /* L, with the page still shown, goes back to the scenarios; L again gives
   * the list the focus, on the selected note's row; Down, Enter: the late
   * note selected and in view */
  g_assert_true (notes_page_shown (window));
  gtk_widget_grab_focus (GTK_WIDGET (view));
  overlap_test_send_key (w, GDK_KEY_l, 0);
  overlap_test_spin_until (notes_page_closed, window, 5000);
  g_assert_false (notes_page_shown (window));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->sidebar_stack), ==, "scenarios");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));
  overlap_test_send_key (w, GDK_KEY_l, 0);
  overlap_test_spin_until (notes_page_open, window, 5000);
  g_assert_true (notes_page_shown (window));
  g_assert_true (row_has_focus (window, 0));
  overlap_test_send_key (w, GDK_KEY_Down, 0);
  g_assert_true (row_has_focus (window, 1));
  overlap_test_send_key (w, GDK_KEY_Return, 0);
  overlap_test_spin_for (50);
  g_assert_cmpuint (overlap_gantt_view_get_selected_note (view), ==, late);
  g_assert_cmpint (selected_row (window), ==, 1);
  overlap_gantt_view_get_visible_range (view, &start, &end);
  g_assert_cmpint (start, <=, 9500000);
  g_assert_cmpint (end, >=, 9500000);

  /* in presentation mode, where Enter runs the scenario, Enter on a row of
   * the list still goes to its note, and nothing runs */
  overlap_test_send_key (w, GDK_KEY_F11, 0);
  g_assert_true (overlap_window_get_presenting (window));
  overlap_test_spin_for (200);
  if (!notes_page_shown (window))
    overlap_test_send_key (w, GDK_KEY_l, 0);
  overlap_test_spin_until (notes_page_open, window, 5000);
  g_assert_true (notes_page_shown (window));
  gtk_widget_grab_focus (GTK_WIDGET (overlap_notes_list_get_row (window->notes_list, 0)));
  overlap_test_spin_for (50);
  g_assert_true (row_has_focus (window, 0));
  overlap_test_send_key (w, GDK_KEY_Return, 0);
  overlap_test_spin_for (50);
  g_assert_cmpuint (overlap_gantt_view_get_selected_note (view), ==, early);
  g_assert_false (overlap_window_is_running (window));
  overlap_test_send_key (w, GDK_KEY_F11, 0);
  g_assert_false (overlap_window_get_presenting (window));
  overlap_test_spin_for (200);
  if (!notes_page_shown (window))
    overlap_test_send_key (w, GDK_KEY_l, 0);
  overlap_test_spin_until (notes_page_open, window, 5000);
  gtk_widget_grab_focus (GTK_WIDGET (overlap_notes_list_get_row (window->notes_list, 1)));
  overlap_test_spin_for (50);
  g_assert_true (row_has_focus (window, 1));

  /* Delete on the row: the note and its row go, the focus on the other row */
  overlap_test_send_key (w, GDK_KEY_Delete, 0);
  overlap_test_spin_for (50);
  notes = overlap_recording_get_notes (recording, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (notes[0].id, ==, early);
  g_assert_cmpuint (overlap_notes_list_get_n_rows (window->notes_list), ==, 1);
  g_assert_cmpstr (row_label (window, 0, FALSE), ==, "the loop blocks here");
  g_assert_true (row_has_focus (window, 0));
  overlap_test_send_key (w, GDK_KEY_Delete, 0);
  overlap_test_spin_for (50);
  g_assert_cmpuint (overlap_notes_list_get_n_rows (window->notes_list), ==, 0);
  g_assert_true (gtk_widget_get_mapped (empty));

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
  g_test_add_func ("/notes-ui/note-in-replay", test_note_in_replay);
  g_test_add_func ("/notes-ui/notes-button", test_notes_button);
  g_test_add_func ("/notes-ui/side-list", test_side_list);

  return overlap_test_run_windows (app);
}
