/*
 * 23 -- fan-out, fan-in: several workers share one job queue.
 *
 * Fan-out: three workers receive from the same jobs channel, so the jobs
 * spread over them.  Fan-in: they all send to one results channel that
 * main drains.  A WaitGroup tells a small closer goroutine when every
 * worker is done, so it can close results and end main's loop.  Which
 * worker does which job varies from run to run; the total does not.
 */
// expect: no race
// expect-stdout: 23_fan_out_fan_in.out
#include <racelens/go.h>
#include <stdio.h>

enum { WORKERS = 3, JOBS = 20 };

static chan_t *jobs, *results;
static waitgroup_t wg;

static void worker(void *arg) {
  (void)arg;
  int n;
  while (chan_recv(jobs, &n)) {
    int sq = n * n;
    chan_send(results, &sq);
  }
  wg_done(&wg);
}

static void closer(void *arg) {
  (void)arg;
  wg_wait(&wg);
  chan_close(results);
}

int main(void) {
  jobs = CHAN(int, JOBS);
  results = CHAN(int, 0);
  wg_add(&wg, WORKERS);
  for (int i = 0; i < WORKERS; i++)
    go(worker, NULL);
  go(closer, NULL);
  for (int n = 1; n <= JOBS; n++)
    chan_send(jobs, &n);
  chan_close(jobs);
  int sq, count = 0, sum = 0;
  while (chan_recv(results, &sq)) {
    count++;
    sum += sq;
  }
  printf("%d results, sum of squares 1..%d = %d\n", count, JOBS, sum);
  return 0;
}
