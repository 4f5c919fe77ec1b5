/*
 * rt/core/waitq.h -- FIFO queues of waiting goroutines (sudogs), guarded by
 * the lock of whatever they wait on.
 *
 * Dequeue implements select's "first to fire wins": a select waits in many
 * queues at once, and only the waker that flips its select_done flag may
 * take it; a sudog whose select was already won elsewhere is dropped.
 */
#ifndef RT_CORE_WAITQ_H
#define RT_CORE_WAITQ_H

#include "park.h"

typedef struct rt_waitq {
  rt_sudog_t *first, *last;
} rt_waitq_t;

static inline void rt_waitq_push(rt_waitq_t *q, rt_sudog_t *sg) {
  sg->next = NULL;
  sg->prev = q->last;
  if (q->last)
    q->last->next = sg;
  else
    q->first = sg;
  q->last = sg;
  sg->queued = true;
}

static inline void rt_waitq_remove(rt_waitq_t *q, rt_sudog_t *sg) {
  if (!sg->queued)
    return;
  if (sg->prev)
    sg->prev->next = sg->next;
  else
    q->first = sg->next;
  if (sg->next)
    sg->next->prev = sg->prev;
  else
    q->last = sg->prev;
  sg->next = sg->prev = NULL;
  sg->queued = false;
}

static inline rt_sudog_t *rt_waitq_pop(rt_waitq_t *q) {
  for (;;) {
    rt_sudog_t *sg = q->first;
    if (!sg)
      return NULL;
    rt_waitq_remove(q, sg);
    uint32_t zero = 0;
    if (sg->is_select &&
        !atomic_compare_exchange_strong(&sg->g->select_done, &zero, 1))
      continue;
    return sg;
  }
}

/* Takes sg out (it was popped under the lock) and counts it as running;
 * the caller calls rt_wake(sg) once it no longer touches sg. */
static inline rt_g_t *rt_waitq_claim(rt_sudog_t *sg) {
  rt_ready_count();
  atomic_store_explicit(&sg->g->wait_reason, NULL, memory_order_relaxed);
  sg->g->fired = sg;
  return sg->g;
}

#endif /* RT_CORE_WAITQ_H */
