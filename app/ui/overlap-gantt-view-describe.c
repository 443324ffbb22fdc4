/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-gantt-view"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-duration.h"
#include "overlap-gantt-view-private.h"
#include "overlap-import.h"
#include "overlap-run-words.h"

/* What the chart says in words: a task's details (the tooltip, and the
 * details panel), the figures of a measured range, and what the chart is
 * to assistive technologies. */

/* @text, escaped, in bold Pango markup: translatable strings carry no markup */
static char *
bold (const char *text)
{
  return g_markup_printf_escaped ("<b>%s</b>", text);
}

char *
overlap_gantt_view_describe_lane (OverlapRecording *recording,
                                  guint             run_index,
                                  guint             lane_index)
{
  OverlapRun *run;
  const OverlapLane *lane;
  const OverlapSpan *spans;
  gint64 phase_time[OVERLAP_N_PHASES] = { 0 };
  gint64 now;
  guint n_spans;
  GString *text;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *duration = NULL;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), NULL);
  g_return_val_if_fail (run_index < overlap_recording_get_n_runs (recording), NULL);

  run = overlap_recording_get_run (recording, run_index);
  lane = overlap_run_get_lane (run, lane_index);
  g_return_val_if_fail (lane != NULL, NULL);

  now = overlap_run_get_end (run, g_get_monotonic_time ());
  spans = overlap_run_get_spans (run, &n_spans);
  for (guint i = 0; i < n_spans; i++)
    if (spans[i].lane == lane_index)
      phase_time[spans[i].phase] += (spans[i].end >= 0 ? spans[i].end : now) - spans[i].start;

  text = g_string_new (NULL);
  {
    g_autofree char *label = g_markup_escape_text (overlap_run_string (run, lane->label) ?: "", -1);
    g_autofree char *kind = g_markup_escape_text (overlap_run_string (run, lane->kind) ?: "", -1);
    g_autofree char *strategy = g_markup_escape_text (overlap_run_get_display_name (run), -1);

    g_string_append_printf (text, "<b>%s</b>  <span alpha=\"70%%\">%s · %s</span>", label, kind, strategy);
  }
  if (lane->detail != 0)
    {
      g_autofree char *escaped = g_markup_escape_text (overlap_run_string (run, lane->detail), -1);
      g_string_append_printf (text, "\n%s", escaped);
    }

  start = overlap_format_duration (lane->start);
  end = lane->end >= 0 ? overlap_format_duration (lane->end) : g_strdup (lane->start >= 0 ? _("running") : "—");
  duration = overlap_format_duration (lane->start >= 0 ? (lane->end >= 0 ? lane->end : now) - lane->start : -1);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("from %s to %s: %s"), start, end, duration);

  for (guint p = 0; p < OVERLAP_N_PHASES; p++)
    {
      g_autofree char *t = NULL;

      if (phase_time[p] <= 0)
        continue;
      t = overlap_format_duration (phase_time[p]);
      g_string_append_printf (text, "\n  %s %s", _(overlap_phase_to_string (p)), t);
    }

  if (lane->bytes > 0)
    {
      g_autofree char *size = g_format_size (lane->bytes);
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("%s transferred"), size);
    }

  if (lane->result != OVERLAP_RESULT_PENDING)
    {
      g_autofree char *message = g_markup_escape_text (overlap_run_string (run, lane->message) ?: "", -1);
      g_autofree char *result = bold (_(overlap_result_to_string (lane->result)));

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Result: %s"), result);
      if (lane->completion > 0)
        g_string_append_printf (text, _(", finished #%d"), lane->completion);
      if (*message)
        g_string_append_printf (text, "\n%s", message);
    }

  return g_string_free (text, FALSE);
}

/* The span of @lane at @time, for timelines whose lanes hold many jobs, in
 * Pango markup: its name and duration, its detail, an imported trace event's
 * category, pid/tid and args, its result. NULL when there is none. */
