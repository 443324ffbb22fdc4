/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-demo-server"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "overlap-demo-server.h"
#include "overlap-test-load.h"
#include "overlap-test-run.h"

typedef struct
{
  OverlapDemoServer *server;
  SoupSession       *session;
} Fixture;

typedef struct
{
  guint    status;
  guint64  length;         /* body bytes received */
  gint64   elapsed;        /* µs from the request to the end of the body */
  gboolean pattern_ok;     /* byte i == i mod 256 */
  char    *text;           /* the body, when short and textual */
  GError  *error;          /* from the body read */
} Fetch;

static void
fetch_clear (Fetch *fetch)
{
  g_clear_pointer (&fetch->text, g_free);
  g_clear_error (&fetch->error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = overlap_test_demo_server_new ();
  fixture->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  overlap_demo_server_stop (fixture->server);
  g_assert_finalize_object (fixture->server);
}

/* A blocking GET reading the body in chunks, never whole. */
static void
fetch_uri (SoupSession *session,
           const char  *uri,
           Fetch       *fetch)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();

  memset (fetch, 0, sizeof *fetch);
  fetch->pattern_ok = TRUE;

  stream = soup_session_send (session, msg, NULL, &fetch->error);
  if (stream == NULL)
    return;
  fetch->status = soup_message_get_status (msg);

  for (;;)
    {
      g_autoptr(GBytes) bytes = g_input_stream_read_bytes (stream, 64 * 1024, NULL, &fetch->error);
      const guint8 *data;
      gsize size;

      if (bytes == NULL || g_bytes_get_size (bytes) == 0)
        break;

      data = g_bytes_get_data (bytes, &size);
      for (gsize i = 0; i < size; i++)
        if (data[i] != (guint8) ((fetch->length + i) & 0xff))
          fetch->pattern_ok = FALSE;
      if (text->len < 4096)
        g_string_append_len (text, (const char *) data, MIN (size, 4096));
      fetch->length += size;
    }

  fetch->elapsed = g_get_monotonic_time () - start;
  fetch->text = g_strdup (text->str);
}

static char *
data_uri (Fixture    *fixture,
          const char *query)
{
  return g_strconcat (overlap_demo_server_get_uri (fixture->server), "data?", query, NULL);
}

static gboolean
can_connect (const char *host,
             guint       port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_client_set_timeout (client, 2);
  connection = g_socket_client_connect_to_host (client, host, port, NULL, &error);
  return connection != NULL;
}

/* The server thread notes a request finished just after the client has the body. */
static guint
n_active_settled (OverlapDemoServer *server)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (overlap_demo_server_get_n_active (server) > 0 && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  return overlap_demo_server_get_n_active (server);
}

/* After whatever a test did to it, the server still answers a plain request in
 * full, and keeps nothing of the earlier ones. */
static void
assert_still_serving (Fixture *fixture,
                      guint64  size)
{
  g_autofree char *query = g_strdup_printf ("size=%" G_GUINT64_FORMAT, size);
  g_autofree char *uri = data_uri (fixture, query);
  Fetch fetch;

  fetch_uri (fixture->session, uri, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_cmpuint (fetch.length, ==, size);
  fetch_clear (&fetch);
  g_assert_cmpuint (n_active_settled (fixture->server), ==, 0);
}

static void
test_loopback_only (Fixture       *fixture,
                    gconstpointer  data)
{
  guint port = overlap_demo_server_get_port (fixture->server);
  g_autofree char *expected = g_strdup_printf ("http://127.0.0.1:%u/", port);

  g_assert_cmpuint (port, >, 0);
  g_assert_cmpstr (overlap_demo_server_get_uri (fixture->server), ==, expected);

  g_assert_true (can_connect ("127.0.0.1", port));
  /* Bound to 127.0.0.1 itself, not to every address: the rest of 127/8 and ::1 are refused. */
  g_assert_false (can_connect ("127.0.0.2", port));
  g_assert_false (can_connect ("::1", port));
}

static void
test_help (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", overlap_demo_server_get_uri (fixture->server));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/plain");
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_nonnull (strstr (text, "size"));
  g_assert_nonnull (strstr (text, "delay"));
  g_assert_nonnull (strstr (text, "bandwidth"));
  g_assert_nonnull (strstr (text, "drop"));
  g_assert_null (soup_message_headers_get_one (headers, "Access-Control-Allow-Origin"));
}

