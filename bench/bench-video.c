/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include <glib/gstdio.h>

#include "bench-util.h"
#include "overlap-replay.h"
#include "overlap-runner.h"
#include "overlap-video-export.h"

/* Figure 10, the video export: a bundled scenario run (every strategy, at a
 * time scale), then its replay written as a WebM video of --seconds at
 * --width × --height and --fps (the replay's speed chosen so that the video
 * lasts that long). Reported:
 * - the export's wall time as a ratio to the video's own duration (≤ 1.5× is
 *   the target), and its CPU time; as the baseline in the same run, the
 *   painting alone (every frame painted into an image, nothing encoded), so the
 *   encoder's share shows;
 * - RSS at 25 %, 50 % and 100 % of the frames and its peak during the export,
 *   sampled every 50 ms: flat when the frames are streamed, not kept.
 *
 *   bench-video [--scenario NAME] [--seconds S] [--width W] [--height H]
 *               [--fps N] [--codec vp9|vp8] [--keep FILE] [--smoke]
 */

static char    *scenario_name = NULL;
static double   seconds = 10;
static int      width = 1920;
static int      height = 1080;
static int      fps = 30;
static char    *codec_name = NULL;
static char    *keep = NULL;
static gboolean smoke;

static const GOptionEntry entries[] = {
  { "scenario", 's', 0, G_OPTION_ARG_STRING, &scenario_name, "Bundled scenario (default abc)", "NAME" },
  { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Length of the video (default 10)", "S" },
  { "width", 0, 0, G_OPTION_ARG_INT, &width, "Width (default 1920)", "PIXELS" },
  { "height", 0, 0, G_OPTION_ARG_INT, &height, "Height (default 1080)", "PIXELS" },
  { "fps", 0, 0, G_OPTION_ARG_INT, &fps, "Frames per second (default 30)", "N" },
  { "codec", 0, 0, G_OPTION_ARG_STRING, &codec_name, "vp9 or vp8 (default vp9)", "CODEC" },
  { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep the video as FILE", "FILE" },
  { "smoke", 0, 0, G_OPTION_ARG_NONE, &smoke, "A tiny run that only checks everything works", NULL },
  { NULL }
};

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  glong      rss_at[3];     /* KiB at 25 %, 50 %, 100 % */
  glong      rss_peak;
  guint      n_samples;
} Export;

static void
compare_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!overlap_runner_compare_finish (OVERLAP_RUNNER (object), result, &error))
    g_error ("the run failed: %s", error->message);
  g_main_loop_quit (data);
}

static void
progress_cb (double   fraction,
             gpointer data)
{
  Export *export = data;
  static const double marks[] = { 0.25, 0.5, 1.0 };

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (export->rss_at[i] == 0 && fraction >= marks[i] - 1e-9)
      export->rss_at[i] = bench_vm_rss_kib ();
}

static gboolean
sample_cb (gpointer data)
{
  Export *export = data;

  export->rss_peak = MAX (export->rss_peak, bench_vm_rss_kib ());
  export->n_samples++;
  return G_SOURCE_CONTINUE;
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  Export *export = data;

  overlap_video_export_finish (result, &export->error);
  g_main_loop_quit (export->loop);
}

