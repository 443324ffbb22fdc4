/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "overlap-recording.h"
#include "overlap-video-export.h"

G_BEGIN_DECLS

/* overlap-cli.c */
const char *_overlap_cli_lookup_string       (GVariantDict        *options,
                                              const char          *key,
                                              const char          *type);

/* overlap-cli-video.c: --video, --fps, --codec, --speed */
gboolean    _overlap_cli_parse_video_options (GVariantDict        *options,
                                              OverlapVideoOptions *video);
gboolean    _overlap_cli_write_video         (OverlapRecording    *recording,
                                              const char          *path,
                                              GVariantDict        *options);

G_END_DECLS
