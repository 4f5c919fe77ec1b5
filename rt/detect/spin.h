/*
 * rt/detect/spin.h -- the detector's tiny lock, for critical sections of a
 * few dozen instructions (a read set, a sync clock, a goroutine's history).
 *
 * Why not a pthread mutex: those sections are far shorter than a futex
 * round trip, and a lock word of 4 bytes fits inside the structures it
 * guards.  Why it yields after a while: the machine may have fewer cores
 * than runnable goroutines, and spinning on a preempted holder wastes the
 * holder's time slice.
 */
#ifndef RL_SPIN_H
#define RL_SPIN_H

#include <sched.h>
#include <stdint.h>

typedef uint32_t rl_spin_t;

/* One round of waiting for something another thread is about to finish. */
static inline void rl_backoff(unsigned *spins) {
  if (++*spins > 64)
    sched_yield();
#if defined(__x86_64__) || defined(__i386__)
  else
    __asm__ volatile("pause");
#endif
}

static inline void rl_spin_lock(rl_spin_t *l) {
  unsigned spins = 0;
  while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
    while (__atomic_load_n(l, __ATOMIC_RELAXED))
      rl_backoff(&spins);
}

static inline void rl_spin_unlock(rl_spin_t *l) {
  __atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

#endif /* RL_SPIN_H */
