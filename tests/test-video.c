/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <gst/video/video.h>

#include "overlap-export.h"
#include "overlap-replay.h"
#include "overlap-video-export.h"

/* The video export, read back as a user would: its length, size and codec as
 * GStreamer's discoverer (and gst-discoverer-1.0) reports them, its first and
 * last frames decoded and compared with the PNG export of the same moment,
 * Cancel and a bad path, 60 fps, and the command line's --video. */

#define MS 1000
#define WIDTH 480
#define HEIGHT 270

static char *overlap_path;
static gboolean available;
static char *unavailable;

/* sequential 0–600 ms (A, B, C failed), then gather 600–850 ms */
static OverlapRecording *
make_recording (void)
{
  OverlapRecording *recording = overlap_recording_new ("Video");
  g_autoptr(OverlapRun) seq = overlap_run_new ("Video", "sequential");
  g_autoptr(OverlapRun) gather = overlap_run_new ("Video", "gather");

  overlap_run_begin (seq, 0);
  overlap_run_add_lane (seq, "A", "timer", NULL);
  overlap_run_add_lane (seq, "B", "http", "GET /");
  overlap_run_add_lane (seq, "C", "spawn", "false");
  overlap_run_set_phase (seq, 0, OVERLAP_PHASE_WAITING, 0);
  overlap_run_lane_finish (seq, 0, OVERLAP_RESULT_OK, NULL, 200 * MS);
  overlap_run_set_phase (seq, 1, OVERLAP_PHASE_CONNECT, 200 * MS);
  overlap_run_set_phase (seq, 1, OVERLAP_PHASE_RECEIVING, 250 * MS);
  overlap_run_lane_finish (seq, 1, OVERLAP_RESULT_OK, NULL, 300 * MS);
  overlap_run_set_phase (seq, 2, OVERLAP_PHASE_RUNNING, 300 * MS);
  overlap_run_lane_finish (seq, 2, OVERLAP_RESULT_FAILED, "exited with status 1", 600 * MS);
  overlap_run_finish (seq, OVERLAP_RUN_FINISHED, 600 * MS);

  overlap_run_begin (gather, 0);
  overlap_run_set_offset (gather, 600 * MS);
  for (guint i = 0; i < 3; i++)
    {
      overlap_run_add_lane (gather, i == 0 ? "A" : i == 1 ? "B" : "C", "timer", NULL);
      overlap_run_set_phase (gather, i, OVERLAP_PHASE_WAITING, 0);
    }
  overlap_run_lane_finish (gather, 1, OVERLAP_RESULT_OK, NULL, 100 * MS);
  overlap_run_lane_finish (gather, 0, OVERLAP_RESULT_OK, NULL, 200 * MS);
  overlap_run_lane_finish (gather, 2, OVERLAP_RESULT_OK, NULL, 250 * MS);
  overlap_run_finish (gather, OVERLAP_RUN_FINISHED, 250 * MS);

  overlap_recording_add_run (recording, seq);
  overlap_recording_add_run (recording, gather);
  return recording;
}

static void
video_options (OverlapVideoOptions *options,
               int                  fps)
{
  overlap_video_options_init (options);
  options->paint.width = WIDTH;
  options->paint.height = HEIGHT;
  options->fps = fps;
}

typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  GError    *error;
  gboolean   ok;
  guint      n_progress;
  double     last_fraction;
  gboolean   cancel_at_first;
} Export;

static void
progress_cb (double   fraction,
             gpointer data)
{
  Export *export = data;

  g_assert_cmpfloat (fraction, >=, export->last_fraction);
  export->last_fraction = fraction;
  export->n_progress++;
  if (export->cancel_at_first && fraction > 0)
    g_cancellable_cancel (export->cancellable);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Export *export = data;

  export->ok = overlap_video_export_finish (result, &export->error);
  g_main_loop_quit (export->loop);
}

static gboolean
export_video (OverlapRecording          *recording,
              const char                *path,
              const OverlapVideoOptions *options,
              gboolean                   cancel,
              GError                   **error)
{
  OverlapVideoOptions with_progress = *options;
  Export export = { 0 };

  export.loop = g_main_loop_new (NULL, FALSE);
  export.cancellable = g_cancellable_new ();
  export.cancel_at_first = cancel;
  with_progress.progress = progress_cb;
  with_progress.progress_data = &export;
  overlap_video_export_async (recording, path, &with_progress, export.cancellable,
                              done_cb, &export);
  g_main_loop_run (export.loop);
  g_main_loop_unref (export.loop);
  g_object_unref (export.cancellable);
  if (export.ok)
    {
      g_assert_cmpuint (export.n_progress, >=, 2);
      g_assert_cmpfloat (export.last_fraction, ==, 1.0);
    }
  if (export.error != NULL)
    g_propagate_error (error, export.error);
  return export.ok;
}

