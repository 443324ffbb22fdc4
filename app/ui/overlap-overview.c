/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-overview"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "overlap-chart-layout.h"
#include "overlap-overview.h"

/* The overview strip above the chart: the whole recording small (every run a
 * band, the bars fitted into the strip, by the same painter), and the part the
 * chart shows framed. Dragging moves the frame and the chart with it; a click
 * beside the frame brings it there. It is shown while the chart does not show
 * the whole recording: zoomed in, or lanes below the fold. */

#define STRIP_HEIGHT 56

struct _OverlapOverview
{
  GtkWidget         parent_instance;

  OverlapGanttView *view;
  GtkAdjustment    *vadjustment;        /* the view's, followed */
  OverlapRecording *recording;          /* the view's, followed */
  GSignalGroup     *view_signals;       /* view-changed, notify::recording, notify::vadjustment */
  GSignalGroup     *vadjustment_signals;
  GSignalGroup     *recording_signals;
  OverlapChartLayout *layout;   /* the strip's own: its bands are not the chart's */
  guint             tick_id;
  guint             visible_id;

  /* dragging: where in the frame it was taken, as a fraction of its size */
  gboolean          dragging;
  double            grab_x;
  double            grab_y;
};

G_DEFINE_FINAL_TYPE (OverlapOverview, overlap_overview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The frame, in the strip's pixels: the chart's time range across, and its
 * scrolled part of the lanes down. FALSE with no recording. */
static gboolean
get_frame (OverlapOverview  *self,
           graphene_rect_t  *frame)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  gint64 duration, start, end;
  double upper, page, value;

  if (self->view == NULL || self->recording == NULL)
    return FALSE;
  duration = overlap_recording_get_duration (self->recording, g_get_monotonic_time ());
  if (duration <= 0 || !overlap_gantt_view_get_visible_range (self->view, &start, &end))
    return FALSE;

  upper = self->vadjustment ? gtk_adjustment_get_upper (self->vadjustment) : 0;
  page = self->vadjustment ? gtk_adjustment_get_page_size (self->vadjustment) : 0;
  value = self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
  frame->origin.x = CLAMP ((double) start / duration, 0, 1) * width;
  frame->size.width = MAX (4, CLAMP ((double) end / duration, 0, 1) * width - frame->origin.x);
  if (upper > page && upper > 0)
    {
      frame->origin.y = value / upper * height;
      frame->size.height = MAX (4, page / upper * height);
    }
  else
    {
      frame->origin.y = 0;
      frame->size.height = height;
    }
  return TRUE;
}

/* Whether the chart shows less than the whole recording; decided out of the
 * frame's layout (the chart's scrollbar changes during it), never in it */
