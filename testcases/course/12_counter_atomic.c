/*
 * 12 -- fixing the race with an atomic read-modify-write.
 *
 * atomic_fetch_add does the read, the add and the write as one
 * indivisible step, so no increment can be lost.  Atomic operations never
 * race with each other; what they do not give you is a critical section
 * for several variables at once (use a mutex for that).  The final load
 * after wg_wait sees all 4000 increments.
 */
// expect: no race
// expect-stdout: 12_counter_atomic.out
#include <racelens/go.h>
#include <stdatomic.h>
#include <stdio.h>

enum { WORKERS = 4, INCREMENTS = 1000 };

static atomic_int counter;
static waitgroup_t wg;

static void increment(void *arg) {
  (void)arg;
  for (int i = 0; i < INCREMENTS; i++)
    atomic_fetch_add(&counter, 1);
  wg_done(&wg);
}

int main(void) {
  for (int i = 0; i < WORKERS; i++) {
    wg_add(&wg, 1);
    go(increment, NULL);
  }
  wg_wait(&wg);
  printf("counter = %d (expected %d)\n", atomic_load(&counter),
         WORKERS * INCREMENTS);
  return 0;
}
