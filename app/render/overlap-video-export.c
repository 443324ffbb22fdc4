/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-video-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include "overlap-video-export.h"
#include "overlap-export-private.h"

#include "overlap-replay.h"

/* A video of the replay: the recording replayed on its own clock, each frame
 * painted by the same painter as the window and the PNG export into a GstBuffer
 * and pushed into appsrc → videoconvert → vp9enc/vp8enc → webmmux → filesink.
 * Frames are painted on the caller's main context only when appsrc asks for
 * data and stop when its small queue is full, so a few frames exist at a time
 * whatever the length; the encoder works in GStreamer's threads meanwhile.
 * The file is written beside the target under a temporary name and renamed
 * when complete: a failure or Cancel leaves nothing, and an existing file is
 * only replaced by a finished video. */

#define QUEUED_FRAMES 3   /* appsrc's queue, in frames */

typedef struct
{
  OverlapReplay            *replay;
  OverlapVideoOptions       options;
  char                     *path;
  char                     *tmp_path;     /* removed unless renamed to path */
  gboolean                  direct;       /* tmp_path is path itself, new (see make_tmp_path) */
  GMainContext             *context;
  GstElement               *pipeline;
  GstAppSrc                *src;
  GSource                  *bus_source;
  GSource                  *cancel_source;
  guint                     n_frames;
  guint                     next_frame;

  GMutex                    mutex;        /* the two below: appsrc calls from its thread */
  GSource                  *feed_source;  /* paints frames while appsrc wants them */
  gboolean                  wants_data;
  gboolean                  done;
} Export;

static void
export_teardown (Export *self)
{
  g_mutex_lock (&self->mutex);
  self->done = TRUE;
  if (self->feed_source != NULL)
    {
      g_source_destroy (self->feed_source);
      g_clear_pointer (&self->feed_source, g_source_unref);
    }
  g_mutex_unlock (&self->mutex);

  if (self->bus_source != NULL)
    {
      g_source_destroy (self->bus_source);
      g_clear_pointer (&self->bus_source, g_source_unref);
    }
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  /* stops GStreamer's threads: no appsrc callback after this */
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
}

static void
export_free (gpointer data)
{
  Export *self = data;

  export_teardown (self);
  if (self->tmp_path != NULL)
    g_unlink (self->tmp_path);
  g_clear_pointer (&self->tmp_path, g_free);
  g_clear_object (&self->src);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->replay);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

static const char *
element_package (const char *factory)
{
  if (g_str_equal (factory, "vp8enc") || g_str_equal (factory, "vp9enc") || g_str_equal (factory, "webmmux"))
    return "gstreamer1.0-plugins-good";
  return "gstreamer1.0-plugins-base";
}

static const char *
codec_element (OverlapVideoCodec codec)
{
  return codec == OVERLAP_VIDEO_VP8 ? "vp8enc" : "vp9enc";
}

static gboolean
check_elements (OverlapVideoCodec   codec,
                const char         *path,
                GError            **error)
{
  const char *factories[] = { "appsrc", "videoconvert", codec_element (codec), "webmmux", "filesink" };
  g_autoptr(GError) init_error = NULL;

  if (!gst_init_check (NULL, NULL, &init_error))
    {
      g_autofree char *reason = g_strdup_printf (_("GStreamer could not start: %s"), init_error->message);

      if (path != NULL)
        _overlap_export_set_write_error (error, path, G_IO_ERROR_NOT_SUPPORTED, reason);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, reason);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (factories[i]);
      g_autofree char *reason = NULL;

      if (factory != NULL)
        continue;
      /* Translators: the first %s is a GStreamer element, the second a Debian package */
      reason = g_strdup_printf (_("the GStreamer element “%s” is missing (it is in the package %s)"),
                                factories[i], element_package (factories[i]));
      if (path != NULL)
        _overlap_export_set_write_error (error, path, G_IO_ERROR_NOT_SUPPORTED, reason);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, reason);
      return FALSE;
    }
  return TRUE;
}

