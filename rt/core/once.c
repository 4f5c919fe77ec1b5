/*
 * rt/core/once.c -- sync.Once.
 *
 * After the first call completes, once_do is one acquire load.  Until then
 * the first caller runs fn with no lock held (fn may take as long as it
 * likes, or use other runtime operations) while later callers queue and
 * park; all are released when fn returns.
 *
 * Happens-before: the call that ran fn releases into the once's clock after
 * fn returned; every return of once_do acquires it.
 */
#include "../rt.h"
#include "api.h"
#include "sync_track.h"
#include "waitq.h"

typedef struct rt_once {
  _Atomic uint32_t done;
  rt_lock_t lock;
  bool running;
  rt_waitq_t q;
} rt_once_t;
_Static_assert(sizeof(rt_once_t) <= sizeof(once_t), "once_t too small");

static void track(rt_once_t *o, const rl_site_t *site, bool ran) {
  if (rl_enabled)
    rt_sync_event(o, RL_OBJ_ONCE, RL_EV_ONCE, site, rl_clock_at(o),
                  ran ? rl_clock_at(o) : NULL, ran, 0);
}

void __rl_once_do(once_t *op, void (*fn)(void), rl_site_t *site) {
  rt_once_t *o = (rt_once_t *)op;
  if (atomic_load_explicit(&o->done, memory_order_acquire)) {
    track(o, site, false);
    return;
  }
  if (!fn)
    rt_panic(site, "once_do: nil function");
  rt_lock(&o->lock);
  if (atomic_load_explicit(&o->done, memory_order_relaxed)) {
    rt_unlock(&o->lock);
    track(o, site, false);
    return;
  }
  if (o->running) {
    rt_g_t *g = rt_getg();
    rt_sudog_t sg = {.g = g, .case_index = -1};
    rt_waitq_push(&o->q, &sg);
    rt_block(g, "sync.Once.Do", site);
    rt_unlock(&o->lock);
    rt_park(g);
    track(o, site, false);
    return;
  }
  o->running = true;
  rt_unlock(&o->lock);
  fn();
  track(o, site, true);
  rt_lock(&o->lock);
  atomic_store_explicit(&o->done, 1, memory_order_release);
  rt_sudog_t *list = NULL, *sg;
  while ((sg = rt_waitq_pop(&o->q))) {
    rt_waitq_claim(sg);
    sg->next = list;
    list = sg;
  }
  rt_unlock(&o->lock);
  while (list) {
    rt_sudog_t *next = list->next;
    rt_ready(list->g);
    list = next;
  }
}

void once_do(once_t *o, void (*fn)(void)) {
  __rl_once_do(o, fn, NULL);
}