static void
test_size (Fixture       *fixture,
           gconstpointer  data)
{
  const char *queries[] = { "size=0", "size=1", "size=100000", "size=3M", "size=64k" };
  const guint64 sizes[] = { 0, 1, 100000, 3 * 1024 * 1024, 64 * 1024 };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *uri = data_uri (fixture, queries[i]);
      Fetch fetch;

      fetch_uri (fixture->session, uri, &fetch);
      g_assert_no_error (fetch.error);
      g_assert_cmpuint (fetch.status, ==, 200);
      g_assert_cmpuint (fetch.length, ==, sizes[i]);
      g_assert_true (fetch.pattern_ok);
      fetch_clear (&fetch);
    }
}

/* 256 MiB streamed: neither side holds the body (RSS grows far less than the size). */
static void
test_large_streamed (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *uri = data_uri (fixture, "size=256M");
  G_GNUC_UNUSED gsize before = overlap_test_rss_kib ();
  Fetch fetch;

  fetch_uri (fixture->session, uri, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_cmpuint (fetch.length, ==, 256 * 1024 * 1024);
  g_assert_true (fetch.pattern_ok);
#ifndef __SANITIZE_ADDRESS__
  /* (AddressSanitizer keeps freed memory in quarantine: RSS says nothing there.) */
  if (before > 0)
    g_assert_cmpuint (overlap_test_rss_kib (), <, before + 64 * 1024);
#endif
  g_test_message ("256 MiB in %.2f s", fetch.elapsed / 1e6);
  fetch_clear (&fetch);
}

static void
test_delay (Fixture       *fixture,
            gconstpointer  data)
{
  const char *queries[] = { "size=10&delay=300", "size=10&delay=300ms", "size=10&delay=300000us" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *uri = data_uri (fixture, queries[i]);
      Fetch fetch;

      fetch_uri (fixture->session, uri, &fetch);
      g_assert_no_error (fetch.error);
      g_assert_cmpuint (fetch.status, ==, 200);
      g_assert_cmpint (fetch.elapsed, >=, 300000);
      g_assert_cmpint (fetch.elapsed, <, 3 * 300000);
      fetch_clear (&fetch);
    }
}

static gint64
header_time (SoupMessageHeaders *headers,
             const char         *name)
{
  const char *text = soup_message_headers_get_one (headers, name);
  guint64 value = 0;

  g_assert_nonnull (text);
  g_assert_true (g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL));
  return (gint64) value;
}

/* X-Overlap-Received and X-Overlap-Responded: the server's own times, on the client's
 * clock (the same machine), in order, and the delay between them. */
static void
test_server_times (Fixture       *fixture,
                   gconstpointer  data)
{
  const struct { const char *query; gint64 delay; } cases[] = {
    { "size=10", 0 },
    { "size=64k&delay=50ms", 50000 },
    { "size=1k&delay=10", 10000 },
    { "size=64k&delay=20&drop=1k", 20000 },     /* the raw path */
  };
  gint64 previous = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uri = data_uri (fixture, cases[i].query);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GError) error = NULL;
      SoupMessageHeaders *headers;
      gint64 before, after, received, responded;

      before = g_get_monotonic_time ();
      stream = soup_session_send (fixture->session, msg, NULL, &error);
      after = g_get_monotonic_time ();
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

      headers = soup_message_get_response_headers (msg);
      received = header_time (headers, OVERLAP_DEMO_HEADER_RECEIVED);
      responded = header_time (headers, OVERLAP_DEMO_HEADER_RESPONDED);
      g_assert_cmpint (before, <=, received);
      g_assert_cmpint (received, <=, responded);
      g_assert_cmpint (responded, <=, after);
      g_assert_cmpint (responded - received, >=, cases[i].delay);
      g_assert_cmpint (received, >, previous);
      g_test_message ("%s: sent → received %" G_GINT64_FORMAT " µs, responded → headers read %"
                      G_GINT64_FORMAT " µs", cases[i].query, received - before, after - responded);
      previous = responded;
      g_input_stream_close (stream, NULL, NULL);
    }

  /* Not on an answer that refuses the request. */
  {
    g_autofree char *uri = data_uri (fixture, "size=abc");
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
    g_autoptr(GBytes) body = soup_session_send_and_read (fixture->session, msg, NULL, NULL);
    SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 400);
    g_assert_null (soup_message_headers_get_one (headers, OVERLAP_DEMO_HEADER_RECEIVED));
    g_assert_null (soup_message_headers_get_one (headers, OVERLAP_DEMO_HEADER_RESPONDED));
  }
}

