/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-demo-server"

#include "config.h"

#include "overlap-demo-server-private.h"

/* The answer to one GET /data of the demo server, in the server thread: after the
 * delay, the status and headers, then a body generated on the fly (byte i is
 * i mod 256), at the bandwidth asked for. Through libsoup, or, to drop the connection
 * part-way through the body, written by hand on the connection taken from libsoup. */

#define CHUNK_SIZE       (64 * 1024)   /* largest body chunk handed to libsoup */
#define SLICES_PER_SEC   50            /* bandwidth: one chunk every 20 ms */

struct _OverlapDemoResponse
{
  SoupServerMessage       *msg;         /* while libsoup writes the response */
  GIOStream               *stream;      /* the stolen connection, when dropping */
  GCancellable            *cancellable;
  GMainContext            *context;     /* the server thread's */
  GSource                 *timer;
  void                   (*step) (OverlapDemoResponse *response);  /* when the timer fires */
  GString                 *head;        /* raw response head, when dropping */
  guint                    status;
  guint64                  size;
  guint64                  limit;       /* bytes to send: size, or drop */
  guint64                  sent;
  guint64                  bandwidth;
  gint64                   received;    /* monotonic µs: the request was read */
  gint64                   body_start;
  gulong                   wrote_chunk_id;
  gulong                   finished_id;
  gboolean                 head_sent;
  gboolean                 io_pending;
  OverlapDemoResponseDone  done;
  gpointer                 user_data;
};

/* Every body chunk is a slice of this, from (offset mod 256) on. */
static guint8 pattern[CHUNK_SIZE + 256];

static void response_feed (OverlapDemoResponse *response);
static void raw_write_next (OverlapDemoResponse *response);

static GBytes *
pattern_bytes (guint64 offset,
               gsize   length)
{
  g_assert (length <= CHUNK_SIZE);
  return g_bytes_new_static (pattern + (offset & 0xff), length);
}

static void
response_free (OverlapDemoResponse *response)
{
  if (response->timer != NULL)
    {
      g_source_destroy (response->timer);
      g_clear_pointer (&response->timer, g_source_unref);
    }
  if (response->msg != NULL)
    {
      g_clear_signal_handler (&response->wrote_chunk_id, response->msg);
      g_clear_signal_handler (&response->finished_id, response->msg);
      g_clear_object (&response->msg);
    }
  if (response->stream != NULL)
    g_io_stream_close (response->stream, NULL, NULL);
  g_clear_object (&response->stream);
  g_clear_object (&response->cancellable);
  if (response->head != NULL)
    g_string_free (response->head, TRUE);

  response->done (response, response->user_data);
  g_main_context_unref (response->context);
  g_free (response);
}

static gboolean
response_timer_cb (gpointer user_data)
{
  OverlapDemoResponse *response = user_data;

  g_clear_pointer (&response->timer, g_source_unref);
  response->step (response);

  return G_SOURCE_REMOVE;
}

/* @step (response) in @delay µs */
static void
response_schedule (OverlapDemoResponse  *response,
                   gint64                delay,
                   void                (*step) (OverlapDemoResponse *response))
{
  g_assert (response->timer == NULL);

  /* Rounded up: the answer never comes earlier than asked. */
  response->step = step;
  response->timer = g_timeout_source_new ((guint) ((delay + 999) / 1000));
  g_source_set_callback (response->timer, response_timer_cb, response, NULL);
  g_source_set_static_name (response->timer, "[overlap] demo server timer");
  g_source_attach (response->timer, response->context);
}

