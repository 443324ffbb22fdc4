/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OVERLAP_TYPE_APPLICATION (overlap_application_get_type ())

G_DECLARE_FINAL_TYPE (OverlapApplication, overlap_application, OVERLAP, APPLICATION, AdwApplication)

OverlapApplication *overlap_application_new (void);

G_END_DECLS
