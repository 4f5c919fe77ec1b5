/*
 * Mutex-heavy: goroutines increment shared counters, each increment under
 * a mutex_t.  Measures the cost of tracking lock/unlock (a clock acquire
 * and release each) against the lock itself.
 */
#include <racelens/go.h>
#include <stdio.h>

enum { WORKERS = 4, INCREMENTS = 100000 };

static long counter, lockings;
static mutex_t mu;
static waitgroup_t wg;

static void worker(void *arg) {
  (void)arg;
  for (int i = 0; i < INCREMENTS; i++) {
    mutex_lock(&mu);
    counter++;
    lockings += i & 1;
    mutex_unlock(&mu);
  }
  wg_done(&wg);
}

int main(void) {
  for (int w = 0; w < WORKERS; w++) {
    wg_add(&wg, 1);
    go(worker, NULL);
  }
  wg_wait(&wg);
  printf("counter = %ld (%ld)\n", counter, lockings);
  return 0;
}
