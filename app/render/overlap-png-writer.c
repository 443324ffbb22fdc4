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
  gboolean      rgb24;        /* opaque whatever its pixels' top byte says */
  int           first_row;
  int           end_row;
  gboolean      last;
  GByteArray   *out;          /* raw deflate */
  uLong         adler;
  gboolean      opaque;       /* RGB: every pixel read had alpha 255 */
  gboolean      ok;
} Part;

/* Converts row @y to PNG's bytes; for RGB, FALSE where a pixel is not opaque. */
static gboolean
convert_row (const Part *part,
             int         y,
             guint8     *dest)
{
  const guint32 *src = (const guint32 *) (gconstpointer) (part->data + (gsize) y * part->stride);

  if (!part->alpha)
    {
      guint32 all = 0xff000000;

      for (int x = 0; x < part->width; x++)
        {
          guint32 p = src[x];

          all &= p;
          *dest++ = p >> 16;
          *dest++ = p >> 8;
          *dest++ = p;
        }
      return all >= 0xff000000;
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
  return TRUE;
}

/* An opaque row @src (RGB) filtered "Up" against @above into @out (after
 * its filter byte): most pixels are those above, two compared at a time.
 * Returns how many bytes are not zero; *@all: @src's pixels and-ed. */
static gsize
filter_up_rgb (const guint32 *src,
               const guint32 *above,
               int            width,
               guint8        *out,
               guint32       *all)
{
  guint64 and = G_MAXUINT64;
  gsize changed = 0;
  int x = 0;

  memset (out, 0, (gsize) width * 3);
  for (; x < width; x++)
    {
      guint32 p, q;

      /* runs of pixels the same as above, two at a time */
      while (x + 2 <= width)
        {
          guint64 pp, qq;

          memcpy (&pp, src + x, 8);
          memcpy (&qq, above + x, 8);
          if (pp != qq)
            break;
          and &= pp;
          x += 2;
        }
      if (x >= width)
        break;
      p = src[x], q = above[x];
      and &= p | (guint64) G_MAXUINT32 << 32;
      if (p == q)
        continue;
      out[3 * x] = (p >> 16) - (q >> 16);
      out[3 * x + 1] = (p >> 8) - (q >> 8);
      out[3 * x + 2] = p - q;
      changed += (out[3 * x] != 0) + (out[3 * x + 1] != 0) + (out[3 * x + 2] != 0);
    }
  *all = (guint32) and & (guint32) (and >> 32);
  return changed;
}

/* The same row filtered "Sub" (each pixel less the one to its left);
 * returns how many bytes are not zero. */
static gsize
filter_sub_rgb (const guint32 *src,
                int            width,
                guint8        *out)
{
  gsize changed = 0;
  guint32 left = 0;

  for (int x = 0; x < width; x++)
    {
      guint32 p = src[x];

      out[3 * x] = (p >> 16) - (left >> 16);
      out[3 * x + 1] = (p >> 8) - (left >> 8);
      out[3 * x + 2] = p - left;
      changed += p != left;
      left = p;
    }
  return changed * 3;
}

/* An opaque row filtered, by "Up" (a chart's lanes repeat row after row) or
 * where it makes more zeros (a lane's first rows, text) by "Sub" */
static void
filter_rgb (const Part *part,
            int         y,
            guint8     *filtered,
            guint8     *spare,
            gboolean   *opaque)
{
  const guint32 *src = (const guint32 *) (gconstpointer) (part->data + (gsize) y * part->stride);
  gsize row_bytes = (gsize) part->width * 3;
  guint32 all = 0xff000000;

  if (y == 0)
    {
      filtered[0] = 0;   /* None: nothing above */
      convert_row (part, y, filtered + 1);
      for (int x = 0; x < part->width; x++)
        all &= src[x];
    }
  else
    {
      gsize up;

      filtered[0] = 2;   /* Up */
      up = filter_up_rgb (src, src - part->stride / 4, part->width, filtered + 1, &all);
      if (up > row_bytes / 8 && filter_sub_rgb (src, part->width, spare + 1) < up)
        {
          spare[0] = 1;   /* Sub */
          memcpy (filtered, spare, row_bytes + 1);
        }
    }
  if (all < 0xff000000 && !part->rgb24)
    *opaque = FALSE;
}

/* A row with alpha, un-premultiplied as cairo does it, filtered "Up" */
static void
filter_rgba (const Part *part,
             int         y,
             guint8     *row,
             guint8     *above,
             guint8     *filtered)
{
  gsize row_size = 1 + (gsize) part->width * 4;

  convert_row (part, y, row + 1);
  if (y == 0)
    {
      row[0] = 0;
      memcpy (filtered, row, row_size);
      return;
    }
  filtered[0] = 2;
  for (gsize i = 1; i < row_size; i++)
    filtered[i] = row[i] - above[i];
}

/* Filters and deflates the part's rows (a thread's work). A row the same as
 * the one above (most of a chart's) filters to zeros: it is not read again. */
static void
deflate_part (gpointer data,
              gpointer user_data)
{
  Part *part = data;
  gsize row_size = 1 + (gsize) part->width * (part->alpha ? 4 : 3);
  gsize pixels_size = (gsize) part->width * 4;
  g_autofree guint8 *above = g_malloc0 (row_size);
  g_autofree guint8 *row = g_malloc (row_size);
  g_autofree guint8 *filtered = g_malloc (row_size);
  g_autofree guint8 *same = g_malloc0 (row_size);
  OverlapDeflate *deflate;

  part->ok = FALSE;
  part->opaque = TRUE;
  same[0] = 2;   /* Up, and nothing changes */
  deflate = _overlap_deflate_new (part->out);
  if (part->alpha && part->first_row > 0)
    convert_row (part, part->first_row - 1, above + 1);

  for (int y = part->first_row; y < part->end_row; y++)
    {
      const guint8 *pixels = part->data + (gsize) y * part->stride;
      guint8 *swap;

      if (y > 0 && memcmp (pixels, pixels - part->stride, pixels_size) == 0)
        {
          /* RGBA: @above is this row's bytes already */
          _overlap_deflate_add (deflate, same, row_size);
          continue;
        }
      if (part->alpha)
        {
          filter_rgba (part, y, row, above, filtered);
          swap = above, above = row, row = swap;
        }
      else
        {
          filter_rgb (part, y, filtered, row, &part->opaque);
          if (!part->opaque)
            break;   /* to be written again, with alpha */
        }
      _overlap_deflate_add (deflate, filtered, row_size);
    }
  /* the parts join into one stream: all but the last end on a byte */
  part->adler = _overlap_deflate_finish (deflate, part->last);
  part->ok = TRUE;
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

struct _OverlapPngStream
{
  const guint8 *data;
  int           width;
  int           height;
  int           stride;
  gboolean      alpha;
  gboolean      rgb24;
  int           end_row;      /* the rows handed over so far */
  Part         *parts;        /* in row order; room for the most there can be */
  guint         n_parts;
  GThreadPool  *pool;         /* NULL: deflated as they come */
};

/* Starts the PNG of @surface (an image surface, ARGB32 or RGB24, flushed),
 * written as RGBA if @alpha, else as RGB. Its rows are handed over with
 * _overlap_png_stream_add_rows() as they are final, and deflated on other
 * CPUs meanwhile; NULL for any other surface. */
OverlapPngStream *
_overlap_png_stream_new (cairo_surface_t *surface,
                         gboolean         alpha)
{
  OverlapPngStream *self;
  cairo_format_t format;

  if (cairo_surface_get_type (surface) != CAIRO_SURFACE_TYPE_IMAGE)
    return NULL;
  format = cairo_image_surface_get_format (surface);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return NULL;
  if (cairo_image_surface_get_data (surface) == NULL ||
      cairo_image_surface_get_width (surface) <= 0 || cairo_image_surface_get_height (surface) <= 0)
    return NULL;

  self = g_new0 (OverlapPngStream, 1);
  self->data = cairo_image_surface_get_data (surface);
  self->width = cairo_image_surface_get_width (surface);
  self->height = cairo_image_surface_get_height (surface);
  self->stride = cairo_image_surface_get_stride (surface);
  self->alpha = alpha && format == CAIRO_FORMAT_ARGB32;
  self->rgb24 = format == CAIRO_FORMAT_RGB24;
  /* every part but the last has MIN_ROWS_PER_PART rows or more */
  self->parts = g_new0 (Part, self->height / MIN_ROWS_PER_PART + 1);
  if (g_get_num_processors () > 1)
    self->pool = g_thread_pool_new (deflate_part, NULL, MIN ((int) g_get_num_processors (), MAX_PARTS),
                                    FALSE, NULL);
  return self;
}

/* The rows above @end_row are final: they are deflated, in parts of
 * at least MIN_ROWS_PER_PART rows but the last. */
void
_overlap_png_stream_add_rows (OverlapPngStream *self,
                              int               end_row)
{
  Part *part;

  end_row = MIN (end_row, self->height);
  if (end_row <= self->end_row || (end_row - self->end_row < MIN_ROWS_PER_PART && end_row < self->height))
    return;

  g_assert (self->n_parts <= (guint) (self->height / MIN_ROWS_PER_PART));
  part = &self->parts[self->n_parts++];
  *part = (Part) {
    .data = self->data,
    .stride = self->stride,
    .width = self->width,
    .alpha = self->alpha,
    .rgb24 = self->rgb24,
    .first_row = self->end_row,
    .end_row = end_row,
    .last = end_row == self->height,
    .out = g_byte_array_new (),
    .opaque = TRUE,
  };
  self->end_row = end_row;
  if (self->pool != NULL)
    g_thread_pool_push (self->pool, part, NULL);
  else
    deflate_part (part, NULL);
}

/* Frees @self unfinished, once what was handed over is deflated. */
void
_overlap_png_stream_free (OverlapPngStream *self)
{
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  for (guint i = 0; i < self->n_parts; i++)
    g_byte_array_unref (self->parts[i].out);
  g_free (self->parts);
  g_free (self);
}

/* Waits for the rows (all handed over) to be deflated, appends the PNG to
 * @out, and frees @self. FALSE, @out as it was, where deflating failed or
 * (written as RGB) a pixel was not opaque. */
gboolean
_overlap_png_stream_finish (OverlapPngStream *self,
                            GByteArray       *out)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GByteArray) stream = NULL;
  gboolean ok = TRUE;
  guint8 ihdr[13];
  uLong adler;
  int width = self->width, height = self->height;
  gboolean alpha = self->alpha;

  _overlap_png_stream_add_rows (self, height);
  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);

  /* the zlib stream: a header (deflate, 32 KiB window, fastest), the parts,
   * the Adler-32 of all the filtered rows */
  stream = g_byte_array_new ();
  g_byte_array_append (stream, (const guint8[]) { 0x78, 0x01 }, 2);
  adler = adler32 (0, NULL, 0);
  for (guint i = 0; i < self->n_parts; i++)
    {
      const Part *part = &self->parts[i];

      ok = ok && part->ok && (alpha || part->opaque);
      g_byte_array_append (stream, part->out->data, part->out->len);
      adler = adler32_combine (adler, part->adler,
                               (z_off_t) (part->end_row - part->first_row) * (1 + width * (alpha ? 4 : 3)));
    }
  _overlap_png_stream_free (self);
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

static gboolean
write_whole (cairo_surface_t *surface,
             gboolean         alpha,
             GByteArray      *out)
{
  OverlapPngStream *stream = _overlap_png_stream_new (surface, alpha);
  int height, parts;

  if (stream == NULL)
    return FALSE;
  /* a part a CPU */
  height = stream->height;
  parts = CLAMP (height / MIN_ROWS_PER_PART, 1, MIN ((int) g_get_num_processors (), MAX_PARTS));
  for (int i = 1; i < parts; i++)
    _overlap_png_stream_add_rows (stream, (int) ((gint64) height * i / parts));
  return _overlap_png_stream_finish (stream, out);
}

/* Appends @surface (an image surface, ARGB32 or RGB24) as PNG to @out: as
 * RGB, or RGBA where a pixel turns out not to be opaque. Returns FALSE for
 * any other surface, leaving @out as it was. */
gboolean
_overlap_png_write (cairo_surface_t *surface,
                    GByteArray      *out)
{
  if (cairo_surface_get_type (surface) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;
  cairo_surface_flush (surface);
  return write_whole (surface, FALSE, out) ||
         (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32 && write_whole (surface, TRUE, out));
}
