/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-demo-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "overlap-demo-server.h"
#include "overlap-units.h"

/* The embedded demo HTTP server: GET /data answers after a delay, with a status, a body of
 * any size generated on the fly (byte i is i mod 256), at a given bandwidth, and can drop
 * the connection part-way through the body. It listens on 127.0.0.1 only.
 *
 * It runs in a thread of its own, on its own GMainContext, so that it behaves like a remote
 * server: a task that blocks the app's main loop (the CPU-bound pitfall) stalls the client,
 * not the server. Everything below that touches the SoupServer runs in that thread.
 *
 * Request headers are limited by libsoup itself (64 KiB, not configurable in libsoup 3.2).
 * Request bodies are refused before libsoup reads them (an early handler): nothing here
 * takes one, and libsoup would keep a body of any size in memory. */

#define CHUNK_SIZE       (64 * 1024)   /* largest body chunk handed to libsoup */
#define SLICES_PER_SEC   50            /* bandwidth: one chunk every 20 ms */
#define LISTEN_BACKLOG   4096
#define STOP_GRACE_USEC  (2 * G_USEC_PER_SEC)
#define MAX_REDIRECTS    100           /* /redirect?n=N: at most this many hops */

struct _OverlapDemoServer
{
  GObject       parent_instance;

  GMainContext *context;        /* the server thread's */
  GMainLoop    *loop;
  GThread      *thread;
  SoupServer   *server;
  GSocket      *socket;
  guint         port;
  char         *uri;

  /* Server thread only. */
  GHashTable   *requests;       /* DemoRequest set */
  gboolean      stopping;

  /* Atomics, read from any thread. */
  gint          n_requests;
  gint          n_active;
  gint          max_concurrent;
};

G_DEFINE_FINAL_TYPE (OverlapDemoServer, overlap_demo_server, G_TYPE_OBJECT)

typedef struct
{
  OverlapDemoServer *self;
  SoupServerMessage *msg;       /* while libsoup writes the response */
  GIOStream         *stream;    /* the stolen connection, when dropping */
  GCancellable      *cancellable;
  GSource           *timer;
  GString           *head;      /* raw response head, when dropping */
  guint              status;
  guint64            size;
  guint64            limit;     /* bytes to send: size, or drop */
  guint64            sent;
  guint64            bandwidth;
  gint64             delay;
  gint64             received;  /* monotonic µs: the request was read */
  gint64             body_start;
  gulong             wrote_chunk_id;
  gulong             finished_id;
  gboolean           head_sent;
  gboolean           io_pending;
} DemoRequest;

static guint8 pattern[CHUNK_SIZE + 256];

static void request_feed (DemoRequest *request);
static void raw_write_next (DemoRequest *request);

/* Helpers */

static GBytes *
pattern_bytes (guint64 offset,
               gsize   length)
{
  g_assert (length <= CHUNK_SIZE);
  return g_bytes_new_static (pattern + (offset & 0xff), length);
}

static void
request_free (DemoRequest *request)
{
  OverlapDemoServer *self = request->self;

  if (request->timer != NULL)
    {
      g_source_destroy (request->timer);
      g_clear_pointer (&request->timer, g_source_unref);
    }
  if (request->msg != NULL)
    {
      g_clear_signal_handler (&request->wrote_chunk_id, request->msg);
      g_clear_signal_handler (&request->finished_id, request->msg);
      g_clear_object (&request->msg);
    }
  if (request->stream != NULL)
    g_io_stream_close (request->stream, NULL, NULL);
  g_clear_object (&request->stream);
  g_clear_object (&request->cancellable);
  if (request->head != NULL)
    g_string_free (request->head, TRUE);

  g_atomic_int_add (&self->n_active, -1);
  g_hash_table_remove (self->requests, request);
  g_free (request);

  if (self->stopping && g_hash_table_size (self->requests) == 0)
    g_main_loop_quit (self->loop);
}

static void
request_schedule (DemoRequest *request,
                  gint64       delay,
                  GSourceFunc  func)
{
  g_assert (request->timer == NULL);

  /* Rounded up: the answer never comes earlier than asked. */
  request->timer = g_timeout_source_new ((guint) ((delay + 999) / 1000));
  g_source_set_callback (request->timer, func, request, NULL);
  g_source_set_static_name (request->timer, "[overlap] demo server timer");
  g_source_attach (request->timer, request->self->context);
}