static GstElement *
make_element (const char  *factory,
              const char  *path,
              GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    {
      g_autofree char *reason =
        g_strdup_printf (_("the GStreamer element “%s” could not be created"), factory);

      _overlap_export_set_write_error (error, path, G_IO_ERROR_FAILED, reason);
    }
  return element;
}

static void
finish (GTask  *task,
        GError *error)
{
  Export *self = g_task_get_task_data (task);

  if (self->done)
    {
      g_clear_error (&error);
      return;
    }
  export_teardown (self);

  if (error == NULL && self->direct)
    g_clear_pointer (&self->tmp_path, g_free);
  else if (error == NULL)
    {
      if (g_rename (self->tmp_path, self->path) != 0)
        {
          int errsv = errno;

          _overlap_export_set_write_error (&error, self->path, g_io_error_from_errno (errsv), g_strerror (errsv));
        }
      else
        g_clear_pointer (&self->tmp_path, g_free);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);   /* the ref export_async kept while working */
}

static void
report_progress (Export *self,
                 double  fraction)
{
  if (self->options.progress != NULL)
    self->options.progress (CLAMP (fraction, 0.0, 1.0), self->options.progress_data);
}

/* Paints frame self->next_frame and pushes it. */
static void
push_frame (Export *self)
{
  OverlapRecording *recording = overlap_replay_get_recording (self->replay);
  OverlapRecording *source = overlap_replay_get_source (self->replay);
  const OverlapPaintOptions *paint = &self->options.paint;
  guint index = self->next_frame++;
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, paint->width);
  cairo_surface_t *surface;
  GstBuffer *buffer;
  GstMapInfo map;
  cairo_t *cr;
  guint64 pts, next;

  overlap_replay_seek (self->replay, overlap_video_get_frame_position (source, &self->options, index));

  buffer = gst_buffer_new_allocate (NULL, (gsize) stride * paint->height, NULL);
  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  surface = cairo_image_surface_create_for_data (map.data, CAIRO_FORMAT_RGB24, paint->width, paint->height, stride);
  cr = cairo_create (surface);
  overlap_painter_paint (cr, recording, paint);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  gst_buffer_unmap (buffer, &map);

  /* exact times from the frame's index: no drift over a long video */
  pts = gst_util_uint64_scale_int (index, GST_SECOND, self->options.fps);
  next = gst_util_uint64_scale_int (index + 1, GST_SECOND, self->options.fps);
  GST_BUFFER_PTS (buffer) = pts;
  GST_BUFFER_DTS (buffer) = pts;
  GST_BUFFER_DURATION (buffer) = next - pts;
  GST_BUFFER_OFFSET (buffer) = index;

  gst_app_src_push_buffer (self->src, buffer);
}

static gboolean
feed_cb (gpointer data)
{
  GTask *task = data;
  Export *self = g_task_get_task_data (task);

  g_mutex_lock (&self->mutex);
  if (!self->wants_data || self->done || self->next_frame >= self->n_frames)
    {
      g_clear_pointer (&self->feed_source, g_source_unref);
      g_mutex_unlock (&self->mutex);
      return G_SOURCE_REMOVE;
    }
  g_mutex_unlock (&self->mutex);

  push_frame (self);
  report_progress (self, (double) self->next_frame / (self->n_frames + 1));
  if (self->next_frame >= self->n_frames)
    gst_app_src_end_of_stream (self->src);
  return G_SOURCE_CONTINUE;
}

