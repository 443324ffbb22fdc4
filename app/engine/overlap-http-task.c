/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-http-task"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "overlap-demo-server.h"
#include "overlap-error.h"
#include "overlap-http-gate.h"
#include "overlap-http-task.h"

/* An HTTP GET through the run's SoupSession, its body read in chunks and never kept.
 * Its phases are recorded live from the SoupMessage's signals: queued until libsoup
 * takes the message off its queue (the session's connection limits), then DNS,
 * connect, TLS, sending, waiting and receiving. Once done, libsoup's metrics put the
 * boundaries where libsoup measured them. When the server says when it read the request
 * and answered (the demo server's X-Overlap-* headers), the waiting span keeps that. */

#define DEFAULT_CHUNK_SIZE (64 * 1024)
#define MAX_CHUNK_SIZE     (16 * 1024 * 1024)

struct _OverlapHttpTask
{
  OverlapTask parent_instance;
};

G_DEFINE_FINAL_TYPE (OverlapHttpTask, overlap_http_task, OVERLAP_TYPE_TASK)

typedef struct
{
  OverlapPhase phase;
  guint        span;
} RecordedSpan;

typedef struct
{
  OverlapTask     *task;           /* owned by the GTask */
  SoupSession     *session;
  SoupMessage     *msg;
  GInputStream    *stream;
  char            *authority;      /* "host:port", to say where an error came from */
  gsize            chunk_size;
  goffset          content_length; /* -1: unknown */
  guint64          received;
  int              phase;          /* the phase recorded last, -1: none */
  GArray          *spans;          /* RecordedSpan of the current attempt */
  OverlapHttpGate *gate;           /* holding one of its places while set (overlap-http-gate.c) */
} HttpRequest;

/* The request is over: its place at the gate goes to the next one. */
static void
http_request_done (HttpRequest *request)
{
  g_autoptr(OverlapHttpGate) gate = g_steal_pointer (&request->gate);

  if (gate != NULL)
    overlap_http_gate_leave (gate);
}

static void
http_request_free (HttpRequest *request)
{
  http_request_done (request);
  if (request->msg != NULL)
    g_signal_handlers_disconnect_by_data (request->msg, request);
  g_clear_object (&request->msg);
  g_clear_object (&request->stream);
  g_clear_object (&request->session);
  g_clear_pointer (&request->authority, g_free);
  g_clear_pointer (&request->spans, g_array_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HttpRequest, http_request_free)

/* Helpers shared by the async and the blocking paths */

static gsize
chunk_size_for (const OverlapTaskSpec *spec)
{
  if (spec->chunk_size == 0)
    return DEFAULT_CHUNK_SIZE;
  return CLAMP (spec->chunk_size, 1, MAX_CHUNK_SIZE);
}

static SoupMessage *
message_for_task (OverlapTask  *task,
                  char        **authority,
                  GError      **error)
{
  const OverlapTaskSpec *spec = overlap_task_get_spec (task);
  const OverlapTaskContext *context = overlap_task_get_context (task);
  g_autofree char *uri = NULL;
  g_autoptr(GUri) parsed = NULL;
  SoupMessage *msg;

  if (spec->url != NULL)
    uri = g_strdup (spec->url);
  else if (context != NULL && context->demo_uri != NULL)
    uri = overlap_demo_build_uri (context->demo_uri, spec->size, spec->latency,
                                  spec->bandwidth, spec->status, spec->drop_after);
  else
    {
      g_set_error_literal (error, OVERLAP_ERROR, OVERLAP_ERROR_FAILED,
                           _("No URL given and no demo server running"));
      return NULL;
    }

  parsed = g_uri_parse (uri, SOUP_HTTP_URI_FLAGS, NULL);
  if (parsed == NULL || g_uri_get_host (parsed) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (parsed), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (parsed), "https") != 0))
    {
      g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_FAILED,
                   _("“%s” is not an http or https URL"), uri);
      return NULL;
    }

  msg = soup_message_new_from_uri (SOUP_METHOD_GET, parsed);
  *authority = g_strdup_printf ("%s:%d", g_uri_get_host (parsed),
                                g_uri_get_port (parsed) > 0 ? g_uri_get_port (parsed)
                                : g_str_equal (g_uri_get_scheme (parsed), "https") ? 443 : 80);
  return msg;
}