static void
request_clear_timer (DemoRequest *request)
{
  g_clear_pointer (&request->timer, g_source_unref);
}

/* How many bytes go in the next chunk, and how long to wait before sending them. */
static gsize
request_next_slice (DemoRequest *request,
                    gint64      *wait)
{
  guint64 remaining = request->limit - request->sent;
  guint64 length = CHUNK_SIZE;
  gint64 due;

  *wait = 0;
  if (request->bandwidth == 0)
    return MIN (length, remaining);

  length = CLAMP (request->bandwidth / SLICES_PER_SEC, 1, CHUNK_SIZE);
  length = MIN (length, remaining);

  /* A chunk leaves when its last byte is due: the whole body takes size / bandwidth. */
  due = request->body_start
        + (gint64) ((double) (request->sent + length) * G_USEC_PER_SEC / request->bandwidth);
  *wait = MAX (0, due - g_get_monotonic_time ());

  return length;
}

/* libsoup path: the body goes through SoupMessageBody, one chunk at a time
 * (accumulate off, so nothing is kept once written). */

static void
request_append (DemoRequest *request,
                gsize        length)
{
  SoupMessageBody *body = soup_server_message_get_response_body (request->msg);
  g_autoptr(GBytes) bytes = pattern_bytes (request->sent, length);

  soup_message_body_append_bytes (body, bytes);
  request->sent += length;
  if (request->sent == request->limit)
    soup_message_body_complete (body);
}

static gboolean
request_slice_due_cb (gpointer user_data)
{
  DemoRequest *request = user_data;
  gint64 wait;
  gsize length;

  request_clear_timer (request);
  length = request_next_slice (request, &wait);
  request_append (request, length);
  soup_server_message_unpause (request->msg);

  return G_SOURCE_REMOVE;
}

/* Called when the previous chunk is written (libsoup then pauses itself
 * until there is another one). */
static void
request_feed (DemoRequest *request)
{
  gint64 wait;
  gsize length;

  if (request->sent == request->limit || request->timer != NULL)
    return;

  length = request_next_slice (request, &wait);
  if (wait > 0)
    request_schedule (request, wait, request_slice_due_cb);
  else
    request_append (request, length);
}

static void
wrote_chunk_cb (SoupServerMessage *msg,
                DemoRequest       *request)
{
  request_feed (request);
}

static void
finished_cb (SoupServerMessage *msg,
             DemoRequest       *request)
{
  request_free (request);
}

/* Raw path, to drop the connection part-way: the connection is taken from libsoup and the
 * response written by hand, then closed after `drop` body bytes. */

static void
raw_closed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DemoRequest *request = user_data;

  request->io_pending = FALSE;
  g_io_stream_close_finish (G_IO_STREAM (object), result, NULL);
  g_clear_object (&request->stream);
  request_free (request);
}

static void
raw_wrote_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DemoRequest *request = user_data;
  g_autoptr(GError) error = NULL;

  request->io_pending = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      /* The client went away, or the server is stopping. */
      request_free (request);
      return;
    }

  raw_write_next (request);
}

static gboolean
raw_slice_due_cb (gpointer user_data)
{
  DemoRequest *request = user_data;

  request_clear_timer (request);
  raw_write_next (request);

  return G_SOURCE_REMOVE;
}

static void
raw_write_next (DemoRequest *request)
{
  GOutputStream *output = g_io_stream_get_output_stream (request->stream);
  gint64 wait;
  gsize length;

  if (request->head != NULL)
    {
      /* The head first; the string lives until the write is done. */
      if (!request->head_sent)
        {
          request->head_sent = TRUE;
          request->io_pending = TRUE;
          g_output_stream_write_all_async (output, request->head->str, request->head->len,
                                           G_PRIORITY_DEFAULT, request->cancellable,
                                           raw_wrote_cb, request);
          return;
        }
      g_string_free (g_steal_pointer (&request->head), TRUE);
      request->body_start = g_get_monotonic_time ();
    }

  if (request->sent == request->limit)
    {
      request->io_pending = TRUE;
      g_io_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL,
                               raw_closed_cb, request);
      return;
    }

  length = request_next_slice (request, &wait);
  if (wait > 0)
    {
      request_schedule (request, wait, raw_slice_due_cb);
      return;
    }

  request->io_pending = TRUE;
  g_output_stream_write_all_async (output, pattern + (request->sent & 0xff), length,
                                   G_PRIORITY_DEFAULT, request->cancellable,
                                   raw_wrote_cb, request);
  request->sent += length;
}

