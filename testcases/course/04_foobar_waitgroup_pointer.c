/*
 * 04 -- the same, with the WaitGroup passed by pointer.
 *
 * A global WaitGroup ties every function to one shared variable.  Passing
 * a pointer to a WaitGroup that lives in main makes each goroutine's
 * dependency explicit.  It must be a pointer: a copy of a WaitGroup is a
 * different counter, and wg_done on a copy would never release main.
 */
// expect: no race
// expect-stdout-sorted: 01_foobar_sequential.out
#include <racelens/go.h>
#include <stdio.h>

static void foo(void *arg) {
  waitgroup_t *wg = arg;
  for (int i = 0; i < 45; i++)
    printf("Foo: %d\n", i);
  wg_done(wg);
}

static void bar(void *arg) {
  waitgroup_t *wg = arg;
  for (int i = 0; i < 45; i++)
    printf("Bar: %d\n", i);
  wg_done(wg);
}

int main(void) {
  waitgroup_t wg = WAITGROUP_INIT;
  wg_add(&wg, 2);
  go(foo, &wg);
  go(bar, &wg);
  wg_wait(&wg);
  return 0;
}