static void
test_bandwidth (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *uri = data_uri (fixture, "size=64k&bandwidth=256k");
  g_autofree char *slow_uri = data_uri (fixture, "size=1000&bandwidth=2000");
  Fetch fetch;

  /* 64 KiB at 256 KiB/s: 0.25 s. */
  fetch_uri (fixture->session, uri, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_cmpuint (fetch.length, ==, 64 * 1024);
  g_assert_true (fetch.pattern_ok);
  g_assert_cmpint (fetch.elapsed, >=, 200000);
  g_assert_cmpint (fetch.elapsed, <, 2 * G_USEC_PER_SEC);
  g_test_message ("64 KiB at 256 KiB/s in %.3f s", fetch.elapsed / 1e6);
  fetch_clear (&fetch);

  /* 1000 bytes at 2000 B/s: 0.5 s, in 40-byte slices. */
  fetch_uri (fixture->session, slow_uri, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_cmpuint (fetch.length, ==, 1000);
  g_assert_cmpint (fetch.elapsed, >=, 400000);
  g_assert_cmpint (fetch.elapsed, <, 3 * G_USEC_PER_SEC);
  g_test_message ("1000 B at 2000 B/s in %.3f s", fetch.elapsed / 1e6);
  fetch_clear (&fetch);
}

static void
test_status (Fixture       *fixture,
             gconstpointer  data)
{
  const guint codes[] = { 200, 201, 204, 404, 500, 503 };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *query = g_strdup_printf ("size=100&status=%u", codes[i]);
      g_autofree char *uri = data_uri (fixture, query);
      Fetch fetch;

      fetch_uri (fixture->session, uri, &fetch);
      g_assert_no_error (fetch.error);
      g_assert_cmpuint (fetch.status, ==, codes[i]);
      g_assert_cmpuint (fetch.length, ==, codes[i] == 204 ? 0 : 100);
      fetch_clear (&fetch);
    }
}

static void
test_drop (Fixture       *fixture,
           gconstpointer  data)
{
  const char *queries[] = { "size=64k&drop=12k", "size=64k&drop=12k&delay=100&bandwidth=128k", "size=10M&drop=1" };
  const guint64 drops[] = { 12 * 1024, 12 * 1024, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *uri = data_uri (fixture, queries[i]);
      Fetch fetch;

      fetch_uri (fixture->session, uri, &fetch);
      g_assert_cmpuint (fetch.status, ==, 200);
      g_assert_error (fetch.error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
      g_assert_cmpuint (fetch.length, ==, drops[i]);
      g_assert_true (fetch.pattern_ok);
      fetch_clear (&fetch);
    }

  /* The server is still fine afterwards, and forgot the dropped requests. */
  assert_still_serving (fixture, 10);
}

static void
test_bad_parameters (Fixture       *fixture,
                     gconstpointer  data)
{
  const struct { const char *query; const char *words; } cases[] = {
    { "size=abc", "size" },
    { "size=-1", "size" },
    { "size=65G", "64 GiB" },
    { "size=99999999999999999999999", "size" },
    { "size=10&delay=601s", "delay" },
    { "size=10&delay=99999999999999999999s", "delay" },
    { "size=10&delay=soon", "delay" },
    { "size=10&bandwidth=10", "bandwidth" },
    { "size=10&status=99", "status" },
    { "size=10&status=700", "status" },
    { "size=10&drop=10", "drop" },
    { "size=10&colour=red", "colour" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uri = data_uri (fixture, cases[i].query);
      Fetch fetch;

      fetch_uri (fixture->session, uri, &fetch);
      g_assert_no_error (fetch.error);
      g_assert_cmpuint (fetch.status, ==, 400);
      g_assert_nonnull (strstr (fetch.text, cases[i].words));
      fetch_clear (&fetch);
    }

  {
    g_autofree char *uri = g_strconcat (overlap_demo_server_get_uri (fixture->server), "etc/passwd", NULL);
    Fetch fetch;

    fetch_uri (fixture->session, uri, &fetch);
    g_assert_cmpuint (fetch.status, ==, 404);
    fetch_clear (&fetch);
  }
}

/* A raw request over a plain socket (blocking, 5 s timeout): what the server answers,
 * up to EOF or 64 KiB. Write errors are ignored: the server may close before reading all. */
static char *
raw_exchange (Fixture    *fixture,
              const char *request,
              gsize       length,
              gint64     *elapsed)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();
  GInputStream *input;
  char buffer[4096];
  gssize n;

  g_socket_client_set_timeout (client, 5);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                overlap_demo_server_get_port (fixture->server),
                                                NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, length, NULL, NULL, NULL);
  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while (answer->len < 65536 &&
         (n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (answer, buffer, n);
  if (elapsed != NULL)
    *elapsed = g_get_monotonic_time () - start;

  return g_string_free (g_steal_pointer (&answer), FALSE);
}

/* Safe to leave running: no request body is read (413 before it is sent, without
 * waiting for it), only GET and HEAD, no CORS even when asked, headers past libsoup's
 * 64 KiB refused, nothing served from disk whatever the path. */
static void
test_safety (Fixture       *fixture,
             gconstpointer  data)
{
  static const struct { const char *request; const char *status; } cases[] = {
    /* announces 1 GiB and sends none of it: answered at once, not read */
    { "GET /data?size=10 HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n", "HTTP/1.1 413" },
    { "GET /data?size=10 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 413" },
    { "POST /data HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\nxxxx", "HTTP/1.1 405" },
    { "PUT /data HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "HTTP/1.1 405" },
    { "OPTIONS /data HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\n"
      "Access-Control-Request-Method: GET\r\n\r\n", "HTTP/1.1 405" },
    { "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 " },
    { "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 404" },
    { "GET /data/../../../etc/hostname HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 " },
    { "GET /data?size=1 HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n", "HTTP/1.1 200" },
  };
  g_autoptr(GString) huge = g_string_new ("GET /data?size=10 HTTP/1.1\r\nHost: x\r\n");
  g_autofree char *answer = NULL;
  gint64 elapsed;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reply = raw_exchange (fixture, cases[i].request, strlen (cases[i].request), &elapsed);

      if (!g_str_has_prefix (reply, cases[i].status))
        g_error ("case %u: “%.40s” does not start with “%s”", i, reply, cases[i].status);
      g_assert_null (strstr (reply, "Access-Control"));
      g_assert_null (strstr (reply, "root:"));
      g_assert_false (g_str_has_prefix (reply, "HTTP/1.1 200") && i < 8);
      /* answered without waiting for the body (the 5 s read timeout) */
      g_assert_cmpint (elapsed, <, 4 * G_USEC_PER_SEC);
    }

  /* 128 KiB of headers: refused (libsoup's own 64 KiB limit) or the connection closed. */
  while (huge->len < 128 * 1024)
    g_string_append_printf (huge, "X-Filler-%u: %0200d\r\n", (guint) huge->len, 0);
  g_string_append (huge, "\r\n");
  answer = raw_exchange (fixture, huge->str, huge->len, &elapsed);
  g_test_message ("128 KiB of headers: “%.12s”", answer);
  g_assert_false (g_str_has_prefix (answer, "HTTP/1.1 200"));
  g_assert_true (answer[0] == '\0' || g_str_has_prefix (answer, "HTTP/1.1 4"));

  /* still serving after all that */
  assert_still_serving (fixture, 1000);
}

/* /redirect: n hops to /data on the same server, bounded; a loop that libsoup ends. */
static void
test_redirect (Fixture       *fixture,
               gconstpointer  data)
{
  const char *base = overlap_demo_server_get_uri (fixture->server);
  g_autofree char *three = g_strconcat (base, "redirect?n=3&size=5000", NULL);
  g_autofree char *loop = g_strconcat (base, "redirect?loop=1", NULL);
  g_autofree char *too_many = g_strconcat (base, "redirect?n=101", NULL);
  guint before;
  Fetch fetch;

  before = overlap_demo_server_get_n_requests (fixture->server);
  fetch_uri (fixture->session, three, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_cmpuint (fetch.status, ==, 200);
  g_assert_cmpuint (fetch.length, ==, 5000);
  g_assert_true (fetch.pattern_ok);
  g_assert_cmpuint (overlap_demo_server_get_n_requests (fixture->server) - before, ==, 4);
  fetch_clear (&fetch);

  fetch_uri (fixture->session, loop, &fetch);
  g_assert_error (fetch.error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS);
  fetch_clear (&fetch);

  fetch_uri (fixture->session, too_many, &fetch);
  g_assert_cmpuint (fetch.status, ==, 400);
  g_assert_nonnull (strstr (fetch.text, "from 1 to 100"));
  fetch_clear (&fetch);
}

static void
test_build_uri (void)
{
  g_autofree char *a = overlap_demo_build_uri ("http://127.0.0.1:8080/", 1000, 0, 0, 0, 0);
  g_autofree char *b = overlap_demo_build_uri ("http://127.0.0.1:8080", 10, 250000, 1024, 404, 5);
  g_autofree char *c = overlap_demo_build_uri ("http://127.0.0.1:8080/", 10, 1500, 0, 200, 0);

  g_assert_cmpstr (a, ==, "http://127.0.0.1:8080/data?size=1000");
  g_assert_cmpstr (b, ==, "http://127.0.0.1:8080/data?size=10&delay=250ms&bandwidth=1024&status=404&drop=5");
  g_assert_cmpstr (c, ==, "http://127.0.0.1:8080/data?size=10&delay=1500us");
}

static void
test_counters (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *uri = overlap_demo_server_build_uri (fixture->server, 10, 1000, 0, 0, 0);
  Fetch fetch;

  g_assert_cmpuint (overlap_demo_server_get_n_requests (fixture->server), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      fetch_uri (fixture->session, uri, &fetch);
      g_assert_no_error (fetch.error);
      fetch_clear (&fetch);
    }
  g_assert_cmpuint (overlap_demo_server_get_n_requests (fixture->server), ==, 3);
  g_assert_cmpuint (overlap_demo_server_get_max_concurrent (fixture->server), ==, 1);
  g_assert_cmpuint (n_active_settled (fixture->server), ==, 0);
}

/* Stopping with requests waiting and bodies under way ends them and returns promptly. */
typedef struct
{
  GMainLoop *loop;
  guint      pending;
  guint      failed;
} Busy;

static void
busy_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Busy *busy = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    busy->failed++;
  if (--busy->pending == 0)
    g_main_loop_quit (busy->loop);
}

static void
test_stop_while_busy (void)
{
  const char *queries[] = { "size=10&delay=5s", "size=1M&bandwidth=1k", "size=1M&bandwidth=1k&drop=500k" };
  OverlapDemoServer *server = overlap_demo_server_new ();
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 10, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  Busy busy = { loop, G_N_ELEMENTS (queries), 0 };
  gint64 start, deadline;

  g_assert_true (overlap_demo_server_start (server, 0, &error));
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *uri = g_strconcat (overlap_demo_server_get_uri (server), "data?", queries[i], NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, busy_read_cb, &busy);
    }

  /* all three under way at the server (later under the sanitizers on a busy
   * machine); none ends before the stop */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (overlap_demo_server_get_n_active (server) < 3 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (overlap_demo_server_get_n_active (server), ==, 3);

  start = g_get_monotonic_time ();
  overlap_demo_server_stop (server);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_null (overlap_demo_server_get_uri (server));

  g_main_loop_run (loop);
  g_assert_cmpuint (busy.failed, ==, G_N_ELEMENTS (queries));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);

  g_assert_finalize_object (server);
}

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  guint      ok;
  guint      connecting;
} Many;

static void
many_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Many *many = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
  if (g_bytes_get_size (bytes) == 100)
    many->ok++;
  if (--many->pending == 0)
    g_main_loop_quit (many->loop);
}

