/*
 * rt/detect/intercept_barrier.c -- pthread barriers.
 *
 * Every thread arriving at a barrier releases into a clock and every
 * thread leaving it acquires that clock, so everything before the barrier
 * in any thread happens before everything after it in every thread.
 *
 * Barriers are reused, and a fast thread may arrive for round k+1 while a
 * slow one is still leaving round k: with a single clock the slow leaver
 * would acquire round k+1's arrivals and miss real races.  So rounds
 * alternate between two clocks.  Round k+2 cannot start while anyone is
 * still leaving round k (that thread has not arrived at round k+1, which
 * therefore cannot complete), so two suffice.  Which round a thread is in
 * is counted here, with the count given to pthread_barrier_init; a
 * barrier whose init we did not see uses one clock (fewer edges missed
 * than none at all).
 */
#include <pthread.h>
#include <stdlib.h>

#include "intercept_common.h"

typedef struct barrier_state {
  const pthread_barrier_t *b;
  unsigned count; /* 0: init unseen */
  unsigned arrived;
  uint64_t round;
  rl_clock_t *clock[2];
  struct barrier_state *next;
} barrier_state_t;

static pthread_mutex_t states_mu = PTHREAD_MUTEX_INITIALIZER;
static barrier_state_t *states; /* few barriers live at once: a list */

/* With states_mu held. */
static barrier_state_t **find_state(const pthread_barrier_t *b) {
  barrier_state_t **pp = &states;
  while (*pp && (*pp)->b != b)
    pp = &(*pp)->next;
  return pp;
}

static void drop_state(const pthread_barrier_t *b) {
  pthread_mutex_lock(&states_mu);
  barrier_state_t **pp = find_state(b), *s = *pp;
  if (s)
    *pp = s->next;
  pthread_mutex_unlock(&states_mu);
  if (s) {
    rl_clock_free(s->clock[0]);
    rl_clock_free(s->clock[1]);
    free(s);
  }
}

static barrier_state_t *get_state(const pthread_barrier_t *b, unsigned count,
                                  bool reset) {
  pthread_mutex_lock(&states_mu);
  barrier_state_t **pp = find_state(b), *s = *pp;
  if (s && reset) {
    s->count = count;
    s->arrived = 0;
  }
  if (!s && (s = calloc(1, sizeof *s))) {
    s->b = b;
    s->count = count;
    s->clock[0] = rl_clock_new();
    s->clock[1] = rl_clock_new();
    s->next = states;
    states = s;
  }
  pthread_mutex_unlock(&states_mu);
  return s;
}

/* Counts the caller in; returns the round it arrived for. */
static uint64_t arrive(barrier_state_t *s) {
  pthread_mutex_lock(&states_mu);
  uint64_t round = s->round;
  if (s->count && ++s->arrived == s->count) {
    s->arrived = 0;
    s->round++;
  }
  pthread_mutex_unlock(&states_mu);
  return round;
}

int __rl_pthread_barrier_init(pthread_barrier_t *b,
                              const pthread_barrierattr_t *a, unsigned count,
                              rl_site_t *site) {
  int r = pthread_barrier_init(b, a, count);
  if (r == 0 && rl_enabled) {
    rl_icpt_new_object(b, sizeof *b, RL_OBJ_PTHREAD_BARRIER, site);
    get_state(b, count, true);
  }
  return r;
}

int __rl_pthread_barrier_destroy(pthread_barrier_t *b, rl_site_t *site) {
  (void)site;
  int r = pthread_barrier_destroy(b);
  if (r == 0 && rl_enabled) {
    drop_state(b);
    rl_sync_forget_range(b, sizeof *b);
  }
  return r;
}

int __rl_pthread_barrier_wait(pthread_barrier_t *b, rl_site_t *site) {
  barrier_state_t *s = rl_enabled ? get_state(b, 0, false) : NULL;
  if (!s)
    return pthread_barrier_wait(b);
  uint64_t round = arrive(s);
  rl_clock_t *clock = s->clock[round & 1];
  uint64_t obj = rl_object(b, RL_OBJ_PTHREAD_BARRIER, site, 0, 0, 0);
  rl_evinfo_t e = {0};
  e.kind = RL_EV_BARRIER;
  e.obj = obj;
  e.site = site;
  e.value = round;
  e.release = clock;
  rl_event(&e);
  uint64_t t0 = rl_now_ns();
  int r = pthread_barrier_wait(b);
  rl_evinfo_t l = {0};
  l.kind = RL_EV_BARRIER;
  l.obj = obj;
  l.site = site;
  l.value = round;
  l.aux = 1; /* leaving */
  l.acquire = clock;
  l.block_ns = rl_now_ns() - t0;
  rl_event(&l);
  return r;
}

RL_FP_TWIN3(int, pthread_barrier_init, pthread_barrier_t *,
            const pthread_barrierattr_t *, unsigned)
RL_FP_TWIN1(int, pthread_barrier_destroy, pthread_barrier_t *)
RL_FP_TWIN1(int, pthread_barrier_wait, pthread_barrier_t *)
