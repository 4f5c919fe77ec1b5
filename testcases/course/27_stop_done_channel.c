/*
 * 27 -- stopping a goroutine, way 2: a done channel.
 *
 * When the work has no natural end, the goroutine checks a done channel
 * between steps with a select and a default branch.  Closing done is the
 * signal: a receive on a closed channel succeeds at once, for every
 * goroutine watching it.  The close also orders main's earlier writes
 * before the worker's exit, and wg_wait orders the worker's `ticks`
 * before main reads it.
 */
// expect: no race
// expect-stdout-lines: ^worker stopped after [0-9]+ ticks$
#include <racelens/go.h>
#include <stdio.h>

static chan_t *done;
static waitgroup_t wg;
static int ticks;

static void worker(void *arg) {
  (void)arg;
  for (;;) {
    int signal;
    select_case_t cases[] = {RECV(done, &signal)};
    if (chan_select(1, cases, true) == 0)
      break;
    ticks++;
    sleep_us(200);
  }
  wg_done(&wg);
}

int main(void) {
  done = CHAN(int, 0);
  wg_add(&wg, 1);
  go(worker, NULL);
  sleep_ms(5);
  chan_close(done);
  wg_wait(&wg);
  printf("worker stopped after %d ticks\n", ticks);
  return 0;
}
