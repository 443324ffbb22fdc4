/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-feed-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

#include "overlap-feed-private.h"

/* "Listen for programs": other programs send Chrome trace events, one JSON
 * object per line, and each connection becomes a live run of the recording.
 * A Unix socket in the user's runtime directory (user-only), and on request a
 * loopback TCP port that wants a random token as the first line. */

struct _OverlapFeedServer
{
  GObject           parent_instance;

  OverlapRecording *recording;
  GSocketService   *service;
  char             *socket_path;
  gboolean          socket_created;    /* ours to unlink */
  guint16           tcp_port;
  char             *token;
  GObject          *tcp_source;        /* tells TCP connections apart */
  guint             max_events;
  GPtrArray        *connections;       /* OverlapFeedConnection */
  guint             n_programs;
  guint             n_rejected;
};

G_DEFINE_FINAL_TYPE (OverlapFeedServer, overlap_feed_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LISTENING,
  N_PROPS
};

enum {
  RUN_ADDED,
  RUN_CHANGED,
  RUN_ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  OverlapFeedServer *self = user_data;
  gboolean tcp = source_object != NULL && source_object == self->tcp_source;

  self->n_programs++;
  g_ptr_array_add (self->connections,
                   _overlap_feed_connection_new (self, connection, self->n_programs,
                                                 tcp ? self->token : NULL, self->max_events));
  return TRUE;
}

void
_overlap_feed_server_run_added (OverlapFeedServer *self,
                                OverlapRun        *run)
{
  g_signal_emit (self, signals[RUN_ADDED], 0, run);
}

void
_overlap_feed_server_run_changed (OverlapFeedServer *self,
                                  OverlapRun        *run)
{
  g_signal_emit (self, signals[RUN_CHANGED], 0, run);
}

void
_overlap_feed_server_closed (OverlapFeedServer     *self,
                             OverlapFeedConnection *conn,
                             OverlapRun            *run,
                             gboolean               rejected)
{
  g_autoptr(OverlapRun) ended = run ? g_object_ref (run) : NULL;

  if (rejected)
    {
      self->n_rejected++;
      self->n_programs--;
    }
  g_ptr_array_remove_fast (self->connections, conn);
  if (ended != NULL)
    g_signal_emit (self, signals[RUN_ENDED], 0, ended);
}

static void
overlap_feed_server_dispose (GObject *object)
{
  OverlapFeedServer *self = (OverlapFeedServer *)object;

  overlap_feed_server_stop (self);
  g_clear_object (&self->recording);

  G_OBJECT_CLASS (overlap_feed_server_parent_class)->dispose (object);
}

