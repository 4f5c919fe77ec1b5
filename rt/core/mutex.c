/*
 * rt/core/mutex.c -- sync.Mutex.
 *
 * The state word is bit 0 "locked", bit 1 "someone waits in the queue",
 * bit 2 "starving".  Lock and unlock without contention are one
 * compare-and-swap each.  Under contention a locker spins briefly, then
 * queues and parks; unlock wakes the oldest waiter, which competes again for
 * the lock (Go's normal mode: handing the lock over directly would cost a
 * context switch per lock).  A waiter that has waited over 1 ms switches the
 * mutex to starvation mode, again as Go: newcomers no longer barge in, and
 * unlock hands the lock straight to the waiter at the head of the queue,
 * until a waiter gets it that waited under 1 ms or was the last in line.
 *
 * Happens-before: unlock releases into the mutex's clock, lock acquires it.
 */
#include "../rt.h"
#include "api.h"
#include "sync_track.h"
#include "waitq.h"

typedef struct rt_mutex {
  _Atomic uint32_t state;
  rt_lock_t qlock;
  rt_waitq_t q;
} rt_mutex_t;
_Static_assert(sizeof(rt_mutex_t) <= sizeof(mutex_t), "mutex_t too small");

enum { LOCKED = 1, WAITERS = 2, STARVING = 4 };
#define STARVE_NS 1000000u

static bool try_acquire(rt_mutex_t *m) {
  uint32_t s = atomic_load_explicit(&m->state, memory_order_relaxed);
  while (!(s & (LOCKED | STARVING)))
    if (atomic_compare_exchange_weak_explicit(&m->state, &s, s | LOCKED,
                                              memory_order_acquire,
                                              memory_order_relaxed))
      return true;
  return false;
}

static void push_front(rt_waitq_t *q, rt_sudog_t *sg) {
  sg->prev = NULL;
  sg->next = q->first;
  if (q->first)
    q->first->prev = sg;
  else
    q->last = sg;
  q->first = sg;
  sg->queued = true;
}

/* As Go: the waiter that got the lock handed over ends starvation mode if
 * it did not wait long itself, or if nobody waits behind it.  Without the
 * first rule a mutex under steady contention would stay in starvation mode
 * for good, and every unlock would cost a context switch. */
static void leave_starvation(rt_mutex_t *m, uint64_t waited_ns) {
  rt_lock(&m->qlock);
  if (waited_ns < STARVE_NS || !m->q.first)
    atomic_fetch_and_explicit(&m->state, ~(uint32_t)STARVING,
                              memory_order_relaxed);
  rt_unlock(&m->qlock);
}

static void lock_slow(rt_mutex_t *m, const rl_site_t *site) {
  rt_g_t *g = rt_getg();
  uint64_t since = 0; /* when we first queued */
  for (;;) {
    for (int i = 0; i < 100; i++) {
      if (try_acquire(m))
        return;
      rt_cpu_relax();
    }
    bool starving = since && rt_nanotime() - since > STARVE_NS;
    rt_lock(&m->qlock);
    uint32_t s = atomic_load(&m->state);
    for (;;) {
      if (!(s & (LOCKED | STARVING))) {
        if (atomic_compare_exchange_weak(&m->state, &s, s | LOCKED)) {
          rt_unlock(&m->qlock);
          return;
        }
        continue;
      }
      /* Locked (starvation mode keeps it locked while handing over). */
      uint32_t want = s | WAITERS | (starving ? STARVING : 0);
      if (want == s || atomic_compare_exchange_weak(&m->state, &s, want))
        break;
    }
    rt_sudog_t sg = {.g = g, .case_index = -1};
    if (since) /* woken before: back to the head of the line, as Go */
      push_front(&m->q, &sg);
    else
      rt_waitq_push(&m->q, &sg);
    if (!since)
      since = rt_nanotime();
    rt_block(g, "sync.Mutex.Lock", site);
    rt_unlock(&m->qlock);
    rt_park(g);
    if (sg.done) { /* handed over in starvation mode: we hold it */
      leave_starvation(m, rt_nanotime() - since);
      return;
    }
  }
}

void __rl_mutex_lock(mutex_t *mu, rl_site_t *site) {
  rt_mutex_t *m = (rt_mutex_t *)mu;
  uint32_t unlocked = 0;
  uint64_t t0 = 0;
  if (!atomic_compare_exchange_strong_explicit(&m->state, &unlocked, LOCKED,
                                               memory_order_acquire,
                                               memory_order_relaxed)) {
    if (rl_enabled)
      t0 = rt_nanotime();
    lock_slow(m, site);
  }
  if (rl_enabled)
    rt_sync_event(m, RL_OBJ_MUTEX, RL_EV_MUTEX_LOCK, site, rl_clock_at(m), NULL,
                  0, t0 ? rt_nanotime() - t0 : 0);
}

bool __rl_mutex_trylock(mutex_t *mu, rl_site_t *site) {
  rt_mutex_t *m = (rt_mutex_t *)mu;
  bool ok = try_acquire(m);
  if (rl_enabled)
    rl_event(
        &(rl_evinfo_t){.kind = ok ? RL_EV_MUTEX_LOCK : RL_EV_MUTEX_TRYLOCK_FAIL,
                       .obj = rl_object(m, RL_OBJ_MUTEX, site, 0, 0, 0),
                       .site = site,
                       .acquire = ok ? rl_clock_at(m) : NULL,
                       .addr = m,
                       .nonblocking = ok});
  return ok;
}

void __rl_mutex_unlock(mutex_t *mu, rl_site_t *site) {
  rt_mutex_t *m = (rt_mutex_t *)mu;
  if (!(atomic_load_explicit(&m->state, memory_order_relaxed) & LOCKED))
    rt_panic(site, "sync: unlock of unlocked mutex");
  if (rl_enabled)
    rt_sync_event(m, RL_OBJ_MUTEX, RL_EV_MUTEX_UNLOCK, site, NULL,
                  rl_clock_at(m), 0, 0);
  uint32_t locked = LOCKED;
  if (atomic_compare_exchange_strong_explicit(
          &m->state, &locked, 0, memory_order_release, memory_order_relaxed))
    return;
  /* Waiters queued: only we can clear LOCKED, and WAITERS and STARVING
   * change only under qlock, so a plain store settles the state. */
  rt_lock(&m->qlock);
  rt_sudog_t *sg = rt_waitq_pop(&m->q);
  uint32_t s = atomic_load_explicit(&m->state, memory_order_relaxed);
  if (sg && (s & STARVING)) {
    sg->done = true; /* hand over: LOCKED stays set for the waiter */
    atomic_store_explicit(&m->state,
                          m->q.first ? LOCKED | WAITERS | STARVING : LOCKED,
                          memory_order_release);
  } else {
    atomic_store_explicit(&m->state, m->q.first ? WAITERS : 0,
                          memory_order_release);
  }
  rt_g_t *w = sg ? rt_waitq_claim(sg) : NULL;
  rt_unlock(&m->qlock);
  if (w)
    rt_ready(w);
}

void mutex_lock(mutex_t *m) {
  __rl_mutex_lock(m, NULL);
}
void mutex_unlock(mutex_t *m) {
  __rl_mutex_unlock(m, NULL);
}
bool mutex_trylock(mutex_t *m) {
  return __rl_mutex_trylock(m, NULL);
}
