/*
 * rt/detect/sites.h -- every registered site by id, and the globals of
 * every module by address, for reports.
 */
#ifndef RL_SITES_H
#define RL_SITES_H

#include <stdint.h>

#include "../abi.h"

/* NULL for id 0 or unknown ids. */
const rl_site_t *rl_site_by_id(uint32_t id);
/* How many sites the registered modules have (ids 0 .. n-1 are taken). */
uint32_t rl_sites_numbered(void);
/* The global containing addr, or NULL. */
const rl_global_t *rl_global_at(uintptr_t addr);
/* Whether RACELENS_TRACE=all is on (cached at init). */
/* hidden: the fast paths load it directly, not through the GOT */
extern int rl_trace_all __attribute__((visibility("hidden")));

#endif /* RL_SITES_H */