/* 1,000 requests of 200 ms at once, through @n_sessions sessions. */
static void
run_concurrent (Fixture *fixture,
                guint    n_sessions,
                gint64  *wall)
{
  const guint n = 1000;
  const gint64 delay = 200000;
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *uri = overlap_demo_server_build_uri (fixture->server, 100, delay, 0, 0, 0);
  Many many = { loop, n, 0, 0 };
  gint64 start;

  for (guint i = 0; i < n_sessions; i++)
    g_ptr_array_add (sessions, soup_session_new_with_options ("max-conns", n, "max-conns-per-host", n,
                                                              "proxy-resolver", NULL, NULL));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

      soup_session_send_and_read_async (g_ptr_array_index (sessions, i % n_sessions), msg,
                                        G_PRIORITY_DEFAULT, NULL, many_read_cb, &many);
    }
  g_main_loop_run (loop);
  *wall = g_get_monotonic_time () - start;

  g_test_message ("%u requests of %d ms at once through %u session(s): %.3f s, "
                  "%u at once at most on the server",
                  n, (int) (delay / 1000), n_sessions, *wall / 1e6,
                  overlap_demo_server_get_max_concurrent (fixture->server));
  g_assert_cmpuint (many.ok, ==, n);
  g_assert_cmpuint (overlap_demo_server_get_n_requests (fixture->server), ==, n);
  g_assert_cmpint (*wall, >=, delay);
  g_assert_cmpint (*wall, <, n * delay / 5);
}

