/*
 * rt/detect/lock_order.h -- potential deadlocks: locks taken in orders
 * that form a cycle (lock_order.c).
 */
#ifndef RL_LOCK_ORDER_H
#define RL_LOCK_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../track.h"
#include "thread.h"

/* One edge of a cycle: goroutine gid took `took` while holding `held`. */
typedef struct rl_lock_edge {
  uint32_t gid;
  rl_held_t held, took;
} rl_lock_edge_t;

/* The lock and unlock events, of every lock type, as rl_event sees them. */
static inline bool rl_lock_order_kind(uint16_t kind) {
  switch (kind) {
  case RL_EV_MUTEX_LOCK:
  case RL_EV_RLOCK:
  case RL_EV_SPIN_LOCK:
  case RL_EV_MUTEX_UNLOCK:
  case RL_EV_RUNLOCK:
  case RL_EV_SPIN_UNLOCK:
    return true;
  default:
    return false;
  }
}

/* Called by rl_event, after the event got its sequence number, for the
 * kinds above. */
void rl_lock_order_event(rl_thread_t *t, const rl_evinfo_t *e);

/* The most edges of one cycle a report shows (report.h). */
#define RL_LOCK_CYCLE_SHOWN 8

#endif /* RL_LOCK_ORDER_H */
