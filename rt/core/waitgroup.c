/*
 * rt/core/waitgroup.c -- sync.WaitGroup.
 *
 * A counter and a queue of waiters under one small lock; when the counter
 * reaches zero every waiter is released at once, and the group is
 * immediately reusable (Go's rule that Add for the next round must follow
 * the Wait returning is the program's business, not ours).
 *
 * Happens-before: wg_done (and any negative wg_add) releases into the
 * group's clock before the counter changes; wg_wait acquires it on return.
 */
#include "../rt.h"
#include "api.h"
#include "sync_track.h"
#include "waitq.h"

typedef struct rt_wg {
  rt_lock_t lock;
  int64_t counter;
  rt_waitq_t q;
} rt_wg_t;
_Static_assert(sizeof(rt_wg_t) <= sizeof(waitgroup_t), "waitgroup_t too small");

static void add(rt_wg_t *wg, int delta, uint16_t kind, const rl_site_t *site) {
  if (rl_enabled)
    rt_sync_event(wg, RL_OBJ_WAITGROUP, kind, site, NULL,
                  delta < 0 ? rl_clock_at(wg) : NULL, (uint64_t)(int64_t)delta,
                  0);
  rt_lock(&wg->lock);
  wg->counter += delta;
  if (wg->counter < 0) {
    rt_unlock(&wg->lock);
    rt_panic(site, "sync: negative WaitGroup counter");
  }
  rt_sudog_t *list = NULL, *sg;
  if (wg->counter == 0)
    while ((sg = rt_waitq_pop(&wg->q))) {
      rt_waitq_claim(sg);
      sg->next = list;
      list = sg;
    }
  rt_unlock(&wg->lock);
  while (list) {
    rt_sudog_t *next = list->next;
    rt_ready(list->g);
    list = next;
  }
}

void __rl_wg_add(waitgroup_t *wg, int delta, rl_site_t *site) {
  add((rt_wg_t *)wg, delta, RL_EV_WG_ADD, site);
}

void __rl_wg_done(waitgroup_t *wg, rl_site_t *site) {
  add((rt_wg_t *)wg, -1, RL_EV_WG_DONE, site);
}

void __rl_wg_wait(waitgroup_t *wgp, rl_site_t *site) {
  rt_wg_t *wg = (rt_wg_t *)wgp;
  uint64_t t0 = 0;
  rt_lock(&wg->lock);
  if (wg->counter == 0) {
    rt_unlock(&wg->lock);
  } else {
    rt_g_t *g = rt_getg();
    if (rl_enabled)
      t0 = rt_nanotime();
    rt_sudog_t sg = {.g = g, .case_index = -1};
    rt_waitq_push(&wg->q, &sg);
    rt_block(g, "semacquire", site);
    rt_unlock(&wg->lock);
    rt_park(g);
  }
  if (rl_enabled)
    rt_sync_event(wg, RL_OBJ_WAITGROUP, RL_EV_WG_WAIT, site, rl_clock_at(wg),
                  NULL, 0, t0 ? rt_nanotime() - t0 : 0);
}

void wg_add(waitgroup_t *wg, int delta) {
  __rl_wg_add(wg, delta, NULL);
}
void wg_done(waitgroup_t *wg) {
  __rl_wg_done(wg, NULL);
}
void wg_wait(waitgroup_t *wg) {
  __rl_wg_wait(wg, NULL);
}