static void
request_answer_raw (DemoRequest *request)
{
  g_autoptr(SoupServerMessage) msg = g_steal_pointer (&request->msg);

  g_clear_signal_handler (&request->wrote_chunk_id, msg);
  g_clear_signal_handler (&request->finished_id, msg);

  request->stream = soup_server_message_steal_connection (msg);
  if (request->stream == NULL)
    {
      request_free (request);
      return;
    }

  /* No "Connection: close": libsoup then accepts a short body as complete, and the
   * point is that the client sees the connection drop in the middle of the body. */
  request->head = g_string_new (NULL);
  g_string_append_printf (request->head,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/octet-stream\r\n"
                          "Content-Length: %" G_GUINT64_FORMAT "\r\n"
                          OVERLAP_DEMO_HEADER_RECEIVED ": %" G_GINT64_FORMAT "\r\n"
                          OVERLAP_DEMO_HEADER_RESPONDED ": %" G_GINT64_FORMAT "\r\n"
                          "\r\n",
                          request->status, soup_status_get_phrase (request->status),
                          request->size, request->received, g_get_monotonic_time ());
  raw_write_next (request);
}

/* Answering, once the delay is over. */

static void
set_time_header (SoupMessageHeaders *headers,
                 const char         *name,
                 gint64              time)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, time);
  soup_message_headers_replace (headers, name, text);
}

static void
request_answer (DemoRequest *request)
{
  SoupMessageHeaders *headers;

  if (request->limit < request->size)
    {
      request_answer_raw (request);
      return;
    }

  soup_server_message_set_status (request->msg, request->status, NULL);
  headers = soup_server_message_get_response_headers (request->msg);
  soup_message_headers_set_content_type (headers, "application/octet-stream", NULL);
  soup_message_headers_set_content_length (headers, request->size);
  set_time_header (headers, OVERLAP_DEMO_HEADER_RECEIVED, request->received);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (request->msg), FALSE);

  request->body_start = g_get_monotonic_time ();
  request->wrote_chunk_id = g_signal_connect (request->msg, "wrote-chunk",
                                              G_CALLBACK (wrote_chunk_cb), request);
  if (request->limit == 0)
    soup_message_body_complete (soup_server_message_get_response_body (request->msg));
  else
    request_feed (request);

  /* Last before the head goes out: libsoup writes it on unpausing, in the next
   * iteration of this thread's loop. */
  set_time_header (headers, OVERLAP_DEMO_HEADER_RESPONDED, g_get_monotonic_time ());
  soup_server_message_unpause (request->msg);
}

static gboolean
request_delay_over_cb (gpointer user_data)
{
  DemoRequest *request = user_data;

  request_clear_timer (request);
  request_answer (request);

  return G_SOURCE_REMOVE;
}

/* Parameters */

