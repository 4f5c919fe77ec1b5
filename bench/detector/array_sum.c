/*
 * Access-heavy, race-free: goroutines each own a slice of one big array
 * and run a few passes of read-modify-write stencil updates over it, then
 * main sums the result.  Nearly every instruction is a plain load or
 * store, so this measures the cost of checking accesses.
 */
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>

enum { N = 1 << 21, WORKERS = 4, PASSES = 6 };

static int *data;
static waitgroup_t wg;

static void work(void *arg) {
  long w = (long)(intptr_t)arg;
  long lo = w * (N / WORKERS), hi = lo + N / WORKERS;
  for (int pass = 0; pass < PASSES; pass++)
    for (long i = lo + 1; i < hi - 1; i++)
      data[i] = (data[i - 1] + 2 * data[i] + data[i + 1]) / 4 + pass;
  wg_done(&wg);
}

int main(void) {
  data = malloc(N * sizeof *data);
  for (long i = 0; i < N; i++)
    data[i] = (int)(i % 1000);
  for (long w = 0; w < WORKERS; w++) {
    wg_add(&wg, 1);
    go(work, (void *)(intptr_t)w);
  }
  wg_wait(&wg);
  long sum = 0;
  for (long i = 0; i < N; i++)
    sum += data[i];
  printf("sum = %ld\n", sum);
  free(data);
  return 0;
}