static gboolean
check_status (SoupMessage  *msg,
              const char   *authority,
              goffset      *content_length,
              GError      **error)
{
  guint status = soup_message_get_status (msg);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *reason = soup_message_get_reason_phrase (msg);

      if (reason == NULL || *reason == '\0')
        reason = soup_status_get_phrase (status);
      g_set_error (error, OVERLAP_ERROR, OVERLAP_ERROR_HTTP_STATUS,
                   _("HTTP %u %s from %s"), status, reason ? reason : "", authority);
      return FALSE;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    *content_length = soup_message_headers_get_content_length (headers);
  else
    *content_length = -1;

  return TRUE;
}

/* The error for a body that ended short of its Content-Length, or NULL. */
static GError *
short_body_error (guint64 received,
                  goffset content_length)
{
  g_autofree char *got = NULL;
  g_autofree char *expected = NULL;

  if (content_length < 0 || received >= (guint64) content_length)
    return NULL;

  got = g_format_size_full (received, G_FORMAT_SIZE_IEC_UNITS);
  expected = g_format_size_full (content_length, G_FORMAT_SIZE_IEC_UNITS);
  return g_error_new (OVERLAP_ERROR, OVERLAP_ERROR_FAILED,
                      _("Connection closed after %s of %s"), got, expected);
}

/* The error to report for @error, which happened after @received body bytes. */
static GError *
map_error (GError       *error,
           GCancellable *cancellable,
           const char   *authority,
           guint64       received,
           goffset       content_length)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (cancellable))
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));

  if (error->domain == OVERLAP_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    {
      GError *short_body = short_body_error (received, content_length);

      if (short_body != NULL)
        return short_body;
    }

  return g_error_new (OVERLAP_ERROR, OVERLAP_ERROR_FAILED, "%s: %s", authority, error->message);
}

/* Live phases */

static void
http_request_set_phase (HttpRequest  *request,
                        OverlapPhase  phase)
{
  OverlapRun *run = overlap_task_get_run (request->task);
  RecordedSpan recorded;

  if (request->phase == (int) phase)
    return;

  request->phase = phase;
  overlap_task_record_phase (request->task, phase);

  if (run == NULL)
    return;
  recorded.phase = phase;
  recorded.span = overlap_run_get_lane (run, overlap_task_get_lane (request->task))->open_span;
  if (recorded.span != G_MAXUINT32)
    g_array_append_val (request->spans, recorded);
}

static void
restarted_cb (SoupMessage *msg,
              HttpRequest *request)
{
  /* Redirect or authentication: the metrics start over, so do the corrections. */
  g_array_set_size (request->spans, 0);
  request->phase = -1;
  http_request_set_phase (request, OVERLAP_PHASE_QUEUED);
}

static void
network_event_cb (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  HttpRequest        *request)
{
  switch (event)
    {
    case G_SOCKET_CLIENT_RESOLVING:
      http_request_set_phase (request, OVERLAP_PHASE_DNS);
      break;
    case G_SOCKET_CLIENT_CONNECTING:
      http_request_set_phase (request, OVERLAP_PHASE_CONNECT);
      break;
    case G_SOCKET_CLIENT_TLS_HANDSHAKING:
      http_request_set_phase (request, OVERLAP_PHASE_TLS);
      break;
    case G_SOCKET_CLIENT_RESOLVED:
    case G_SOCKET_CLIENT_CONNECTED:
    case G_SOCKET_CLIENT_PROXY_NEGOTIATING:
    case G_SOCKET_CLIENT_PROXY_NEGOTIATED:
    case G_SOCKET_CLIENT_TLS_HANDSHAKED:
    case G_SOCKET_CLIENT_COMPLETE:
    default:
      break;
    }
}

static void
starting_cb (SoupMessage *msg,
             HttpRequest *request)
{
  http_request_set_phase (request, OVERLAP_PHASE_SENDING);
}

static void
wrote_body_cb (SoupMessage *msg,
               HttpRequest *request)
{
  http_request_set_phase (request, OVERLAP_PHASE_WAITING);
}

