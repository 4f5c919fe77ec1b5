/*
 * rt/detect/intercept_rwlock.c -- pthread read-write locks.
 *
 * The rules of the runtime's rwmutex: a write unlock orders the next read
 * and write locks; a read unlock orders the next write lock only (readers
 * do not order each other).  So each rwlock has two clocks: the "write"
 * clock at its address, released by write unlocks and acquired by every
 * lock, and the "read" clock at its address + 1, released by read unlocks
 * and acquired by write locks.  Both addresses lie inside the object, so
 * forgetting the object's range drops both.
 *
 * pthread_rwlock_unlock does not say which kind of lock it releases.  A
 * thread that holds a write lock is the only one that may unlock it, so
 * each thread remembers the rwlocks it holds for writing: an unlock of one
 * of those is a write unlock, any other is a read unlock.
 *
 * The timed and clock variants are the blocking locks with a deadline:
 * the same edges when they get the lock, none when the deadline passes
 * (logged like a failed trylock).
 */
#define _GNU_SOURCE /* pthread_rwlock_clockrdlock, pthread_rwlock_clockwrlock  \
                     */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "intercept_common.h"

static __thread pthread_rwlock_t **wr_held;
static __thread size_t nwr_held, capwr_held;

static const void *read_clock_addr(const pthread_rwlock_t *rw) {
  return (const char *)rw + 1;
}

static void note_write_held(pthread_rwlock_t *rw) {
  if (nwr_held == capwr_held) {
    size_t n = capwr_held ? capwr_held * 2 : 4;
    pthread_rwlock_t **p = realloc(wr_held, n * sizeof *p);
    if (!p)
      return; /* its unlock will count as a read unlock: fewer edges */
    wr_held = p;
    capwr_held = n;
  }
  wr_held[nwr_held++] = rw;
}

/* True (and forgotten) when the calling thread holds rw for writing. */
static bool take_write_held(pthread_rwlock_t *rw) {
  for (size_t i = nwr_held; i-- > 0;) {
    if (wr_held[i] == rw) {
      wr_held[i] = wr_held[--nwr_held];
      return true;
    }
  }
  return false;
}

/* waited: ns spent waiting; RL_TRIED for a trylock, which cannot wait. */
#define RL_TRIED UINT64_MAX

static void locked(pthread_rwlock_t *rw, uint16_t ev, const rl_site_t *site,
                   uint64_t waited) {
  if (waited == RL_TRIED)
    rl_icpt_try_acquired(rw, ev, RL_OBJ_PTHREAD_RWLOCK, site);
  else
    rl_icpt_acquire(rw, ev, RL_OBJ_PTHREAD_RWLOCK, site, waited);
}

static void read_locked(pthread_rwlock_t *rw, const rl_site_t *site,
                        uint64_t waited) {
  locked(rw, RL_EV_RLOCK, site, waited);
}

static void write_locked(pthread_rwlock_t *rw, const rl_site_t *site,
                         uint64_t waited) {
  note_write_held(rw);
  rl_acquire(rl_clock_at(read_clock_addr(rw)));
  locked(rw, RL_EV_MUTEX_LOCK, site, waited);
}

int __rl_pthread_rwlock_init(pthread_rwlock_t *rw,
                             const pthread_rwlockattr_t *a, rl_site_t *site) {
  if (rl_enabled)
    rl_icpt_new_object(rw, sizeof *rw, RL_OBJ_PTHREAD_RWLOCK, site);
  return pthread_rwlock_init(rw, a);
}

int __rl_pthread_rwlock_destroy(pthread_rwlock_t *rw, rl_site_t *site) {
  (void)site;
  int r = pthread_rwlock_destroy(rw);
  if (r == 0 && rl_enabled)
    rl_sync_forget_range(rw, sizeof *rw);
  return r;
}

int __rl_pthread_rwlock_rdlock(pthread_rwlock_t *rw, rl_site_t *site) {
  if (!rl_enabled)
    return pthread_rwlock_rdlock(rw);
  uint64_t waited = 0;
  int r = pthread_rwlock_tryrdlock(rw);
  if (r == EBUSY) {
    uint64_t t0 = rl_now_ns();
    r = pthread_rwlock_rdlock(rw);
    waited = rl_now_ns() - t0;
  }
  if (r == 0)
    read_locked(rw, site, waited);
  return r;
}

int __rl_pthread_rwlock_tryrdlock(pthread_rwlock_t *rw, rl_site_t *site) {
  int r = pthread_rwlock_tryrdlock(rw);
  if (!rl_enabled)
    return r;
  if (r == 0)
    read_locked(rw, site, RL_TRIED);
  else
    rl_icpt_note(rw, RL_EV_MUTEX_TRYLOCK_FAIL, RL_OBJ_PTHREAD_RWLOCK, site, 0);
  return r;
}

int __rl_pthread_rwlock_wrlock(pthread_rwlock_t *rw, rl_site_t *site) {
  if (!rl_enabled)
    return pthread_rwlock_wrlock(rw);
  uint64_t waited = 0;
  int r = pthread_rwlock_trywrlock(rw);
  if (r == EBUSY) {
    uint64_t t0 = rl_now_ns();
    r = pthread_rwlock_wrlock(rw);
    waited = rl_now_ns() - t0;
  }
  if (r == 0)
    write_locked(rw, site, waited);
  return r;
}

