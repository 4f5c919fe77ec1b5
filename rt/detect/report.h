/*
 * rt/detect/report.h -- race reports: the detector found two conflicting,
 * unordered accesses; report.c names the variable, prints both accesses
 * with their stacks and goroutines for a student, and logs the race.  And
 * the reports of potential deadlocks, cycles of lock orders
 * (lock_order.c).
 */
#ifndef RL_REPORT_H
#define RL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lock_order.h"
#include "thread.h"

/* One access as shadow memory remembers it. */
typedef struct rl_acc {
  uint64_t ep; /* epoch with mask and atomic flag */
  uint32_t site, stack;
  bool is_write;
} rl_acc_t;

/* Called by the access path of goroutine t: cur (its access of `size`
 * bytes at addr) conflicts with prev.  Prints the race the first time its
 * pair of sites is seen, logs every occurrence. */
void rl_report_race(rl_thread_t *t, uintptr_t addr, size_t size,
                    const rl_acc_t *cur, const rl_acc_t *prev);

/* Races found so far: occurrences and distinct site pairs. */
uint64_t rl_report_count(uint64_t *distinct);

/* Prints a cycle of lock orders and logs it: edges[i] took what
 * edges[i + 1] holds, and the last edge took what the first holds; n of
 * the cycle's `len` edges. */
void rl_report_lock_cycle(rl_thread_t *t, const rl_lock_edge_t *edges, size_t n,
                          size_t len);

/* Potential deadlocks reported so far. */
uint64_t rl_report_lock_cycles(void);

#endif /* RL_REPORT_H */
