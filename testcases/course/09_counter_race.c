/*
 * 09 -- the race condition: four goroutines do `counter++`.
 *
 * `counter++` is three steps: read counter, add one, write it back.  When
 * two goroutines interleave those steps, both read the same old value and
 * one increment is lost.  Nothing orders one goroutine's increments
 * against another's (the WaitGroup only orders each of them before main's
 * wg_wait), so this is a data race whether or not an update is lost on a
 * given run.  racelens reports it on every run, naming `counter` and the
 * line, and exits with status 66.  Fixes: 11 (mutex), 12 (atomic),
 * 13 (one goroutine owns the counter).
 */
// expect: race counter (lines 26, 26)
// expect-stdout-lines: ^counter = [0-9]+ \(expected 4000\)$
#include <racelens/go.h>
#include <stdio.h>

enum { WORKERS = 4, INCREMENTS = 1000 };

static int counter;
static waitgroup_t wg;

static void increment(void *arg) {
  (void)arg;
  for (int i = 0; i < INCREMENTS; i++)
    counter++;
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
