/*
 * Sleeping orders nothing.  The sleep makes the two accesses happen far
 * apart in time, so the program "works" -- but no synchronisation
 * connects them, and on a loaded machine the order could flip.  racelens
 * reports it on every run, whatever the timing.
 */
// expect: race ready_value (lines 16, 24)
#include <racelens/go.h>
#include <stdio.h>

static int ready_value;
static waitgroup_t wg;

static void prepare(void *arg) {
  (void)arg;
  ready_value = 42;
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 1);
  go(prepare, NULL);
  sleep_ms(50); /* "surely done by now" */
  printf("value = %d\n", ready_value);
  wg_wait(&wg);
  return 0;
}
