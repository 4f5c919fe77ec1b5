/*
 * rt/core/futex.h -- the two primitives every blocking path in rt/core is
 * built from: a futex wait/wake pair and a small lock.
 *
 * Why our own lock and not pthread_mutex_t: the sync types of go.h must be
 * usable from all-zero storage and fit in a few bytes, and the lock guards
 * only short critical sections (a channel's queues, a WaitGroup's waiters),
 * so a 4-byte word with a brief spin before sleeping in the kernel is both
 * smaller and faster.  The word is 0 unlocked, 1 locked, 2 locked with
 * sleepers (the classic three-state futex mutex), so an uncontended unlock
 * is a single atomic exchange with no system call.
 */
#ifndef RT_CORE_FUTEX_H
#define RT_CORE_FUTEX_H

#include <stdatomic.h>
#include <stdint.h>

typedef _Atomic uint32_t rt_lock_t;

/* Sleeps while *addr == val (returns at once otherwise, or spuriously). */
void rt_futex_wait(_Atomic uint32_t *addr, uint32_t val);
void rt_futex_wake(_Atomic uint32_t *addr, int n);

void rt_lock_slow(rt_lock_t *l);

static inline void rt_lock(rt_lock_t *l) {
  uint32_t unlocked = 0;
  if (!atomic_compare_exchange_strong_explicit(
          l, &unlocked, 1, memory_order_acquire, memory_order_relaxed))
    rt_lock_slow(l);
}

static inline void rt_unlock(rt_lock_t *l) {
  if (atomic_exchange_explicit(l, 0, memory_order_release) == 2)
    rt_futex_wake(l, 1);
}

/* A CPU pause for spin loops. */
static inline void rt_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

#endif /* RT_CORE_FUTEX_H */
