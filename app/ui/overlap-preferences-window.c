/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-preferences-window.h"

/* Preferences, each a GSettings key: applied at once, remembered. */

struct _OverlapPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings           *settings;
};

G_DEFINE_FINAL_TYPE (OverlapPreferencesWindow, overlap_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static GtkWidget *
spin_row (OverlapPreferencesWindow *self,
          const char               *key,
          const char               *title,
          const char               *subtitle,
          double                    lower,
          double                    upper,
          double                    step,
          guint                     digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
  g_settings_bind (self->settings, key, gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin)),
                   "value", G_SETTINGS_BIND_DEFAULT);
  return row;
}

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

static GtkWidget *
combo_row (OverlapPreferencesWindow *self,
           const char               *key,
           const char               *title,
           const char               *subtitle,
           const char * const       *nicks,
           const char * const       *labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_to_selected, selected_to_enum, (gpointer) nicks, NULL);
  return row;
}

static void
overlap_preferences_window_dispose (GObject *object)
{
  OverlapPreferencesWindow *self = (OverlapPreferencesWindow *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (overlap_preferences_window_parent_class)->dispose (object);
}

static void
overlap_preferences_window_class_init (OverlapPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = overlap_preferences_window_dispose;
}

static void
overlap_preferences_window_init (OverlapPreferencesWindow *self)
{
  static const char * const run_mode_nicks[] = { "one-after-another", "race", NULL };
  static const char * const palette_nicks[] = { "default", "high-contrast", NULL };
  const char *run_mode_labels[] = { _("One after another"), _("All at once"), NULL };
  const char *palette_labels[] = { _("Colour-blind safe"), _("High contrast"), NULL };
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *running = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *chart = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *server = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  self->settings = g_settings_new (APP_ID_SCHEMA);

  adw_preferences_group_set_title (running, _("Running"));
  adw_preferences_group_add (running, spin_row (self, "time-scale", _("Time scale"),
                                                _("Multiplies every duration of the work: below 1 is faster, above 1 slow motion"),
                                                0.01, 10, 0.05, 2));
  adw_preferences_group_add (running, combo_row (self, "run-mode", _("Strategies run"),
                                                 _("Compare them one after another, or race them at once"),
                                                 run_mode_nicks, run_mode_labels));
  adw_preferences_group_add (running, spin_row (self, "history-limit", _("Runs kept"),
                                                _("The oldest runs are dropped past this many"),
                                                1, 1000, 1, 0));

  adw_preferences_group_set_title (chart, _("Chart"));
  adw_preferences_group_add (chart, combo_row (self, "palette", _("Palette"),
                                               _("High contrast reads better on a projector"),
                                               palette_nicks, palette_labels));
  adw_preferences_group_add (chart, spin_row (self, "text-scale", _("Text size"),
                                              _("Scales the chart's text and bars"), 0.75, 3, 0.05, 2));
  adw_preferences_group_add (chart, spin_row (self, "presentation-text-scale", _("Text size when presenting"),
                                              _("In presentation mode (F11)"), 1, 3, 0.1, 1));

  adw_preferences_group_set_title (server, _("Demo server"));
  adw_preferences_group_set_description (server, _("The defaults for new downloads added in the scenario editor. The server listens on this computer only."));
  adw_preferences_group_add (server, spin_row (self, "demo-latency", _("Latency (seconds)"),
                                               _("How long the server waits before answering"), 0, 10, 0.05, 2));
  adw_preferences_group_add (server, spin_row (self, "demo-bandwidth", _("Bandwidth (bytes per second)"),
                                               _("0 sends as fast as possible"), 0, 1073741824, 65536, 0));

  adw_preferences_page_add (page, running);
  adw_preferences_page_add (page, chart);
  adw_preferences_page_add (page, server);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);
}

GtkWidget *
overlap_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (OVERLAP_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}
