/*
 * rt/core/rwmutex.c -- sync.RWMutex.
 *
 * All state lives under one internal lock; waiters are handed the lock
 * directly by whoever releases it, which makes the fairness rules easy to
 * see: once a writer waits, new readers queue behind it (writers are not
 * starved), and a writer's unlock admits every queued reader before the
 * next writer (readers are not starved either).
 *
 * Happens-before uses two clocks: write unlock releases into A, which read
 * and write locks acquire; read unlock releases into B, which write locks
 * acquire.  So readers are ordered after earlier writers, writers after
 * earlier readers and writers, and readers not after each other.
 */
#include "../rt.h"
#include "api.h"
#include "sync_track.h"
#include "waitq.h"

typedef struct rt_rwmutex {
  rt_lock_t lock;
  uint32_t readers; /* holding a read lock */
  bool writer;      /* a writer holds it */
  rt_waitq_t rq, wq;
} rt_rwmutex_t;
_Static_assert(sizeof(rt_rwmutex_t) <= sizeof(rwmutex_t),
               "rwmutex_t too small");

static rl_clock_t *clock_a(rt_rwmutex_t *m) {
  return rl_clock_at(m);
}
static rl_clock_t *clock_b(rt_rwmutex_t *m) {
  return rl_clock_at((char *)m + 8);
}

static void wait_turn(rt_rwmutex_t *m, rt_waitq_t *q, const char *why,
                      const rl_site_t *site) {
  rt_g_t *g = rt_getg();
  rt_sudog_t sg = {.g = g, .case_index = -1};
  rt_waitq_push(q, &sg);
  rt_block(g, why, site);
  rt_unlock(&m->lock);
  rt_park(g); /* the waker made us a holder */
}

void __rl_rwmutex_rlock(rwmutex_t *rw, rl_site_t *site) {
  rt_rwmutex_t *m = (rt_rwmutex_t *)rw;
  uint64_t t0 = 0;
  rt_lock(&m->lock);
  if (!m->writer && !m->wq.first) {
    m->readers++;
    rt_unlock(&m->lock);
  } else {
    if (rl_enabled)
      t0 = rt_nanotime();
    wait_turn(m, &m->rq, "sync.RWMutex.RLock", site);
  }
  if (rl_enabled)
    rt_sync_event(m, RL_OBJ_RWMUTEX, RL_EV_RLOCK, site, clock_a(m), NULL, 0,
                  t0 ? rt_nanotime() - t0 : 0);
}

void __rl_rwmutex_lock(rwmutex_t *rw, rl_site_t *site) {
  rt_rwmutex_t *m = (rt_rwmutex_t *)rw;
  uint64_t t0 = 0;
  rt_lock(&m->lock);
  if (!m->writer && m->readers == 0) {
    m->writer = true;
    rt_unlock(&m->lock);
  } else {
    if (rl_enabled)
      t0 = rt_nanotime();
    wait_turn(m, &m->wq, "sync.RWMutex.Lock", site);
  }
  if (rl_enabled) {
    rl_acquire(clock_b(m));
    rt_sync_event(m, RL_OBJ_RWMUTEX, RL_EV_MUTEX_LOCK, site, clock_a(m), NULL,
                  0, t0 ? rt_nanotime() - t0 : 0);
  }
}

/* Wakes the goroutines popped by an unlock, chained through `next`. */
static void wake_list(rt_sudog_t *list) {
  while (list) {
    rt_sudog_t *next = list->next;
    rt_ready(list->g);
    list = next;
  }
}

void __rl_rwmutex_runlock(rwmutex_t *rw, rl_site_t *site) {
  rt_rwmutex_t *m = (rt_rwmutex_t *)rw;
  rt_lock(&m->lock);
  if (m->readers == 0) {
    rt_unlock(&m->lock);
    rt_panic(site, "sync: RUnlock of unlocked RWMutex");
  }
  if (rl_enabled)
    rt_sync_event(m, RL_OBJ_RWMUTEX, RL_EV_RUNLOCK, site, NULL, clock_b(m), 0,
                  0);
  rt_sudog_t *w = NULL;
  if (--m->readers == 0 && (w = rt_waitq_pop(&m->wq))) {
    m->writer = true;
    rt_waitq_claim(w);
    w->next = NULL;
  }
  rt_unlock(&m->lock);
  wake_list(w);
}

void __rl_rwmutex_unlock(rwmutex_t *rw, rl_site_t *site) {
  rt_rwmutex_t *m = (rt_rwmutex_t *)rw;
  rt_lock(&m->lock);
  if (!m->writer) {
    rt_unlock(&m->lock);
    rt_panic(site, "sync: Unlock of unlocked RWMutex");
  }
  if (rl_enabled)
    rt_sync_event(m, RL_OBJ_RWMUTEX, RL_EV_MUTEX_UNLOCK, site, NULL, clock_a(m),
                  0, 0);
  m->writer = false;
  rt_sudog_t *list = NULL, *sg;
  while ((sg = rt_waitq_pop(&m->rq))) {
    m->readers++;
    rt_waitq_claim(sg);
    sg->next = list;
    list = sg;
  }
  if (!list && (sg = rt_waitq_pop(&m->wq))) {
    m->writer = true;
    rt_waitq_claim(sg);
    sg->next = NULL;
    list = sg;
  }
  rt_unlock(&m->lock);
  wake_list(list);
}

void rwmutex_lock(rwmutex_t *m) {
  __rl_rwmutex_lock(m, NULL);
}
void rwmutex_unlock(rwmutex_t *m) {
  __rl_rwmutex_unlock(m, NULL);
}
void rwmutex_rlock(rwmutex_t *m) {
  __rl_rwmutex_rlock(m, NULL);
}
void rwmutex_runlock(rwmutex_t *m) {
  __rl_rwmutex_runlock(m, NULL);
}