/* One session with max-conns 1000. libsoup 3.2 opens a session's connections one after
 * another (it waits for each pending connection, in case it becomes a shared HTTP/2 one),
 * and its connection bookkeeping grows with the number of connections, so the client,
 * not the server, sets the pace here: ~2 s for 1,000 connections, ~200 at once. */
static void
test_concurrent_one_session (Fixture       *fixture,
                             gconstpointer  data)
{
  gint64 wall;

  run_concurrent (fixture, 1, &wall);
#ifdef __SANITIZE_ADDRESS__
  /* AddressSanitizer slows the client's connection set-up more than the server. */
  g_assert_cmpuint (overlap_demo_server_get_max_concurrent (fixture->server), >=, 10);
#else
  g_assert_cmpuint (overlap_demo_server_get_max_concurrent (fixture->server), >=, 100);
#endif
}

/* The server's own capacity, with a client lighter than libsoup: 1,000 plain
 * connections, each sending one request and reading the answer to the end. */
typedef struct
{
  Many              *many;
  GSocketConnection *connection;
  char               buffer[4096];
  gsize              received;
  const char        *request;
} Raw;

static void
raw_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Raw *raw = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  g_assert_no_error (error);
  if (n > 0)
    {
      raw->received += n;
      g_input_stream_read_async (G_INPUT_STREAM (object), raw->buffer, sizeof raw->buffer,
                                 G_PRIORITY_DEFAULT, NULL, raw_read_cb, raw);
      return;
    }

  /* Head and 100 body bytes, then the server closed as asked. */
  if (raw->received > 100)
    raw->many->ok++;
  g_clear_object (&raw->connection);
  if (--raw->many->pending == 0)
    g_main_loop_quit (raw->many->loop);
}

