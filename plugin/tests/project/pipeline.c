#include "pipeline.h"

#include "tally.h"

#include <racelens/go.h>
#include <stdlib.h>

static chan_t *jobs;
static waitgroup_t wg;

static void square_worker(void *arg) {
  (void)arg;
  int v;
  while (chan_recv(jobs, &v))
    tally_add((long)v * v);
  wg_done(&wg);
}

void run_pipeline(int n) {
  jobs = CHAN(int, 4);
  for (int i = 0; i < NWORKERS; i++) {
    wg_add(&wg, 1);
    go(square_worker, NULL);
  }
  int *vals = malloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; i++) {
    vals[i] = i + 1;
    chan_send(jobs, &vals[i]);
  }
  chan_close(jobs);
  wg_wait(&wg);
  free(vals);
}
