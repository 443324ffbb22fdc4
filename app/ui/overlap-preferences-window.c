/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-preferences-window"

#include "config.h"

#include "overlap-preferences-window.h"

/* Preferences, each a GSettings key: applied at once, remembered. The rows are
 * in overlap-preferences-window.ui. */

struct _OverlapPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwComboRow         *run_mode_row;
  AdwComboRow         *palette_row;
  GtkAdjustment       *time_scale_adjustment;
  GtkAdjustment       *history_limit_adjustment;
  GtkAdjustment       *text_scale_adjustment;
  GtkAdjustment       *presentation_text_scale_adjustment;
  GtkAdjustment       *demo_latency_adjustment;
  GtkAdjustment       *demo_bandwidth_adjustment;

  GSettings           *settings;
};

G_DEFINE_FINAL_TYPE (OverlapPreferencesWindow, overlap_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const run_mode_nicks[] = { "one-after-another", "race", NULL };
static const char * const palette_nicks[] = { "default", "high-contrast", NULL };

static gboolean
enum_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_enum (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[selected]);
}

/* A combo row's position is the index of the enum key's nick in @nicks */
static void
bind_combo_row (OverlapPreferencesWindow *self,
                const char               *key,
                AdwComboRow              *row,
                const char * const       *nicks)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_to_selected, selected_to_enum, (gpointer) nicks, NULL);
}

static void
overlap_preferences_window_dispose (GObject *object)
{
  OverlapPreferencesWindow *self = OVERLAP_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OVERLAP_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (overlap_preferences_window_parent_class)->dispose (object);
}

static void
overlap_preferences_window_class_init (OverlapPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = overlap_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/overlap-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OverlapPreferencesWindow, run_mode_row);
  gtk_widget_class_bind_template_child (widget_class, OverlapPreferencesWindow, palette_row);
  gtk_widget_class_bind_template_child (widget_class, OverlapPreferencesWindow, time_scale_adjustment);
  gtk_widget_class_bind_template_child (widget_class, OverlapPreferencesWindow, history_limit_adjustment);
  gtk_widget_class_bind_template_child (widget_class, OverlapPreferencesWindow, text_scale_adjustment);
  gtk_widget_class_bind_template_child (widget_class, OverlapPreferencesWindow, presentation_text_scale_adjustment);
  gtk_widget_class_bind_template_child (widget_class, OverlapPreferencesWindow, demo_latency_adjustment);
  gtk_widget_class_bind_template_child (widget_class, OverlapPreferencesWindow, demo_bandwidth_adjustment);
}

static void
overlap_preferences_window_init (OverlapPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID_SCHEMA);
  g_settings_bind (self->settings, "time-scale", self->time_scale_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  bind_combo_row (self, "run-mode", self->run_mode_row, run_mode_nicks);
  g_settings_bind (self->settings, "history-limit", self->history_limit_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  bind_combo_row (self, "palette", self->palette_row, palette_nicks);
  g_settings_bind (self->settings, "text-scale", self->text_scale_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "presentation-text-scale", self->presentation_text_scale_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "demo-latency", self->demo_latency_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "demo-bandwidth", self->demo_bandwidth_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
overlap_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (OVERLAP_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}
