/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-export"

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "overlap-export-private.h"

/* A PNG writer for the chart export, several times faster than
 * cairo_surface_write_to_png_stream () on a tall chart: every row but the
 * first is filtered "Up" (a chart's lanes repeat row after row, so the
 * filtered rows are mostly zeros), deflated at zlib's fastest level with its
 * run-length strategy, and a tall image's rows are split between threads,
 * each deflating its part of the one zlib stream. The pixels read back are
 * cairo's own: an opaque image is written as RGB, any other as RGBA
 * un-premultiplied as cairo does it. */

#define MIN_ROWS_PER_PART 512
#define MAX_PARTS         4
#define IDAT_SIZE         (1 << 20)

typedef struct
{
  const guint8 *data;
  int           stride;
  int           width;
  gboolean      alpha;        /* RGBA, else RGB */
  int           first_row;
  int           end_row;
  gboolean      last;
  GByteArray   *out;          /* raw deflate */
  uLong         adler;
  gboolean      ok;
} Part;

static void
convert_row (const Part *part,
             int         y,
             guint8     *dest)
{
  const guint32 *src = (const guint32 *) (gconstpointer) (part->data + (gsize) y * part->stride);

  if (!part->alpha)
    {
      for (int x = 0; x < part->width; x++)
        {
          guint32 p = src[x];

          *dest++ = p >> 16;
          *dest++ = p >> 8;
          *dest++ = p;
        }
      return;
    }
  for (int x = 0; x < part->width; x++)
    {
      guint32 p = src[x];
      guint a = p >> 24;

      if (a == 0)
        dest[0] = dest[1] = dest[2] = dest[3] = 0;
      else
        {
          /* as cairo's unpremultiply_data () */
          dest[0] = (((p >> 16) & 0xff) * 255 + a / 2) / a;
          dest[1] = (((p >> 8) & 0xff) * 255 + a / 2) / a;
          dest[2] = ((p & 0xff) * 255 + a / 2) / a;
          dest[3] = a;
        }
      dest += 4;
    }
}

static gboolean
deflate_into (z_stream   *z,
              GByteArray *out,
              int         flush)
{
  do
    {
      guint used = out->len;
      int status;

      g_byte_array_set_size (out, used + 65536);
      z->next_out = out->data + used;
      z->avail_out = 65536;
      status = deflate (z, flush);
      g_byte_array_set_size (out, out->len - z->avail_out);
      if (status == Z_STREAM_ERROR)
        return FALSE;
      if (status == Z_STREAM_END)
        return TRUE;
    }
  while (z->avail_out == 0 || (flush != Z_NO_FLUSH && z->avail_in > 0));
  return TRUE;
}

/* Filters and deflates the part's rows (a thread's work). */
static gpointer
deflate_part (gpointer data)
{
  Part *part = data;
  gsize row_size = 1 + (gsize) part->width * (part->alpha ? 4 : 3);
  g_autofree guint8 *above = g_malloc0 (row_size);
  g_autofree guint8 *row = g_malloc (row_size);
  g_autofree guint8 *filtered = g_malloc (row_size);
  z_stream z = { 0 };

  part->ok = FALSE;
  part->adler = adler32 (0, NULL, 0);
  if (deflateInit2 (&z, 1, Z_DEFLATED, -15, 8, Z_RLE) != Z_OK)
    return NULL;
  if (part->first_row > 0)
    convert_row (part, part->first_row - 1, above + 1);

  for (int y = part->first_row; y < part->end_row; y++)
    {
      guint8 *swap;

      convert_row (part, y, row + 1);
      if (y == 0)
        {
          row[0] = 0;   /* None: nothing above */
          memcpy (filtered, row, row_size);
        }
      else
        {
          filtered[0] = 2;   /* Up */
          for (gsize i = 1; i < row_size; i++)
            filtered[i] = row[i] - above[i];
        }
      part->adler = adler32 (part->adler, filtered, row_size);
      z.next_in = filtered;
      z.avail_in = row_size;
      if (!deflate_into (&z, part->out, Z_NO_FLUSH))
        goto out;
      swap = above, above = row, row = swap;
    }
  /* the parts join into one stream: all but the last end on a byte */
  z.avail_in = 0;
  part->ok = deflate_into (&z, part->out, part->last ? Z_FINISH : Z_SYNC_FLUSH);

out:
  deflateEnd (&z);
  return NULL;
}

