/*
 * Capacity 2 lets two goroutines into the "critical section" at once:
 * their increments race.
 *
 * ThreadSanitizer (with the runtime built under it too) misses this race:
 * it takes the runtime's own internal synchronisation -- its locks, and
 * goroutines reusing pooled threads -- for ordering that the Go memory
 * model does not promise.
 */
// expect: race counter (lines 23, 23)
#include <racelens/go.h>
#include <stdio.h>

static int counter;
static chan_t *sem;
static waitgroup_t wg;

static void worker(void *arg) {
  (void)arg;
  int token = 0;
  for (int i = 0; i < 20; i++) {
    chan_send(sem, &token);
    counter++;
    chan_recv(sem, &token);
  }
  wg_done(&wg);
}

int main(void) {
  sem = CHAN(int, 2);
  for (int i = 0; i < 2; i++) {
    wg_add(&wg, 1);
    go(worker, NULL);
  }
  wg_wait(&wg);
  printf("counter = %d\n", counter);
  return 0;
}
