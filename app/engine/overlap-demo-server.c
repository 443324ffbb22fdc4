/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-demo-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "overlap-demo-server-private.h"

/* The embedded demo HTTP server: GET /data answers after a delay, with a status, a body of
 * any size generated on the fly (byte i is i mod 256), at a given bandwidth, and can drop
 * the connection part-way through the body. It listens on 127.0.0.1 only. Here: the
 * server, its thread and its handlers; the query in overlap-demo-query.c, the answer to
 * a /data in overlap-demo-response.c.
 *
 * It runs in a thread of its own, on its own GMainContext, so that it behaves like a remote
 * server: a task that blocks the app's main loop (the CPU-bound pitfall) stalls the client,
 * not the server. Everything below that touches the SoupServer runs in that thread.
 *
 * Request headers are limited by libsoup itself (64 KiB, not configurable in libsoup 3.2).
 * Request bodies are refused before libsoup reads them (an early handler): nothing here
 * takes one, and libsoup would keep a body of any size in memory. */

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
  GHashTable   *requests;       /* OverlapDemoResponse set, one a /data in progress */
  gboolean      stopping;

  /* Atomics, read from any thread. */
  gint          n_requests;
  gint          n_active;
  gint          max_concurrent;
};

G_DEFINE_FINAL_TYPE ( OverlapDemoServer,
                      overlap_demo_server,
                      G_TYPE_OBJECT)

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

/* A /data answer is over. */
static void
response_done_cb (OverlapDemoResponse *response,
                  gpointer             user_data)
{
  OverlapDemoServer *self = user_data;

  g_atomic_int_add (&self->n_active, -1);
  g_hash_table_remove (self->requests, response);

  if (self->stopping && g_hash_table_size (self->requests) == 0)
    g_main_loop_quit (self->loop);
}

static void
handle_data (OverlapDemoServer *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_autoptr(GString) problem = g_string_new (NULL);
  gint64 received = g_get_monotonic_time ();
  OverlapDemoResponse *response;
  OverlapDemoQuery asked;
  guint active;

  if (!_overlap_demo_query_parse (query, &asked, problem))
    {
      answer_text (msg, SOUP_STATUS_BAD_REQUEST, problem->str);
      return;
    }

  if ((guint) g_atomic_int_get (&self->n_active) >= OVERLAP_DEMO_MAX_CONCURRENT)
    {
      answer_and_close (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, _("Too many requests in progress\n"));
      return;
    }

  active = (guint) g_atomic_int_add (&self->n_active, 1) + 1;
  if (active > (guint) g_atomic_int_get (&self->max_concurrent))
    g_atomic_int_set (&self->max_concurrent, (gint) active);

  response = _overlap_demo_response_start (msg, &asked, received, self->context,
                                           response_done_cb, self);
  g_hash_table_add (self->requests, response);
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

/* A bodiless GET or HEAD: every other request was answered by early_callback(),
 * and libsoup calls no handler for a request once it has a status. */
static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  OverlapDemoServer *self = user_data;

  g_atomic_int_inc (&self->n_requests);

  if (strcmp (path, "/data") == 0)
    handle_data (self, msg, query);
  else if (strcmp (path, "/redirect") == 0)
    handle_redirect (msg, query);
  else if (strcmp (path, "/") == 0)
    answer_text (msg, SOUP_STATUS_OK, _overlap_demo_help_text ());
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
    _overlap_demo_response_stop (l->data);

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