/* The baseline: the same frames painted, not encoded. µs of wall time. */
static gint64
paint_only (OverlapRecording          *recording,
            const OverlapVideoOptions *options,
            guint                      n_frames)
{
  g_autoptr(OverlapReplay) replay = overlap_replay_new (recording);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, options->paint.width,
                                                         options->paint.height);
  OverlapPaintOptions paint = options->paint;
  gint64 start = g_get_monotonic_time ();

  paint.fit_lanes = TRUE;
  paint.now = 0;
  for (guint i = 0; i < n_frames; i++)
    {
      cairo_t *cr = cairo_create (surface);

      overlap_replay_seek (replay, overlap_video_get_frame_position (recording, options, i));
      overlap_painter_paint (cr, overlap_replay_get_recording (replay), &paint);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
    }
  cairo_surface_destroy (surface);
  return g_get_monotonic_time () - start;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— figure 10: the video export");
  g_autoptr(GError) error = NULL;
  g_autoptr(OverlapScenario) scenario = NULL;
  g_autoptr(OverlapRunner) runner = NULL;
  g_autoptr(OverlapRecording) recording = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  OverlapVideoOptions options;
  Export export = { 0 };
  double time_scale, video_seconds, wall, cpu, paint_wall;
  gint64 start, cpu_start, duration;
  glong rss_before;
  guint n_frames, sampler;

  if (!bench_parse_args (context, entries, &argc, &argv))
    return 2;
  if (smoke)
    {
      seconds = 1;
      width = 320;
      height = 240;
    }

  overlap_video_options_init (&options);
  options.paint.width = width;
  options.paint.height = height;
  options.fps = fps;
  if (codec_name != NULL && !overlap_video_codec_from_string (codec_name, &options.codec))
    {
      g_printerr ("bench-video: --codec is vp9 or vp8\n");
      return 2;
    }
  if (!overlap_video_check_available (options.codec, &error))
    {
      g_print ("bench-video: skipped, %s\n", error->message);
      return 77;
    }

  /* the run: short enough that the replay's speed (0.25–4) makes it the video's length */
  scenario = overlap_scenario_new_bundled (scenario_name ? scenario_name : "abc", &error);
  if (scenario == NULL)
    g_error ("%s", error->message);
  runner = overlap_runner_new ();
  time_scale = smoke ? 0.05 : 0.4;
  overlap_runner_set_time_scale (runner, time_scale);
  recording = overlap_recording_new (overlap_scenario_get_title (scenario));
  loop = g_main_loop_new (NULL, FALSE);
  overlap_runner_compare_async (runner,
                                &(OverlapComparisonSetup) {
                                  .scenario = scenario,
                                  .race = overlap_scenario_get_race (scenario),
                                  .recording = recording,
                                },
                                NULL, compare_done_cb, loop);
  g_main_loop_run (loop);

  duration = 0;
  for (guint i = 0; i < overlap_recording_get_n_runs (recording); i++)
    {
      OverlapRun *run = overlap_recording_get_run (recording, i);

      duration = MAX (duration, overlap_run_get_offset (run) + overlap_run_get_wall_time (run));
    }
  options.speed = CLAMP (duration / (seconds * G_USEC_PER_SEC), OVERLAP_REPLAY_MIN_SPEED, OVERLAP_REPLAY_MAX_SPEED);
  n_frames = overlap_video_get_n_frames (recording, &options);
  video_seconds = (double) n_frames / options.fps;

  dir = g_dir_make_tmp ("bench-video-XXXXXX", &error);
  g_assert_no_error (error);
  path = keep ? g_strdup (keep) : g_build_filename (dir, "bench.webm", NULL);

  g_print ("Figure 10: video export of “%s” (%u runs, %.2f s at time scale %g), replayed at %.2f×\n",
           overlap_scenario_get_title (scenario), overlap_recording_get_n_runs (recording),
           duration / 1e6, time_scale, options.speed);
  g_print ("  video: %d × %d, %d fps, %s, %u frames = %.2f s\n", width, height, fps,
           options.codec == OVERLAP_VIDEO_VP8 ? "VP8" : "VP9", n_frames, video_seconds);

  /* the export */
  rss_before = bench_vm_rss_kib ();
  export.loop = loop;
  export.rss_peak = rss_before;
  sampler = g_timeout_add (50, sample_cb, &export);
  cpu_start = bench_cpu_time ();
  start = g_get_monotonic_time ();
  options.progress = progress_cb;
  options.progress_data = &export;
  overlap_video_export_async (recording, path, &options, NULL, export_done_cb, &export);
  g_main_loop_run (loop);
  wall = (g_get_monotonic_time () - start) / 1e6;
  cpu = (bench_cpu_time () - cpu_start) / 1e6;
  g_source_remove (sampler);
  if (export.error != NULL)
    g_error ("the export failed: %s", export.error->message);

  /* the baseline, after: painting alone */
  paint_wall = paint_only (recording, &options, n_frames) / 1e6;

  g_print ("  export: %.2f s wall = %.2f× the video's duration (target ≤ 1.5×); %.2f s CPU (%.0f %% of one core)\n",
           wall, wall / video_seconds, cpu, 100 * cpu / wall);
  g_print ("  baseline, painting alone: %.2f s = %.2f× the video (%.1f ms a frame); encoding adds %.2f×\n",
           paint_wall, paint_wall / video_seconds, 1000 * paint_wall / n_frames,
           (wall - paint_wall) / video_seconds);
  g_print ("  RSS: %ld MiB before, %ld / %ld / %ld MiB at 25 / 50 / 100 %% of the frames, peak %ld MiB (%u samples)\n",
           rss_before / 1024, export.rss_at[0] / 1024, export.rss_at[1] / 1024, export.rss_at[2] / 1024,
           export.rss_peak / 1024, export.n_samples);
  g_print ("  RSS growth from 25 %% to 100 %%: %+ld KiB over %u frames\n",
           export.rss_at[2] - export.rss_at[0], n_frames * 3 / 4);
  {
    GStatBuf st;

    if (g_stat (path, &st) == 0)
      g_print ("  file: %.1f KiB (%.0f kbit/s)\n", st.st_size / 1024.0, st.st_size * 8 / 1000.0 / video_seconds);
  }
  if (keep == NULL)
    g_unlink (path);
  g_rmdir (dir);

  if (export.rss_at[0] == 0 || export.rss_at[2] == 0)
    g_error ("no progress was reported");
  return 0;
}
