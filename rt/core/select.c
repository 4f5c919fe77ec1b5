/*
 * rt/core/select.c -- select, after Go's selectgo:
 *
 *  1. poll the cases in a random order (so the choice among ready cases is
 *     uniform), holding every involved channel's lock, taken in address
 *     order so that two selects can never deadlock on each other;
 *  2. run the first ready case, or return -1 for the default branch;
 *  3. otherwise wait on every channel at once (one sudog per case); the
 *     first partner to claim the goroutine's select_done flag wins, and the
 *     others skip the stale sudogs;
 *  4. once woken, leave every other queue.  If the winner completed an
 *     unbuffered transfer, that case ran; if it only signalled (buffer
 *     space, data, or a close) poll again from 1.
 */
#include <stdlib.h>
#include <string.h>

#include "../rt.h"
#include "api.h"
#include "chan.h"

enum { SMALL = 8 };

static void lock_all(select_case_t *cases, const int *order, int n) {
  for (int i = 0; i < n; i++)
    if (i == 0 || cases[order[i]].chan != cases[order[i - 1]].chan)
      rt_lock(&cases[order[i]].chan->lock);
}

static void unlock_all(select_case_t *cases, const int *order, int n) {
  for (int i = n; i-- > 0;)
    if (i == 0 || cases[order[i]].chan != cases[order[i - 1]].chan)
      rt_unlock(&cases[order[i]].chan->lock);
}

static void track(uint16_t kind, chan_t *c, const rl_site_t *site,
                  rl_clock_t *acq, rl_clock_t *rel, uint64_t value, int aux,
                  uint64_t block_ns) {
  rl_evinfo_t e = {.kind = kind,
                   .obj = c ? c->obj : 0,
                   .site = site,
                   .acquire = acq,
                   .release = rel,
                   .value = value,
                   .aux = (uint64_t)aux,
                   .block_ns = block_ns};
  rl_event(&e);
}

/* Pass 1: runs the first ready case in poll order with the locks held;
 * returns its index or -1, and in *wake the goroutine to ready. */
static int poll_cases(select_case_t *cases, const int *poll, int n,
                      const rl_site_t *site, rt_g_t **wake) {
  for (int k = 0; k < n; k++) {
    int i = poll[k];
    select_case_t *cs = &cases[i];
    chan_t *c = cs->chan;
    if (!c)
      continue;
    if (cs->dir == SELECT_SEND) {
      if (c->closed)
        return -2;
      if (c->cap == 0) {
        rt_sudog_t *r = rt_waitq_pop(&c->recvq);
        if (r) {
          *wake = rt_chan_give(c, r, cs->elem, site, (uint64_t)i);
          return i;
        }
      } else if (c->qcount < c->cap) {
        *wake = rt_chan_put(c, cs->elem, site, (uint64_t)i);
        return i;
      }
    } else {
      bool ok = true;
      if (c->cap == 0) {
        rt_sudog_t *s = rt_waitq_pop(&c->sendq);
        if (s)
          *wake = rt_chan_take(c, s, cs->elem, site, (uint64_t)i);
        else if (c->closed)
          ok = false;
        else
          continue;
      } else if (c->qcount > 0) {
        *wake = rt_chan_get(c, cs->elem, site, (uint64_t)i);
      } else if (c->closed) {
        ok = false;
      } else {
        continue;
      }
      if (!ok)
        rt_chan_got_closed(c, cs->elem, site, (uint64_t)i);
      if (cs->ok)
        *cs->ok = ok;
      return i;
    }
  }
  return -1;
}

