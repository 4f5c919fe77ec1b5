/*
 * `go` orders only what the parent did before it: a write after starting
 * the goroutine races with the goroutine's read.
 */
// expect: race config (lines 14, 21)
#include <racelens/go.h>
#include <stdio.h>

static int config;
static waitgroup_t wg;

static void worker(void *arg) {
  (void)arg;
  printf("config = %d\n", config);
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 1);
  go(worker, NULL);
  config = 42;
  wg_wait(&wg);
  return 0;
}
