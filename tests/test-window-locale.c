/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "overlap-test-ui.h"
#include "overlap-test-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "overlap-window.h"

/* The real window in German, with the build's own catalogue: meson compiles
 * po/de.po into <build>/po/de/LC_MESSAGES/overlap.mo, which is the layout that
 * bindtextdomain expects. German comes from LANGUAGE=de, which gettext honours
 * whenever LC_MESSAGES is not "C": de_DE.UTF-8 when the system has it (then
 * numbers get a decimal comma too), C.UTF-8 otherwise. */

static GtkApplication *app;
static gboolean german_numbers;

static void
test_window_in_german (void)
{
  OverlapWindow *window = overlap_test_window_new (app, 0, 0);
  AdwButtonContent *run_content;

  /* from the .ui file */
  run_content = ADW_BUTTON_CONTENT (overlap_test_find_widget (GTK_WIDGET (window), ADW_TYPE_BUTTON_CONTENT));
  g_assert_nonnull (run_content);
  g_assert_cmpstr (adw_button_content_get_label (run_content), ==, "_Ausführen");

  /* from the C code */
  g_assert_cmpstr (overlap_window_get_summary (window), ==, "Drücken Sie auf „Ausführen“, um zu beginnen.");

  /* a bundled scenario's title, from its JSON file */
  g_assert_cmpstr (overlap_scenario_get_title (overlap_window_get_scenario (window)), ==,
                   "Drei Aufgaben: A, B und C");

  overlap_test_destroy_window (GTK_WINDOW (window));
}

static void
test_numbers (void)
{
  g_autofree char *seconds = g_strdup_printf (_("%.2f s"), 1.5);
  g_autofree char *tasks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task", "%u tasks", 3), 3);

  g_assert_cmpstr (tasks, ==, "3 Aufgaben");
  if (german_numbers)
    g_assert_cmpstr (seconds, ==, "1,50 s");
  else
    {
      g_assert_cmpstr (seconds, ==, "1.50 s");
      g_test_message ("de_DE.UTF-8 is not installed: numbers keep the C locale's decimal point");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;

  /* before GTK calls setlocale (LC_ALL, "") */
  g_setenv ("LANGUAGE", "de", TRUE);
  if (setlocale (LC_ALL, "de_DE.UTF-8") != NULL)
    {
      g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
      german_numbers = TRUE;
    }
  else
    g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");

  g_test_init (&argc, &argv, NULL);

  localedir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/window-locale/numbers", test_numbers);

  app = overlap_test_application_new ();
  if (app == NULL)
    {
      g_test_message ("no display: only the catalogue is checked");
      return g_test_run ();
    }

  g_test_add_func ("/window-locale/german", test_window_in_german);

  return overlap_test_run_windows (app);
}