/* Fills @request from the query, or says what is wrong in @problem. */
static gboolean
parse_query (GHashTable  *query,
             DemoRequest *request,
             GString     *problem)
{
  GHashTableIter iter;
  gpointer key, value;
  guint64 drop = 0;
  guint64 status = 200;

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *name = key;
          const char *text = value ? value : "";

          g_autoptr(GError) error = NULL;

          if (strcmp (name, "size") == 0)
            overlap_parse_size (name, text, &request->size, &error);
          else if (strcmp (name, "bandwidth") == 0)
            overlap_parse_rate (name, text, &request->bandwidth, &error);
          else if (strcmp (name, "drop") == 0)
            overlap_parse_size (name, text, &drop, &error);
          else if (strcmp (name, "delay") == 0)
            overlap_parse_duration (name, text, OVERLAP_UNITS_MILLISECONDS, &request->delay, &error);
          else if (strcmp (name, "status") == 0)
            {
              if (!g_ascii_string_to_unsigned (text, 10, 200, 599, &status, NULL))
                g_string_append_printf (problem, _("status: “%s” is not a status code from 200 to 599\n"), text);
            }
          else
            g_string_append_printf (problem, _("unknown parameter “%s”\n"), name);
          if (error != NULL)
            g_string_append_printf (problem, "%s\n", error->message);
        }
    }

  if (problem->len > 0)
    return FALSE;

  if (request->size > OVERLAP_DEMO_MAX_SIZE)
    g_string_append_printf (problem, _("size: %llu bytes is more than the limit of 64 GiB\n"),
                            (unsigned long long) request->size);
  if (request->delay > OVERLAP_DEMO_MAX_DELAY)
    g_string_append (problem, _("delay: more than the limit of 10 minutes\n"));
  if (request->bandwidth != 0 && request->bandwidth < OVERLAP_DEMO_MIN_BANDWIDTH)
    g_string_append_printf (problem, _("bandwidth: %llu bytes/s is less than the minimum of 64 bytes/s\n"),
                            (unsigned long long) request->bandwidth);
  if (drop != 0 && drop >= request->size)
    g_string_append_printf (problem, _("drop: %llu must be less than size (%llu)\n"),
                            (unsigned long long) drop, (unsigned long long) request->size);

  request->status = (guint) status;
  request->limit = drop != 0 ? drop : request->size;

  /* These statuses carry no body. */
  if (status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED)
    {
      request->size = 0;
      request->limit = 0;
    }

  return problem->len == 0;
}

static void
answer_text (SoupServerMessage *msg,
             guint              status,
             const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

/* Any answer that leaves a request body unread closes the connection after it: the
 * unread bytes must not be taken for the next request. */
static void
answer_and_close (SoupServerMessage *msg,
                  guint              status,
                  const char        *text)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
  answer_text (msg, status, text);
}

static const char *
help_text (void)
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

static void
handle_data (OverlapDemoServer *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_autoptr(GString) problem = g_string_new (NULL);
  gint64 received = g_get_monotonic_time ();
  DemoRequest *request;
  guint active;

  request = g_new0 (DemoRequest, 1);
  request->self = self;
  request->received = received;
  if (!parse_query (query, request, problem))
    {
      answer_text (msg, SOUP_STATUS_BAD_REQUEST, problem->str);
      g_free (request);
      return;
    }

  if ((guint) g_atomic_int_get (&self->n_active) >= OVERLAP_DEMO_MAX_CONCURRENT)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      answer_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, _("Too many requests in progress\n"));
      g_free (request);
      return;
    }

  active = (guint) g_atomic_int_add (&self->n_active, 1) + 1;
  if (active > (guint) g_atomic_int_get (&self->max_concurrent))
    g_atomic_int_set (&self->max_concurrent, (gint) active);

  request->msg = g_object_ref (msg);
  request->cancellable = g_cancellable_new ();
  request->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), request);
  g_hash_table_add (self->requests, request);

  /* Not blocking: libsoup waits until we unpause. */
  soup_server_message_pause (msg);
  request_schedule (request, request->delay, request_delay_over_cb);
}

/* GET /redirect: a 302 to this same server only (never an open redirect): n hops
 * down to /data with the other parameters, or a loop to itself. */
