/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "overlap-model"

#include "config.h"

#include <glib/gi18n.h>

#include "overlap-model-types.h"

const char *
overlap_phase_to_string (OverlapPhase phase)
{
  static const char * const names[] = {
    "queued", "waiting", "running", "blocking", "dns", "connect", "tls",
    "sending", "receiving", "reading", "writing", "other",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == OVERLAP_N_PHASES);

  if ((guint) phase < OVERLAP_N_PHASES)
    return names[phase];
  return "unknown";
}

/* The phase's name as a person reads it, translated: "queued", "DNS"; "" for
 * none. (overlap_phase_to_string() is the name files write.) */
const char *
overlap_phase_get_display_name (OverlapPhase phase)
{
  switch (phase)
    {
    case OVERLAP_PHASE_QUEUED: return _("queued");
    case OVERLAP_PHASE_WAITING: return _("waiting");
    case OVERLAP_PHASE_RUNNING: return _("running");
    case OVERLAP_PHASE_BLOCKING: return _("blocking");
    case OVERLAP_PHASE_DNS: return _("DNS");
    case OVERLAP_PHASE_CONNECT: return _("connect");
    case OVERLAP_PHASE_TLS: return _("TLS");
    case OVERLAP_PHASE_SENDING: return _("sending");
    case OVERLAP_PHASE_RECEIVING: return _("receiving");
    case OVERLAP_PHASE_READING: return _("reading");
    case OVERLAP_PHASE_WRITING: return _("writing");
    case OVERLAP_PHASE_OTHER: return _("other");
    case OVERLAP_N_PHASES:
    default: return "";
    }
}

const char *
overlap_mark_to_string (OverlapMarkKind kind)
{
  static const char * const names[] = {
    "chunk", "start", "done", "error", "cancel", "timeout", "instant", "skip",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == OVERLAP_N_MARKS);

  if ((guint) kind < OVERLAP_N_MARKS)
    return names[kind];
  return "unknown";
}

const char *
overlap_result_to_string (OverlapResult result)
{
  switch (result)
    {
    case OVERLAP_RESULT_PENDING: return "pending";
    case OVERLAP_RESULT_OK: return "ok";
    case OVERLAP_RESULT_FAILED: return "failed";
    case OVERLAP_RESULT_CANCELLED: return "cancelled";
    case OVERLAP_RESULT_TIMED_OUT: return "timed out";
    case OVERLAP_RESULT_SKIPPED: return "skipped";
    default: return "unknown";
    }
}

/* The kind's name as the legend shows it, translated; "" for none */
const char *
overlap_span_kind_get_display_name (OverlapSpanKind kind)
{
  switch (kind)
    {
    /* TRANSLATORS: kinds of ninja build jobs, as the chart's legend names them */
    case OVERLAP_SPAN_KIND_COMPILE: return _("compile");
    case OVERLAP_SPAN_KIND_LINK: return _("link");
    case OVERLAP_SPAN_KIND_CUSTOM: return _("custom command");
    /* TRANSLATORS: results of meson tests, as the chart's legend names them */
    case OVERLAP_SPAN_KIND_TEST_OK: return _("ok");
    case OVERLAP_SPAN_KIND_TEST_FAILED: return _("failed");
    case OVERLAP_SPAN_KIND_TEST_SKIPPED: return _("skipped");
    case OVERLAP_SPAN_KIND_TEST_TIMED_OUT: return _("timed out");
    case OVERLAP_SPAN_KIND_TEST_EXPECTED_FAIL: return _("expected failure");
    case OVERLAP_SPAN_KIND_NONE:
    case OVERLAP_N_SPAN_KINDS:
    default: return "";
    }
}
