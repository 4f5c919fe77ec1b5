/*
 * A lock protects only code that takes it: one goroutine forgetting the
 * mutex races with the one that holds it.
 */
// expect: race counter (lines 17, 26)
#include <racelens/go.h>
#include <stdio.h>

static int counter;
static mutex_t mu;
static waitgroup_t wg;

static void careful(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
    mutex_lock(&mu);
    counter++;
    mutex_unlock(&mu);
  }
  wg_done(&wg);
}

static void careless(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    counter++;
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 2);
  go(careful, NULL);
  go(careless, NULL);
  wg_wait(&wg);
  printf("counter = %d\n", counter);
  return 0;
}
