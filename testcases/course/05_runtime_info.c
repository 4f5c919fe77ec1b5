/*
 * 05 -- what the runtime knows: OS, architecture, CPUs, goroutines.
 *
 * Concurrency is a way of structuring a program; parallelism needs more
 * than one CPU to actually run things at the same time.  This program
 * prints how many CPUs there are and counts goroutines before and after
 * `go foo()`.  Note that main itself is a goroutine: it calls bar()
 * directly while foo runs beside it, and only foo needs wg_add(1).  The
 * second count is 2 if foo is still running, 1 if it already finished.
 */
// expect: no race
// expect-stdout-lines: ^OS\tlinux$
// expect-stdout-lines: ^ARCH\t[a-z0-9]+$
// expect-stdout-lines: ^CPUs\t[1-9][0-9]*$
// expect-stdout-lines: ^Goroutines\t[12]$
// expect-stdout-lines: ^(foo|bar): [0-9]$
#include <racelens/go.h>
#include <stdio.h>

static waitgroup_t wg;

static void foo(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; i++)
    printf("foo: %d\n", i);
  wg_done(&wg);
}

static void bar(void) {
  for (int i = 0; i < 10; i++)
    printf("bar: %d\n", i);
}

int main(void) {
  printf("OS\t%s\n", go_os());
  printf("ARCH\t%s\n", go_arch());
  printf("CPUs\t%d\n", num_cpu());
  printf("Goroutines\t%d\n", num_goroutine());

  wg_add(&wg, 1);
  go(foo, NULL);
  bar();

  printf("Goroutines\t%d\n", num_goroutine());
  wg_wait(&wg);
  return 0;
}
