/*
 * rt/core/sync_track.h -- the one-line rl_event calls of the sync types.
 * Each object registers itself (rl_object) on the first tracked operation,
 * so a zero-initialised global needs no constructor.
 */
#ifndef RT_CORE_SYNC_TRACK_H
#define RT_CORE_SYNC_TRACK_H

#include "../track.h"

static inline void rt_sync_event(const void *obj, enum rl_obj_kind okind,
                                 uint16_t kind, const rl_site_t *site,
                                 rl_clock_t *acq, rl_clock_t *rel,
                                 uint64_t value, uint64_t block_ns) {
  rl_evinfo_t e = {.kind = kind,
                   .obj = rl_object(obj, okind, site, 0, 0, 0),
                   .site = site,
                   .acquire = acq,
                   .release = rel,
                   .value = value,
                   .block_ns = block_ns,
                   .addr = obj};
  rl_event(&e);
}

#endif /* RT_CORE_SYNC_TRACK_H */