/* How many bytes go in the next chunk, and how long to wait before sending them. */
static gsize
response_next_slice (OverlapDemoResponse *response,
                     gint64              *wait)
{
  guint64 remaining = response->limit - response->sent;
  guint64 length = CHUNK_SIZE;
  gint64 due;

  *wait = 0;
  if (response->bandwidth == 0)
    return MIN (length, remaining);

  length = CLAMP (response->bandwidth / SLICES_PER_SEC, 1, CHUNK_SIZE);
  length = MIN (length, remaining);

  /* A chunk leaves when its last byte is due: the whole body takes size / bandwidth. */
  due = response->body_start
        + (gint64) ((double) (response->sent + length) * G_USEC_PER_SEC / response->bandwidth);
  *wait = MAX (0, due - g_get_monotonic_time ());

  return length;
}

/* libsoup path: the body goes through SoupMessageBody, one chunk at a time
 * (accumulate off, so nothing is kept once written). */

static void
response_append (OverlapDemoResponse *response,
                 gsize                length)
{
  SoupMessageBody *body = soup_server_message_get_response_body (response->msg);
  g_autoptr(GBytes) bytes = pattern_bytes (response->sent, length);

  soup_message_body_append_bytes (body, bytes);
  response->sent += length;
  if (response->sent == response->limit)
    soup_message_body_complete (body);
}

/* A chunk is due */
static void
response_send_slice (OverlapDemoResponse *response)
{
  gint64 wait;
  gsize length;

  length = response_next_slice (response, &wait);
  response_append (response, length);
  soup_server_message_unpause (response->msg);
}

/* Called when the previous chunk is written (libsoup then pauses itself
 * until there is another one). */
static void
response_feed (OverlapDemoResponse *response)
{
  gint64 wait;
  gsize length;

  if (response->sent == response->limit || response->timer != NULL)
    return;

  length = response_next_slice (response, &wait);
  if (wait > 0)
    response_schedule (response, wait, response_send_slice);
  else
    response_append (response, length);
}

static void
wrote_chunk_cb (SoupServerMessage   *msg,
                OverlapDemoResponse *response)
{
  response_feed (response);
}

static void
finished_cb (SoupServerMessage   *msg,
             OverlapDemoResponse *response)
{
  response_free (response);
}

/* Raw path, to drop the connection part-way: the connection is taken from libsoup and the
 * response written by hand, then closed after `drop` body bytes. */

static void
raw_closed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  OverlapDemoResponse *response = user_data;

  response->io_pending = FALSE;
  g_io_stream_close_finish (G_IO_STREAM (object), result, NULL);
  g_clear_object (&response->stream);
  response_free (response);
}

static void
raw_wrote_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  OverlapDemoResponse *response = user_data;
  g_autoptr(GError) error = NULL;

  response->io_pending = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      /* The client went away, or the server is stopping. */
      response_free (response);
      return;
    }

  raw_write_next (response);
}

static void
raw_write_next (OverlapDemoResponse *response)
{
  GOutputStream *output = g_io_stream_get_output_stream (response->stream);
  gint64 wait;
  gsize length;

  if (response->head != NULL)
    {
      /* The head first; the string lives until the write is done. */
      if (!response->head_sent)
        {
          response->head_sent = TRUE;
          response->io_pending = TRUE;
          g_output_stream_write_all_async (output, response->head->str, response->head->len,
                                           G_PRIORITY_DEFAULT, response->cancellable,
                                           raw_wrote_cb, response);
          return;
        }
      g_string_free (g_steal_pointer (&response->head), TRUE);
      response->body_start = g_get_monotonic_time ();
    }

  if (response->sent == response->limit)
    {
      response->io_pending = TRUE;
      g_io_stream_close_async (response->stream, G_PRIORITY_DEFAULT, NULL,
                               raw_closed_cb, response);
      return;
    }

  length = response_next_slice (response, &wait);
  if (wait > 0)
    {
      response_schedule (response, wait, raw_write_next);
      return;
    }

  response->io_pending = TRUE;
  g_output_stream_write_all_async (output, pattern + (response->sent & 0xff), length,
                                   G_PRIORITY_DEFAULT, response->cancellable,
                                   raw_wrote_cb, response);
  response->sent += length;
}