char *
overlap_gantt_view_describe_span_at (OverlapRecording *recording,
                                     guint             run_index,
                                     guint             lane_index,
                                     gint64            time)
{
  OverlapRun *run = overlap_recording_get_run (recording, run_index);
  const OverlapSpan *spans;
  const OverlapSpan *best = NULL;
  g_autofree char *duration = NULL;
  GString *text;
  guint n;

  spans = overlap_run_get_spans (run, &n);
  for (guint i = 0; i < n; i++)
    if (spans[i].lane == lane_index && spans[i].start <= time &&
        (spans[i].end < 0 || spans[i].end >= time) &&
        (spans[i].label != 0 || spans[i].detail != 0 || OVERLAP_SPAN_GET_RESULT (&spans[i]) != 0))
      best = &spans[i];
  if (best == NULL)
    return NULL;

  text = g_string_new (NULL);
  duration = overlap_format_duration (best->end >= 0 ? best->end - best->start : -1);
  if (best->label != 0)
    {
      g_autofree char *label = g_markup_escape_text (overlap_run_string (run, best->label), -1);
      g_string_append_printf (text, "\n<b>%s</b> %s", label, duration);
    }
  if (best->detail != 0)
    {
      g_autofree char *detail = g_markup_escape_text (overlap_run_string (run, best->detail), -1);
      g_string_append_printf (text, "\n%s", detail);
    }
  /* an imported trace's slice: its event, read again from the file */
  {
    g_autofree char *event = overlap_import_describe_span_event (run, (guint) (best - spans));

    if (event != NULL && *event != '\0')
      {
        g_autofree char *escaped = g_markup_escape_text (event, -1);

        g_string_append_printf (text, "\n<span font_features=\"tnum\">%s</span>", escaped);
      }
  }
  if (OVERLAP_SPAN_GET_RESULT (best) != OVERLAP_RESULT_PENDING)
    {
      g_autofree char *result = bold (_(overlap_result_to_string (OVERLAP_SPAN_GET_RESULT (best))));

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Result: %s"), result);
    }
  return g_string_free (text, FALSE);
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  OverlapGanttView *self = OVERLAP_GANTT_VIEW (widget);
  g_autofree char *markup = NULL;
  guint run, lane;
  gint64 time = -1;

  if (self->recording == NULL || self->dragging)
    return FALSE;

  if (keyboard)
    {
      if (overlap_selection_get_run (self->selection) < 0 || overlap_selection_get_lane (self->selection) < 0)
        return FALSE;
      run = overlap_selection_get_run (self->selection);
      lane = overlap_selection_get_lane (self->selection);
    }
  else
    {
      if (!overlap_chart_layout_hit_test (_overlap_gantt_view_current_layout (self), x, y, &run, &lane, &time) ||
          lane == G_MAXUINT)
        return FALSE;
    }

  markup = overlap_gantt_view_describe_lane (self->recording, run, lane);
  if (!keyboard && time >= 0)
    {
      g_autofree char *span = overlap_gantt_view_describe_span_at (self->recording, run, lane, time);

      if (span != NULL)
        {
          char *both = g_strconcat (markup, "\n", span, NULL);
          g_free (markup);
          markup = both;
        }
    }
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

/* Figures of the measured range, per run: tasks active, the busiest moment,
 * idle time and the longest task. */
void
_overlap_gantt_view_show_range_figures (OverlapGanttView *self)
{
  gint64 t0 = MIN (self->measure_start, self->measure_end);
  gint64 t1 = MAX (self->measure_start, self->measure_end);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *duration = overlap_format_duration (t1 - t0);
  g_autofree char *span = bold (duration);
  OverlapChartLayout *layout;
  GdkRectangle where;
  guint n = overlap_recording_get_n_runs (self->recording);

  /* Translators: "1.50 s selected", the measured range */
  g_string_append_printf (text, _("%s selected"), span);
  for (guint i = 0; i < n && i < 12; i++)
    {
      OverlapRun *run = overlap_recording_get_run (self->recording, i);
      OverlapRangeStats stats;
      g_autofree char *idle = NULL;
      g_autofree char *strategy = NULL;
      g_autofree char *active = NULL;

      if (!overlap_recording_get_range_stats (self->recording, run, t0, t1, &stats))
        continue;
      idle = overlap_format_duration (stats.idle_time);
      strategy = bold (overlap_run_get_display_name (run));
      active = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task active", "%u tasks active", stats.n_active),
                                stats.n_active);
      g_string_append_c (text, '\n');
      /* Translators: "gather: 3 tasks active, at most 3 at once, idle 0 ms" */
      g_string_append_printf (text, _("%s: %s, at most %u at once, idle %s"),
                              strategy, active, stats.max_concurrency, idle);
      if (stats.longest_lane != G_MAXUINT)
        {
          g_autofree char *longest = overlap_format_duration (stats.longest_time);
          g_autofree char *label = g_markup_escape_text (
            overlap_run_string (run, overlap_run_get_lane (run, stats.longest_lane)->label) ?: "", -1);

          g_string_append_printf (text, _("; longest: %s, %s"), label, longest);
        }
    }

  if (self->range_popover == NULL)
    {
      self->range_popover = gtk_popover_new ();
      self->range_label = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->range_label, 0);
      gtk_label_set_selectable (self->range_label, TRUE);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *add = gtk_button_new_with_mnemonic (_("Add _Note"));

      gtk_widget_set_halign (add, GTK_ALIGN_START);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "gantt.add-note");
      gtk_widget_set_tooltip_text (add, _("A note over this range (N)"));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->range_label));
      gtk_box_append (GTK_BOX (box), add);
      gtk_popover_set_child (GTK_POPOVER (self->range_popover), box);
      gtk_popover_set_position (GTK_POPOVER (self->range_popover), GTK_POS_BOTTOM);
      gtk_widget_set_parent (self->range_popover, GTK_WIDGET (self));
    }
  gtk_label_set_markup (self->range_label, text->str);

  layout = _overlap_gantt_view_current_layout (self);
  where.x = (int) overlap_chart_layout_time_to_x (layout, t0);
  where.width = MAX (1, (int) overlap_chart_layout_time_to_x (layout, t1) - where.x);
  where.y = 0;
  where.height = 24;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->range_popover), &where);
  gtk_popover_popup (GTK_POPOVER (self->range_popover));
}

void
_overlap_gantt_view_init_describe (OverlapGanttView *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Gantt chart of the runs"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Every task as a bar on a shared time axis; the task table lists the same data"),
                                  -1);
}
