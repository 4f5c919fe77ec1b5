/*
 * rt/detect/intercept_mutex.c -- pthread mutexes and spinlocks.
 *
 * The edge is unlock -> next successful lock of the same object: unlock
 * releases into the clock the detector keeps at the object's address,
 * before the real unlock lets anyone in; a successful lock acquires it.
 * Failed trylocks, and timed or clock locks whose deadline passed, order
 * nothing (they are logged: students ask why the trylock "did not work").
 *
 * Blocking locks first try without blocking, so that only a lock that had
 * to wait pays for reading the clock twice (block_ns in the log).
 */
#define _GNU_SOURCE /* pthread_mutex_clocklock */
#include <errno.h>
#include <pthread.h>

#include "intercept_common.h"

/* A robust mutex whose owner died is acquired too (EOWNERDEAD). */
static bool got_lock(int r) {
  return r == 0 || r == EOWNERDEAD;
}

int __rl_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a,
                            rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_new_object(m, sizeof *m, RL_OBJ_PTHREAD_MUTEX, site);
  return pthread_mutex_init(m, a);
}

int __rl_pthread_mutex_destroy(pthread_mutex_t *m, rl_site_t *site) {
  (void)site;
  int r = pthread_mutex_destroy(m);
  if (r == 0 && rl_enabled)
    rl_sync_forget_range(m, sizeof *m);
  return r;
}

int __rl_pthread_mutex_lock(pthread_mutex_t *m, rl_site_t *site) {
  if (!rl_enabled)
    return pthread_mutex_lock(m);
  uint64_t waited = 0;
  int r = pthread_mutex_trylock(m);
  if (r == EBUSY) {
    uint64_t t0 = rl_now_ns();
    r = pthread_mutex_lock(m);
    waited = rl_now_ns() - t0;
  }
  if (got_lock(r))
    rl_icpt_acquire(m, RL_EV_MUTEX_LOCK, RL_OBJ_PTHREAD_MUTEX, site, waited);
  return r;
}

int __rl_pthread_mutex_trylock(pthread_mutex_t *m, rl_site_t *site) {
  int r = pthread_mutex_trylock(m);
  if (!rl_enabled)
    return r;
  if (got_lock(r))
    rl_icpt_try_acquired(m, RL_EV_MUTEX_LOCK, RL_OBJ_PTHREAD_MUTEX, site);
  else
    rl_icpt_note(m, RL_EV_MUTEX_TRYLOCK_FAIL, RL_OBJ_PTHREAD_MUTEX, site, 0);
  return r;
}

/* A timed lock orders like a lock when it got the mutex, and nothing
 * when it gave up. */
static int timed_lock(pthread_mutex_t *m, int r, rl_site_t *site, uint64_t t0) {
  if (got_lock(r))
    rl_icpt_acquire(m, RL_EV_MUTEX_LOCK, RL_OBJ_PTHREAD_MUTEX, site,
                    rl_now_ns() - t0);
  else
    rl_icpt_note(m, RL_EV_MUTEX_TRYLOCK_FAIL, RL_OBJ_PTHREAD_MUTEX, site, 0);
  return r;
}

int __rl_pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *t,
                                 rl_site_t *site) {
  if (!rl_enabled)
    return pthread_mutex_timedlock(m, t);
  uint64_t t0 = rl_now_ns();
  return timed_lock(m, pthread_mutex_timedlock(m, t), site, t0);
}

int __rl_pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock,
                                 const struct timespec *t, rl_site_t *site) {
  if (!rl_enabled)
    return pthread_mutex_clocklock(m, clock, t);
  uint64_t t0 = rl_now_ns();
  return timed_lock(m, pthread_mutex_clocklock(m, clock, t), site, t0);
}

int __rl_pthread_mutex_unlock(pthread_mutex_t *m, rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_release(m, RL_EV_MUTEX_UNLOCK, RL_OBJ_PTHREAD_MUTEX, site);
  return pthread_mutex_unlock(m);
}

/* ---- spinlocks: the same edges ----------------------------------------- */

/* pthread_spinlock_t is a volatile int; the detector only wants its
 * address. */
static const void *spin_addr(pthread_spinlock_t *s) {
  return (const void *)(uintptr_t)s;
}

int __rl_pthread_spin_init(pthread_spinlock_t *s, int pshared,
                           rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_new_object(spin_addr(s), sizeof *s, RL_OBJ_PTHREAD_SPIN, site);
  return pthread_spin_init(s, pshared);
}

int __rl_pthread_spin_destroy(pthread_spinlock_t *s, rl_site_t *site) {
  (void)site;
  int r = pthread_spin_destroy(s);
  if (r == 0 && rl_enabled)
    rl_sync_forget_range(spin_addr(s), sizeof *s);
  return r;
}

int __rl_pthread_spin_lock(pthread_spinlock_t *s, rl_site_t *site) {
  int r = pthread_spin_lock(s);
  if (r == 0 && rl_enabled)
    rl_icpt_acquire(spin_addr(s), RL_EV_SPIN_LOCK, RL_OBJ_PTHREAD_SPIN, site,
                    0);
  return r;
}

int __rl_pthread_spin_trylock(pthread_spinlock_t *s, rl_site_t *site) {
  int r = pthread_spin_trylock(s);
  if (!rl_enabled)
    return r;
  if (r == 0)
    rl_icpt_try_acquired(spin_addr(s), RL_EV_SPIN_LOCK, RL_OBJ_PTHREAD_SPIN,
                         site);
  else
    rl_icpt_note(spin_addr(s), RL_EV_MUTEX_TRYLOCK_FAIL, RL_OBJ_PTHREAD_SPIN,
                 site, 0);
  return r;
}

int __rl_pthread_spin_unlock(pthread_spinlock_t *s, rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_release(spin_addr(s), RL_EV_SPIN_UNLOCK, RL_OBJ_PTHREAD_SPIN, site);
  return pthread_spin_unlock(s);
}

RL_FP_TWIN2(int, pthread_mutex_init, pthread_mutex_t *,
            const pthread_mutexattr_t *)
RL_FP_TWIN1(int, pthread_mutex_destroy, pthread_mutex_t *)
RL_FP_TWIN1(int, pthread_mutex_lock, pthread_mutex_t *)
RL_FP_TWIN1(int, pthread_mutex_trylock, pthread_mutex_t *)
RL_FP_TWIN2(int, pthread_mutex_timedlock, pthread_mutex_t *,
            const struct timespec *)
RL_FP_TWIN3(int, pthread_mutex_clocklock, pthread_mutex_t *, clockid_t,
            const struct timespec *)
RL_FP_TWIN1(int, pthread_mutex_unlock, pthread_mutex_t *)
RL_FP_TWIN2(int, pthread_spin_init, pthread_spinlock_t *, int)
RL_FP_TWIN1(int, pthread_spin_destroy, pthread_spinlock_t *)
RL_FP_TWIN1(int, pthread_spin_lock, pthread_spinlock_t *)
RL_FP_TWIN1(int, pthread_spin_trylock, pthread_spinlock_t *)
RL_FP_TWIN1(int, pthread_spin_unlock, pthread_spinlock_t *)
