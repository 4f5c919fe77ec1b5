/*
 * 10 -- the same race, made visible: read, yield, write.
 *
 * Splitting the increment into a read, a go_yield() and a write widens
 * the window between the steps, so the scheduler switches goroutines
 * right in the middle and updates are lost on almost every run: the final
 * count is well below 4000.  The race was there in 09 too; the yield only
 * makes its damage show.  racelens reports the write racing with another
 * goroutine's write, and the read racing with another goroutine's write.
 */
// expect: race counter (lines 25, 27)
// expect: race counter (lines 27, 27)
// expect-stdout-lines: ^counter = [0-9]+ \(expected 4000\)$
#include <racelens/go.h>
#include <stdio.h>

enum { WORKERS = 4, INCREMENTS = 1000 };

static int counter;
static waitgroup_t wg;

static void increment(void *arg) {
  (void)arg;
  for (int i = 0; i < INCREMENTS; i++) {
    int value = counter;
    go_yield();
    counter = value + 1;
  }
  wg_done(&wg);
}

int main(void) {
  for (int i = 0; i < WORKERS; i++) {
    wg_add(&wg, 1);
    go(increment, NULL);
  }
  wg_wait(&wg);
  printf("counter = %d (expected %d)\n", counter, WORKERS * INCREMENTS);
  return 0;
}
