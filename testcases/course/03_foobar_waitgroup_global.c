/*
 * 03 -- foo and bar as goroutines, waited for with a global WaitGroup.
 *
 * A WaitGroup is a counter of unfinished work: main adds 2 before starting
 * the goroutines, each goroutine calls wg_done when it is finished, and
 * wg_wait blocks until the counter is back to zero.  Now all 90 lines are
 * printed on every run, but Foo and Bar lines may interleave differently
 * each time: the two goroutines run concurrently and nothing orders them
 * against each other, only against main's wg_wait.
 */
// expect: no race
// expect-stdout-sorted: 01_foobar_sequential.out
#include <racelens/go.h>
#include <stdio.h>

static waitgroup_t wg; /* the zero value is ready to use */

static void foo(void *arg) {
  (void)arg;
  for (int i = 0; i < 45; i++)
    printf("Foo: %d\n", i);
  wg_done(&wg);
}

static void bar(void *arg) {
  (void)arg;
  for (int i = 0; i < 45; i++)
    printf("Bar: %d\n", i);
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 2);
  go(foo, NULL);
  go(bar, NULL);
  wg_wait(&wg);
  return 0;
}
