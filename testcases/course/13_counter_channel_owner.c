/*
 * 13 -- fixing the race by not sharing: one goroutine owns the counter.
 *
 * Instead of many goroutines touching one variable, a single owner
 * goroutine keeps the count in a local variable and the others send it
 * increments over a channel.  Only the owner ever reads or writes the
 * count, so there is nothing to race on: memory is shared by
 * communicating.  When every worker is done, main closes the channel and
 * the owner replies with the total.
 */
// expect: no race
// expect-stdout: 13_counter_channel_owner.out
#include <racelens/go.h>
#include <stdio.h>

enum { WORKERS = 4, INCREMENTS = 1000 };

static chan_t *increments; /* workers -> owner: one int per increment */
static chan_t *total;      /* owner -> main: the final count */
static waitgroup_t wg;

static void owner(void *arg) {
  (void)arg;
  int counter = 0, delta;
  while (chan_recv(increments, &delta))
    counter += delta;
  chan_send(total, &counter);
}

static void worker(void *arg) {
  (void)arg;
  int one = 1;
  for (int i = 0; i < INCREMENTS; i++)
    chan_send(increments, &one);
  wg_done(&wg);
}

int main(void) {
  increments = CHAN(int, 16);
  total = CHAN(int, 0);
  go(owner, NULL);
  for (int i = 0; i < WORKERS; i++) {
    wg_add(&wg, 1);
    go(worker, NULL);
  }
  wg_wait(&wg);
  chan_close(increments);
  int counter;
  chan_recv(total, &counter);
  printf("counter = %d (expected %d)\n", counter, WORKERS * INCREMENTS);
  return 0;
}
