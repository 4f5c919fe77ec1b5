/*
 * Past 1,024 goroutines the detector hands a dead goroutine's clock slot
 * to a new one.  Here main waits for `early` before it starts `late`, so
 * early's write happens before late's, and late may take over early's
 * slot: no race, and none must be invented by the reuse.
 */
// expect: no race
// expect-runs: 5
#include <racelens/go.h>
#include <stdio.h>

enum { PARKED = 1023 }; /* with main: 1,024 slots in use */

static int shared;
static waitgroup_t done, early_done;

static void early(void *arg) {
  shared = *(int *)arg;
  wg_done(&early_done);
}

static void late(void *arg) {
  (void)arg;
  shared = 2;
  wg_done(&done);
}

static void parked(void *arg) {
  chan_recv((chan_t *)arg, NULL);
  wg_done(&done);
}

int main(void) {
  static int one = 1;
  chan_t *gate = CHAN(int, 0);
  wg_add(&done, PARKED + 1);
  wg_add(&early_done, 1);
  for (int i = 0; i < PARKED; i++)
    go(parked, gate);
  go(early, &one);
  wg_wait(&early_done);
  sleep_ms(20); /* early has ended, and main knew its last clock */
  go(late, NULL);
  chan_close(gate);
  wg_wait(&done);
  printf("shared = %d\n", shared);
  return 0;
}
