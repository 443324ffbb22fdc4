/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-demo-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "overlap-demo-server-private.h"
#include "overlap-units.h"

/* The demo server's query language, read and written: GET /data?size=…&delay=…, with
 * sizes and durations in the units of overlap-units.c (a delay alone in milliseconds),
 * and the page GET / that describes it. */

/* Fills @out from the query of a GET /data, or says what is wrong in @problem (a line
 * a problem). */
gboolean
_overlap_demo_query_parse (GHashTable       *query,
                           OverlapDemoQuery *out,
                           GString          *problem)
{
  GHashTableIter iter;
  gpointer key, value;
  guint64 drop = 0;
  guint64 status = 200;

  memset (out, 0, sizeof *out);

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *name = key;
          const char *text = value ? value : "";
          g_autoptr(GError) error = NULL;

          if (strcmp (name, "size") == 0)
            overlap_parse_size (name, text, &out->size, &error);
          else if (strcmp (name, "bandwidth") == 0)
            overlap_parse_rate (name, text, &out->bandwidth, &error);
          else if (strcmp (name, "drop") == 0)
            overlap_parse_size (name, text, &drop, &error);
          else if (strcmp (name, "delay") == 0)
            overlap_parse_duration (name, text, OVERLAP_UNITS_MILLISECONDS, &out->delay,
                                    &error);
          else if (strcmp (name, "status") == 0)
            {
              if (!g_ascii_string_to_unsigned (text, 10, 200, 599, &status, NULL))
                g_string_append_printf (problem,
                                        _("status: “%s” is not a status code from 200 to 599\n"),
                                        text);
            }
          else
            g_string_append_printf (problem, _("unknown parameter “%s”\n"), name);
          if (error != NULL)
            g_string_append_printf (problem, "%s\n", error->message);
        }
    }

  if (problem->len > 0)
    return FALSE;

  if (out->size > OVERLAP_DEMO_MAX_SIZE)
    g_string_append_printf (problem, _("size: %llu bytes is more than the limit of 64 GiB\n"),
                            (unsigned long long) out->size);
  if (out->delay > OVERLAP_DEMO_MAX_DELAY)
    g_string_append (problem, _("delay: more than the limit of 10 minutes\n"));
  if (out->bandwidth != 0 && out->bandwidth < OVERLAP_DEMO_MIN_BANDWIDTH)
    g_string_append_printf (problem,
                            _("bandwidth: %llu bytes/s is less than the minimum of 64 bytes/s\n"),
                            (unsigned long long) out->bandwidth);
  if (drop != 0 && drop >= out->size)
    g_string_append_printf (problem, _("drop: %llu must be less than size (%llu)\n"),
                            (unsigned long long) drop, (unsigned long long) out->size);

  out->status = (guint) status;
  out->limit = drop != 0 ? drop : out->size;

  /* These statuses carry no body. */
  if (status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED)
    {
      out->size = 0;
      out->limit = 0;
    }

  return problem->len == 0;
}

/* The text of GET /: the parameters and their units */
const char *
_overlap_demo_help_text (void)
{
  return _("Overlap demo server\n"
           "\n"
           "GET /data?size=BYTES&delay=TIME&bandwidth=BYTES_PER_S&status=CODE&drop=BYTES\n"
           "\n"
           "  size       body size in bytes (default 0, at most 64 GiB)\n"
           "  delay      wait before answering (default 0, at most 10 minutes); a number alone\n"
           "             is milliseconds: 200 is 200ms\n"
           "  bandwidth  send the body at this many bytes per second (default: as fast as\n"
           "             possible, at least 64); 256k and 256k/s are the same\n"
           "  status     the status code to answer, 200 to 599 (default 200)\n"
           "  drop       close the connection after this many body bytes (less than size)\n"
           "\n"
           "Units, the same as in Overlap's scenarios, in upper or lower case:\n"
           "  sizes      B; kB, MB, GB, TB are powers of 1000 (10MB = 10,000,000 bytes);\n"
           "             KiB, MiB, GiB, TiB and the short k, M, G, T are powers of 1024\n"
           "             (10M = 10MiB = 10,485,760 bytes); a number alone is bytes\n"
           "  durations  us (or µs), ms, s, min\n"
           "  Numbers may have a fraction (1.5M, 0.5s).\n"
           "\n"
           "GET /redirect?n=HOPS&...   redirects HOPS times (1 to 100), then to /data?...\n"
           "GET /redirect?loop=1       redirects to itself, forever (a redirect loop)\n"
           "\n"
           "Only GET and HEAD, without a request body; nothing is served from disk.\n"
           "\n"
           "Byte i of the body is i mod 256. Example: /data?size=1M&delay=500ms&bandwidth=256k\n"
           "\n"
           "A /data answer after its delay carries the server's own times, in µs of the machine's\n"
           "monotonic clock: X-Overlap-Received (the request was read) and X-Overlap-Responded\n"
           "(its head was handed over to be written).\n");
}

/* The URI of GET /data on the demo server at @base_uri. @latency in µs; 0 for
 * @bandwidth, @status and @drop_after means the default. */
char *
overlap_demo_build_uri (const char *base_uri,
                        guint64     size,
                        gint64      latency,
                        guint64     bandwidth,
                        guint       status,
                        guint64     drop_after)
{
  GString *uri;

  g_return_val_if_fail (base_uri != NULL, NULL);

  uri = g_string_new (base_uri);
  if (uri->len == 0 || uri->str[uri->len - 1] != '/')
    g_string_append_c (uri, '/');
  g_string_append_printf (uri, "data?size=%" G_GUINT64_FORMAT, size);

  latency = MAX (latency, 0);
  if (latency > 0 && latency % 1000 == 0)
    g_string_append_printf (uri, "&delay=%" G_GINT64_FORMAT "ms", latency / 1000);
  else if (latency > 0)
    g_string_append_printf (uri, "&delay=%" G_GINT64_FORMAT "us", latency);
  if (bandwidth > 0)
    g_string_append_printf (uri, "&bandwidth=%" G_GUINT64_FORMAT, bandwidth);
  if (status != 0 && status != 200)
    g_string_append_printf (uri, "&status=%u", status);
  if (drop_after > 0)
    g_string_append_printf (uri, "&drop=%" G_GUINT64_FORMAT, drop_after);

  return g_string_free (uri, FALSE);
}
