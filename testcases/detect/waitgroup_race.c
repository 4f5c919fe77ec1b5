/*
 * A write after wg_done is not ordered before wg_wait's return.  (The
 * second WaitGroup only keeps main alive until the late write happened:
 * main's read comes before it waits, so nothing orders the two.)
 */
// expect: race total (lines 16, 25)
#include <racelens/go.h>
#include <stdio.h>

static int total;
static waitgroup_t wg, finished;

static void worker(void *arg) {
  (void)arg;
  wg_done(&wg);
  total = 10;
  wg_done(&finished);
}

int main(void) {
  wg_add(&wg, 1);
  wg_add(&finished, 1);
  go(worker, NULL);
  wg_wait(&wg);
  printf("total = %d\n", total);
  wg_wait(&finished);
  return 0;
}
