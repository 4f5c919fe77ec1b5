/*
 * rt/detect/access.h -- the FastTrack checks on one shadow cell, shared by
 * plain accesses (access.c) and atomics (atomic.c).
 */
#ifndef RL_ACCESS_H
#define RL_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"
#include "shadow.h"
#include "thread.h"

/* The record `rec` is this goroutine's access of the same kind in the
 * current epoch and covers every byte of `me`: nothing new to check or
 * record.  The fast paths of access.c and multi_access.c stop here. */
static inline bool rl_ep_covers(uint64_t rec, uint64_t me) {
  /* The bits of rec ^ me that matter: every bit but the mask's (epoch,
   * atomic, busy, pointer: all equal), and the mask bits of me (each one
   * in rec too).  One xor and one test; `me | ~RL_EP_MASK` is the same for
   * every record an access looks at. */
  return ((rec ^ me) & (me | ~RL_EP_MASK)) == 0;
}

/* A read `me` with nothing new to check: this goroutine already read (or
 * wrote) these bytes in this epoch -- found in the read record, the write
 * record, or, when the word's readers are a read set, one of its hints:
 * the set's own for our slot, then the last reader's in the cell's cold
 * half.  (Each costs a cache line of its own; the set's comes first since
 * readers of different slots mod RL_RS_RECENT each keep theirs, where
 * only the last reader finds itself in the cold half.) */
static inline bool rl_read_done(rl_cell_t *c, uint64_t me) {
  uint64_t r = __atomic_load_n(&c->r, __ATOMIC_ACQUIRE);
  if (rl_ep_covers(r, me) ||
      rl_ep_covers(__atomic_load_n(&c->w, __ATOMIC_ACQUIRE), me))
    return true;
  if (!(r & RL_EP_PTR))
    return false;
  return rl_ep_covers(__atomic_load_n(
                          rl_readset_hint_of(r, rl_ep_slot(me) % RL_RS_RECENT),
                          __ATOMIC_RELAXED),
                      me) ||
         rl_ep_covers(
             __atomic_load_n(&rl_shadow_cold(c)->rhint, __ATOMIC_RELAXED) ^
                 RL_EP_PTR,
             me);
}

/* Checks an access of n bytes at a (any alignment, any size), reporting
 * at most one race for it. */
void rl_check_range(rl_thread_t *t, uintptr_t a, size_t n, bool is_write,
                    bool atomic, const rl_site_t *site);

#endif /* RL_ACCESS_H */