/* Reading the video back */

typedef struct
{
  GstClockTime duration;
  int          width;
  int          height;
  char        *codec;   /* caps name: video/x-vp9 */
} Discovered;

static void
discover (const char *path,
          Discovered *found)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (10 * GST_SECOND, &error);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  GList *streams;

  g_assert_no_error (error);
  info = gst_discoverer_discover_uri (discoverer, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gst_discoverer_info_get_result (info), ==, GST_DISCOVERER_OK);
  found->duration = gst_discoverer_info_get_duration (info);

  streams = gst_discoverer_info_get_video_streams (info);
  g_assert_cmpuint (g_list_length (streams), ==, 1);
  {
    GstDiscovererVideoInfo *video = streams->data;
    g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (video));

    found->width = gst_discoverer_video_info_get_width (video);
    found->height = gst_discoverer_video_info_get_height (video);
    found->codec = g_strdup (gst_structure_get_name (gst_caps_get_structure (caps, 0)));
  }
  gst_discoverer_stream_info_list_free (streams);
}

/* Decodes every frame, keeping the first and the last as cairo surfaces. */
static guint
decode (const char       *path,
        cairo_surface_t **first,
        cairo_surface_t **last)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *description =
    g_strdup_printf ("uridecodebin uri=\"%s\" ! videoconvert ! video/x-raw,format=BGRx ! "
                     "appsink name=sink sync=false", uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) sink = NULL;
  guint n = 0;

  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  for (;;)
    {
      g_autoptr(GstSample) sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
      GstVideoInfo info;
      GstMapInfo map;
      cairo_surface_t *surface;

      if (sample == NULL)
        break;
      g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
      if (n++ > 0 && last == NULL)
        continue;
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, info.width, info.height);
      gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ);
      cairo_surface_flush (surface);
      for (int y = 0; y < info.height; y++)
        memcpy (cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface),
                map.data + y * GST_VIDEO_INFO_PLANE_STRIDE (&info, 0), info.width * 4);
      cairo_surface_mark_dirty (surface);
      gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
      if (n == 1 && first != NULL)
        *first = cairo_surface_reference (surface);
      if (last != NULL)
        {
          g_clear_pointer (last, cairo_surface_destroy);
          *last = cairo_surface_reference (surface);
        }
      cairo_surface_destroy (surface);
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  return n;
}

/* Mean absolute difference per channel, 0–255. */
static double
mean_difference (cairo_surface_t *a,
                 cairo_surface_t *b)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  const guint8 *pa, *pb;
  double sum = 0;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, height);
  cairo_surface_flush (a);
  cairo_surface_flush (b);
  for (int y = 0; y < height; y++)
    {
      pa = cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a);
      pb = cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b);
      for (int x = 0; x < width * 4; x++)
        if (x % 4 != 3)
          sum += abs ((int) pa[x] - (int) pb[x]);
    }
  return sum / (width * height * 3.0);
}