int __rl_pthread_rwlock_trywrlock(pthread_rwlock_t *rw, rl_site_t *site) {
  int r = pthread_rwlock_trywrlock(rw);
  if (!rl_enabled)
    return r;
  if (r == 0)
    write_locked(rw, site, RL_TRIED);
  else
    rl_icpt_note(rw, RL_EV_MUTEX_TRYLOCK_FAIL, RL_OBJ_PTHREAD_RWLOCK, site, 0);
  return r;
}

/* After a timed or clock lock attempt that took `waited` ns. */
static int timed_read(pthread_rwlock_t *rw, int r, const rl_site_t *site,
                      uint64_t waited) {
  if (r == 0)
    read_locked(rw, site, waited);
  else
    rl_icpt_note(rw, RL_EV_MUTEX_TRYLOCK_FAIL, RL_OBJ_PTHREAD_RWLOCK, site, r);
  return r;
}

static int timed_write(pthread_rwlock_t *rw, int r, const rl_site_t *site,
                       uint64_t waited) {
  if (r == 0)
    write_locked(rw, site, waited);
  else
    rl_icpt_note(rw, RL_EV_MUTEX_TRYLOCK_FAIL, RL_OBJ_PTHREAD_RWLOCK, site, r);
  return r;
}

int __rl_pthread_rwlock_timedrdlock(pthread_rwlock_t *rw,
                                    const struct timespec *t, rl_site_t *site) {
  if (!rl_enabled)
    return pthread_rwlock_timedrdlock(rw, t);
  uint64_t t0 = rl_now_ns();
  int r = pthread_rwlock_timedrdlock(rw, t);
  return timed_read(rw, r, site, rl_now_ns() - t0);
}

int __rl_pthread_rwlock_timedwrlock(pthread_rwlock_t *rw,
                                    const struct timespec *t, rl_site_t *site) {
  if (!rl_enabled)
    return pthread_rwlock_timedwrlock(rw, t);
  uint64_t t0 = rl_now_ns();
  int r = pthread_rwlock_timedwrlock(rw, t);
  return timed_write(rw, r, site, rl_now_ns() - t0);
}

int __rl_pthread_rwlock_clockrdlock(pthread_rwlock_t *rw, clockid_t clock,
                                    const struct timespec *t, rl_site_t *site) {
  if (!rl_enabled)
    return pthread_rwlock_clockrdlock(rw, clock, t);
  uint64_t t0 = rl_now_ns();
  int r = pthread_rwlock_clockrdlock(rw, clock, t);
  return timed_read(rw, r, site, rl_now_ns() - t0);
}

int __rl_pthread_rwlock_clockwrlock(pthread_rwlock_t *rw, clockid_t clock,
                                    const struct timespec *t, rl_site_t *site) {
  if (!rl_enabled)
    return pthread_rwlock_clockwrlock(rw, clock, t);
  uint64_t t0 = rl_now_ns();
  int r = pthread_rwlock_clockwrlock(rw, clock, t);
  return timed_write(rw, r, site, rl_now_ns() - t0);
}

int __rl_pthread_rwlock_unlock(pthread_rwlock_t *rw, rl_site_t *site) {
  if (!rl_enabled)
    return pthread_rwlock_unlock(rw);
  if (take_write_held(rw)) {
    rl_icpt_release(rw, RL_EV_MUTEX_UNLOCK, RL_OBJ_PTHREAD_RWLOCK, site);
  } else {
    rl_evinfo_t e = {0};
    e.kind = RL_EV_RUNLOCK;
    e.obj = rl_object(rw, RL_OBJ_PTHREAD_RWLOCK, site, 0, 0, 0);
    e.site = site;
    e.release = rl_clock_at(read_clock_addr(rw));
    rl_event(&e);
  }
  return pthread_rwlock_unlock(rw);
}

RL_FP_TWIN2(int, pthread_rwlock_init, pthread_rwlock_t *,
            const pthread_rwlockattr_t *)
RL_FP_TWIN1(int, pthread_rwlock_destroy, pthread_rwlock_t *)
RL_FP_TWIN1(int, pthread_rwlock_rdlock, pthread_rwlock_t *)
RL_FP_TWIN1(int, pthread_rwlock_tryrdlock, pthread_rwlock_t *)
RL_FP_TWIN1(int, pthread_rwlock_wrlock, pthread_rwlock_t *)
RL_FP_TWIN1(int, pthread_rwlock_trywrlock, pthread_rwlock_t *)
RL_FP_TWIN2(int, pthread_rwlock_timedrdlock, pthread_rwlock_t *,
            const struct timespec *)
RL_FP_TWIN2(int, pthread_rwlock_timedwrlock, pthread_rwlock_t *,
            const struct timespec *)
RL_FP_TWIN3(int, pthread_rwlock_clockrdlock, pthread_rwlock_t *, clockid_t,
            const struct timespec *)
RL_FP_TWIN3(int, pthread_rwlock_clockwrlock, pthread_rwlock_t *, clockid_t,
            const struct timespec *)
RL_FP_TWIN1(int, pthread_rwlock_unlock, pthread_rwlock_t *)
