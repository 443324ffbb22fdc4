/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <unistd.h>

#include "overlap-cli-private.h"
#include "overlap-duration.h"
#include "overlap-replay.h"

/* The headless command line's --video: the replay of a recording as a WebM
 * file, with its progress on stderr and Ctrl+C to cancel. */

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GError       *error;
  int           last_percent;
  gboolean      tty;
} VideoExport;

/* Checks --video, --fps, --codec and --speed; FALSE after saying what is wrong. */
gboolean
_overlap_cli_parse_video_options (GVariantDict        *options,
                                  OverlapVideoOptions *video)
{
  const char *path = _overlap_cli_lookup_string (options, "video", "^&ay");
  const char *text;
  int value;

  overlap_video_options_init (video);
  if (g_variant_dict_lookup (options, "width", "i", &value))
    video->paint.width = value;
  if (g_variant_dict_lookup (options, "height", "i", &value))
    video->paint.height = value;
  video->paint.dark = g_variant_dict_contains (options, "dark");

  if (path == NULL)
    {
      static const char * const keys[] = { "fps", "codec", "speed" };

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (g_variant_dict_contains (options, keys[i]))
          {
            g_printerr (_("overlap: --%s goes with --video\n"), keys[i]);
            return FALSE;
          }
      return TRUE;
    }

  if (!g_str_has_suffix (path, ".webm") && !g_str_has_suffix (path, ".WEBM"))
    {
      g_printerr (_("overlap: --%s: “%s” should end in .%s\n"), "video", path, "webm");
      return FALSE;
    }
  if (video->paint.width < 16 || video->paint.width > 7680 || video->paint.height < 16 || video->paint.height > 4320)
    {
      g_printerr (_("overlap: a video is from 16 × 16 to 7680 × 4320 pixels, not %d × %d\n"),
                  video->paint.width, video->paint.height);
      return FALSE;
    }
  if (g_variant_dict_lookup (options, "fps", "i", &value))
    {
      if (value < 1 || value > OVERLAP_VIDEO_MAX_FPS)
        {
          g_printerr (_("overlap: --fps must be from 1 to %d\n"), OVERLAP_VIDEO_MAX_FPS);
          return FALSE;
        }
      video->fps = value;
    }
  if ((text = _overlap_cli_lookup_string (options, "codec", "&s")) && !overlap_video_codec_from_string (text, &video->codec))
    {
      g_printerr (_("overlap: --codec must be vp9 or vp8, not “%s”\n"), text);
      return FALSE;
    }
  if ((text = _overlap_cli_lookup_string (options, "speed", "&s")))
    {
      char *end = NULL;
      double speed = g_ascii_strtod (text, &end);

      if (end == text || *end != '\0' || !(speed >= OVERLAP_REPLAY_MIN_SPEED && speed <= OVERLAP_REPLAY_MAX_SPEED))
        {
          g_printerr (_("overlap: --speed must be from %g to %g, not “%s”\n"),
                      OVERLAP_REPLAY_MIN_SPEED, OVERLAP_REPLAY_MAX_SPEED, text);
          return FALSE;
        }
      video->speed = speed;
    }
  return TRUE;
}

static void
video_progress_cb (double   fraction,
                   gpointer data)
{
  VideoExport *video = data;
  int percent = (int) (fraction * 100);

  /* on a terminal one line that counts up; in a log a line every 10 % */
  if (video->tty ? percent != video->last_percent : percent / 10 != video->last_percent / 10)
    {
      if (video->tty)
        g_printerr (_("\rWriting the video… %d %%"), percent);
      else
        g_printerr (_("Writing the video… %d %%\n"), percent);
      video->last_percent = percent;
    }
}

static void
video_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  VideoExport *video = data;

  overlap_video_export_finish (result, &video->error);
  g_main_loop_quit (video->loop);
}

static gboolean
video_interrupt_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

gboolean
_overlap_cli_write_video (OverlapRecording *recording,
                          const char       *path,
                          GVariantDict     *options)
{
  OverlapVideoOptions video_options;
  VideoExport video = { 0 };
  guint sigint_id, sigterm_id;
  gboolean ok;

  if (!_overlap_cli_parse_video_options (options, &video_options))
    return FALSE;
  if (overlap_recording_get_n_runs (recording) == 0)
    {
      g_printerr (_("overlap: no run to make a video of\n"));
      return FALSE;
    }
  if (overlap_recording_is_live (recording))
    {
      g_printerr (_("overlap: a video can be made once every run has ended\n"));
      return FALSE;
    }

  video.loop = g_main_loop_new (NULL, FALSE);
  video.cancellable = g_cancellable_new ();
  video.tty = isatty (STDERR_FILENO);
  video.last_percent = -1;
  sigint_id = g_unix_signal_add (SIGINT, video_interrupt_cb, video.cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, video_interrupt_cb, video.cancellable);

  video_options.progress = video_progress_cb;
  video_options.progress_data = &video;
  overlap_video_export_async (recording, path, &video_options, video.cancellable,
                              video_done_cb, &video);
  g_main_loop_run (video.loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (video.tty && video.last_percent >= 0)
    g_printerr ("\n");

  ok = video.error == NULL;
  if (ok)
    {
      guint n_frames = overlap_video_get_n_frames (recording, &video_options);
      g_autofree char *length = overlap_format_duration ((gint64) n_frames * G_USEC_PER_SEC / video_options.fps);

      /* Translators: "Video written to run.webm (1280 × 720, 30 fps, VP9, 4.03 s)" */
      g_print (_("Video written to %s (%d × %d, %d fps, %s, %s)\n"), path,
               video_options.paint.width + (video_options.paint.width & 1),
               video_options.paint.height + (video_options.paint.height & 1), video_options.fps,
               video_options.codec == OVERLAP_VIDEO_VP8 ? "VP8" : "VP9", length);
    }
  else if (g_error_matches (video.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_printerr (_("overlap: the video was cancelled; nothing was written\n"));
  else
    g_printerr ("overlap: %s\n", video.error->message);

  g_clear_error (&video.error);
  g_clear_object (&video.cancellable);
  g_clear_pointer (&video.loop, g_main_loop_unref);
  return ok;
}