/* The PNG export of @recording as the video paints it, read back. */
static cairo_surface_t *
png_of (OverlapRecording          *recording,
        const OverlapVideoOptions *options,
        const char                *path)
{
  g_autoptr(GError) error = NULL;
  OverlapPaintOptions paint = options->paint;
  cairo_surface_t *surface;

  paint.fit_lanes = TRUE;
  g_assert_true (overlap_export_chart (recording, path, OVERLAP_CHART_PNG, &paint, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

static gboolean
skip_if_unavailable (void)
{
  if (!available)
    g_test_skip (unavailable);
  return !available;
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("overlap-video-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Tests */

static void
test_duration_size_codec (void)
{
  g_autoptr(OverlapRecording) recording = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  OverlapVideoOptions options;
  Discovered found = { 0 };
  const char *codecs[] = { "vp9", "vp8" };
  const char *caps[] = { "video/x-vp9", "video/x-vp8" };

  if (skip_if_unavailable ())
    return;
  recording = make_recording ();
  dir = make_dir ();
  path = g_build_filename (dir, "run.webm", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (codecs); i++)
    {
      video_options (&options, 30);
      g_assert_true (overlap_video_codec_from_string (codecs[i], &options.codec));
      g_assert_true (export_video (recording, path, &options, FALSE, &error));
      g_assert_no_error (error);

      discover (path, &found);
      g_test_message ("%s: %" GST_TIME_FORMAT ", %d × %d, %s", codecs[i],
                      GST_TIME_ARGS (found.duration), found.width, found.height, found.codec);
      /* 850 ms of replay at 1×, within one frame */
      g_assert_cmpfloat (fabs ((double) found.duration - 850 * GST_MSECOND), <=, GST_SECOND / 30.0 + GST_MSECOND);
      g_assert_cmpint (found.width, ==, WIDTH);
      g_assert_cmpint (found.height, ==, HEIGHT);
      g_assert_cmpstr (found.codec, ==, caps[i]);
      g_clear_pointer (&found.codec, g_free);
      /* the temporary file is gone: only the video is there */
      g_assert_cmpuint (count_files (dir), ==, 1);
    }

  /* at twice the speed it is half as long */
  video_options (&options, 30);
  options.speed = 2.0;
  g_assert_true (export_video (recording, path, &options, FALSE, &error));
  discover (path, &found);
  g_assert_cmpfloat (fabs ((double) found.duration - 425 * GST_MSECOND), <=, GST_SECOND / 30.0 + GST_MSECOND);
  g_clear_pointer (&found.codec, g_free);

  remove_dir (dir);
}

static void
test_frames_match_png (void)
{
  g_autoptr(OverlapRecording) recording = NULL;
  g_autoptr(OverlapReplay) replay = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *first = NULL, *last = NULL, *png_first, *png_last;
  OverlapVideoOptions options;
  double d_first, d_last, d_cross;
  guint n;

  if (skip_if_unavailable ())
    return;
  recording = make_recording ();
  dir = make_dir ();
  path = g_build_filename (dir, "run.webm", NULL);
  png = g_build_filename (dir, "moment.png", NULL);
  video_options (&options, 30);
  g_assert_true (export_video (recording, path, &options, FALSE, &error));
  g_assert_no_error (error);

  n = decode (path, &first, &last);
  g_assert_cmpuint (n, ==, overlap_video_get_n_frames (recording, &options));
  g_assert_nonnull (first);
  g_assert_nonnull (last);

  /* the first moment: the replay at 0; the last: the finished recording itself */
  replay = overlap_replay_new (recording);
  overlap_replay_seek (replay, overlap_video_get_frame_position (recording, &options, 0));
  png_first = png_of (overlap_replay_get_recording (replay), &options, png);
  png_last = png_of (recording, &options, png);

  d_first = mean_difference (first, png_first);
  d_last = mean_difference (last, png_last);
  d_cross = mean_difference (first, png_last);
  g_test_message ("mean difference: first %.2f, last %.2f, first against the last PNG %.2f",
                  d_first, d_last, d_cross);
  g_assert_cmpfloat (d_first, <, 4.0);   /* lossy, 4:2:0: small, not 0 */
  g_assert_cmpfloat (d_last, <, 4.0);
  /* the comparison sees a different moment */
  g_assert_cmpfloat (d_cross, >, 2 * MAX (d_first, d_last));

  cairo_surface_destroy (first);
  cairo_surface_destroy (last);
  cairo_surface_destroy (png_first);
  cairo_surface_destroy (png_last);
  remove_dir (dir);
}

static void
test_sixty_fps (void)
{
  g_autoptr(OverlapRecording) recording = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  OverlapVideoOptions options;
  Discovered found = { 0 };
  guint n30, n60;

  if (skip_if_unavailable ())
    return;
  recording = make_recording ();
  dir = make_dir ();
  path = g_build_filename (dir, "run.webm", NULL);

  video_options (&options, 30);
  g_assert_true (export_video (recording, path, &options, FALSE, &error));
  n30 = decode (path, NULL, NULL);
  video_options (&options, 60);
  g_assert_true (export_video (recording, path, &options, FALSE, &error));
  g_assert_no_error (error);
  n60 = decode (path, NULL, NULL);
  discover (path, &found);

  g_test_message ("%u frames at 30 fps, %u at 60", n30, n60);
  g_assert_cmpuint (n60, >=, 2 * n30 - 2);
  g_assert_cmpuint (n60, <=, 2 * n30);
  g_assert_cmpfloat (fabs ((double) found.duration - 850 * GST_MSECOND), <=, GST_SECOND / 60.0 + GST_MSECOND);
  g_clear_pointer (&found.codec, g_free);
  remove_dir (dir);
}

static void
test_cancel_leaves_nothing (void)
{
  g_autoptr(OverlapRecording) recording = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  OverlapVideoOptions options;

  if (skip_if_unavailable ())
    return;
  recording = make_recording ();
  dir = make_dir ();
  path = g_build_filename (dir, "run.webm", NULL);
  video_options (&options, 60);

  g_assert_false (export_video (recording, path, &options, TRUE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir), ==, 0);

  /* an existing file is not touched by a cancelled export */
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, "keep", -1, NULL));
  g_assert_false (export_video (recording, path, &options, TRUE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "keep");
  }
  g_assert_cmpuint (count_files (dir), ==, 1);
  remove_dir (dir);
}

static void
test_bad_path (void)
{
  g_autoptr(OverlapRecording) recording = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  OverlapVideoOptions options;

  if (skip_if_unavailable ())
    return;
  recording = make_recording ();
  video_options (&options, 30);

  g_assert_false (export_video (recording, "/nonexistent-folder/run.webm", &options, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "/nonexistent-folder/run.webm"));
  g_clear_error (&error);

  dir = make_dir ();
  g_assert_false (export_video (recording, dir, &options, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, dir));
  g_assert_cmpuint (count_files (dir), ==, 0);
  remove_dir (dir);
}

static void
test_missing_element_message (void)
{
  g_autoptr(GError) error = NULL;

  if (skip_if_unavailable ())
    return;
  /* what the message says when an element is missing: hide vp8enc from GStreamer */
  {
    GstRegistry *registry = gst_registry_get ();
    g_autoptr(GstPluginFeature) feature = gst_registry_lookup_feature (registry, "vp8enc");

    g_assert_nonnull (feature);
    gst_registry_remove_feature (registry, feature);
    g_assert_false (overlap_video_check_available (OVERLAP_VIDEO_VP8, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "vp8enc"));
    g_assert_nonnull (strstr (error->message, "gstreamer1.0-plugins-good"));
    gst_registry_add_feature (registry, g_steal_pointer (&feature));
    g_assert_true (overlap_video_check_available (OVERLAP_VIDEO_VP8, NULL));
  }
}

static void
test_cli (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  Discovered found = { 0 };
  g_autofree char *discoverer = g_find_program_in_path ("gst-discoverer-1.0");

  if (skip_if_unavailable ())
    return;
  dir = make_dir ();
  path = g_build_filename (dir, "hello.webm", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, overlap_path, "--headless", "-s", "hello-world",
                                         "--time-scale", "0.2", "--video", path, "--fps", "60",
                                         "--codec", "vp8", "--width", "320", "--height", "240", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "Video written to"));
  g_assert_nonnull (strstr (err, "Writing the video… 100 %"));

  discover (path, &found);
  g_assert_cmpint (found.width, ==, 320);
  g_assert_cmpint (found.height, ==, 240);
  g_assert_cmpstr (found.codec, ==, "video/x-vp8");
  g_assert_cmpuint (found.duration, >, 100 * GST_MSECOND);
  g_clear_pointer (&found.codec, g_free);

  /* and as gst-discoverer-1.0 tells it */
  if (discoverer != NULL)
    {
      g_autoptr(GSubprocess) tool = NULL;
      g_autofree char *text = NULL;

      tool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                               discoverer, path, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (tool, NULL, NULL, &text, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (text, "VP8"));
      g_assert_nonnull (strstr (text, "Width: 320"));
      g_assert_nonnull (strstr (text, "Height: 240"));
      g_assert_nonnull (strstr (text, "Frame rate: 60/1"));
    }

  /* mistakes are told before anything runs */
  g_clear_object (&process);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  process = g_subprocess_launcher_spawn (launcher, &error, overlap_path, "--headless", "-s", "hello-world",
                                         "--video", path, "--fps", "120", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  g_assert_nonnull (strstr (err, "--fps must be from 1 to 60"));

  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  overlap_path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                   "..", "app", "overlap", NULL);
  available = overlap_video_check_available (OVERLAP_VIDEO_VP9, &error) &&
              overlap_video_check_available (OVERLAP_VIDEO_VP8, &error);
  if (!available)
    unavailable = g_strdup_printf ("no video export here: %s", error->message);

  g_test_add_func ("/video/duration-size-codec", test_duration_size_codec);
  g_test_add_func ("/video/frames-match-png", test_frames_match_png);
  g_test_add_func ("/video/sixty-fps", test_sixty_fps);
  g_test_add_func ("/video/cancel-leaves-nothing", test_cancel_leaves_nothing);
  g_test_add_func ("/video/bad-path", test_bad_path);
  g_test_add_func ("/video/missing-element", test_missing_element_message);
  g_test_add_func ("/video/cli", test_cli);

  return g_test_run ();
}
