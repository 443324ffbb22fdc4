/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-reliability"

#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "overlap-demo-server.h"
#include "overlap-recording.h"
#include "overlap-runner.h"
#include "overlap-test-load.h"
#include "overlap-test-run.h"

/* Faults and load, through the runner as the app runs them: servers that misbehave
 * (silent, lying about Content-Length, not speaking HTTP, TLS on one side only, redirect
 * loops), bodies of gigabytes, files that are not files, 10,000 tasks at once, 1,000 runs
 * cancelled at random moments, 1,000 runs one after another. Each bad input ends in a
 * failed or timed-out task with a message, and the rest of the run goes on.
 *
 * Memory checks read VmRSS, and are skipped under AddressSanitizer (its quarantine keeps
 * freed memory; its leak checker covers that build instead). */

#define MS 1000

#ifdef __SANITIZE_ADDRESS__
#define CHECK_RSS FALSE
#else
#define CHECK_RSS TRUE
#endif

/* Helpers */

static const OverlapLane *
lane (OverlapRun *run,
      guint       i)
{
  return overlap_run_get_lane (run, i);
}

static const char *
lane_message (OverlapRun *run,
              guint       i)
{
  const char *message = overlap_run_string (run, lane (run, i)->message);

  return message ? message : "";
}

static gboolean
dummy_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* An id larger than any source attached so far (ids only grow). */
static guint
source_id_mark (void)
{
  guint id = g_idle_add (dummy_cb, NULL);

  g_source_remove (id);
  return id;
}

/* How many sources attached to the default context after @first are still there. */
static guint
sources_left_since (guint first)
{
  guint last = source_id_mark ();
  guint n = 0;

  for (guint id = first + 1; id < last; id++)
    if (g_main_context_find_source_by_id (NULL, id) != NULL)
      n++;
  return n;
}

static void
drain_default_context (void)
{
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

/* Servers that misbehave, each connection in a thread of its own (blocking I/O). */

typedef enum
{
  BAD_SILENT,   /* accepts, reads, never answers */
  BAD_LONGER,   /* sends more than its Content-Length */
  BAD_SHORTER,  /* sends less than its Content-Length, then closes */
  BAD_GARBAGE,  /* does not speak HTTP */
  BAD_TLS,      /* speaks HTTP over TLS only, with a self-signed certificate */
} BadMode;

typedef struct
{
  GSocketService  *service;
  GCancellable    *stop;
  GTlsCertificate *certificate;
  BadMode          mode;
  guint            port;
} BadServer;

static void
read_head (GInputStream *input,
           GCancellable *cancellable)
{
  g_autoptr(GString) head = g_string_new (NULL);
  char c;

  while (head->len < 65536 && g_input_stream_read (input, &c, 1, cancellable, NULL) == 1)
    {
      g_string_append_c (head, c);
      if (g_str_has_suffix (head->str, "\r\n\r\n"))
        break;
    }
}

static gboolean
bad_run_cb (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source,
            gpointer                user_data)
{
  BadServer *bad = user_data;
  g_autoptr(GIOStream) tls = NULL;
  GIOStream *stream = G_IO_STREAM (connection);
  const char *answer = NULL;
  char buffer[4096];

  if (bad->mode == BAD_TLS)
    {
      tls = g_tls_server_connection_new (stream, bad->certificate, NULL);
      if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), bad->stop, NULL))
        return TRUE;
      stream = tls;
    }

  if (bad->mode == BAD_SILENT)
    {
      /* Until the client gives up (its task's timeout) or the test ends. */
      while (g_input_stream_read (g_io_stream_get_input_stream (stream), buffer, sizeof buffer,
                                  bad->stop, NULL) > 0)
        ;
      return TRUE;
    }

  read_head (g_io_stream_get_input_stream (stream), bad->stop);
  switch (bad->mode)
    {
    case BAD_LONGER:
      answer = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789ABCDEFGHIJ";
      break;
    case BAD_SHORTER:
      answer = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n0123456789";
      break;
    case BAD_GARBAGE:
      answer = "SSH-2.0-OpenSSH_9.2\r\n\r\n";
      break;
    case BAD_TLS:
      answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      break;
    case BAD_SILENT:
    default:
      g_assert_not_reached ();
    }
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), answer, strlen (answer),
                             NULL, bad->stop, NULL);
  g_io_stream_close (stream, NULL, NULL);
  return TRUE;
}