static gboolean
update_visible_idle (gpointer data)
{
  OverlapOverview *self = data;
  gboolean partial = FALSE;
  gint64 start, end, duration;

  if (self->view != NULL && self->recording != NULL &&
      overlap_recording_get_n_runs (self->recording) > 0 &&
      !overlap_gantt_view_get_fit_all (self->view))
    {
      duration = overlap_recording_get_duration (self->recording, g_get_monotonic_time ());
      if (overlap_gantt_view_get_visible_range (self->view, &start, &end) &&
          (start > 0 || end < duration))
        partial = TRUE;
      if (self->vadjustment != NULL &&
          gtk_adjustment_get_upper (self->vadjustment) > gtk_adjustment_get_page_size (self->vadjustment) + 1)
        partial = TRUE;
    }
  self->visible_id = 0;
  if (gtk_widget_get_visible (GTK_WIDGET (self)) != partial)
    gtk_widget_set_visible (GTK_WIDGET (self), partial);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
update_visible (OverlapOverview *self)
{
  if (self->visible_id == 0)
    self->visible_id = g_idle_add (update_visible_idle, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  OverlapOverview *self = OVERLAP_OVERVIEW (widget);

  gtk_widget_queue_draw (widget);
  if (self->recording != NULL && overlap_recording_get_n_runs (self->recording) > 0)
    {
      guint n = overlap_recording_get_n_runs (self->recording);

      for (guint i = 0; i < n; i++)
        if (overlap_run_is_live (overlap_recording_get_run (self->recording, i)))
          return G_SOURCE_CONTINUE;
    }
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
recording_changed (OverlapOverview *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  update_visible (self);
}

static void
set_recording (OverlapOverview  *self,
               OverlapRecording *recording)
{
  if (!g_set_object (&self->recording, recording))
    return;
  g_signal_group_set_target (self->recording_signals, recording);
  g_clear_object (&self->layout);
  if (recording != NULL)
    self->layout = overlap_chart_layout_new (recording);
  recording_changed (self);
}

static void
view_recording_changed (OverlapOverview *self)
{
  set_recording (self, self->view ? overlap_gantt_view_get_recording (self->view) : NULL);
}

static void
set_vadjustment (OverlapOverview *self,
                 GtkAdjustment   *adjustment)
{
  if (!g_set_object (&self->vadjustment, adjustment))
    return;
  g_signal_group_set_target (self->vadjustment_signals, adjustment);
  update_visible (self);
}

static void
view_vadjustment_changed (OverlapOverview *self)
{
  set_vadjustment (self, self->view ? gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view)) : NULL);
}

/* Moves the chart so that the frame's grabbed point is at (@x, @y). */
static void
move_to (OverlapOverview *self,
         double           x,
         double           y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  graphene_rect_t frame;
  gint64 duration, start, end, span;

  if (!get_frame (self, &frame) || width <= 0 || height <= 0)
    return;
  duration = overlap_recording_get_duration (self->recording, g_get_monotonic_time ());
  overlap_gantt_view_get_visible_range (self->view, &start, &end);
  span = end - start;
  if (span < duration)
    {
      gint64 at = (gint64) ((x - self->grab_x * frame.size.width) / width * duration);

      overlap_gantt_view_set_visible_range (self->view, at, at + span);
    }
  if (self->vadjustment != NULL)
    {
      double upper = gtk_adjustment_get_upper (self->vadjustment);

      gtk_adjustment_set_value (self->vadjustment,
                                (y - self->grab_y * frame.size.height) / height * upper);
    }
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               OverlapOverview *self)
{
  graphene_rect_t frame;

  if (!get_frame (self, &frame))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->dragging = TRUE;
  if (graphene_rect_contains_point (&frame, &GRAPHENE_POINT_INIT (x, y)))
    {
      self->grab_x = (x - frame.origin.x) / frame.size.width;
      self->grab_y = (y - frame.origin.y) / frame.size.height;
    }
  else
    {
      /* beside the frame: the frame comes here, centred */
      self->grab_x = self->grab_y = 0.5;
      move_to (self, x, y);
    }
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                OverlapOverview *self)
{
  double x, y;

  if (!self->dragging)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  move_to (self, x + dx, y + dy);
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           dx,
             double           dy,
             OverlapOverview *self)
{
  self->dragging = FALSE;
}

static void
overlap_overview_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  OverlapOverview *self = OVERLAP_OVERVIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  OverlapPaintOptions options;
  graphene_rect_t frame;
  GdkRGBA shade, line;
  cairo_t *cr;

  if (self->view == NULL || self->recording == NULL || width <= 0 || height <= 0)
    return;

  overlap_gantt_view_get_paint_options (self->view, &options);
  options.width = width;
  options.height = height;
  options.view_start = options.view_end = 0;
  options.scroll_y = 0;
  options.selected_run = options.selected_lane = -1;
  options.collapsed = NULL;
  options.n_collapsed = 0;
  options.fit_lanes = TRUE;
  options.overview = TRUE;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  overlap_chart_layout_set_options (self->layout, &options);
  overlap_chart_layout_paint (self->layout, cr);
  cairo_destroy (cr);

  if (!get_frame (self, &frame))
    return;

  /* what the chart does not show, shaded; the frame outlined */
  shade = options.dark ? (GdkRGBA) { 0, 0, 0, 0.45 } : (GdkRGBA) { 1, 1, 1, 0.6 };
  gtk_snapshot_append_color (snapshot, &shade, &GRAPHENE_RECT_INIT (0, 0, frame.origin.x, height));
  gtk_snapshot_append_color (snapshot, &shade,
                             &GRAPHENE_RECT_INIT (frame.origin.x + frame.size.width, 0,
                                                  width - frame.origin.x - frame.size.width, height));
  gtk_snapshot_append_color (snapshot, &shade,
                             &GRAPHENE_RECT_INIT (frame.origin.x, 0, frame.size.width, frame.origin.y));
  gtk_snapshot_append_color (snapshot, &shade,
                             &GRAPHENE_RECT_INIT (frame.origin.x, frame.origin.y + frame.size.height,
                                                  frame.size.width,
                                                  height - frame.origin.y - frame.size.height));
  gdk_rgba_parse (&line, options.dark ? "#78aeed" : "#1c71d8");
  {
    GskRoundedRect outline;
    const float widths[4] = { 2, 2, 2, 2 };
    const GdkRGBA colors[4] = { line, line, line, line };

    gsk_rounded_rect_init_from_rect (&outline, &frame, 3);
    gtk_snapshot_append_border (snapshot, &outline, widths, colors);
  }
}

