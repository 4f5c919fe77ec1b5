/*
 * 11 -- fixing the race with a mutex.
 *
 * A mutex lets one goroutine at a time into the code between
 * mutex_lock and mutex_unlock.  Each unlock happens before the next
 * lock, so every increment is ordered after the previous one: no update
 * is lost and there is no data race.  The count is exactly 4000.
 */
// expect: no race
// expect-stdout: 11_counter_mutex.out
#include <racelens/go.h>
#include <stdio.h>

enum { WORKERS = 4, INCREMENTS = 1000 };

static int counter;
static mutex_t mu; /* the zero value is an unlocked mutex */
static waitgroup_t wg;

static void increment(void *arg) {
  (void)arg;
  for (int i = 0; i < INCREMENTS; i++) {
    mutex_lock(&mu);
    int value = counter;
    go_yield();
    counter = value + 1;
    mutex_unlock(&mu);
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