static gboolean
parse_header_time (SoupMessageHeaders *headers,
                   const char         *name,
                   gint64             *time)
{
  const char *text = soup_message_headers_get_one (headers, name);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *time = (gint64) value;
  return TRUE;
}

/* The server's times go to the waiting span's detail, when they can be on this
 * machine's clock: inside the request's lifetime and in order (a server elsewhere
 * counts from another boot). */
static void
http_request_note_server_times (HttpRequest *request)
{
  OverlapRun *run = overlap_task_get_run (request->task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->msg);
  g_autofree char *detail = NULL;
  const OverlapSpan *spans;
  const OverlapLane *lane;
  gint64 received, responded, origin;
  guint n_spans, span;
  int i;

  if (run == NULL ||
      !parse_header_time (headers, OVERLAP_DEMO_HEADER_RECEIVED, &received) ||
      !parse_header_time (headers, OVERLAP_DEMO_HEADER_RESPONDED, &responded))
    return;

  for (i = (int) request->spans->len - 1; i >= 0; i--)
    if (g_array_index (request->spans, RecordedSpan, i).phase == OVERLAP_PHASE_WAITING)
      break;
  if (i < 0)
    return;

  origin = overlap_run_get_origin (run);
  lane = overlap_run_get_lane (run, overlap_task_get_lane (request->task));
  received -= origin;
  responded -= origin;
  if (received < lane->start || responded < received || responded > overlap_run_now (run))
    return;

  span = g_array_index (request->spans, RecordedSpan, i).span;
  spans = overlap_run_get_spans (run, &n_spans);
  g_assert (span < n_spans);
  detail = overlap_http_task_format_server_times (received, responded);
  overlap_run_set_span_info (run, span, spans[span].flags, detail);
}

static void
got_headers_cb (SoupMessage *msg,
                HttpRequest *request)
{
  if (SOUP_STATUS_IS_INFORMATIONAL (soup_message_get_status (msg)))
    return;

  http_request_set_phase (request, OVERLAP_PHASE_RECEIVING);
  http_request_note_server_times (request);
}

static guint64
metric_for_phase (SoupMessageMetrics *metrics,
                  OverlapPhase        phase)
{
  switch ((int) phase)
    {
    case OVERLAP_PHASE_DNS: return soup_message_metrics_get_dns_start (metrics);
    case OVERLAP_PHASE_CONNECT: return soup_message_metrics_get_connect_start (metrics);
    case OVERLAP_PHASE_TLS: return soup_message_metrics_get_tls_start (metrics);
    case OVERLAP_PHASE_SENDING: return soup_message_metrics_get_request_start (metrics);
    case OVERLAP_PHASE_RECEIVING: return soup_message_metrics_get_response_start (metrics);
    default: return 0;
    }
}

/* Moves the boundaries between the phases recorded live to libsoup's measured times
 * (same clock: monotonic µs). The first span keeps its start; a boundary without a
 * metric stays where it was seen; boundaries stay in order. */
static void
http_request_correct_phases (HttpRequest *request)
{
  OverlapRun *run = overlap_task_get_run (request->task);
  SoupMessageMetrics *metrics = soup_message_get_metrics (request->msg);
  const OverlapSpan *spans;
  g_autofree gint64 *starts = NULL;
  guint n_spans, n;
  gint64 origin;

  n = request->spans->len;
  if (run == NULL || metrics == NULL || n < 2)
    return;

  origin = overlap_run_get_origin (run);
  spans = overlap_run_get_spans (run, &n_spans);
  starts = g_new (gint64, n);

  for (guint i = 0; i < n; i++)
    {
      const RecordedSpan *recorded = &g_array_index (request->spans, RecordedSpan, i);
      guint64 measured = metric_for_phase (metrics, recorded->phase);

      g_assert (recorded->span < n_spans);
      starts[i] = spans[recorded->span].start;
      /* Never later than seen live (libsoup measures just before it signals). */
      if (i > 0 && measured != 0)
        starts[i] = MIN (starts[i], (gint64) measured - origin);
    }

  for (guint i = 1; i < n; i++)
    starts[i] = MAX (starts[i], starts[i - 1]);

  for (guint i = 0; i < n; i++)
    {
      guint span = g_array_index (request->spans, RecordedSpan, i).span;
      gint64 end = i + 1 < n ? starts[i + 1] : spans[span].end;

      overlap_run_move_span (run, span, starts[i], end);
    }
}

