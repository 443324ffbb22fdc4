/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "overlap-painter.h"

G_BEGIN_DECLS

typedef enum
{
  OVERLAP_VIDEO_VP9,
  OVERLAP_VIDEO_VP8,
} OverlapVideoCodec;

#define OVERLAP_VIDEO_DEFAULT_WIDTH  1280
#define OVERLAP_VIDEO_DEFAULT_HEIGHT 720
#define OVERLAP_VIDEO_DEFAULT_FPS    30
#define OVERLAP_VIDEO_MAX_FPS        60

/* Called on the calling thread's main context as frames are encoded: 0–1. */
typedef void (*OverlapVideoProgressFunc) (double   fraction,
                                          gpointer user_data);

/* What to write. paint.width and paint.height are the video's size (even
 * numbers; odd ones are rounded up); paint.dark, text_scale, high_contrast and
 * hide_flows are used as they are, the rest is the video's own: fit all (every
 * run and lane in view, none collapsed), the time range fitted to what has
 * happened so far, as the window's replay shows it. progress, when set, is
 * told how far the export is; progress_data must live until the export's
 * callback has run. */
typedef struct
{
  OverlapPaintOptions      paint;
  int                      fps;      /* frames per second, 1–60 */
  OverlapVideoCodec        codec;
  double                   speed;    /* the replay's speed, 0.25–4 */
  OverlapVideoProgressFunc progress;
  gpointer                 progress_data;
} OverlapVideoOptions;

void        overlap_video_options_init       (OverlapVideoOptions        *options);
gboolean    overlap_video_codec_from_string  (const char                 *text,
                                              OverlapVideoCodec          *codec);
const char *overlap_video_codec_to_string    (OverlapVideoCodec           codec);

/* The frames a video of @recording has, and the replay's position (µs of the
 * recording) that frame @index shows: the first shows 0, the last the end. */
guint       overlap_video_get_n_frames       (OverlapRecording           *recording,
                                              const OverlapVideoOptions  *options);
gint64      overlap_video_get_frame_position (OverlapRecording           *recording,
                                              const OverlapVideoOptions  *options,
                                              guint                       index);

/* FALSE with a message naming the missing GStreamer element and its package. */
gboolean    overlap_video_check_available    (OverlapVideoCodec           codec,
                                              GError                    **error);

void        overlap_video_export_async       (OverlapRecording           *recording,
                                              const char                 *path,
                                              const OverlapVideoOptions  *options,
                                              GCancellable               *cancellable,
                                              GAsyncReadyCallback         callback,
                                              gpointer                    user_data);
gboolean    overlap_video_export_finish      (GAsyncResult               *result,
                                              GError                    **error);

G_END_DECLS
