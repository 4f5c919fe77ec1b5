/*
 * Atomic accesses never race with each other, whatever their memory
 * order: relaxed increments from many goroutines are fine.
 */
// expect: no race
#include <racelens/go.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_long hits;
static waitgroup_t wg;

static void worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 200; i++)
    atomic_fetch_add_explicit(&hits, 1, memory_order_relaxed);
  wg_done(&wg);
}

int main(void) {
  for (int i = 0; i < 3; i++) {
    wg_add(&wg, 1);
    go(worker, NULL);
  }
  wg_wait(&wg);
  printf("hits = %ld\n", atomic_load(&hits));
  return 0;
}
