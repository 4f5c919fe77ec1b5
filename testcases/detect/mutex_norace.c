/*
 * mutex_unlock -> the next mutex_lock: increments under the lock are
 * ordered one after the other.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

static int counter;
static mutex_t mu;
static waitgroup_t wg;

static void worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
    mutex_lock(&mu);
    counter++;
    mutex_unlock(&mu);
  }
  wg_done(&wg);
}

int main(void) {
  for (int i = 0; i < 3; i++) {
    wg_add(&wg, 1);
    go(worker, NULL);
  }
  wg_wait(&wg);
  printf("counter = %d\n", counter);
  return 0;
}
