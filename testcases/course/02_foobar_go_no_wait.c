/*
 * 02 -- `go foo(); go bar();` and nothing else.
 *
 * `go` starts a function and returns at once; it does not wait for it.
 * Here main starts both goroutines and then simply returns, and returning
 * from main ends the whole program, goroutines included.  Each line takes
 * a little time (sleep_us stands for real work), so the program ends with
 * most lines never printed: the work was started but never waited for. racelens
 * lists the goroutines that were still running when the program ended (on
 * stderr), which is the clue to this classic bug. There is no data race: the
 * two goroutines share nothing.
 */
// expect: no race
// expect-stdout-lines: ^(Foo|Bar): [0-9]+$
// expect-stderr: still running at exit
// expect-stderr: (foo)
// expect-stderr: (bar)
#include <racelens/go.h>
#include <stdio.h>

static void foo(void *arg) {
  (void)arg;
  for (int i = 0; i < 45; i++) {
    printf("Foo: %d\n", i);
    sleep_us(2000);
  }
}

static void bar(void *arg) {
  (void)arg;
  for (int i = 0; i < 45; i++) {
    printf("Bar: %d\n", i);
    sleep_us(2000);
  }
}

int main(void) {
  go(foo, NULL);
  go(bar, NULL);
  return 0;
}
