/*
 * `go` orders everything the parent did before it before the child's
 * first step: the child may read what main wrote before starting it.
 */
// expect: no race
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
  config = 42;
  wg_add(&wg, 1);
  go(worker, NULL);
  wg_wait(&wg);
  return 0;
}
