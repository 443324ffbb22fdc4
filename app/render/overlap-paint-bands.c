/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-export"

#include "config.h"

#include <stdlib.h>

#include "overlap-chart-layout.h"
#include "overlap-export-private.h"
#include "overlap-painter-private.h"

/* A tall chart's PNG, painted band by band on this thread while the PNG
 * writer deflates the bands above on the other CPUs: the paint and the
 * encoding overlap (BENCHMARKS.md, figure 11). Each band is the whole chart
 * seen through its rows, as a window scrolled there would show it, so the
 * bands add up to the pixels of one paint. Only this thread paints: Pango,
 * cairo's fonts and the painter's caches are used as by any other paint.
 *
 * OVERLAP_PAINT_BANDS=0 paints in one piece, =N in bands of N rows (for
 * measuring; tests call _overlap_paint_bands_force()). */

#define BAND_ROWS       512   /* the writer's smallest part */
#define MIN_BAND_HEIGHT 2048  /* a chart shorter than this is painted at once */

static int forced = -1;

/* For tests: 0 paints in one piece, N > 0 in bands of N rows whatever the
 * height and the CPUs; -1 as the height, the CPUs and OVERLAP_PAINT_BANDS
 * say. */
void
_overlap_paint_bands_force (int rows)
{
  forced = rows;
}

/* The rows of a band; 0: in one piece */
static int
band_rows (int height)
{
  const char *bands = g_getenv ("OVERLAP_PAINT_BANDS");
  int rows = forced;

  if (rows < 0 && bands != NULL && *bands != '\0')
    rows = atoi (bands);
  if (rows >= 0)
    return rows;
  if (height < MIN_BAND_HEIGHT || g_get_num_processors () < 2)
    return 0;
  return BAND_ROWS;
}

static void
band_painted (int      end_row,
              gpointer data)
{
  _overlap_png_stream_add_rows (data, end_row);
}

/* Paints @recording into @image (ARGB32, @options' size) band by band and
 * appends its PNG to @out, when it is tall enough and there is another CPU
 * to deflate; returns FALSE, painting nothing, when not. *@status is the
 * paint's. */
gboolean
_overlap_paint_png_in_bands (cairo_surface_t           *image,
                             OverlapRecording          *recording,
                             const OverlapPaintOptions *options,
                             GByteArray                *out,
                             cairo_status_t            *status)
{
  g_autoptr(OverlapChartLayout) layout = NULL;
  OverlapPngStream *stream;
  cairo_t *cr;
  int rows;

  if (cairo_surface_get_type (image) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_image_surface_get_format (image) != CAIRO_FORMAT_ARGB32)
    return FALSE;
  rows = band_rows (cairo_image_surface_get_height (image));
  if (rows <= 0)
    return FALSE;

  /* as RGB: a chart's background is opaque (else written again below) */
  cairo_surface_flush (image);
  stream = _overlap_png_stream_new (image, FALSE);
  if (stream == NULL)
    return FALSE;

  layout = overlap_chart_layout_new (recording);
  overlap_chart_layout_set_options (layout, options);
  cr = cairo_create (image);
  _overlap_chart_layout_paint_bands (layout, cr, rows, band_painted, stream);
  *status = cairo_status (cr);
  cairo_destroy (cr);

  if (*status != CAIRO_STATUS_SUCCESS)
    _overlap_png_stream_free (stream);
  else if (!_overlap_png_stream_finish (stream, out) && !_overlap_png_write (image, out))
    *status = CAIRO_STATUS_NO_MEMORY;
  return TRUE;
}