/* appsrc's thread (or ours, from within push_buffer) */
static void
need_data_cb (GstAppSrc *src,
              guint      length,
              gpointer   data)
{
  GTask *task = data;
  Export *self = g_task_get_task_data (task);

  g_mutex_lock (&self->mutex);
  self->wants_data = TRUE;
  if (self->feed_source == NULL && !self->done)
    {
      self->feed_source = g_idle_source_new ();
      g_source_set_priority (self->feed_source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (self->feed_source, feed_cb, task, NULL);
      g_source_set_static_name (self->feed_source, "[overlap] video frames");
      g_source_attach (self->feed_source, self->context);
    }
  g_mutex_unlock (&self->mutex);
}

static void
enough_data_cb (GstAppSrc *src,
                gpointer   data)
{
  GTask *task = data;
  Export *self = g_task_get_task_data (task);

  g_mutex_lock (&self->mutex);
  self->wants_data = FALSE;
  g_mutex_unlock (&self->mutex);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  GTask *task = data;
  Export *self = g_task_get_task_data (task);

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      report_progress (self, 1.0);
      finish (task, NULL);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;
        g_autofree char *reason = NULL;
        GError *error = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_debug ("%s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), debug ? debug : "");
        /* Translators: the first %s is GStreamer's message, the second an element's name */
        reason = g_strdup_printf (_("%s (GStreamer element “%s”)"), gst_error->message,
                                  GST_OBJECT_NAME (GST_MESSAGE_SRC (message)));
        _overlap_export_set_write_error (&error, self->path, G_IO_ERROR_FAILED, reason);
        finish (task, error);
      }
      return G_SOURCE_REMOVE;

    default:
      return G_SOURCE_CONTINUE;
    }
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  GTask *task = data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  finish (task, error);
  return G_SOURCE_REMOVE;
}

static void
set_encoder_properties (GstElement          *encoder,
                        const OverlapVideoOptions *options)
{
  /* realtime settings: a chart is mostly flat colour and text, which encodes
   * well fast; the bit rate is generous so that the text stays sharp */
  g_object_set (encoder,
                "deadline", (gint64) 1,
                /* libvpx's fastest realtime settings: VP8's scale goes to 16 */
                "cpu-used", options->codec == OVERLAP_VIDEO_VP8 ? 16 : 8,
                "threads", 2,
                "lag-in-frames", 0,
                "keyframe-max-dist", options->fps * 5,
                "target-bitrate", 0,
                "bits-per-pixel", 0.1f,
                "max-quantizer", 20,
                NULL);
  if (options->codec == OVERLAP_VIDEO_VP9)
    g_object_set (encoder, "row-mt", TRUE, "tile-columns", 2, NULL);
}

static gboolean
build_pipeline (Export   *self,
                GTask    *task,
                GError  **error)
{
  const OverlapPaintOptions *paint = &self->options.paint;
  g_autoptr(GstCaps) caps = NULL;
  GstElement *src, *convert, *encoder, *mux, *sink;
  GstAppSrcCallbacks callbacks = { 0 };
  g_autoptr(GstBus) bus = NULL;

  if (!(src = make_element ("appsrc", self->path, error)))
    return FALSE;
  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("overlap-video"));
  gst_bin_add (GST_BIN (self->pipeline), src);
  self->src = GST_APP_SRC (gst_object_ref (src));

  if (!(convert = make_element ("videoconvert", self->path, error)))
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), convert);
  if (!(encoder = make_element (codec_element (self->options.codec), self->path, error)))
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), encoder);
  if (!(mux = make_element ("webmmux", self->path, error)))
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), mux);
  if (!(sink = make_element ("filesink", self->path, error)))
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), sink);

  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, G_BYTE_ORDER == G_LITTLE_ENDIAN ? "BGRx" : "xRGB",
                              "width", G_TYPE_INT, paint->width,
                              "height", G_TYPE_INT, paint->height,
                              "framerate", GST_TYPE_FRACTION, self->options.fps, 1,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              NULL);
  g_object_set (src,
                "caps", caps,
                "format", GST_FORMAT_TIME,
                "is-live", FALSE,
                "block", FALSE,
                "max-bytes", (guint64) QUEUED_FRAMES *
                  cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, paint->width) * paint->height,
                NULL);
  g_object_set (convert, "n-threads", 2, NULL);
  set_encoder_properties (encoder, &self->options);
  g_object_set (mux, "writing-app", "Overlap " PACKAGE_VERSION, NULL);
  g_object_set (sink, "location", self->tmp_path, NULL);

  if (!gst_element_link_many (src, convert, encoder, mux, sink, NULL))
    {
      _overlap_export_set_write_error (error, self->path, G_IO_ERROR_FAILED, _("the GStreamer elements could not be linked"));
      return FALSE;
    }

  callbacks.need_data = need_data_cb;
  callbacks.enough_data = enough_data_cb;
  gst_app_src_set_callbacks (self->src, &callbacks, task, NULL);

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, (GSourceFunc) (void (*) (void)) bus_cb, task, NULL);
  g_source_set_static_name (self->bus_source, "[overlap] video bus");
  g_source_attach (self->bus_source, self->context);
  return TRUE;
}

