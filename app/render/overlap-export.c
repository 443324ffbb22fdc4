/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "overlap-export.h"
#include "overlap-export-private.h"

/* Writes the chart to PNG, SVG or PDF with the same painter as the window:
 * headless, no display needed. The document is made in memory first, so that
 * a failure leaves no half-written file behind. */

#define MAX_IMAGE_SIZE 32767  /* cairo's limit for image surfaces */
#define MAX_NATURAL_HEIGHT 16384  /* taller, and the lanes are fitted into this */

static cairo_status_t
append_to_buffer (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* "Could not write “FILE”: REASON", the error of every export that fails to write. */
void
_overlap_export_set_write_error (GError     **error,
                                 const char  *path,
                                 int          code,
                                 const char  *reason)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, code,
               /* Translators: the first %s is a file name, the second the reason */
               _("Could not write “%s”: %s"), display, reason);
}

static gboolean
write_file (const char  *path,
            GByteArray  *data,
            GError     **error)
{
  gsize written = 0;
  int fd;
  int errsv;

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      errsv = errno;
      _overlap_export_set_write_error (error, path, g_io_error_from_errno (errsv), g_strerror (errsv));
      return FALSE;
    }

  while (written < data->len)
    {
      gssize n = write (fd, data->data + written, data->len - written);

      if (n < 0)
        {
          errsv = errno;
          if (errsv == EINTR)
            continue;
          close (fd);
          g_unlink (path);
          _overlap_export_set_write_error (error, path, g_io_error_from_errno (errsv), g_strerror (errsv));
          return FALSE;
        }
      written += n;
    }

  if (close (fd) != 0)
    {
      errsv = errno;
      g_unlink (path);
      _overlap_export_set_write_error (error, path, g_io_error_from_errno (errsv), g_strerror (errsv));
      return FALSE;
    }

  return TRUE;
}

/* Guesses the format from the file name's extension: .png, .svg or .pdf. */
gboolean
overlap_chart_format_from_path (const char         *path,
                                OverlapChartFormat *format)
{
  g_autofree char *lower = NULL;
  OverlapChartFormat found;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    found = OVERLAP_CHART_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    found = OVERLAP_CHART_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    found = OVERLAP_CHART_PDF;
  else
    return FALSE;

  if (format)
    *format = found;
  return TRUE;
}

/* Paints @recording into @path. With @options NULL the chart is
 * OVERLAP_EXPORT_DEFAULT_WIDTH pixels wide; a height of 0 or less means the
 * natural height, where every run and lane fits at full size — or, past
 * MAX_NATURAL_HEIGHT, that height with the lanes fitted into it (density bands
 * where they would be too thin), so that any recording can be written. SVG and
 * PDF use one unit per pixel. */
gboolean
overlap_export_chart (OverlapRecording          *recording,
                      const char                *path,
                      OverlapChartFormat         format,
                      const OverlapPaintOptions *options,
                      GError                   **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  OverlapPaintOptions opts;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  gboolean written = FALSE;
  cairo_t *cr;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options != NULL)
    opts = *options;
  else
    {
      overlap_paint_options_init (&opts);
      opts.height = 0;
    }
  if (opts.width <= 0 || options == NULL)
    opts.width = options && options->width > 0 ? options->width : OVERLAP_EXPORT_DEFAULT_WIDTH;
  if (opts.height <= 0)
    {
      opts.scroll_y = 0;
      opts.fit_lanes = FALSE;
      opts.height = overlap_painter_get_natural_height (recording, &opts);
      if (opts.height > MAX_NATURAL_HEIGHT)
        {
          opts.height = MAX_NATURAL_HEIGHT;
          opts.fit_lanes = TRUE;
        }
    }

  if (format == OVERLAP_CHART_PNG && (opts.width > MAX_IMAGE_SIZE || opts.height > MAX_IMAGE_SIZE))
    {
      g_autofree char *reason =
        g_strdup_printf (_("the chart is too large for an image (%d × %d pixels), try SVG or PDF"),
                         opts.width, opts.height);

      _overlap_export_set_write_error (error, path, G_IO_ERROR_INVALID_ARGUMENT, reason);
      return FALSE;
    }

  buffer = g_byte_array_new ();
  switch (format)
    {
    case OVERLAP_CHART_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, opts.width, opts.height);
      break;

    case OVERLAP_CHART_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_buffer, buffer, opts.width, opts.height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;

    case OVERLAP_CHART_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_to_buffer, buffer, opts.width, opts.height);
      if (overlap_recording_get_title (recording) != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                        overlap_recording_get_title (recording));
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Overlap " PACKAGE_VERSION);
      break;

    default:
      _overlap_export_set_write_error (error, path, G_IO_ERROR_NOT_SUPPORTED, _("unknown chart format"));
      return FALSE;
    }

  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS && format == OVERLAP_CHART_PNG &&
      _overlap_paint_png_in_bands (surface, recording, &opts, buffer, &status))
    written = TRUE;
  else if (status == CAIRO_STATUS_SUCCESS)
    {
      cr = cairo_create (surface);
      overlap_painter_paint (cr, recording, &opts);
      status = cairo_status (cr);
      cairo_destroy (cr);
    }

  if (status == CAIRO_STATUS_SUCCESS && !written)
    {
      if (format == OVERLAP_CHART_PNG)
        {
          if (!_overlap_png_write (surface, buffer))
            status = cairo_surface_write_to_png_stream (surface, append_to_buffer, buffer);
        }
      else
        {
          cairo_surface_finish (surface);
          status = cairo_surface_status (surface);
        }
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      _overlap_export_set_write_error (error, path, G_IO_ERROR_FAILED, cairo_status_to_string (status));
      return FALSE;
    }

  return write_file (path, buffer, error);
}
