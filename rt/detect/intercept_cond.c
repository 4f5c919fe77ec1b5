/*
 * rt/detect/intercept_cond.c -- pthread condition variables.
 *
 * A wait is an unlock of the mutex on entry and a lock of it on return,
 * and those are the edges that matter in correct code.  Signal and
 * broadcast add one more: they release into the condition's clock and a
 * woken waiter acquires it, so that "set flag; signal" -> "woken; read
 * flag" is ordered the way students expect even when they forget to hold
 * the mutex around the signal.  A timed-out wait was woken by no one and
 * acquires only the mutex.
 */
#define _GNU_SOURCE /* pthread_cond_clockwait */
#include <errno.h>
#include <pthread.h>

#include "intercept_common.h"

static void wait_begins(pthread_mutex_t *m, const rl_site_t *site) {
  rl_icpt_release(m, RL_EV_MUTEX_UNLOCK, RL_OBJ_PTHREAD_MUTEX, site);
}

static void wait_ends(pthread_cond_t *c, pthread_mutex_t *m, bool woken,
                      const rl_site_t *site, uint64_t waited) {
  if (woken)
    rl_icpt_acquire(c, RL_EV_COND_WAIT, RL_OBJ_PTHREAD_COND, site, waited);
  else
    rl_icpt_note(c, RL_EV_COND_WAIT, RL_OBJ_PTHREAD_COND, site, ETIMEDOUT);
  rl_icpt_acquire(m, RL_EV_MUTEX_LOCK, RL_OBJ_PTHREAD_MUTEX, site, 0);
}

int __rl_pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a,
                           rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_new_object(c, sizeof *c, RL_OBJ_PTHREAD_COND, site);
  return pthread_cond_init(c, a);
}

int __rl_pthread_cond_destroy(pthread_cond_t *c, rl_site_t *site) {
  (void)site;
  int r = pthread_cond_destroy(c);
  if (r == 0 && rl_enabled)
    rl_sync_forget_range(c, sizeof *c);
  return r;
}

int __rl_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m,
                           rl_site_t *site) {
  if (!rl_enabled)
    return pthread_cond_wait(c, m);
  wait_begins(m, site);
  uint64_t t0 = rl_now_ns();
  int r = pthread_cond_wait(c, m);
  wait_ends(c, m, r == 0, site, rl_now_ns() - t0);
  return r;
}

int __rl_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                                const struct timespec *t, rl_site_t *site) {
  if (!rl_enabled)
    return pthread_cond_timedwait(c, m, t);
  wait_begins(m, site);
  uint64_t t0 = rl_now_ns();
  int r = pthread_cond_timedwait(c, m, t);
  wait_ends(c, m, r == 0, site, rl_now_ns() - t0);
  return r;
}

int __rl_pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m,
                                clockid_t clock, const struct timespec *t,
                                rl_site_t *site) {
  if (!rl_enabled)
    return pthread_cond_clockwait(c, m, clock, t);
  wait_begins(m, site);
  uint64_t t0 = rl_now_ns();
  int r = pthread_cond_clockwait(c, m, clock, t);
  wait_ends(c, m, r == 0, site, rl_now_ns() - t0);
  return r;
}

int __rl_pthread_cond_signal(pthread_cond_t *c, rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_release(c, RL_EV_COND_SIGNAL, RL_OBJ_PTHREAD_COND, site);
  return pthread_cond_signal(c);
}

int __rl_pthread_cond_broadcast(pthread_cond_t *c, rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_release(c, RL_EV_COND_BROADCAST, RL_OBJ_PTHREAD_COND, site);
  return pthread_cond_broadcast(c);
}

RL_FP_TWIN2(int, pthread_cond_init, pthread_cond_t *,
            const pthread_condattr_t *)
RL_FP_TWIN1(int, pthread_cond_destroy, pthread_cond_t *)
RL_FP_TWIN2(int, pthread_cond_wait, pthread_cond_t *, pthread_mutex_t *)
RL_FP_TWIN3(int, pthread_cond_timedwait, pthread_cond_t *, pthread_mutex_t *,
            const struct timespec *)
RL_FP_TWIN4(int, pthread_cond_clockwait, pthread_cond_t *, pthread_mutex_t *,
            clockid_t, const struct timespec *)
RL_FP_TWIN1(int, pthread_cond_signal, pthread_cond_t *)
RL_FP_TWIN1(int, pthread_cond_broadcast, pthread_cond_t *)