static void
overlap_overview_dispose (GObject *object)
{
  OverlapOverview *self = OVERLAP_OVERVIEW (object);

  overlap_overview_set_view (self, NULL);
  g_clear_object (&self->view_signals);
  g_clear_object (&self->vadjustment_signals);
  g_clear_object (&self->recording_signals);
  g_clear_handle_id (&self->visible_id, g_source_remove);
  g_clear_object (&self->layout);
  G_OBJECT_CLASS (overlap_overview_parent_class)->dispose (object);
}

static void
overlap_overview_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OverlapOverview *self = OVERLAP_OVERVIEW (object);

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
overlap_overview_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OverlapOverview *self = OVERLAP_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      overlap_overview_set_view (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_overview_class_init (OverlapOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = overlap_overview_dispose;
  object_class->get_property = overlap_overview_get_property;
  object_class->set_property = overlap_overview_set_property;
  widget_class->snapshot = overlap_overview_snapshot;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, OVERLAP_TYPE_GANTT_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "overview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
overlap_overview_init (OverlapOverview *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->view_signals = g_signal_group_new (OVERLAP_TYPE_GANTT_VIEW);
  g_signal_group_connect_swapped (self->view_signals, "view-changed", G_CALLBACK (update_visible), self);
  g_signal_group_connect_swapped (self->view_signals, "notify::recording",
                                  G_CALLBACK (view_recording_changed), self);
  g_signal_group_connect_swapped (self->view_signals, "notify::vadjustment",
                                  G_CALLBACK (view_vadjustment_changed), self);
  self->vadjustment_signals = g_signal_group_new (GTK_TYPE_ADJUSTMENT);
  g_signal_group_connect_swapped (self->vadjustment_signals, "changed", G_CALLBACK (update_visible), self);
  g_signal_group_connect_swapped (self->vadjustment_signals, "value-changed", G_CALLBACK (update_visible), self);
  self->recording_signals = g_signal_group_new (OVERLAP_TYPE_RECORDING);
  g_signal_group_connect_swapped (self->recording_signals, "items-changed", G_CALLBACK (recording_changed), self);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  /* a strip: its own height, at least 120 px wide */
  gtk_widget_set_size_request (GTK_WIDGET (self), 120, STRIP_HEIGHT);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grab");
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Overview of the whole recording"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The part the chart shows is framed; drag the frame to move the chart"),
                                  -1);
}

GtkWidget *
overlap_overview_new (void)
{
  return g_object_new (OVERLAP_TYPE_OVERVIEW, NULL);
}

OverlapGanttView *
overlap_overview_get_view (OverlapOverview *self)
{
  g_return_val_if_fail (OVERLAP_IS_OVERVIEW (self), NULL);
  return self->view;
}

void
overlap_overview_set_view (OverlapOverview  *self,
                           OverlapGanttView *view)
{
  g_return_if_fail (OVERLAP_IS_OVERVIEW (self));
  g_return_if_fail (view == NULL || OVERLAP_IS_GANTT_VIEW (view));

  if (!g_set_object (&self->view, view))
    return;
  g_signal_group_set_target (self->view_signals, view);
  view_recording_changed (self);
  view_vadjustment_changed (self);
  if (self->tick_id != 0 && view == NULL)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  update_visible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/* Whether the strip shows (the chart shows less than the whole recording), and
 * where its frame is, for tests. */
gboolean
overlap_overview_get_frame (OverlapOverview *self,
                            graphene_rect_t *frame)
{
  g_return_val_if_fail (OVERLAP_IS_OVERVIEW (self), FALSE);
  g_return_val_if_fail (frame != NULL, FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self)) && get_frame (self, frame);
}