static void
overlap_feed_server_finalize (GObject *object)
{
  OverlapFeedServer *self = (OverlapFeedServer *)object;

  g_clear_pointer (&self->connections, g_ptr_array_unref);
  g_clear_pointer (&self->socket_path, g_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (overlap_feed_server_parent_class)->finalize (object);
}

static void
overlap_feed_server_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OverlapFeedServer *self = OVERLAP_FEED_SERVER (object);

  switch (prop_id)
    {
    case PROP_LISTENING:
      g_value_set_boolean (value, overlap_feed_server_get_listening (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
overlap_feed_server_class_init (OverlapFeedServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = overlap_feed_server_dispose;
  object_class->finalize = overlap_feed_server_finalize;
  object_class->get_property = overlap_feed_server_get_property;

  properties[PROP_LISTENING] =
    g_param_spec_boolean ("listening", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A program's run was added to the recording (at its first event). */
  signals[RUN_ADDED] = g_signal_new ("run-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, OVERLAP_TYPE_RUN);
  /* A batch of events was applied to a program's run. */
  signals[RUN_CHANGED] = g_signal_new ("run-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, OVERLAP_TYPE_RUN);
  /* The program disconnected or was dropped; the run is no longer live. */
  signals[RUN_ENDED] = g_signal_new ("run-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, OVERLAP_TYPE_RUN);
}

static void
overlap_feed_server_init (OverlapFeedServer *self)
{
  self->connections = g_ptr_array_new_with_free_func ((GDestroyNotify) _overlap_feed_connection_free);
  self->max_events = OVERLAP_FEED_MAX_EVENTS;
}

OverlapFeedServer *
overlap_feed_server_new (OverlapRecording *recording)
{
  OverlapFeedServer *self;

  g_return_val_if_fail (OVERLAP_IS_RECORDING (recording), NULL);

  self = g_object_new (OVERLAP_TYPE_FEED_SERVER, NULL);
  self->recording = g_object_ref (recording);
  return self;
}

OverlapRecording *
overlap_feed_server_get_recording (OverlapFeedServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_FEED_SERVER (self), NULL);
  return self->recording;
}

/* Inside Flatpak, the per-app runtime directory is the one shared with the
 * host, at the same path: $XDG_RUNTIME_DIR/app/$FLATPAK_ID/. */
char *
overlap_feed_default_socket_path (void)
{
  const char *flatpak_id = g_getenv ("FLATPAK_ID");

  if (flatpak_id != NULL && *flatpak_id != '\0')
    return g_build_filename (g_get_user_runtime_dir (), "app", flatpak_id, "overlap-feed.sock", NULL);
  return g_build_filename (g_get_user_runtime_dir (), "overlap", "feed.sock", NULL);
}

void
overlap_feed_server_set_socket_path (OverlapFeedServer *self,
                                     const char        *path)
{
  g_return_if_fail (OVERLAP_IS_FEED_SERVER (self));
  g_return_if_fail (self->service == NULL);

  g_free (self->socket_path);
  self->socket_path = g_strdup (path);
}

const char *
overlap_feed_server_get_socket_path (OverlapFeedServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_FEED_SERVER (self), NULL);
  return self->socket_path;
}

void
overlap_feed_server_set_max_events (OverlapFeedServer *self,
                                    guint              max_events)
{
  g_return_if_fail (OVERLAP_IS_FEED_SERVER (self));
  self->max_events = max_events;
}

/* Whether another Overlap answers on @path (then it is not ours to replace). */
static gboolean
socket_in_use (const char *path)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
  if (connection != NULL)
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return connection != NULL;
}

gboolean
overlap_feed_server_start (OverlapFeedServer  *self,
                           GError            **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (OVERLAP_IS_FEED_SERVER (self), FALSE);

  if (self->service != NULL)
    return TRUE;
  if (self->socket_path == NULL)
    self->socket_path = overlap_feed_default_socket_path ();

  dir = g_path_get_dirname (self->socket_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  if (g_file_test (self->socket_path, G_FILE_TEST_EXISTS))
    {
      if (socket_in_use (self->socket_path))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                       _("Another program is already listening on %s"), self->socket_path);
          return FALSE;
        }
      g_unlink (self->socket_path);   /* left over by an Overlap that crashed */
    }

  self->service = g_socket_service_new ();
  address = g_unix_socket_address_new (self->socket_path);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                      NULL, NULL, error))
    {
      g_clear_object (&self->service);
      return FALSE;
    }
  self->socket_created = TRUE;
  g_chmod (self->socket_path, 0600);

  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
  return TRUE;
}

/* Also listens on 127.0.0.1:@port (0: a free one); programs must send the
 * token (overlap_feed_server_get_token()) as their first line. */
gboolean
overlap_feed_server_listen_tcp (OverlapFeedServer  *self,
                                guint16             port,
                                GError            **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) effective = NULL;

  g_return_val_if_fail (OVERLAP_IS_FEED_SERVER (self), FALSE);
  g_return_val_if_fail (self->service != NULL, FALSE);

  if (self->tcp_source != NULL)
    return TRUE;

  self->tcp_source = g_object_new (G_TYPE_OBJECT, NULL);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      self->tcp_source, &effective, error))
    {
      g_clear_object (&self->tcp_source);
      return FALSE;
    }
  self->tcp_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_free (self->token);
  self->token = g_uuid_string_random ();
  return TRUE;
}

/* Stops listening; programs still connected end, their runs marked so. */
void
overlap_feed_server_stop (OverlapFeedServer *self)
{
  g_return_if_fail (OVERLAP_IS_FEED_SERVER (self));

  if (self->service != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->service, incoming_cb, self);
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
      g_clear_object (&self->tcp_source);
      self->tcp_port = 0;
      if (self->socket_created)
        g_unlink (self->socket_path);
      self->socket_created = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
    }

  while (self->connections != NULL && self->connections->len > 0)
    _overlap_feed_connection_abort (g_ptr_array_index (self->connections, self->connections->len - 1),
                                    _("Overlap stopped listening"));
}

gboolean
overlap_feed_server_get_listening (OverlapFeedServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_FEED_SERVER (self), FALSE);
  return self->service != NULL;
}

guint16
overlap_feed_server_get_tcp_port (OverlapFeedServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_FEED_SERVER (self), 0);
  return self->tcp_port;
}

const char *
overlap_feed_server_get_token (OverlapFeedServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_FEED_SERVER (self), NULL);
  return self->tcp_port != 0 ? self->token : NULL;
}

/* Programs connected now. */
guint
overlap_feed_server_get_n_connected (OverlapFeedServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_FEED_SERVER (self), 0);
  return self->connections->len;
}

/* Programs accepted since the start (rejected ones not counted). */
guint
overlap_feed_server_get_n_programs (OverlapFeedServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_FEED_SERVER (self), 0);
  return self->n_programs;
}

/* Connections dropped for a missing or wrong token. */
guint
overlap_feed_server_get_n_rejected (OverlapFeedServer *self)
{
  g_return_val_if_fail (OVERLAP_IS_FEED_SERVER (self), 0);
  return self->n_rejected;
}