static void
raw_wrote_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Raw *raw = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error);
  g_assert_no_error (error);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (raw->connection)),
                             raw->buffer, sizeof raw->buffer,
                             G_PRIORITY_DEFAULT, NULL, raw_read_cb, raw);
}

static void
raw_send (Raw *raw)
{
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (raw->connection)),
                                   raw->request, strlen (raw->request),
                                   G_PRIORITY_DEFAULT, NULL, raw_wrote_cb, raw);
}

static void
raw_connected_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Raw *raw = user_data;
  g_autoptr(GError) error = NULL;

  raw->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  g_assert_no_error (error);
  if (--raw->many->connecting == 0)
    g_main_loop_quit (raw->many->loop);
}

static void
test_concurrent (Fixture       *fixture,
                 gconstpointer  data)
{
  const guint n = 1000;
  const gint64 delay = 200000;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree Raw *raws = g_new0 (Raw, n);
  Many many = { loop, n, 0, 0 };
  gint64 start, wall;

  address = g_inet_socket_address_new (loopback, overlap_demo_server_get_port (fixture->server));
  g_socket_client_set_enable_proxy (client, FALSE);

  /* All connections first, so that a busy machine slows the set-up, not the test. */
  many.connecting = n;
  for (guint i = 0; i < n; i++)
    {
      raws[i].many = &many;
      raws[i].request = "GET /data?size=100&delay=200ms HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
      g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), NULL,
                                     raw_connected_cb, &raws[i]);
    }
  g_main_loop_run (loop);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    raw_send (&raws[i]);
  g_main_loop_run (loop);
  wall = g_get_monotonic_time () - start;

  g_test_message ("%u requests of %d ms at once over plain sockets: %.3f s, "
                  "%u at once at most on the server",
                  n, (int) (delay / 1000), wall / 1e6,
                  overlap_demo_server_get_max_concurrent (fixture->server));
  g_assert_cmpuint (many.ok, ==, n);
  g_assert_cmpuint (overlap_demo_server_get_n_requests (fixture->server), ==, n);
  /* All 1,000 on an idle machine; a loaded one (tests in parallel) may answer the
   * first before it has read the last. One at a time would be 1 and 200 s. */
  g_assert_cmpuint (overlap_demo_server_get_max_concurrent (fixture->server), >=, n / 2);
  g_assert_cmpint (wall, >=, delay);
  g_assert_cmpint (wall, <, n * delay / 20);
}

