/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-application"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-application.h"
#include "overlap-cli.h"
#include "overlap-preferences-window.h"
#include "overlap-window.h"

/* The application: the window by default; the headless command line when asked
 * (--headless, an output file, --serve, …) or when there is no display. */

struct _OverlapApplication
{
  AdwApplication parent_instance;
  gboolean       listen;          /* --listen: the window listens for programs */
  char          *scenario;        /* -s NAME|FILE: the scenario the window shows first */
  char          *open;            /* -o FILE: the timeline the window opens first */
};

G_DEFINE_FINAL_TYPE (OverlapApplication, overlap_application, ADW_TYPE_APPLICATION)

static gboolean
have_display (void)
{
  return g_getenv ("WAYLAND_DISPLAY") != NULL || g_getenv ("DISPLAY") != NULL;
}

/* The window keeps its settings in GSettings, whose schema must be installed (or
 * found through GSETTINGS_SCHEMA_DIR): without it g_settings_new() aborts. Say what
 * to do instead. The headless command line needs no settings. */
static gboolean
have_settings_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID_SCHEMA, TRUE);
  return schema != NULL;
}

static int
overlap_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  if (overlap_cli_wants_headless (options))
    return overlap_cli_handle_options (application, options);

  if (!have_display ())
    {
      g_printerr ("%s\n", _("No display: running headless (see overlap --help)."));
      return overlap_cli_handle_options (application, options);
    }

  if (!have_settings_schema ())
    {
      g_printerr (_("overlap: the settings schema “%s” is not installed, and the window needs it.\n"
                    "From the build tree, run it as “meson devenv -C _build overlap”, or set\n"
                    "GSETTINGS_SCHEMA_DIR to the build’s data folder (_build/data); or install\n"
                    "Overlap (meson install -C _build). Without a window: overlap --headless.\n"),
                  APP_ID_SCHEMA);
      return 1;
    }

  OVERLAP_APPLICATION (application)->listen = g_variant_dict_contains (options, "listen");
  g_variant_dict_lookup (options, "scenario", "s", &OVERLAP_APPLICATION (application)->scenario);
  g_variant_dict_lookup (options, "open", "^ay", &OVERLAP_APPLICATION (application)->open);
  return G_APPLICATION_CLASS (overlap_application_parent_class)->handle_local_options (application, options);
}

/* `overlap -s NAME|FILE`: a file when there is one by that name, else a bundled
 * scenario; an unknown name is said on the terminal and the window keeps the
 * scenario it would have shown. */
static void
show_scenario (OverlapWindow *window,
               const char    *name)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (name);

  if (g_file_query_exists (file, NULL))
    overlap_window_open_scenario_file (window, file);
  else if (!overlap_window_load_bundled (window, name))
    g_printerr (_("No scenario called “%s” (overlap --list-scenarios lists them)\n"), name);
}

static GtkWindow *
ensure_window (OverlapApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (overlap_window_new (GTK_APPLICATION (self)));
  if (self->listen)
    overlap_window_set_listening (OVERLAP_WINDOW (window), TRUE);
  self->listen = FALSE;
  if (self->scenario != NULL)
    show_scenario (OVERLAP_WINDOW (window), self->scenario);
  g_clear_pointer (&self->scenario, g_free);
  if (self->open != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (self->open);

      overlap_window_open_file (OVERLAP_WINDOW (window), file);
    }
  g_clear_pointer (&self->open, g_free);
  return window;
}

static void
overlap_application_activate (GApplication *application)
{
  gtk_window_present (ensure_window (OVERLAP_APPLICATION (application)));
}

/* `overlap FILE`: a timeline (told by its content) or a scenario. */
static void
overlap_application_open (GApplication  *application,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  GtkWindow *window = ensure_window (OVERLAP_APPLICATION (application));
  if (n_files > 0)
    overlap_window_open_file (OVERLAP_WINDOW (window), files[0]);
  gtk_window_present (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *application = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  /* closing the windows stops their runs */
  for (GList *l = windows; l != NULL;)
    {
      GList *next = l->next;
      gtk_window_close (l->data);
      l = next;
    }
  g_application_quit (application);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *application = user_data;
  static const char *developers[] = { "The Overlap developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (application),
                        "application-name", _("Overlap"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Overlap developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("See concurrency happen: real timers, downloads, file reads, "
                                      "subprocesses and CPU work, one after another and at once, "
                                      "drawn as live Gantt bars."),
                        "website", "https://github.com/overlap/overlap",
                        "issue-url", "https://github.com/overlap/overlap/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "copyright", "© 2026 The Overlap developers",
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *application = user_data;
  GtkWidget *preferences = overlap_preferences_window_new (gtk_application_get_active_window (application));

  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
};

static void
overlap_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (overlap_application_parent_class)->startup (application);

  /* the icon comes from the theme, or from the resources when not installed */
  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences", preferences_accels);
}

static void
overlap_application_finalize (GObject *object)
{
  OverlapApplication *self = OVERLAP_APPLICATION (object);

  g_free (self->scenario);
  g_free (self->open);
  G_OBJECT_CLASS (overlap_application_parent_class)->finalize (object);
}

static void
overlap_application_class_init (OverlapApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = overlap_application_finalize;

  app_class->handle_local_options = overlap_application_handle_local_options;
  app_class->activate = overlap_application_activate;
  app_class->open = overlap_application_open;
  app_class->startup = overlap_application_startup;
}

static void
overlap_application_init (OverlapApplication *self)
{
  overlap_cli_add_options (G_APPLICATION (self));
}

OverlapApplication *
overlap_application_new (void)
{
  return g_object_new (OVERLAP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}
