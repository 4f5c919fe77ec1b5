/*
 * rt/core/futex.c -- futex system calls and the slow path of rt_lock.
 */
#include "futex.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

void rt_futex_wait(_Atomic uint32_t *addr, uint32_t val) {
  syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

void rt_futex_wake(_Atomic uint32_t *addr, int n) {
  syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

/* Spin a little first: the critical sections are a few dozen instructions,
 * so the holder is usually about to release.  After that, mark the word 2
 * ("sleepers") so the unlocker knows to wake someone. */
void rt_lock_slow(rt_lock_t *l) {
  for (int i = 0; i < 100; i++) {
    uint32_t unlocked = 0;
    if (atomic_load_explicit(l, memory_order_relaxed) == 0 &&
        atomic_compare_exchange_weak_explicit(
            l, &unlocked, 1, memory_order_acquire, memory_order_relaxed))
      return;
    rt_cpu_relax();
  }
  while (atomic_exchange_explicit(l, 2, memory_order_acquire) != 0)
    rt_futex_wait(l, 2);
}
