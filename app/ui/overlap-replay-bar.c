/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-replay-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-duration.h"
#include "overlap-replay-bar.h"

/* The controls of a replay: play/pause, previous/next event, a position to
 * scrub, and the speed. */

static const double speeds[] = { 0.25, 0.5, 1.0, 2.0, 4.0 };

struct _OverlapReplayBar
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkWidget     *play_button;
  GtkScale      *scale;
  GtkAdjustment *adjustment;
  GtkLabel      *position_label;
  GtkDropDown   *speed_dropdown;

  OverlapReplay *replay;
  GSignalGroup  *replay_signals;  /* notify::position, ::playing, ::speed */
  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (OverlapReplayBar, overlap_replay_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REPLAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_position (OverlapReplayBar *self)
{
  g_autofree char *position = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;
  gint64 pos, dur;

  if (self->replay == NULL)
    return;

  pos = overlap_replay_get_position (self->replay);
  dur = overlap_replay_get_duration (self->replay);
  position = overlap_format_duration (pos);
  duration = overlap_format_duration (dur);
  /* Translators: the replay's position, e.g. "1.20 s / 6.00 s" */
  text = g_strdup_printf (_("%s / %s"), position, duration);
  gtk_label_set_label (self->position_label, text);

  self->updating = TRUE;
  gtk_adjustment_configure (self->adjustment, pos / (double) G_USEC_PER_SEC, 0,
                            MAX (dur, 1) / (double) G_USEC_PER_SEC,
                            dur / 100.0 / G_USEC_PER_SEC, dur / 10.0 / G_USEC_PER_SEC, 0);
  self->updating = FALSE;
}

static void
update_playing (OverlapReplayBar *self)
{
  gboolean playing = self->replay != NULL && overlap_replay_get_playing (self->replay);

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, playing ? _("Pause (K)") : _("Play (K)"));
}

static void
update_speed (OverlapReplayBar *self)
{
  double speed;

  if (self->replay == NULL)
    return;
  speed = overlap_replay_get_speed (self->replay);
  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (speeds[i] == speed)
      gtk_drop_down_set_selected (self->speed_dropdown, i);
}

static void
scale_changed (OverlapReplayBar *self)
{
  if (self->updating || self->replay == NULL)
    return;
  overlap_replay_seek (self->replay, (gint64) (gtk_adjustment_get_value (self->adjustment) * G_USEC_PER_SEC));
}

static void
speed_selected (OverlapReplayBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->speed_dropdown);

  if (self->replay != NULL && selected < G_N_ELEMENTS (speeds))
    overlap_replay_set_speed (self->replay, speeds[selected]);
}

static void
replay_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OverlapReplayBar *self = OVERLAP_REPLAY_BAR (widget);

  if (self->replay == NULL)
    return;

  if (g_str_equal (action_name, "replay.toggle"))
    {
      if (overlap_replay_get_playing (self->replay))
        overlap_replay_pause (self->replay);
      else
        overlap_replay_play (self->replay);
    }
  else
    {
      overlap_replay_pause (self->replay);
      overlap_replay_step (self->replay, g_str_equal (action_name, "replay.step-forward") ? 1 : -1);
    }
}

static void
overlap_replay_bar_dispose (GObject *object)
{
  OverlapReplayBar *self = (OverlapReplayBar *)object;

  overlap_replay_bar_set_replay (self, NULL);
  g_clear_object (&self->replay_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVERLAP_TYPE_REPLAY_BAR);

  G_OBJECT_CLASS (overlap_replay_bar_parent_class)->dispose (object);
}

static void
overlap_replay_bar_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OverlapReplayBar *self = OVERLAP_REPLAY_BAR (object);

  switch (prop_id)
    {
    case PROP_REPLAY:
      g_value_set_object (value, self->replay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_replay_bar_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OverlapReplayBar *self = OVERLAP_REPLAY_BAR (object);

  switch (prop_id)
    {
    case PROP_REPLAY:
      overlap_replay_bar_set_replay (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_replay_bar_class_init (OverlapReplayBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = overlap_replay_bar_dispose;
  object_class->get_property = overlap_replay_bar_get_property;
  object_class->set_property = overlap_replay_bar_set_property;

  properties[PROP_REPLAY] =
    g_param_spec_object ("replay", NULL, NULL, OVERLAP_TYPE_REPLAY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/overlap-replay-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, OverlapReplayBar, box);
  gtk_widget_class_bind_template_child (widget_class, OverlapReplayBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, OverlapReplayBar, scale);
  gtk_widget_class_bind_template_child (widget_class, OverlapReplayBar, adjustment);
  gtk_widget_class_bind_template_child (widget_class, OverlapReplayBar, position_label);
  gtk_widget_class_bind_template_child (widget_class, OverlapReplayBar, speed_dropdown);

  gtk_widget_class_install_action (widget_class, "replay.toggle", NULL, replay_action);
  gtk_widget_class_install_action (widget_class, "replay.step-back", NULL, replay_action);
  gtk_widget_class_install_action (widget_class, "replay.step-forward", NULL, replay_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "replaybar");
}

static void
overlap_replay_bar_init (OverlapReplayBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->replay_signals = g_signal_group_new (OVERLAP_TYPE_REPLAY);
  g_signal_group_connect_swapped (self->replay_signals, "notify::position", G_CALLBACK (update_position), self);
  g_signal_group_connect_swapped (self->replay_signals, "notify::playing", G_CALLBACK (update_playing), self);
  g_signal_group_connect_swapped (self->replay_signals, "notify::speed", G_CALLBACK (update_speed), self);
  g_signal_connect_swapped (self->adjustment, "value-changed", G_CALLBACK (scale_changed), self);
  g_signal_connect_swapped (self->speed_dropdown, "notify::selected", G_CALLBACK (speed_selected), self);
}

GtkWidget *
overlap_replay_bar_new (void)
{
  return g_object_new (OVERLAP_TYPE_REPLAY_BAR, NULL);
}

OverlapReplay *
overlap_replay_bar_get_replay (OverlapReplayBar *self)
{
  g_return_val_if_fail (OVERLAP_IS_REPLAY_BAR (self), NULL);
  return self->replay;
}

void
overlap_replay_bar_set_replay (OverlapReplayBar *self,
                               OverlapReplay    *replay)
{
  g_return_if_fail (OVERLAP_IS_REPLAY_BAR (self));
  g_return_if_fail (!replay || OVERLAP_IS_REPLAY (replay));

  if (!g_set_object (&self->replay, replay))
    return;
  g_signal_group_set_target (self->replay_signals, replay);

  update_position (self);
  update_playing (self);
  update_speed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLAY]);
}