static void
handle_redirect (SoupServerMessage *msg,
                 GHashTable        *query)
{
  g_autoptr(GHashTable) rest = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *hops_text = NULL;
  g_autofree char *form = NULL;
  g_autofree char *location = NULL;
  const char *loop = query ? g_hash_table_lookup (query, "loop") : NULL;
  const char *n = query ? g_hash_table_lookup (query, "n") : NULL;
  guint64 hops = 1;

  if (loop != NULL)
    {
      GUri *uri = soup_server_message_get_uri (msg);

      location = g_strdup_printf ("/redirect?%s", g_uri_get_query (uri));
    }
  else
    {
      if (n != NULL && !g_ascii_string_to_unsigned (n, 10, 1, MAX_REDIRECTS, &hops, NULL))
        {
          g_autofree char *text = g_strdup_printf (_("n: “%s” is not a number of redirects from 1 to %u\n"),
                                                   n, MAX_REDIRECTS);

          answer_text (msg, SOUP_STATUS_BAD_REQUEST, text);
          return;
        }

      if (query != NULL)
        {
          GHashTableIter iter;
          gpointer key, value;

          g_hash_table_iter_init (&iter, query);
          while (g_hash_table_iter_next (&iter, &key, &value))
            if (strcmp (key, "n") != 0)
              g_hash_table_insert (rest, key, value ? value : (gpointer) "");
        }

      if (hops > 1)
        {
          hops_text = g_strdup_printf ("%" G_GUINT64_FORMAT, hops - 1);
          g_hash_table_insert (rest, (gpointer) "n", hops_text);
        }
      form = soup_form_encode_hash (rest);
      location = g_strdup_printf ("%s?%s", hops > 1 ? "/redirect" : "/data", form);
    }

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

/* A request with a body: libsoup would read all of it (keeping it, by default) before
 * sending any answer, and a client may announce gigabytes and send none. So nothing of
 * it is kept, the answer goes out on the socket at once, and the connection is shut:
 * libsoup's read of the body then ends, and so does the request. */
static void
refuse_body (SoupServerMessage *msg,
             guint              status,
             const char        *text)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autofree char *raw = NULL;

  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  answer_and_close (msg, status, text);

  raw = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                         "Connection: close\r\n"
                         "Allow: GET, HEAD\r\n"
                         "Content-Type: text/plain; charset=utf-8\r\n"
                         "Content-Length: %zu\r\n"
                         "\r\n%s",
                         status, soup_status_get_phrase (status), strlen (text), text);
  if (socket != NULL)
    {
      /* Best effort: a few hundred bytes into an empty send buffer. */
      g_socket_send (socket, raw, strlen (raw), NULL, NULL);
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
    }
}

/* Before libsoup reads a request body: refuse anything but a bodiless GET or HEAD. */
static void
early_callback (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  OverlapDemoServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  gboolean has_body = encoding == SOUP_ENCODING_CHUNKED ||
                      (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
                       soup_message_headers_get_content_length (headers) > 0);
  gboolean allowed = method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD;

  if (!allowed && has_body)
    refuse_body (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Only GET and HEAD are served\n"));
  else if (has_body)
    refuse_body (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _("Requests carry no body here\n"));
  else if (!allowed)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET, HEAD");
      answer_and_close (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Only GET and HEAD are served\n"));
    }
  else
    return;

  g_atomic_int_inc (&self->n_requests);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  OverlapDemoServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);

  g_atomic_int_inc (&self->n_requests);

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET, HEAD");
      answer_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Only GET and HEAD are served\n"));
    }
  else if (strcmp (path, "/data") == 0)
    handle_data (self, msg, query);
  else if (strcmp (path, "/redirect") == 0)
    handle_redirect (msg, query);
  else if (strcmp (path, "/") == 0)
    answer_text (msg, SOUP_STATUS_OK, help_text ());
  else
    answer_text (msg, SOUP_STATUS_NOT_FOUND, _("Not found: see / for what this server answers\n"));
}

/* The server thread */

static gboolean
stop_in_thread_cb (gpointer user_data)
{
  OverlapDemoServer *self = user_data;
  g_autoptr(GList) requests = g_hash_table_get_keys (self->requests);

  self->stopping = TRUE;

  for (const GList *l = requests; l != NULL; l = l->next)
    {
      DemoRequest *request = l->data;

      g_cancellable_cancel (request->cancellable);
      /* Requests with a write under way are freed by its callback. */
      if (!request->io_pending)
        request_free (request);
    }

  soup_server_disconnect (self->server);

  if (g_hash_table_size (self->requests) == 0)
    g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

static gpointer
server_thread (gpointer data)
{
  OverlapDemoServer *self = data;
  gint64 deadline;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);

  /* Let cancelled writes call back, then drop the server in its own thread. */
  deadline = g_get_monotonic_time () + STOP_GRACE_USEC;
  while (g_hash_table_size (self->requests) > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (self->context, FALSE);
  if (g_hash_table_size (self->requests) > 0)
    g_warning ("%u demo requests did not finish", g_hash_table_size (self->requests));

  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static GSocket *
create_listen_socket (guint    port,
                      GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!g_socket_bind (socket, address, TRUE, error))
    return NULL;

  /* A large backlog: a burst of 1,000 connections waits in the kernel, not refused. */
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_listen (socket, error))
    return NULL;

  return g_steal_pointer (&socket);
}

/* GObject */

static void
overlap_demo_server_dispose (GObject *object)
{
  OverlapDemoServer *self = (OverlapDemoServer *)object;

  overlap_demo_server_stop (self);

  G_OBJECT_CLASS (overlap_demo_server_parent_class)->dispose (object);
}