static BadServer *
bad_server_new (BadMode          mode,
                GTlsCertificate *certificate)
{
  BadServer *bad = g_new0 (BadServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  bad->mode = mode;
  bad->stop = g_cancellable_new ();
  bad->certificate = certificate ? g_object_ref (certificate) : NULL;
  bad->service = g_threaded_socket_service_new (16);
  g_socket_listener_add_address (G_SOCKET_LISTENER (bad->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  bad->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (bad->service, "run", G_CALLBACK (bad_run_cb), bad);
  g_socket_service_start (bad->service);
  return bad;
}

static void
bad_server_free (BadServer *bad)
{
  g_cancellable_cancel (bad->stop);
  g_socket_service_stop (bad->service);
  g_socket_listener_close (G_SOCKET_LISTENER (bad->service));
  /* The service's threads hold a reference to it until they return. */
  g_clear_object (&bad->service);
  g_clear_object (&bad->stop);
  g_clear_object (&bad->certificate);
  g_free (bad);
}

/* A self-signed certificate made now with openssl, or NULL (then the TLS cases skip). */
static GTlsCertificate *
make_certificate (const char *dir)
{
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  gint status = -1;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()) || openssl == NULL)
    return NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_tls_certificate_new_from_files (cert, key, NULL);
}

/* Every way an HTTP task can go wrong, in one run beside tasks that go right: each
 * ends failed or timed out with a message naming where, and the others complete. */
static void
test_http_faults (void)
{
  OverlapRunner *runner = overlap_runner_new ();
  g_autofree char *dir = g_dir_make_tmp ("overlap-tls-XXXXXX", NULL);
  g_autoptr(GTlsCertificate) certificate = make_certificate (dir);
  BadServer *silent = bad_server_new (BAD_SILENT, NULL);
  BadServer *longer = bad_server_new (BAD_LONGER, NULL);
  BadServer *shorter = bad_server_new (BAD_SHORTER, NULL);
  BadServer *garbage = bad_server_new (BAD_GARBAGE, NULL);
  BadServer *tls = certificate ? bad_server_new (BAD_TLS, certificate) : NULL;
  OverlapScenario *s = NULL;
  OverlapRun *run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const char *demo;
  guint tls_port = tls ? tls->port : garbage->port;
  static const struct { const char *label; OverlapResult result; const char *words; } expected[] = {
    { "good", OVERLAP_RESULT_OK, NULL },
    { "unresolvable", OVERLAP_RESULT_FAILED, "overlap-test.invalid" },
    { "silent", OVERLAP_RESULT_TIMED_OUT, "Timed out" },
    { "longer", OVERLAP_RESULT_OK, NULL },
    { "shorter", OVERLAP_RESULT_FAILED, "Connection closed after 10 bytes" },
    { "garbage", OVERLAP_RESULT_FAILED, "127.0.0.1:" },
    { "plain-to-tls", OVERLAP_RESULT_FAILED, "127.0.0.1:" },
    { "tls-to-plain", OVERLAP_RESULT_FAILED, "127.0.0.1:" },
    { "self-signed", OVERLAP_RESULT_FAILED, "127.0.0.1:" },
    { "redirect-loop", OVERLAP_RESULT_FAILED, "127.0.0.1:" },
    { "redirects", OVERLAP_RESULT_OK, NULL },
    { "404", OVERLAP_RESULT_FAILED, "HTTP 404" },
    { "500", OVERLAP_RESULT_FAILED, "HTTP 500" },
    { "dropped", OVERLAP_RESULT_FAILED, "Connection closed after" },
    { "refused", OVERLAP_RESULT_FAILED, "127.0.0.1:1" },
    { "also-good", OVERLAP_RESULT_OK, NULL },
  };

  g_assert_true (overlap_runner_ensure_demo_server (runner, NULL));
  demo = overlap_demo_server_get_uri (overlap_runner_get_demo_server (runner));
  json = g_strdup_printf (
    "{\"title\": \"faults\", \"http\": {\"max-conns\": 50, \"max-conns-per-host\": 50}, \"tasks\": ["
    " {\"kind\": \"http\", \"label\": \"good\", \"url\": \"%sdata?size=100000\"},"
    " {\"kind\": \"http\", \"label\": \"unresolvable\", \"url\": \"http://overlap-test.invalid/\", \"timeout\": 20},"
    " {\"kind\": \"http\", \"label\": \"silent\", \"url\": \"http://127.0.0.1:%u/\", \"timeout\": 0.3},"
    " {\"kind\": \"http\", \"label\": \"longer\", \"url\": \"http://127.0.0.1:%u/\", \"timeout\": 20},"
    " {\"kind\": \"http\", \"label\": \"shorter\", \"url\": \"http://127.0.0.1:%u/\", \"timeout\": 20},"
    " {\"kind\": \"http\", \"label\": \"garbage\", \"url\": \"http://127.0.0.1:%u/\", \"timeout\": 20},"
    " {\"kind\": \"http\", \"label\": \"plain-to-tls\", \"url\": \"http://127.0.0.1:%u/\", \"timeout\": 20},"
    " {\"kind\": \"http\", \"label\": \"tls-to-plain\", \"url\": \"https://127.0.0.1:%u/data?size=10\", \"timeout\": 1},"
    " {\"kind\": \"http\", \"label\": \"self-signed\", \"url\": \"https://127.0.0.1:%u/\", \"timeout\": 20},"
    " {\"kind\": \"http\", \"label\": \"redirect-loop\", \"url\": \"%sredirect?loop=1\", \"timeout\": 20},"
    " {\"kind\": \"http\", \"label\": \"redirects\", \"url\": \"%sredirect?n=5&size=1000\", \"timeout\": 20},"
    " {\"kind\": \"http\", \"label\": \"404\", \"url\": \"%snothing-here\"},"
    " {\"kind\": \"http\", \"label\": \"500\", \"url\": \"%sdata?status=500\"},"
    " {\"kind\": \"http\", \"label\": \"dropped\", \"url\": \"%sdata?size=100000&drop=5000\"},"
    " {\"kind\": \"http\", \"label\": \"refused\", \"url\": \"http://127.0.0.1:1/\", \"timeout\": 20},"
    " {\"kind\": \"http\", \"label\": \"also-good\", \"size\": 5000}]}",
    demo, silent->port, longer->port, shorter->port, garbage->port, tls_port,
    overlap_demo_server_get_port (overlap_runner_get_demo_server (runner)), tls_port,
    demo, demo, demo, demo, demo);

  s = overlap_test_scenario (json);
  run = overlap_test_run (runner, s, "gather", NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const OverlapLane *l = lane (run, i);

      g_test_message ("%-14s result %d, %" G_GUINT64_FORMAT " bytes: %s",
                      expected[i].label, l->result, l->bytes, lane_message (run, i));
      if (tls == NULL && (g_str_equal (expected[i].label, "plain-to-tls") ||
                          g_str_equal (expected[i].label, "self-signed")))
        {
          g_assert_cmpint (l->result, ==, OVERLAP_RESULT_FAILED);
          continue;
        }
      if (g_str_equal (expected[i].label, "unresolvable") || g_str_equal (expected[i].label, "tls-to-plain"))
        {
          /* No resolver at all (a sandbox) may time out instead. A TLS hello to a plain
           * HTTP server is a request head that never ends: the server waits for the rest,
           * the client for its answer, and the task's timeout ends it. Never succeeds. */
          g_assert_cmpint (l->result, !=, OVERLAP_RESULT_OK);
          g_assert_nonnull (strstr (lane_message (run, i), l->result == OVERLAP_RESULT_FAILED
                                                             ? expected[i].words : "Timed out"));
          continue;
        }
      if ((int) l->result != (int) expected[i].result)
        g_error ("%s: result %d, expected %d (%s)", expected[i].label, l->result,
                 expected[i].result, lane_message (run, i));
      if (expected[i].words != NULL && strstr (lane_message (run, i), expected[i].words) == NULL)
        g_error ("%s: “%s” does not contain “%s”", expected[i].label, lane_message (run, i),
                 expected[i].words);
      if (l->result != OVERLAP_RESULT_OK)
        g_assert_cmpstr (lane_message (run, i), !=, "");
    }

  g_assert_cmpuint (lane (run, 0)->bytes, ==, 100000);
  g_assert_cmpuint (lane (run, 3)->bytes, ==, 10);     /* its Content-Length, not more */
  g_assert_cmpuint (lane (run, 10)->bytes, ==, 1000);  /* five redirects, then the data */
  g_assert_cmpuint (lane (run, 15)->bytes, ==, 5000);
  if (tls == NULL)
    g_test_message ("no openssl or no TLS backend: plain-to-TLS and self-signed not tried over TLS");

  bad_server_free (silent);
  bad_server_free (longer);
  bad_server_free (shorter);
  bad_server_free (garbage);
  g_clear_pointer (&tls, bad_server_free);
  {
    g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
    g_autofree char *key = g_build_filename (dir, "key.pem", NULL);

    g_unlink (cert);
    g_unlink (key);
    g_rmdir (dir);
  }

  g_assert_finalize_object (runner);
  g_assert_finalize_object (s);
  g_assert_finalize_object (run);
}

/* 4 GiB from the demo server: streamed and counted, never held. It completes, or its
 * timeout ends it with the bytes counted so far; memory stays flat either way. */
typedef struct
{
  gsize before;
  gsize most;
} RssWatch;

static gboolean
rss_sample_cb (gpointer data)
{
  RssWatch *watch = data;

  watch->most = MAX (watch->most, overlap_test_rss_kib ());
  return G_SOURCE_CONTINUE;
}

static void
test_huge_body (void)
{
  OverlapRunner *runner = overlap_runner_new ();
  OverlapScenario *s = overlap_test_scenario (
    "{\"title\": \"huge\", \"tasks\": ["
    " {\"kind\": \"http\", \"label\": \"4 GiB\", \"size\": \"4 GiB\", \"timeout\": 12}]}");
  OverlapRun *run = NULL;
  g_autoptr(GError) error = NULL;
  RssWatch watch = { overlap_test_rss_kib (), 0 };
  guint sampler = g_timeout_add (20, rss_sample_cb, &watch);
  gint64 start = g_get_monotonic_time ();
  const OverlapLane *l;
  guint64 chunked;

  run = overlap_test_run (runner, s, "gather", NULL, &error);
  g_assert_no_error (error);
  g_source_remove (sampler);
  l = lane (run, 0);

  g_test_message ("4 GiB body: result %d, %.2f GiB in %.1f s, RSS %zu → at most %zu KiB",
                  l->result, l->bytes / 1073741824.0, (g_get_monotonic_time () - start) / 1e6,
                  watch.before, watch.most);
  if (l->result == OVERLAP_RESULT_OK)
    g_assert_cmpuint (l->bytes, ==, G_GUINT64_CONSTANT (4) << 30);
  else
    {
      g_assert_cmpint (l->result, ==, OVERLAP_RESULT_TIMED_OUT);
      g_assert_cmpuint (l->bytes, >, 0);
    }
  overlap_test_count_chunks (run, 0, &chunked);
  g_assert_cmpuint (chunked, ==, l->bytes);
  if (CHECK_RSS && watch.before > 0)
    g_assert_cmpuint (watch.most, <, watch.before + 128 * 1024);

  g_assert_finalize_object (runner);
  g_assert_finalize_object (s);
  g_assert_finalize_object (run);
}

/* Paths that are not readable files, as root too: /proc/self/mem (EIO at address 0),
 * a device without a size (would never end), a relative path that does not exist. */
static void
test_special_files (void)
{
  OverlapRunner *runner = overlap_runner_new ();
  OverlapScenario *s = overlap_test_scenario (
    "{\"title\": \"files\", \"tasks\": ["
    " {\"kind\": \"file\", \"label\": \"mem\", \"path\": \"/proc/self/mem\", \"timeout\": 10},"
    " {\"kind\": \"file\", \"label\": \"endless\", \"path\": \"/dev/zero\", \"timeout\": 10},"
    " {\"kind\": \"file\", \"label\": \"urandom\", \"path\": \"/dev/urandom\", \"size\": 10000},"
    " {\"kind\": \"file\", \"label\": \"null\", \"path\": \"/dev/null\", \"size\": 10},"
    " {\"kind\": \"file\", \"label\": \"relative\", \"path\": \"no/such/dir/file\"},"
    " {\"kind\": \"file\", \"label\": \"ok\", \"size\": 1000}]}");
  OverlapRun *run = NULL;
  g_autoptr(GError) error = NULL;

  run = overlap_test_run (runner, s, "gather", NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    g_test_message ("%s: result %d, %" G_GUINT64_FORMAT " bytes: %s",
                    overlap_run_string (run, lane (run, i)->label), lane (run, i)->result,
                    lane (run, i)->bytes, lane_message (run, i));

  g_assert_cmpint (lane (run, 0)->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_nonnull (strstr (lane_message (run, 0), "/proc/self/mem"));
  g_assert_cmpint (lane (run, 1)->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_nonnull (strstr (lane_message (run, 1), "/dev/zero"));
  g_assert_nonnull (strstr (lane_message (run, 1), "size"));
  g_assert_cmpint (lane (run, 2)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpuint (lane (run, 2)->bytes, ==, 10000);
  g_assert_cmpint (lane (run, 3)->result, ==, OVERLAP_RESULT_OK);
  g_assert_cmpuint (lane (run, 3)->bytes, ==, 0);
  g_assert_cmpint (lane (run, 4)->result, ==, OVERLAP_RESULT_FAILED);
  g_assert_nonnull (strstr (lane_message (run, 4), "file"));
  g_assert_cmpint (lane (run, 5)->result, ==, OVERLAP_RESULT_OK);

  g_assert_finalize_object (runner);
  g_assert_finalize_object (s);
  g_assert_finalize_object (run);
}

/* The demo server in a process of its own (this program, "--serve-demo"): 10,000
 * connections on each side do not fit one process's descriptor limit. */
static GSubprocess *
spawn_demo_server (guint *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              "/proc/self/exe", "--serve-demo", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  *port = (guint) g_ascii_strtoull (line, NULL, 10);
  g_assert_cmpuint (*port, >, 0);
  return process;
}

static void
stop_demo_server (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  /* Its stdin closing tells it to stop. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, NULL);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

static int
serve_demo (void)
{
  g_autoptr(OverlapDemoServer) server = overlap_demo_server_new ();
  g_autoptr(GError) error = NULL;
  char c;

  overlap_test_raise_fd_limit ();
  if (!overlap_demo_server_start (server, 0, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("%u\n", overlap_demo_server_get_port (server));
  fflush (stdout);
  while (read (STDIN_FILENO, &c, 1) > 0)
    ;
  overlap_demo_server_stop (server);
  return 0;
}

static void
test_load_10k (void)
{
  const guint n = overlap_test_scaled (10000);
  g_autoptr(OverlapRunner) runner = overlap_runner_new ();
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(OverlapScenario) s = NULL;
  g_autoptr(OverlapRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  OverlapRunStats stats;
  struct rlimit limit;
  gint64 start;
  guint port;

  getrlimit (RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < n + 1000)
    {
      g_test_skip_printf ("%u descriptors at most: too few for %u connections", (guint) limit.rlim_cur, n);
      return;
    }

  server = spawn_demo_server (&port);
  json = g_strdup_printf (
    "{\"title\": \"10,000\", \"http\": {\"max-conns\": %u, \"max-conns-per-host\": %u}, \"tasks\": ["
    " {\"kind\": \"http\", \"label\": \"GET\", \"url\": \"http://127.0.0.1:%u/data?size=1000&delay=1s\", "
    "  \"timeout\": 600, \"repeat\": %u}]}", n, n, port, n);
  s = overlap_test_scenario (json);

  start = g_get_monotonic_time ();
  run = overlap_test_run (runner, s, "gather", NULL, &error);
  g_assert_no_error (error);
  overlap_run_get_stats (run, &stats);
  g_test_message ("%u HTTP tasks at once: %u ok, %u failed, %u timed out in %.1f s, "
                  "%u in flight at most",
                  n, stats.n_ok, stats.n_failed, stats.n_timed_out,
                  (g_get_monotonic_time () - start) / 1e6, stats.max_in_flight);
  if (stats.n_ok != n)
    for (guint i = 0; i < n; i++)
      if (lane (run, i)->result != OVERLAP_RESULT_OK)
        g_error ("task %u: %s", i, lane_message (run, i));
  g_assert_cmpuint (stats.n_ok, ==, n);
  g_assert_cmpuint (stats.bytes, ==, (guint64) n * 1000);
  /* Hundreds at once, not one by one. Not all 10,000: libsoup 3.2 opens a host's
   * connections one after another, and its connection manager scans the whole queue
   * for each (quadratic: most of the ~90 s is there). A hundred of 10,000; scaled
   * down with the load (the sanitizers' run: 10 of 1,000, each connection there
   * taking ~10 ms to set up). */
  g_assert_cmpuint (stats.max_in_flight, >=, n / 100);

  g_clear_object (&run);
  g_clear_object (&runner);
  drain_default_context ();
  stop_demo_server (server);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* 1,000 runs of every task kind, each cancelled at a random moment: after each, no
 * task left running, no subprocess left, no source left on the loop; after all, as
 * many threads as after the first hundred and memory flat. */
static void
test_cancel_1000 (void)
{
  const guint n = overlap_test_scaled (1000);
  const char *strategies[] = { "gather", "sequential", "bounded(2)", "threads(2)", "first-completed", "as-completed" };
  OverlapRunner *runner = overlap_runner_new ();
  OverlapScenario *s = overlap_test_scenario (
    "{\"title\": \"everything\", \"http\": {\"max-conns\": 10, \"max-conns-per-host\": 10}, \"tasks\": ["
    " {\"kind\": \"timer\", \"duration\": 0.03},"
    " {\"kind\": \"http\", \"size\": \"200 KiB\", \"latency\": \"10 ms\"},"
    " {\"kind\": \"http\", \"size\": \"64 KiB\", \"bandwidth\": \"2 MiB\"},"
    " {\"kind\": \"file\", \"size\": \"256 KiB\", \"chunk-size\": \"16 KiB\"},"
    " {\"kind\": \"file\", \"size\": \"256 KiB\", \"write\": true, \"chunk-size\": \"16 KiB\"},"
    " {\"kind\": \"spawn\", \"duration\": 0.02},"
    " {\"kind\": \"spawn\", \"argv\": [\"head\", \"-c\", \"100000\", \"/dev/zero\"]},"
    " {\"kind\": \"cpu\", \"duration\": 0.01, \"where\": \"thread\"},"
    " {\"kind\": \"cpu\", \"duration\": 0.002, \"where\": \"loop\"}]}");
  gsize rss_warm = 0, rss_end;
  guint threads_warm = 0, threads_end;
  guint n_cancelled = 0, n_completed = 0;
  GRand *rand = g_rand_new_with_seed (7);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(OverlapRun) run = NULL;
      g_autoptr(GError) error = NULL;
      guint mark = source_id_mark ();
      guint timer;

      timer = g_timeout_add_full (G_PRIORITY_HIGH, g_rand_int_range (rand, 0, 40),
                                  cancel_cb, g_object_ref (cancellable), g_object_unref);
      run = overlap_test_run (runner, s, strategies[i % G_N_ELEMENTS (strategies)], cancellable, &error);
      if (error != NULL)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_cmpint (overlap_run_get_state (run), ==, OVERLAP_RUN_CANCELLED);
          n_cancelled++;
        }
      else
        {
          g_source_remove (timer);
          n_completed++;
        }
      for (guint k = 0; k < overlap_scenario_get_n_tasks (s); k++)
        if (lane (run, k)->result == OVERLAP_RESULT_PENDING)
          g_error ("run %u (%s, %s): task %u has no result", i, overlap_run_get_strategy (run),
                   error ? "cancelled" : "completed", k);

      g_clear_object (&run);
      drain_default_context ();
      if (!overlap_test_wait_no_children (2000))
        g_error ("run %u: a subprocess is left", i);
      if (sources_left_since (mark) != 0)
        g_error ("run %u: %u sources left on the main context", i, sources_left_since (mark));

      if (i == 99)
        {
          rss_warm = overlap_test_rss_kib ();
          threads_warm = overlap_test_n_threads ();
        }
    }
  g_rand_free (rand);

  /* Worker threads finish what they were doing, then idle. */
  g_usleep (200 * MS);
  rss_end = overlap_test_rss_kib ();
  threads_end = overlap_test_n_threads ();
  g_test_message ("%u runs in %.1f s: %u cancelled part-way, %u done before the cancel; "
                  "RSS %zu → %zu KiB after the first 100, threads %u → %u",
                  n, (g_get_monotonic_time () - start) / 1e6, n_cancelled, n_completed,
                  rss_warm, rss_end, threads_warm, threads_end);
  g_assert_cmpuint (n_cancelled, >=, n / 2);
  g_assert_cmpuint (threads_end, <=, threads_warm + 4);
  if (CHECK_RSS)
    g_assert_cmpuint (rss_end, <, rss_warm + 16 * 1024);

  g_assert_finalize_object (runner);
  g_assert_finalize_object (s);
}

/* 1,000 runs one after another into a recording that keeps the last 10, as the window's
 * history does: dropped runs are freed, and memory stays flat. */
static void
test_repeat_1000 (void)
{
  const guint n = overlap_test_scaled (1000), keep = 10;
  OverlapRunner *runner = overlap_runner_new ();
  OverlapRecording *recording = overlap_recording_new ("repeat");
  OverlapScenario *s = overlap_test_scenario (
    "{\"title\": \"small\", \"tasks\": ["
    " {\"kind\": \"timer\", \"duration\": 0.001, \"repeat\": 5},"
    " {\"kind\": \"http\", \"size\": \"10 KiB\"},"
    " {\"kind\": \"file\", \"size\": \"4 KiB\", \"write\": true},"
    " {\"kind\": \"cpu\", \"duration\": 0.0005, \"where\": \"thread\"}]}");
  gsize rss_warm = 0, rss_end;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      OverlapRun *run = overlap_test_run (runner, s, i % 2 ? "gather" : "sequential", NULL, &error);

      g_assert_no_error (error);
      overlap_recording_add_run (recording, run);
      g_object_unref (run);
      while (overlap_recording_get_n_runs (recording) > keep)
        {
          OverlapRun *oldest = overlap_recording_get_run (recording, 0);

          g_object_add_weak_pointer (G_OBJECT (oldest), (gpointer *) &oldest);
          overlap_recording_remove_run (recording, 0);
          drain_default_context ();
          if (oldest != NULL)
            g_error ("run %u: a dropped run is still referenced", i);
        }
      if (i == 99)
        rss_warm = overlap_test_rss_kib ();
    }

  rss_end = overlap_test_rss_kib ();
  g_test_message ("%u runs in %.1f s, %u kept: RSS %zu → %zu KiB after the first 100",
                  n, (g_get_monotonic_time () - start) / 1e6, keep, rss_warm, rss_end);
  g_assert_cmpuint (overlap_recording_get_n_runs (recording), ==, keep);
  if (CHECK_RSS)
    g_assert_cmpuint (rss_end, <, rss_warm + 8 * 1024);

  g_assert_finalize_object (runner);
  g_assert_finalize_object (recording);
  g_assert_finalize_object (s);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "--serve-demo"))
    return serve_demo ();

  g_test_init (&argc, &argv, NULL);
  overlap_test_raise_fd_limit ();

  g_test_add_func ("/reliability/http-faults", test_http_faults);
  g_test_add_func ("/reliability/huge-body", test_huge_body);
  g_test_add_func ("/reliability/special-files", test_special_files);
  g_test_add_func ("/reliability/load-10k", test_load_10k);
  g_test_add_func ("/reliability/cancel-1000", test_cancel_1000);
  g_test_add_func ("/reliability/repeat-1000", test_repeat_1000);

  return g_test_run ();
}