/* A temporary file beside @path, so that the rename is atomic. Where no other
 * file may be made in that folder (a sandbox's document portal gives access
 * to the chosen file alone) but @path is new and can be made, @path itself,
 * removed again on failure; *direct says so. */
static char *
make_tmp_path (const char  *path,
               gboolean    *direct,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX.part", base);
  char *tmp = g_build_filename (dir, name, NULL);
  int fd, errsv;

  *direct = FALSE;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      _overlap_export_set_write_error (error, path, G_IO_ERROR_IS_DIRECTORY, _("it is a folder"));
      g_free (tmp);
      return NULL;
    }

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);
  errsv = errno;
  if (fd < 0 && (errsv == EACCES || errsv == EPERM))
    {
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd >= 0)
        {
          g_free (tmp);
          tmp = g_strdup (path);
          *direct = TRUE;
        }
      else if (errno != EEXIST)
        errsv = errno;
    }
  if (fd < 0)
    {
      _overlap_export_set_write_error (error, path, g_io_error_from_errno (errsv), g_strerror (errsv));
      g_free (tmp);
      return NULL;
    }
  close (fd);
  return tmp;
}

/* Public API */

void
overlap_video_options_init (OverlapVideoOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  overlap_paint_options_init (&options->paint);
  options->paint.width = OVERLAP_VIDEO_DEFAULT_WIDTH;
  options->paint.height = OVERLAP_VIDEO_DEFAULT_HEIGHT;
  options->paint.fit_lanes = TRUE;
  options->fps = OVERLAP_VIDEO_DEFAULT_FPS;
  options->codec = OVERLAP_VIDEO_VP9;
  options->speed = 1.0;
}

gboolean
overlap_video_codec_from_string (const char        *text,
                                 OverlapVideoCodec *codec)
{
  OverlapVideoCodec found;

  g_return_val_if_fail (text != NULL, FALSE);

  if (g_ascii_strcasecmp (text, "vp9") == 0)
    found = OVERLAP_VIDEO_VP9;
  else if (g_ascii_strcasecmp (text, "vp8") == 0)
    found = OVERLAP_VIDEO_VP8;
  else
    return FALSE;
  if (codec != NULL)
    *codec = found;
  return TRUE;
}

const char *
overlap_video_codec_to_string (OverlapVideoCodec codec)
{
  return codec == OVERLAP_VIDEO_VP8 ? "vp8" : "vp9";
}

/* The replay's length: until the last run has ended */
static gint64
replay_duration (OverlapRecording *recording)
{
  gint64 duration = 0;

  for (guint i = 0; i < overlap_recording_get_n_runs (recording); i++)
    {
      OverlapRun *run = overlap_recording_get_run (recording, i);

      duration = MAX (duration, overlap_run_get_offset (run) + overlap_run_get_wall_time (run));
    }
  return duration;
}

/* The video lasts the replay's duration at its speed: frame i at i / fps s,
 * as many as fit (and one at the very end), so it is at most one frame longer. */
