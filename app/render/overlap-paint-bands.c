/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-export"

#include "config.h"

#include <stdlib.h>

#include "overlap-chart-layout.h"
#include "overlap-export-private.h"
#include "overlap-painter-private.h"

/* A tall chart painted in two horizontal bands at once, the lower one in a
 * thread of its own, each into its rows of the one image: the same pixels as
 * one paint (each band is the whole chart seen through its rows, as a window
 * scrolled there would show it), in about half the time on two CPUs
 * (BENCHMARKS.md, figure 11).
 *
 * What the two paints share is read only: the recording, and each run's lane
 * index, brought up to date before the thread starts (an index up to date is
 * not written to). Each paint makes its own chart layout with its own caches
 * and Pango context (PangoCairo's default font map is the thread's own), and
 * the thread keeps its own cached images (_overlap_image_cache_begin_private()).
 *
 * OVERLAP_PAINT_BANDS=0 paints in one piece, =1 in two halves whatever the
 * height and the CPUs, =N the lower band from row N (for measuring; tests
 * call _overlap_paint_bands_force()). */

#define MIN_BAND_HEIGHT 4096  /* a band shorter than this is not worth a thread */

typedef struct
{
  OverlapRecording          *recording;
  const OverlapPaintOptions *options;
  cairo_surface_t           *surface;   /* the band's rows of the image */
  int                        top;
  cairo_status_t             status;
} Band;

static void
paint_band (Band *band)
{
  g_autoptr(OverlapChartLayout) layout = overlap_chart_layout_new (band->recording);
  cairo_t *cr = cairo_create (band->surface);

  overlap_chart_layout_set_options (layout, band->options);
  _overlap_chart_layout_paint_band (layout, cr, 0, band->options->height);
  band->status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_flush (band->surface);
}

static gpointer
band_thread (gpointer data)
{
  _overlap_image_cache_begin_private ();
  paint_band (data);
  _overlap_image_cache_end_private ();
  return NULL;
}

static int forced = -1;

/* For tests: 0 paints in one piece, 1 in two halves whatever the height and
 * the CPUs, N > 1 with the lower band from row N; -1 as the height, the CPUs
 * and OVERLAP_PAINT_BANDS say. */
void
_overlap_paint_bands_force (int split)
{
  forced = split;
}

/* Where the lower band starts; 0: in one piece */
static int
split_row (int height)
{
  const char *bands = g_getenv ("OVERLAP_PAINT_BANDS");
  int row = forced;

  if (row < 0 && bands != NULL && *bands != '\0')
    row = atoi (bands);
  if (row >= 0)
    {
      if (row == 0)
        return 0;
      return row == 1 || row >= height ? height / 2 : row;
    }
  if (height < 2 * MIN_BAND_HEIGHT || g_get_num_processors () < 2)
    return 0;
  return height / 2;
}

/* Paints @recording into @image (ARGB32, @options' size) in two bands when it is
 * tall enough and there is a CPU for each; returns FALSE, painting nothing,
 * when not. *@status is the paint's. */
gboolean
_overlap_paint_bands (cairo_surface_t           *image,
                      OverlapRecording          *recording,
                      const OverlapPaintOptions *options,
                      cairo_status_t            *status)
{
  g_autoptr(GError) error = NULL;
  Band bands[2];
  GThread *thread;
  unsigned char *data;
  int width, height, stride, split;

  if (cairo_surface_get_type (image) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_image_surface_get_format (image) != CAIRO_FORMAT_ARGB32)
    return FALSE;
  width = cairo_image_surface_get_width (image);
  height = cairo_image_surface_get_height (image);
  split = height >= 2 ? split_row (height) : 0;
  if (split <= 0)
    return FALSE;

  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);

  /* the lane indexes, made here once so that both paints only read them */
  for (guint i = 0; i < overlap_recording_get_n_runs (recording); i++)
    _overlap_run_index_get (overlap_recording_get_run (recording, i));

  for (guint i = 0; i < 2; i++)
    {
      int top = i == 0 ? 0 : split;
      int rows = i == 0 ? split : height - split;

      bands[i] = (Band) {
        .recording = recording,
        .options = options,
        .surface = cairo_image_surface_create_for_data (data + (gsize) top * stride,
                                                        CAIRO_FORMAT_ARGB32, width, rows, stride),
        .top = top,
        .status = CAIRO_STATUS_SUCCESS,
      };
      /* the band's user space is the whole image's */
      cairo_surface_set_device_offset (bands[i].surface, 0, -top);
    }

  thread = g_thread_try_new ("overlap-band", band_thread, &bands[1], &error);
  if (thread == NULL)
    band_thread (&bands[1]);
  paint_band (&bands[0]);
  if (thread != NULL)
    g_thread_join (thread);

  *status = bands[0].status != CAIRO_STATUS_SUCCESS ? bands[0].status : bands[1].status;
  for (guint i = 0; i < 2; i++)
    cairo_surface_destroy (bands[i].surface);
  cairo_surface_mark_dirty (image);
  return TRUE;
}