static void
response_answer_raw (OverlapDemoResponse *response)
{
  g_autoptr(SoupServerMessage) msg = g_steal_pointer (&response->msg);

  g_clear_signal_handler (&response->wrote_chunk_id, msg);
  g_clear_signal_handler (&response->finished_id, msg);

  response->stream = soup_server_message_steal_connection (msg);
  if (response->stream == NULL)
    {
      response_free (response);
      return;
    }

  /* No "Connection: close": libsoup then accepts a short body as complete, and the
   * point is that the client sees the connection drop in the middle of the body. */
  response->head = g_string_new (NULL);
  g_string_append_printf (response->head,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/octet-stream\r\n"
                          "Content-Length: %" G_GUINT64_FORMAT "\r\n"
                          OVERLAP_DEMO_HEADER_RECEIVED ": %" G_GINT64_FORMAT "\r\n"
                          OVERLAP_DEMO_HEADER_RESPONDED ": %" G_GINT64_FORMAT "\r\n"
                          "\r\n",
                          response->status, soup_status_get_phrase (response->status),
                          response->size, response->received, g_get_monotonic_time ());
  raw_write_next (response);
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
response_answer (OverlapDemoResponse *response)
{
  SoupMessageHeaders *headers;

  if (response->limit < response->size)
    {
      response_answer_raw (response);
      return;
    }

  soup_server_message_set_status (response->msg, response->status, NULL);
  headers = soup_server_message_get_response_headers (response->msg);
  soup_message_headers_set_content_type (headers, "application/octet-stream", NULL);
  soup_message_headers_set_content_length (headers, response->size);
  set_time_header (headers, OVERLAP_DEMO_HEADER_RECEIVED, response->received);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (response->msg), FALSE);

  response->body_start = g_get_monotonic_time ();
  response->wrote_chunk_id = g_signal_connect (response->msg, "wrote-chunk",
                                              G_CALLBACK (wrote_chunk_cb), response);
  if (response->limit == 0)
    soup_message_body_complete (soup_server_message_get_response_body (response->msg));
  else
    response_feed (response);

  /* Last before the head goes out: libsoup writes it on unpausing, in the next
   * iteration of this thread's loop. */
  set_time_header (headers, OVERLAP_DEMO_HEADER_RESPONDED, g_get_monotonic_time ());
  soup_server_message_unpause (response->msg);
}

/* Public API, in the server thread */

/* Answers @msg (paused until then) after @query's delay, then calls @done. */
OverlapDemoResponse *
_overlap_demo_response_start (SoupServerMessage       *msg,
                              const OverlapDemoQuery  *query,
                              gint64                   received,
                              GMainContext            *context,
                              OverlapDemoResponseDone  done,
                              gpointer                 user_data)
{
  static gsize pattern_made = 0;
  OverlapDemoResponse *response;

  if (g_once_init_enter (&pattern_made))
    {
      for (guint i = 0; i < G_N_ELEMENTS (pattern); i++)
        pattern[i] = (guint8) (i & 0xff);
      g_once_init_leave (&pattern_made, 1);
    }

  response = g_new0 (OverlapDemoResponse, 1);
  response->msg = g_object_ref (msg);
  response->cancellable = g_cancellable_new ();
  response->context = g_main_context_ref (context);
  response->status = query->status;
  response->size = query->size;
  response->limit = query->limit;
  response->bandwidth = query->bandwidth;
  response->received = received;
  response->done = done;
  response->user_data = user_data;
  response->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), response);

  /* Not blocking: libsoup waits until we unpause. */
  soup_server_message_pause (msg);
  response_schedule (response, query->delay, response_answer);

  return response;
}

/* Cancels @response; it is over (done is called) now, or when a write under way
 * calls back. */
void
_overlap_demo_response_stop (OverlapDemoResponse *response)
{
  g_cancellable_cancel (response->cancellable);
  if (!response->io_pending)
    response_free (response);
}