/* The async path */

/* The request is over: its place at the gate goes to the next one, its phases
 * move to libsoup's times, and its task returns @error (taken; NULL: success). */
static void
http_request_return (GTask  *task,
                     GError *error)
{
  HttpRequest *request = g_task_get_task_data (task);

  http_request_done (request);
  http_request_correct_phases (request);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
return_error (GTask  *task,
              GError *error)
{
  HttpRequest *request = g_task_get_task_data (task);

  http_request_return (task, map_error (error, g_task_get_cancellable (task), request->authority,
                                        request->received, request->content_length));
}

static void read_next (GTask *task);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HttpRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      return_error (task, error);
      return;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    {
      /* libsoup accepts a short body when the server said "Connection: close". */
      http_request_return (task, short_body_error (request->received, request->content_length));
      return;
    }

  request->received += size;
  overlap_task_record_chunk (request->task, size);
  read_next (task);
}

static void
read_next (GTask *task)
{
  HttpRequest *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, request->chunk_size, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, g_object_ref (task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HttpRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL ||
      !check_status (request->msg, request->authority, &request->content_length, &error))
    {
      return_error (task, error);
      return;
    }

  read_next (task);
}

static void
http_request_send (GTask *task)
{
  HttpRequest *request = g_task_get_task_data (task);

  /* let through: one of the gate's places is the request's until it is done */
  g_assert (request->gate == NULL);
  request->gate = overlap_http_gate_ref (overlap_http_gate_for_session (request->session));
  soup_session_send_async (request->session, request->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), send_cb, g_object_ref (task));
}

static void
overlap_http_task_run_async (OverlapTask         *task,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  const OverlapTaskContext *context = overlap_task_get_context (task);
  g_autoptr(GTask) gtask = NULL;
  g_autoptr(HttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  OverlapHttpGate *gate;

  gtask = g_task_new (task, cancellable, callback, user_data);
  g_task_set_source_tag (gtask, overlap_http_task_run_async);

  request = g_new0 (HttpRequest, 1);
  request->task = task;
  request->content_length = -1;
  request->phase = -1;
  request->spans = g_array_new (FALSE, FALSE, sizeof (RecordedSpan));
  request->chunk_size = chunk_size_for (overlap_task_get_spec (task));
  request->msg = message_for_task (task, &request->authority, &error);
  if (request->msg == NULL)
    {
      g_task_return_error (gtask, g_steal_pointer (&error));
      return;
    }

  if (context != NULL && context->session != NULL)
    request->session = g_object_ref (context->session);
  else
    request->session = soup_session_new ();

  soup_message_add_flags (request->msg, SOUP_MESSAGE_COLLECT_METRICS);
  g_signal_connect (request->msg, "restarted", G_CALLBACK (restarted_cb), request);
  g_signal_connect (request->msg, "network-event", G_CALLBACK (network_event_cb), request);
  g_signal_connect (request->msg, "starting", G_CALLBACK (starting_cb), request);
  g_signal_connect (request->msg, "wrote-body", G_CALLBACK (wrote_body_cb), request);
  g_signal_connect (request->msg, "got-headers", G_CALLBACK (got_headers_cb), request);

  /* Queued until libsoup starts the message: the session's connection limit. */
  http_request_set_phase (request, OVERLAP_PHASE_QUEUED);

  gate = overlap_http_gate_for_session (request->session);
  g_task_set_task_data (gtask, g_steal_pointer (&request), (GDestroyNotify) http_request_free);
  overlap_http_gate_enter (gate, gtask, http_request_send);
}

/* The blocking path, for a worker thread: a session of its own, nothing recorded. */
static gboolean
overlap_http_task_run_sync (OverlapTask   *task,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *authority = NULL;
  gsize chunk_size = chunk_size_for (overlap_task_get_spec (task));
  goffset content_length = -1;
  guint64 received = 0;

  msg = message_for_task (task, &authority, error);
  if (msg == NULL)
    return FALSE;

  session = soup_session_new ();
  stream = soup_session_send (session, msg, cancellable, &local_error);
  if (stream == NULL ||
      !check_status (msg, authority, &content_length, &local_error))
    goto failed;

  for (;;)
    {
      g_autoptr(GBytes) bytes = g_input_stream_read_bytes (stream, chunk_size, cancellable, &local_error);

      if (bytes == NULL)
        goto failed;
      if (g_bytes_get_size (bytes) == 0)
        break;
      received += g_bytes_get_size (bytes);
    }

  local_error = short_body_error (received, content_length);
  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;

failed:
  g_propagate_error (error, map_error (local_error, cancellable, authority, received, content_length));
  return FALSE;
}

static void
overlap_http_task_class_init (OverlapHttpTaskClass *klass)
{
  OverlapTaskClass *task_class = OVERLAP_TASK_CLASS (klass);

  task_class->run_async = overlap_http_task_run_async;
  task_class->run_sync = overlap_http_task_run_sync;
}

static void
overlap_http_task_init (OverlapHttpTask *self)
{
}

/* Public API */

/* A URL on loopback needs no proxy, like the embedded demo server's. */
static gboolean
is_loopback_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  return host != NULL &&
         (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1") ||
          g_ascii_strcasecmp (host, "localhost") == 0);
}

