/*
 * Past 1,024 goroutines the detector hands a dead goroutine's clock slot
 * to a new one.  Here nobody waits for `early` to end, so `late` must not
 * inherit its slot: that would make late's write look ordered after
 * early's.  Sleeping orders nothing; the two writes race.
 */
// expect: race shared (lines 18, 23)
// expect-runs: 5
#include <racelens/go.h>
#include <stdio.h>

enum { PARKED = 1023 }; /* with main: 1,024 slots in use */

static int shared;
static waitgroup_t done;

static void early(void *arg) {
  shared = *(int *)arg;
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
  for (int i = 0; i < PARKED; i++)
    go(parked, gate);
  go(early, &one);
  sleep_ms(50); /* early has ended; no one knows it */
  go(late, NULL);
  chan_close(gate);
  wg_wait(&done);
  printf("shared = %d\n", shared);
  return 0;
}
