/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* At most a limit of requests in flight; the others wait, in order (see
 * overlap-http-gate.c). A request is a GTask: it is let through by calling an
 * OverlapHttpGateFunc on it, and it gives its place back with
 * overlap_http_gate_leave() when it is done. */
typedef struct _OverlapHttpGate OverlapHttpGate;

typedef void (*OverlapHttpGateFunc) (GTask *task);

#define OVERLAP_TYPE_HTTP_GATE (overlap_http_gate_get_type ())

GType            overlap_http_gate_get_type      (void);
OverlapHttpGate *overlap_http_gate_new           (guint                limit);
OverlapHttpGate *overlap_http_gate_for_session   (SoupSession         *session);
OverlapHttpGate *overlap_http_gate_ref           (OverlapHttpGate     *self);
void             overlap_http_gate_unref         (OverlapHttpGate     *self);

guint            overlap_http_gate_get_limit     (OverlapHttpGate     *self);
guint            overlap_http_gate_get_in_flight (OverlapHttpGate     *self);
guint            overlap_http_gate_get_n_waiting (OverlapHttpGate     *self);

void             overlap_http_gate_enter         (OverlapHttpGate     *self,
                                                  GTask               *task,
                                                  OverlapHttpGateFunc  func);
void             overlap_http_gate_leave         (OverlapHttpGate     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverlapHttpGate, overlap_http_gate_unref)

G_END_DECLS