/* The session a run of @scenario's HTTP tasks share, with the scenario's
 * connection limits: libsoup's defaults (10, 2 per host) make "concurrent"
 * requests queue, and the picture shows that queue. */
SoupSession *
overlap_http_task_new_session (OverlapScenario *scenario)
{
  g_autofree char *user_agent = NULL;
  SoupSession *session;
  gboolean real_urls = FALSE;

  g_return_val_if_fail (OVERLAP_IS_SCENARIO (scenario), NULL);

  user_agent = g_strdup_printf ("Overlap/%s", PACKAGE_VERSION);
  session = soup_session_new_with_options ("max-conns", overlap_scenario_get_max_conns (scenario),
                                           "max-conns-per-host", overlap_scenario_get_max_conns_per_host (scenario),
                                           "user-agent", user_agent,
                                           NULL);

  /* Loopback URLs (`overlap --serve`, BENCHMARKS.md figure 2) count as the demo server's. */
  for (guint i = 0; i < overlap_scenario_get_n_tasks (scenario) && !real_urls; i++)
    {
      const OverlapTaskSpec *spec = overlap_scenario_get_task (scenario, i);

      real_urls = spec->kind == OVERLAP_TASK_HTTP && spec->url != NULL && !is_loopback_url (spec->url);
    }
  /* Loopback needs no proxy, and the proxy lookup costs time on every connection. */
  if (!real_urls)
    g_object_set (session, "proxy-resolver", NULL, NULL);

  return session;
}

static char *
format_ms (gint64 time)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%03d", time / 1000, (int) (time % 1000));
}

/* Untranslated, like a header: it is read back (bench-fidelity, by the parser below)
 * and saved. Times in ms with three decimals, whatever the locale. */
char *
overlap_http_task_format_server_times (gint64 received,
                                       gint64 responded)
{
  g_autofree char *received_text = NULL;
  g_autofree char *responded_text = NULL;

  g_return_val_if_fail (received >= 0, NULL);
  g_return_val_if_fail (responded >= received, NULL);

  received_text = format_ms (received);
  responded_text = format_ms (responded);
  return g_strdup_printf ("server: request read at %s ms, answered at %s ms",
                          received_text, responded_text);
}

gboolean
overlap_http_task_parse_server_times (const char *detail,
                                      gint64     *received,
                                      gint64     *responded)
{
  gint64 ms[2];
  int fraction[2];
  int end = -1;

  g_return_val_if_fail (received != NULL && responded != NULL, FALSE);

  if (detail == NULL ||
      sscanf (detail, "server: request read at %" G_GINT64_MODIFIER "d.%3d ms, "
                      "answered at %" G_GINT64_MODIFIER "d.%3d ms%n",
              &ms[0], &fraction[0], &ms[1], &fraction[1], &end) != 4 ||
      end < 0 || detail[end] != '\0' ||
      ms[0] < 0 || ms[1] < 0 || fraction[0] < 0 || fraction[1] < 0)
    return FALSE;

  *received = ms[0] * 1000 + fraction[0];
  *responded = ms[1] * 1000 + fraction[1];
  return TRUE;
}
