/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "overlap-cli.h"
#include "overlap-cli-private.h"
#include "overlap-csv.h"
#include "overlap-import.h"
#include "overlap-error.h"
#include "overlap-export.h"
#include "overlap-feed-server.h"
#include "overlap-duration.h"
#include "overlap-replay.h"
#include "overlap-runner.h"
#include "overlap-trace.h"
#include "overlap-video-export.h"

/* The headless command line: runs a scenario under several strategies, prints
 * the comparison and writes the chart and the recording; or serves the demo
 * HTTP server alone. The same engine and painter as the window. */

#define EXIT_USAGE 2
#define EXIT_INTERRUPTED 130

typedef struct
{
  GMainLoop        *loop;
  GCancellable     *cancellable;
  OverlapRecording *recording;
  GError           *error;
  gboolean          interrupted;
} Headless;

static const GOptionEntry entries[] = {
  { "headless", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run without a window: print the comparison and write the files asked for"), NULL },
  { "scenario", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_("The scenario to run: a bundled name (see --list-scenarios) or a JSON file"), N_("NAME|FILE") },
  { "open", 'o', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open a timeline instead of running a scenario: a Chrome trace, a .ninja_log, "
       "a meson testlog.json or a saved recording"), N_("FILE") },
  { "list-scenarios", 'l', 0, G_OPTION_ARG_NONE, NULL,
    N_("List the bundled scenarios and exit"), NULL },
  { "strategies", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Strategies to compare, comma-separated: sequential, gather, bounded(N), as-completed, "
       "first-completed, timeout(SECONDS), threads(N) (default: the scenario's own)"), N_("LIST") },
  { "time-scale", 't', 0, G_OPTION_ARG_STRING, NULL,
    N_("Multiply every duration of the work by X: 0.1 runs ten times faster, 2 in slow motion (default 1)"), N_("X") },
  { "race", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run the strategies all at once instead of one after another"), NULL },
  { "png", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Write the chart as a PNG image"), N_("FILE") },
  { "svg", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Write the chart as an SVG image"), N_("FILE") },
  { "pdf", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Write the chart as a PDF document"), N_("FILE") },
  { "video", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the replay as a WebM video, painted frame by frame, every run in view"), N_("FILE") },
  { "fps", 0, 0, G_OPTION_ARG_INT, NULL, N_("Frames per second of --video, 1 to 60 (default 30)"), N_("N") },
  { "codec", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Codec of --video: vp9 or vp8 (default vp9)"), N_("CODEC") },
  { "speed", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Replay speed of --video, 0.25 to 4: 2 makes the video half as long (default 1)"), N_("X") },
  { "width", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Width of the chart in pixels (default 1600; a video’s 1280)"), N_("PIXELS") },
  { "height", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Height of the chart in pixels: every run fits into it, as the window’s Fit All "
       "(default: every lane at full size; a video’s 720)"),
    N_("PIXELS") },
  { "dark", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Draw the chart with the dark palette"), NULL },
  { "trace", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the recording as Chrome trace JSON (opens in Perfetto)"), N_("FILE") },
  { "csv", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Write one CSV row per task"), N_("FILE") },
  { "serve", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run the demo HTTP server alone, on loopback, until interrupted"), NULL },
  { "port", 'p', 0, G_OPTION_ARG_INT, NULL,
    N_("Port for --serve (default: a free one)"), N_("N") },
  { "listen", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Listen for programs: show the tasks of programs that send trace events "
       "(python3 -m overlap_probe script.py) live"), NULL },
  { "listen-tcp", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --listen, also accept programs on a loopback TCP port that send the printed token first"), NULL },
  { "each-run-from-zero", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Draw every run from 0, for comparing two runs of one program, instead of at its start "
       "on the clock programs share"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { NULL }
};

void
overlap_cli_add_options (GApplication *application)
{
  g_autofree char *summary = NULL;

  g_application_add_main_option_entries (application, entries);
  g_application_set_option_context_parameter_string (application, _("[FILE] — see concurrency happen"));

  /* the probe's folder goes in with %s: a macro inside a translated string cuts
   * it short for xgettext */
  summary = g_strdup_printf (
    _("Overlap runs real work — timers, downloads, file reads, subprocesses, CPU work —\n"
      "one after another and concurrently, and draws every task as a Gantt bar.\n"
      "\n"
      "Examples:\n"
      "  overlap --headless --png chart.png                 the default scenario (tasks A, B, C)\n"
      "  overlap --headless -s scraper --strategies sequential,gather,bounded:10\n"
      "  overlap --headless -s my-scenario.json --time-scale 0.1 --trace run.json\n"
      "  overlap --headless --open build/.ninja_log --png build.png\n"
      "  overlap --headless -s scraper --video scraper.webm --fps 60   the replay as a video\n"
      "  overlap trace.json                                 open a timeline in the window\n"
      "  overlap --serve --port 8080                        the demo server, for curl or aiohttp\n"
      "  overlap --headless --listen --png live.png         record programs' tasks until Ctrl+C\n"
      "  python3 -m overlap_probe example.py                (with PYTHONPATH=%s/python)"),
    PKGDATADIR);
  g_application_set_option_context_summary (application, summary);
}

gboolean
overlap_cli_wants_headless (GVariantDict *options)
{
  static const char * const headless_only[] = {
    "headless", "list-scenarios", "serve", "png", "svg", "pdf", "trace", "csv", "video", "version",
  };

  for (guint i = 0; i < G_N_ELEMENTS (headless_only); i++)
    if (g_variant_dict_contains (options, headless_only[i]))
      return TRUE;
  return FALSE;
}

const char *
_overlap_cli_lookup_string (GVariantDict *options,
                            const char   *key,
                            const char   *type)
{
  const char *value = NULL;

  g_variant_dict_lookup (options, key, type, &value);
  return value;
}

/* Printing */


/* Pads to a width in characters, not bytes (× and … are two bytes). */
static void
append_cell (GString    *line,
             const char *text,
             int         width,
             gboolean    right)
{
  long len = g_utf8_strlen (text, -1);
  long pad = MAX (0, width - len);

  if (right)
    for (long i = 0; i < pad; i++)
      g_string_append_c (line, ' ');
  g_string_append (line, text);
  if (!right)
    for (long i = 0; i < pad; i++)
      g_string_append_c (line, ' ');
  g_string_append (line, "  ");
}

static void
print_table (OverlapRecording *recording,
             double            time_scale)
{
  const char *headers[] = {
    _("strategy"), _("tasks"), _("wall time"), _("sum of tasks"), _("speed-up"),
    _("most in flight"), _("longest stall"), _("errors"),
  };
  int widths[G_N_ELEMENTS (headers)];
  guint n_runs = overlap_recording_get_n_runs (recording);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    widths[c] = g_utf8_strlen (headers[c], -1);

  for (guint i = 0; i < n_runs; i++)
    {
      OverlapRun *run = overlap_recording_get_run (recording, i);
      double speedup = overlap_recording_get_speedup (recording, run);
      OverlapRunStats stats;
      guint errors;
      char **row = g_new0 (char *, G_N_ELEMENTS (headers) + 1);

      overlap_run_get_stats (run, &stats);
      errors = stats.n_failed + stats.n_cancelled + stats.n_timed_out;
      row[0] = g_strdup (overlap_run_get_strategy (run));
      row[1] = g_strdup_printf ("%u", stats.n_tasks);
      row[2] = overlap_format_duration (stats.wall_time);
      row[3] = overlap_format_duration (stats.task_time_sum);
      row[4] = speedup > 0 ? g_strdup_printf ("%.2f×", speedup) : g_strdup ("—");
      row[5] = g_strdup_printf ("%u", stats.max_in_flight);
      row[6] = overlap_format_duration (stats.longest_stall);
      if (errors == 0)
        row[7] = g_strdup ("0");
      else
        {
          g_autoptr(GString) what = g_string_new (NULL);

          g_string_append_printf (what, "%u", errors);
          if (stats.n_failed)
            g_string_append_printf (what, _(" (%u failed)"), stats.n_failed);
          if (stats.n_cancelled)
            g_string_append_printf (what, _(" (%u cancelled)"), stats.n_cancelled);
          if (stats.n_timed_out)
            g_string_append_printf (what, _(" (%u timed out)"), stats.n_timed_out);
          row[7] = g_string_free (g_steal_pointer (&what), FALSE);
        }
      for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
        widths[c] = MAX (widths[c], (int) g_utf8_strlen (row[c], -1));
      g_ptr_array_add (rows, row);
    }

  if (n_runs > 0)
    {
      OverlapRun *first = overlap_recording_get_run (recording, 0);

      if (time_scale != 1.0)
        g_print (_("%s (time scale %g)\n\n"), overlap_run_get_title (first), time_scale);
      else
        g_print ("%s\n\n", overlap_run_get_title (first));
    }

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    append_cell (line, headers[c], widths[c], c > 0 && c < 7);
  g_print ("%s\n", g_strchomp (line->str));

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      g_string_truncate (line, 0);
      for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
        append_cell (line, row[c], widths[c], c > 0 && c < 7);
      g_print ("%s\n", g_strchomp (line->str));
    }

  /* The failures, each with its reason */
  for (guint i = 0; i < n_runs; i++)
    {
      OverlapRun *run = overlap_recording_get_run (recording, i);
      const OverlapLane *lanes;
      guint n_lanes, shown = 0;

      lanes = overlap_run_get_lanes (run, &n_lanes);
      for (guint l = 0; l < n_lanes; l++)
        {
          if (lanes[l].result == OVERLAP_RESULT_OK || lanes[l].result == OVERLAP_RESULT_PENDING)
            continue;
          if (shown++ == 0)
            g_print ("\n%s:\n", overlap_run_get_strategy (run));
          if (shown > 10)
            {
              g_print (_("  … and more\n"));
              break;
            }
          g_print ("  %s — %s: %s\n", overlap_run_string (run, lanes[l].label),
                   _(overlap_result_to_string (lanes[l].result)),
                   overlap_run_string (run, lanes[l].message) ?: "");
        }
    }
}

/* Running */

static gboolean
interrupt_cb (gpointer data)
{
  Headless *headless = data;

  if (!headless->interrupted)
    {
      g_printerr ("%s\n", _("Interrupted: stopping the run…"));
      headless->interrupted = TRUE;
      g_cancellable_cancel (headless->cancellable);
    }
  else
    g_main_loop_quit (headless->loop);
  return G_SOURCE_CONTINUE;
}

static void
compare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Headless *headless = user_data;

  overlap_runner_compare_finish (OVERLAP_RUNNER (object), result, &headless->error);
  g_main_loop_quit (headless->loop);
}

static gboolean
write_outputs (OverlapRecording *recording,
               GVariantDict     *options)
{
  static const struct { const char *key; OverlapChartFormat format; } charts[] = {
    { "png", OVERLAP_CHART_PNG }, { "svg", OVERLAP_CHART_SVG }, { "pdf", OVERLAP_CHART_PDF },
  };
  OverlapPaintOptions paint;
  gboolean ok = TRUE;
  const char *path;

  overlap_recording_set_each_from_zero (recording, g_variant_dict_contains (options, "each-run-from-zero"));
  int width = 0, height = 0;

  overlap_paint_options_init (&paint);
  paint.width = OVERLAP_EXPORT_DEFAULT_WIDTH;
  paint.height = 0;   /* the natural height: every run and lane */
  if (g_variant_dict_lookup (options, "width", "i", &width))
    paint.width = width;
  if (g_variant_dict_lookup (options, "height", "i", &height))
    {
      paint.height = height;
      paint.fit_lanes = TRUE;
    }
  paint.dark = g_variant_dict_contains (options, "dark");

  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!(path = _overlap_cli_lookup_string (options, charts[i].key, "^&ay")))
        continue;
      if (overlap_export_chart (recording, path, charts[i].format, &paint, &error))
        g_print (_("Chart written to %s\n"), path);
      else
        {
          g_printerr ("overlap: %s\n", error->message);
          ok = FALSE;
        }
    }

  if ((path = _overlap_cli_lookup_string (options, "trace", "^&ay")))
    {
      g_autoptr(GError) error = NULL;

      if (overlap_trace_export_to_path (recording, path, &error))
        g_print (_("Recording written to %s (Chrome trace JSON: open it in Perfetto)\n"), path);
      else
        {
          g_printerr ("overlap: %s\n", error->message);
          ok = FALSE;
        }
    }

  if ((path = _overlap_cli_lookup_string (options, "csv", "^&ay")))
    {
      g_autoptr(GError) error = NULL;

      if (overlap_csv_export_to_path (recording, OVERLAP_CSV_TASKS, path, &error))
        g_print (_("Tasks written to %s\n"), path);
      else
        {
          g_printerr ("overlap: %s\n", error->message);
          ok = FALSE;
        }
    }

  if ((path = _overlap_cli_lookup_string (options, "video", "^&ay")) && !_overlap_cli_write_video (recording, path, options))
    ok = FALSE;

  return ok;
}

/* --open: a timeline from a file instead of a run. */
static int
open_headless (const char   *path,
               GVariantDict *options)
{
  g_auto(OverlapImportReport) report = { 0 };
  g_autoptr(OverlapRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *runs_text = NULL;
  g_autofree char *lanes_text = NULL;
  g_autofree char *spans_text = NULL;
  g_autofree char *events_text = NULL;
  OverlapVideoOptions video;
  guint n_runs, n_lanes = 0, n_spans = 0;

  if (!_overlap_cli_parse_video_options (options, &video))
    return EXIT_USAGE;

  recording = overlap_import_path (path, &report, &error);
  if (recording == NULL)
    {
      g_printerr ("overlap: %s\n", error->message);
      return 1;
    }

  g_print ("%-40s  %8s  %8s\n", _("run"), _("lanes"), _("spans"));
  for (guint i = 0; i < overlap_recording_get_n_runs (recording); i++)
    {
      OverlapRun *run = overlap_recording_get_run (recording, i);
      guint lanes, spans;

      overlap_run_get_lanes (run, &lanes);
      overlap_run_get_spans (run, &spans);
      n_lanes += lanes;
      n_spans += spans;
      g_print ("%-40.40s  %8u  %8u\n", overlap_run_get_title (run), lanes, spans);
    }
  n_runs = overlap_recording_get_n_runs (recording);
  runs_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", n_runs), n_runs);
  lanes_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u lane", "%u lanes", n_lanes), n_lanes);
  spans_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u span", "%u spans", n_spans), n_spans);
  events_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", report.n_events),
                                 report.n_events);
  /* Translators: "3 runs, 12 lanes, 40 spans from 90 events; 2 skipped (1 of unknown kinds)" */
  g_print (_("%s, %s, %s from %s; %u skipped (%u of unknown kinds)\n"),
           runs_text, lanes_text, spans_text, events_text, report.n_skipped, report.n_unknown);
  for (guint i = 0; i < MIN (report.warnings->len, 5); i++)
    g_print ("  %s\n", (const char *) g_ptr_array_index (report.warnings, i));
  if (report.warnings->len > 5)
    g_print (_("  … and %u more\n"), report.n_skipped - 5);
  g_print ("\n");

  return write_outputs (recording, options) ? 0 : 1;
}

static int
run_headless (GVariantDict *options)
{
  g_autoptr(OverlapScenario) scenario = NULL;
  g_autoptr(OverlapRunner) runner = NULL;
  g_autoptr(GArray) strategies = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  const char *list;
  const char *text;
  double time_scale = 1.0;
  int width, height;
  OverlapVideoOptions video;
  Headless headless = { 0 };
  guint sigint_id, sigterm_id;
  int status = 0;

  name = _overlap_cli_lookup_string (options, "scenario", "&s");
  scenario = overlap_scenario_lookup (name ? name : "abc", &error);
  if (scenario == NULL)
    {
      g_printerr ("overlap: %s\n", error->message);
      return EXIT_USAGE;
    }

  if ((list = _overlap_cli_lookup_string (options, "strategies", "&s")))
    {
      strategies = overlap_strategy_parse_list (list, &error);
      if (strategies == NULL)
        {
          g_printerr ("overlap: --strategies: %s\n", error->message);
          return EXIT_USAGE;
        }
    }

  /* A string, parsed here: GApplication cannot tell a double option of 0 from none. */
  if ((text = _overlap_cli_lookup_string (options, "time-scale", "&s")))
    {
      char *end = NULL;

      time_scale = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' ||
          !(time_scale >= OVERLAP_TIME_SCALE_MIN && time_scale <= OVERLAP_TIME_SCALE_MAX))
        {
          g_printerr (_("overlap: --time-scale must be from %g to %g, not “%s”\n"),
                      OVERLAP_TIME_SCALE_MIN, OVERLAP_TIME_SCALE_MAX, text);
          return EXIT_USAGE;
        }
    }

  if (g_variant_dict_lookup (options, "width", "i", &width) && (width < 320 || width > 16384))
    {
      g_printerr (_("overlap: --width must be from 320 to 16384 pixels\n"));
      return EXIT_USAGE;
    }
  if (g_variant_dict_lookup (options, "height", "i", &height) && (height < 200 || height > 16384))
    {
      g_printerr (_("overlap: --height must be from 200 to 16384 pixels\n"));
      return EXIT_USAGE;
    }

  for (guint i = 0; i < 3; i++)
    {
      static const char * const keys[] = { "png", "svg", "pdf" };
      OverlapChartFormat format;
      const char *path = _overlap_cli_lookup_string (options, keys[i], "^&ay");

      if (path != NULL && (!overlap_chart_format_from_path (path, &format) || (guint) format != i))
        {
          g_printerr (_("overlap: --%s: “%s” should end in .%s\n"), keys[i], path, keys[i]);
          return EXIT_USAGE;
        }
    }

  if (!_overlap_cli_parse_video_options (options, &video))
    return EXIT_USAGE;

  runner = overlap_runner_new ();
  overlap_runner_set_time_scale (runner, time_scale);

  headless.loop = g_main_loop_new (NULL, FALSE);
  headless.cancellable = g_cancellable_new ();
  headless.recording = overlap_recording_new (overlap_scenario_get_title (scenario));

  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &headless);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &headless);

  overlap_runner_compare_async (runner,
                                &(OverlapComparisonSetup) {
                                  .scenario = scenario,
                                  .strategies = strategies,
                                  .race = g_variant_dict_contains (options, "race") ||
                                          overlap_scenario_get_race (scenario),
                                  .recording = headless.recording,
                                },
                                headless.cancellable, compare_cb, &headless);
  g_main_loop_run (headless.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (headless.error != NULL && !g_error_matches (headless.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("overlap: %s\n", headless.error->message);
      status = 1;
    }

  print_table (headless.recording, time_scale);
  g_print ("\n");
  if (!write_outputs (headless.recording, options))
    status = 1;
  if (headless.interrupted)
    status = EXIT_INTERRUPTED;

  g_clear_error (&headless.error);
  g_clear_object (&headless.recording);
  g_clear_object (&headless.cancellable);
  g_clear_pointer (&headless.loop, g_main_loop_unref);
  return status;
}

static int
list_scenarios (void)
{
  g_auto(GStrv) names = overlap_scenario_list_bundled ();
  int width = 0;

  for (guint i = 0; names[i] != NULL; i++)
    width = MAX (width, (int) strlen (names[i]));

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(OverlapScenario) scenario = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *strategies = NULL;
      const GArray *list;
      g_autoptr(GString) joined = g_string_new (NULL);
      g_autofree char *tasks_text = NULL;
      guint n_tasks;

      scenario = overlap_scenario_new_bundled (names[i], &error);
      if (scenario == NULL)
        {
          g_printerr ("overlap: %s\n", error->message);
          continue;
        }
      list = overlap_scenario_get_strategies (scenario);
      for (guint k = 0; k < list->len; k++)
        {
          g_autofree char *s = overlap_strategy_to_string (&g_array_index (list, OverlapStrategy, k));
          g_string_append_printf (joined, "%s%s", k ? ", " : "", s);
        }
      g_print ("%-*s  %s\n", width, names[i], overlap_scenario_get_title (scenario));
      if (overlap_scenario_get_description (scenario) != NULL)
        g_print ("%-*s  %s\n", width, "", overlap_scenario_get_description (scenario));
      n_tasks = overlap_scenario_get_n_tasks (scenario);
      tasks_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task", "%u tasks", n_tasks), n_tasks);
      /* Translators: "6 tasks; compares sequential, gather" */
      g_print (_("%-*s  %s; compares %s\n\n"), width, "", tasks_text, joined->str);
    }
  return 0;
}

static gboolean
serve_interrupt_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static int
serve (GVariantDict *options)
{
  g_autoptr(OverlapDemoServer) server = overlap_demo_server_new ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *example = NULL;
  guint n_requests;
  int port = 0;

  if (g_variant_dict_lookup (options, "port", "i", &port) && (port < 0 || port > 65535))
    {
      g_printerr (_("overlap: --port must be from 0 to 65535\n"));
      return EXIT_USAGE;
    }

  if (!overlap_demo_server_start (server, port, &error))
    {
      g_printerr (_("overlap: could not start the demo server: %s\n"), error->message);
      return 1;
    }

  /* the handlers first: whoever reads the address may stop it at once */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, serve_interrupt_cb, loop);
  g_unix_signal_add (SIGTERM, serve_interrupt_cb, loop);

  example = overlap_demo_server_build_uri (server, 64 * 1024, 100 * 1000, 0, 0, 0);
  g_print (_("Overlap demo server listening on %s (loopback only)\n"), overlap_demo_server_get_uri (server));
  g_print (_("Try: curl -o /dev/null -w '%%{time_total}\\n' '%s'\n"), example);
  g_print (_("Parameters are described at %s — stop with Ctrl+C\n"), overlap_demo_server_get_uri (server));
  g_main_loop_run (loop);

  n_requests = overlap_demo_server_get_n_requests (server);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Served %u request, at most %u at once\n",
                        "Served %u requests, at most %u at once\n", n_requests),
           n_requests, overlap_demo_server_get_max_concurrent (server));
  overlap_demo_server_stop (server);
  return 0;
}

/* --listen: programs' runs, live, until interrupted */

static void
program_connected_cb (OverlapFeedServer *server,
                      OverlapRun        *run)
{
  g_print (_("→ %s connected\n"), overlap_run_get_title (run));
}

static void
program_ended_cb (OverlapFeedServer *server,
                  OverlapRun        *run)
{
  OverlapRunStats stats;
  g_autofree char *wall = NULL;
  g_autofree char *tasks = NULL;

  overlap_run_get_stats (run, &stats);
  wall = overlap_format_duration (stats.wall_time);
  tasks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task", "%u tasks", stats.n_tasks), stats.n_tasks);
  if (overlap_run_get_note (run) != NULL)
    /* Translators: "← Program 1 ended after 3.01 s, 6 tasks: disconnected" */
    g_print (_("← %s ended after %s, %s: %s\n"), overlap_run_get_title (run), wall, tasks,
             overlap_run_get_note (run));
  else
    g_print (_("← %s ended after %s, %s\n"), overlap_run_get_title (run), wall, tasks);
}

static gboolean
listen_interrupt_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static int
listen_headless (GVariantDict *options)
{
  g_autoptr(OverlapRecording) recording = overlap_recording_new (_("Live feed"));
  g_autoptr(OverlapFeedServer) server = overlap_feed_server_new (recording);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  const char *path;
  guint sigint_id, sigterm_id;
  int status = 0;

  if (!overlap_feed_server_start (server, &error))
    {
      g_printerr (_("overlap: could not listen for programs: %s\n"), error->message);
      return 1;
    }
  path = overlap_feed_server_get_socket_path (server);
  g_print (_("Listening for programs on %s\n"), path);
  if (g_variant_dict_contains (options, "listen-tcp"))
    {
      if (!overlap_feed_server_listen_tcp (server, 0, &error))
        {
          g_printerr (_("overlap: could not listen on TCP: %s\n"), error->message);
          return 1;
        }
      g_print (_("and on 127.0.0.1:%u (loopback only): send the token %s as the first line,\n"
                 "  or OVERLAP_FEED=tcp:127.0.0.1:%u:%s for the Python probe\n"),
               overlap_feed_server_get_tcp_port (server), overlap_feed_server_get_token (server),
               overlap_feed_server_get_tcp_port (server), overlap_feed_server_get_token (server));
    }
  g_print (_("Try: PYTHONPATH=%s/python python3 -m overlap_probe script.py — stop with Ctrl+C\n"), PKGDATADIR);

  g_signal_connect (server, "run-added", G_CALLBACK (program_connected_cb), NULL);
  g_signal_connect (server, "run-ended", G_CALLBACK (program_ended_cb), NULL);
  sigint_id = g_unix_signal_add (SIGINT, listen_interrupt_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, listen_interrupt_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  overlap_feed_server_stop (server);   /* programs still connected end, marked so */
  g_print ("\n");
  if (overlap_recording_get_n_runs (recording) == 0)
    g_print (_("No program connected.\n"));
  else
    {
      print_table (recording, 1.0);
      g_print ("\n");
      if (!write_outputs (recording, options))
        status = 1;
    }
  return status;
}

/* Returns an exit status, or -1 when the window should open. */
int
overlap_cli_handle_options (GApplication *application,
                            GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("overlap %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_contains (options, "list-scenarios"))
    return list_scenarios ();
  if (g_variant_dict_contains (options, "serve"))
    return serve (options);
  if (g_variant_dict_contains (options, "listen"))
    return listen_headless (options);
  if (g_variant_dict_contains (options, "listen-tcp"))
    {
      g_printerr (_("overlap: --listen-tcp goes with --listen\n"));
      return EXIT_USAGE;
    }
  if (g_variant_dict_contains (options, "port"))
    {
      g_printerr (_("overlap: --port goes with --serve\n"));
      return EXIT_USAGE;
    }
  if (_overlap_cli_lookup_string (options, "open", "^&ay") != NULL)
    return open_headless (_overlap_cli_lookup_string (options, "open", "^&ay"), options);

  return run_headless (options);
}