/* Both spellings of a size, as in a scenario: kB and MB are powers of 1000, KiB and
 * the short k, M powers of 1024; a delay alone is milliseconds; GET / says so. */
static void
test_units (Fixture       *fixture,
            gconstpointer  data)
{
  static const struct { const char *query; guint64 length; } cases[] = {
    { "size=10kB", 10000 }, { "size=10KB", 10000 }, { "size=1MB", 1000000 },
    { "size=10k", 10240 }, { "size=10KiB", 10240 }, { "size=10kib", 10240 },
    { "size=1M", 1048576 }, { "size=1MiB", 1048576 }, { "size=1.5k", 1536 },
    { "size=10+kB&delay=1.5+ms", 10000 }, { "size=100B&bandwidth=64k/s", 100 },
    { "size=100&delay=0.01s", 100 }, { "size=100&delay=20", 100 },
  };
  static const struct { const char *query; const char *words; } bad[] = {
    { "size=5parsecs", "unknown size unit “parsecs”" },
    { "size=10&delay=5h", "unknown time unit “h”" },
    { "size=10&delay=-5", "must not be negative" },
    { "size=10&drop=1kB", "drop: 1000 must be less than size (10)" },
  };
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", overlap_demo_server_get_uri (fixture->server));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *help = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uri = data_uri (fixture, cases[i].query);
      Fetch fetch;

      fetch_uri (fixture->session, uri, &fetch);
      g_assert_no_error (fetch.error);
      if (fetch.status != 200)
        g_error ("%s: %u %s", cases[i].query, fetch.status, fetch.text);
      g_assert_cmpuint (fetch.length, ==, cases[i].length);
      g_assert_true (fetch.pattern_ok);
      fetch_clear (&fetch);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *uri = data_uri (fixture, bad[i].query);
      Fetch fetch;

      fetch_uri (fixture->session, uri, &fetch);
      g_assert_no_error (fetch.error);
      g_assert_cmpuint (fetch.status, ==, 400);
      if (strstr (fetch.text, bad[i].words) == NULL)
        g_error ("%s: “%s” does not contain “%s”", bad[i].query, fetch.text, bad[i].words);
      fetch_clear (&fetch);
    }

  body = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);
  help = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_nonnull (strstr (help, "10MB = 10,000,000 bytes"));
  g_assert_nonnull (strstr (help, "10M = 10MiB = 10,485,760 bytes"));
  g_assert_nonnull (strstr (help, "a number alone\n             is milliseconds"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  overlap_test_raise_fd_limit ();   /* 1,000 connections: 2,000 descriptors */

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/demo-server/build-uri", test_build_uri);
  ADD ("/demo-server/loopback-only", test_loopback_only);
  ADD ("/demo-server/help", test_help);
  ADD ("/demo-server/size", test_size);
  ADD ("/demo-server/large-streamed", test_large_streamed);
  ADD ("/demo-server/delay", test_delay);
  ADD ("/demo-server/server-times", test_server_times);
  ADD ("/demo-server/bandwidth", test_bandwidth);
  ADD ("/demo-server/status", test_status);
  ADD ("/demo-server/drop", test_drop);
  ADD ("/demo-server/bad-parameters", test_bad_parameters);
  ADD ("/demo-server/safety", test_safety);
  ADD ("/demo-server/redirect", test_redirect);
  ADD ("/demo-server/counters", test_counters);
  ADD ("/demo-server/concurrent-one-session", test_concurrent_one_session);
  ADD ("/demo-server/concurrent", test_concurrent);
  g_test_add_func ("/demo-server/stop-while-busy", test_stop_while_busy);
  ADD ("/demo-server/units", test_units);

#undef ADD

  return g_test_run ();
}
