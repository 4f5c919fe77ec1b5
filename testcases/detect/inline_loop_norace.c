/*
 * The fixed twin of inline_loop_race.c: the sum starts after the fill,
 * ordered by a channel.  Built with -O2, both loops' accesses are tested
 * inline; a goroutine's repeat reads of words another goroutine wrote and
 * handed over are not a race.
 */
// expect: no race
// expect-cflags: -O2
#include <racelens/go.h>
#include <stdio.h>

enum { N = 4096 };

static double samples[N];
static double mean;
static waitgroup_t wg;

static void fill(void *arg) {
  chan_t *filled = arg;
  for (int i = 0; i < N; i++)
    samples[i] = 0.5 * i;
  chan_send(filled, &(int){1});
  wg_done(&wg);
}

static void average(void *arg) {
  chan_t *filled = arg;
  int token;
  chan_recv(filled, &token);
  for (int pass = 0; pass < 3; pass++) {
    double s = 0;
    for (int i = 0; i < N; i++)
      s += samples[i];
    mean = s / N;
  }
  wg_done(&wg);
}

int main(void) {
  chan_t *filled = chan_make(sizeof(int), 0);
  wg_add(&wg, 2);
  go(fill, filled);
  go(average, filled);
  wg_wait(&wg);
  printf("mean %.2f\n", mean);
  return 0;
}