static int select_impl(int n, select_case_t *cases, bool has_default,
                       const rl_site_t *site) {
  if (n < 0 || (n > 0 && !cases))
    rt_panic(site, "select: invalid case list");
  for (int i = 0; i < n; i++)
    if (cases[i].chan && cases[i].dir != SELECT_SEND &&
        cases[i].dir != SELECT_RECV)
      rt_panic(site, "select: case %d is neither SEND nor RECV", i);
  rt_g_t *g = rt_getg();

  int small_poll[SMALL], small_lock[SMALL];
  rt_sudog_t small_sg[SMALL];
  int *poll = small_poll, *lock = small_lock;
  rt_sudog_t *sgs = small_sg;
  if (n > SMALL) {
    poll = malloc(n * sizeof *poll);
    lock = malloc(n * sizeof *lock);
    sgs = malloc(n * sizeof *sgs);
    if (!poll || !lock || !sgs)
      rt_panic(site, "select: out of memory");
  }
  /* Random poll order (Fisher-Yates); lock order by channel address. */
  int nlock = 0;
  for (int i = 0; i < n; i++) {
    int j = (int)(rt_rand() % (uint32_t)(i + 1));
    poll[i] = poll[j];
    poll[j] = i;
    if (!cases[i].chan)
      continue;
    int k = nlock++;
    while (k > 0 &&
           (uintptr_t)cases[lock[k - 1]].chan > (uintptr_t)cases[i].chan) {
      lock[k] = lock[k - 1];
      k--;
    }
    lock[k] = i;
  }

  chan_t *hint = NULL; /* a signal we were woken with but may not use */
  int hint_dir = 0, chosen;
  uint64_t t0 = 0;
  for (;;) {
    rt_g_t *wake = NULL;
    lock_all(cases, lock, nlock);
    chosen = poll_cases(cases, poll, n, site, &wake);
    if (chosen == -2) {
      unlock_all(cases, lock, nlock);
      rt_panic(site, "send on closed channel");
    }
    if (chosen >= 0 || has_default) {
      unlock_all(cases, lock, nlock);
      if (wake)
        rt_ready(wake);
      if (chosen < 0 && rl_enabled)
        track(RL_EV_SELECT_DEFAULT, NULL, site, NULL, NULL, 0, -1, 0);
      break;
    }
    if (nlock == 0)
      rt_block_forever(n ? "select" : "select (no cases)", site);

    if (rl_enabled) {
      if (!t0)
        t0 = rt_nanotime();
      track(RL_EV_BLOCK, NULL, site, NULL, rt_wait_clock(g), 0, n, 0);
    }
    atomic_store(&g->select_done, 0);
    g->fired = NULL;
    for (int i = 0; i < n; i++) {
      chan_t *c = cases[i].chan;
      sgs[i] = (rt_sudog_t){.g = g,
                            .c = c,
                            .elem = cases[i].elem,
                            .case_index = i,
                            .is_select = true};
      if (c)
        rt_waitq_push(cases[i].dir == SELECT_SEND ? &c->sendq : &c->recvq,
                      &sgs[i]);
    }
    rt_block(g, "select", site);
    unlock_all(cases, lock, nlock);
    rt_park(g);

    lock_all(cases, lock, nlock);
    for (int i = 0; i < n; i++)
      if (cases[i].chan)
        rt_waitq_remove(cases[i].dir == SELECT_SEND ? &cases[i].chan->sendq
                                                    : &cases[i].chan->recvq,
                        &sgs[i]);
    unlock_all(cases, lock, nlock);

    rt_sudog_t *fired = g->fired;
    if (fired->done) {
      chosen = fired->case_index;
      if (rl_enabled)
        track(cases[chosen].dir == SELECT_SEND ? RL_EV_SEND : RL_EV_RECV,
              fired->c, site, g->wait_clock, NULL, fired->value, chosen,
              rt_nanotime() - t0);
      if (cases[chosen].ok)
        *cases[chosen].ok = true;
      break;
    }
    hint = fired->c;
    hint_dir = cases[fired->case_index].dir;
  }
  if (hint && (chosen < 0 || cases[chosen].chan != hint ||
               cases[chosen].dir != hint_dir))
    rt_chan_pass_on(hint, hint_dir);
  if (n > SMALL) {
    free(poll);
    free(lock);
    free(sgs);
  }
  return chosen;
}

int __rl_chan_select(int ncases, select_case_t *cases, bool has_default,
                     rl_site_t *site) {
  return select_impl(ncases, cases, has_default, site);
}

int chan_select(int ncases, select_case_t *cases, bool has_default) {
  return select_impl(ncases, cases, has_default, NULL);
}
