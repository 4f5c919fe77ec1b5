/*
 * 14 -- an unbuffered channel hands a value over, and synchronizes.
 *
 * An unbuffered channel has no room: a send waits until a receiver takes
 * the value, so sender and receiver meet.  That meeting orders memory too:
 * everything the worker wrote before chan_send is visible to main after
 * chan_recv.  So main may read `report`, a plain global the worker filled
 * in, without a lock and without a race.
 */
// expect: no race
// expect-stdout: 14_chan_unbuffered_handoff.out
#include <racelens/go.h>
#include <stdio.h>
#include <string.h>

static char report[64]; /* written by the worker, read by main */

static void worker(void *arg) {
  chan_t *done = arg;
  int answer = 6 * 7;
  snprintf(report, sizeof report, "the answer is %d", answer);
  chan_send(done, &answer);
}

int main(void) {
  chan_t *done = CHAN(int, 0);
  go(worker, done);
  int answer;
  chan_recv(done, &answer);
  printf("received %d\n", answer);
  printf("report: %s (%zu chars)\n", report, strlen(report));
  return 0;
}