static void
append_be32 (GByteArray *out,
             guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, bytes, 4);
}

static void
append_chunk (GByteArray   *out,
              const char   *type,
              const guint8 *data,
              gsize         len)
{
  uLong crc = crc32 (0, (const Bytef *) type, 4);

  append_be32 (out, len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)   /* crc32 () of NULL is its initial value */
    {
      g_byte_array_append (out, data, len);
      crc = crc32 (crc, data, len);
    }
  append_be32 (out, crc);
}

static gboolean
is_opaque (const guint8 *data,
           int           stride,
           int           width,
           int           height)
{
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (gconstpointer) (data + (gsize) y * stride);
      guint32 all = 0xff000000;

      for (int x = 0; x < width; x++)
        all &= row[x];
      if (all != 0xff000000)
        return FALSE;
    }
  return TRUE;
}

/* Appends @surface (an image surface, ARGB32 or RGB24) as PNG to @out.
 * Returns FALSE for any other surface, leaving @out as it was. */
gboolean
_overlap_png_write (cairo_surface_t *surface,
                    GByteArray      *out)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GByteArray) stream = NULL;
  cairo_format_t format;
  const guint8 *data;
  int width, height, stride, n_parts;
  gboolean alpha, ok = TRUE;
  Part parts[MAX_PARTS];
  GThread *threads[MAX_PARTS] = { NULL };
  guint8 ihdr[13];
  uLong adler;

  if (cairo_surface_get_type (surface) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;
  format = cairo_image_surface_get_format (surface);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return FALSE;
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  if (data == NULL || width <= 0 || height <= 0)
    return FALSE;
  alpha = format == CAIRO_FORMAT_ARGB32 && !is_opaque (data, stride, width, height);

  n_parts = CLAMP (height / MIN_ROWS_PER_PART, 1, MIN ((int) g_get_num_processors (), MAX_PARTS));
  for (int i = 0; i < n_parts; i++)
    {
      parts[i] = (Part) { data, stride, width, alpha,
                          (int) ((gint64) height * i / n_parts), (int) ((gint64) height * (i + 1) / n_parts),
                          i == n_parts - 1, g_byte_array_new (), 0, FALSE };
      if (i > 0)
        threads[i] = g_thread_new ("overlap-png", deflate_part, &parts[i]);
    }
  deflate_part (&parts[0]);

  /* the zlib stream: a header (deflate, 32 KiB window, fastest), the parts,
   * the Adler-32 of all the filtered rows */
  stream = g_byte_array_new ();
  g_byte_array_append (stream, (const guint8[]) { 0x78, 0x01 }, 2);
  adler = adler32 (0, NULL, 0);
  for (int i = 0; i < n_parts; i++)
    {
      if (threads[i] != NULL)
        g_thread_join (threads[i]);
      ok = ok && parts[i].ok;
      g_byte_array_append (stream, parts[i].out->data, parts[i].out->len);
      adler = adler32_combine (adler, parts[i].adler,
                               (z_off_t) (parts[i].end_row - parts[i].first_row) * (1 + width * (alpha ? 4 : 3)));
      g_byte_array_unref (parts[i].out);
    }
  append_be32 (stream, adler);
  if (!ok)
    return FALSE;

  g_byte_array_append (out, signature, sizeof signature);
  ihdr[0] = width >> 24, ihdr[1] = width >> 16, ihdr[2] = width >> 8, ihdr[3] = width;
  ihdr[4] = height >> 24, ihdr[5] = height >> 16, ihdr[6] = height >> 8, ihdr[7] = height;
  ihdr[8] = 8;                /* bits per sample */
  ihdr[9] = alpha ? 6 : 2;    /* RGBA, RGB */
  ihdr[10] = ihdr[11] = ihdr[12] = 0;
  append_chunk (out, "IHDR", ihdr, sizeof ihdr);
  for (guint at = 0; at < stream->len; at += IDAT_SIZE)
    append_chunk (out, "IDAT", stream->data + at, MIN (IDAT_SIZE, stream->len - at));
  append_chunk (out, "IEND", NULL, 0);
  return TRUE;
}