static void
overlap_demo_server_finalize (GObject *object)
{
  OverlapDemoServer *self = (OverlapDemoServer *)object;

  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->uri, g_free);

  G_OBJECT_CLASS (overlap_demo_server_parent_class)->finalize (object);
}

static void
overlap_demo_server_class_init (OverlapDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = overlap_demo_server_dispose;
  object_class->finalize = overlap_demo_server_finalize;

  for (guint i = 0; i < G_N_ELEMENTS (pattern); i++)
    pattern[i] = (guint8) (i & 0xff);
}

static void
overlap_demo_server_init (OverlapDemoServer *self)
{
  self->requests = g_hash_table_new (NULL, NULL);
}

/* Public API */

OverlapDemoServer *
overlap_demo_server_new (void)
{
  return g_object_new (OVERLAP_TYPE_DEMO_SERVER, NULL);
}

/* Listens on 127.0.0.1:@port (0: a free port) and serves from a thread of its own. */
gboolean
overlap_demo_server_start (OverlapDemoServer  *self,
                           guint               port,
                           GError            **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(SoupServer) server = NULL;
  gboolean listening;

  g_return_val_if_fail (OVERLAP_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->thread != NULL)
    return TRUE;

  socket = create_listen_socket (port, error);
  if (socket == NULL)
    {
      g_prefix_error (error, _("Cannot start the demo server on port %u: "), port);
      return FALSE;
    }

  local = g_socket_get_local_address (socket, error);
  if (local == NULL)
    return FALSE;

  /* The server's sources go to the server thread's context. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_early_handler (server, NULL, early_callback, self, NULL);
  soup_server_add_handler (server, "/", server_callback, self, NULL);
  listening = soup_server_listen_socket (server, socket, 0, error);
  g_main_context_pop_thread_default (context);
  if (!listening)
    return FALSE;

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_free (self->uri);
  self->uri = g_strdup_printf ("http://127.0.0.1:%u/", self->port);
  self->socket = g_steal_pointer (&socket);
  self->server = g_steal_pointer (&server);
  self->context = g_steal_pointer (&context);
  self->loop = g_main_loop_new (self->context, FALSE);
  self->stopping = FALSE;
  self->thread = g_thread_new ("overlap-demo-server", server_thread, self);

  return TRUE;
}

/* Closes every connection and the listening socket; waits for the server thread. */
void
overlap_demo_server_stop (OverlapDemoServer *self)
{
  g_return_if_fail (OVERLAP_IS_DEMO_SERVER (self));

  if (self->thread == NULL)
    return;

  g_main_context_invoke (self->context, stop_in_thread_cb, self);
  g_thread_join (g_steal_pointer (&self->thread));

  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->port = 0;
  g_clear_pointer (&self->uri, g_free);
}

guint
overlap_demo_server_get_port (OverlapDemoServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_DEMO_SERVER (self), 0);
  return self->port;
}

/* "http://127.0.0.1:PORT/" while started, else NULL. */
const char *
overlap_demo_server_get_uri (OverlapDemoServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_DEMO_SERVER (self), NULL);
  return self->uri;
}

char *
overlap_demo_server_build_uri (OverlapDemoServer *self,
                               guint64            size,
                               gint64             latency,
                               guint64            bandwidth,
                               guint              status,
                               guint64            drop_after)
{
  g_return_val_if_fail (OVERLAP_IS_DEMO_SERVER (self), NULL);
  g_return_val_if_fail (self->uri != NULL, NULL);

  return overlap_demo_build_uri (self->uri, size, latency, bandwidth, status, drop_after);
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

/* Requests answered since the start, whatever their outcome. */
guint
overlap_demo_server_get_n_requests (OverlapDemoServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_DEMO_SERVER (self), 0);
  return (guint) g_atomic_int_get (&self->n_requests);
}

/* The most /data requests in progress at once (delay or body under way). */
guint
overlap_demo_server_get_max_concurrent (OverlapDemoServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_DEMO_SERVER (self), 0);
  return (guint) g_atomic_int_get (&self->max_concurrent);
}

guint
overlap_demo_server_get_n_active (OverlapDemoServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_DEMO_SERVER (self), 0);
  return (guint) g_atomic_int_get (&self->n_active);
}