guint
overlap_video_get_n_frames (OverlapRecording          *recording,
                            const OverlapVideoOptions *options)
{
  double length;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), 0);
  g_return_val_if_fail (options != NULL && options->fps > 0 && options->speed > 0, 0);

  length = replay_duration (recording) / options->speed;   /* µs of video */
  return (guint) floor (length * options->fps / G_USEC_PER_SEC + 1e-9) + 1;
}

gint64
overlap_video_get_frame_position (OverlapRecording          *recording,
                                  const OverlapVideoOptions *options,
                                  guint                      index)
{
  gint64 duration;
  guint n;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), 0);
  g_return_val_if_fail (options != NULL && options->fps > 0 && options->speed > 0, 0);

  duration = replay_duration (recording);
  n = overlap_video_get_n_frames (recording, options);
  if (index + 1 >= n)
    return duration;
  return MIN (duration, (gint64) llround ((double) index * G_USEC_PER_SEC * options->speed / options->fps));
}

gboolean
overlap_video_check_available (OverlapVideoCodec   codec,
                               GError            **error)
{
  return check_elements (codec, NULL, error);
}

/* Writes a WebM video of @recording (finished, not live) replayed from its
 * start to its end at @options' speed, fps and size. The frames are painted on
 * the thread-default main context of the caller, which must run; @options'
 * progress is called there too. Cancelling removes what was written. */
void
overlap_video_export_async (OverlapRecording          *recording,
                            const char                *path,
                            const OverlapVideoOptions *options,
                            GCancellable              *cancellable,
                            GAsyncReadyCallback        callback,
                            gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Export *self;

  g_return_if_fail (OVERLAP_IS_RECORDING (recording));
  g_return_if_fail (!overlap_recording_is_live (recording));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, overlap_video_export_async);
  g_task_set_name (task, "[overlap] video export");

  self = g_new0 (Export, 1);
  g_mutex_init (&self->mutex);
  self->path = g_strdup (path);
  self->context = g_main_context_ref_thread_default ();
  overlap_video_options_init (&self->options);
  if (options != NULL)
    self->options = *options;
  g_task_set_task_data (task, self, export_free);

  /* the video's own framing: everything fitted, at an even size */
  self->options.paint.width = MAX (2, self->options.paint.width + (self->options.paint.width & 1));
  self->options.paint.height = MAX (2, self->options.paint.height + (self->options.paint.height & 1));
  self->options.paint.fit_lanes = TRUE;
  self->options.paint.scroll_y = 0;
  self->options.paint.view_start = self->options.paint.view_end = 0;
  self->options.paint.now = 0;
  self->options.paint.overview = FALSE;
  self->options.paint.selected_run = self->options.paint.selected_lane = -1;
  self->options.paint.collapsed = NULL;
  self->options.paint.n_collapsed = 0;
  self->options.fps = CLAMP (self->options.fps, 1, OVERLAP_VIDEO_MAX_FPS);
  self->options.speed = CLAMP (self->options.speed, OVERLAP_REPLAY_MIN_SPEED, OVERLAP_REPLAY_MAX_SPEED);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!check_elements (self->options.codec, path, &error) ||
      !(self->tmp_path = make_tmp_path (path, &self->direct, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  self->replay = overlap_replay_new (recording);
  self->n_frames = overlap_video_get_n_frames (recording, &self->options);

  if (!build_pipeline (self, task, &error))
    {
      export_teardown (self);
      g_task_return_error (task, error);
      return;
    }

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, (GSourceFunc) (void (*) (void)) cancelled_cb, task, NULL);
      g_source_attach (self->cancel_source, self->context);
    }

  report_progress (self, 0.0);
  /* kept until finish(): the sources and appsrc's callbacks point at it */
  g_object_ref (task);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      /* the bus has the reason; without one, say so here */
      g_autoptr(GstBus) bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        bus_cb (bus, message, task);
      else
        finish (task, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"),
                                   path, _("GStreamer could not start the pipeline")));
    }
}

gboolean
overlap_video_export_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == overlap_video_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
