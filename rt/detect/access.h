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
  return ((rec ^ me) & ~RL_EP_MASK) == 0 && (me & ~rec & RL_EP_MASK) == 0;
}

/* Checks and records the access `me` (t's epoch | byte mask | atomic flag)
 * to the word of cell c (cold half k).  Returns true and fills *prev when it
 * races. */
bool rl_check_word(rl_thread_t *t, rl_cell_t *c, rl_cold_t *k, uint64_t me,
                   bool is_write, uint32_t site, rl_acc_t *prev);

/* Checks an access of n bytes at a (any alignment, any size), reporting
 * at most one race for it. */
void rl_check_range(rl_thread_t *t, uintptr_t a, size_t n, bool is_write,
                    bool atomic, const rl_site_t *site);

#endif /* RL_ACCESS_H */
