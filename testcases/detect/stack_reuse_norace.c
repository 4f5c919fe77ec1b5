/*
 * Stack reuse: goroutines run on pooled threads, so a later goroutine's
 * locals can sit at the addresses an earlier, unrelated goroutine's
 * locals used.  Nothing orders the two goroutines (the sleep orders
 * nothing), yet a new goroutine's stack is new memory: no race.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>
#include <string.h>

static waitgroup_t wg;
static chan_t *results;

/* Not inlined: its argument points into the caller's stack frame. */
__attribute__((noinline)) static int fill(int *buf, int n, int seed) {
  int sum = 0;
  for (int i = 0; i < n; i++) {
    buf[i] = seed + i;
    sum += buf[i];
  }
  return sum;
}

static void worker(void *arg) {
  int local[32];
  int sum = fill(local, 32, (int)(intptr_t)arg);
  chan_send(results, &sum);
  wg_done(&wg);
}

int main(void) {
  results = CHAN(int, 8);
  for (int i = 0; i < 6; i++) {
    wg_add(&wg, 1);
    go(worker, (void *)(intptr_t)i);
    sleep_ms(5);
  }
  wg_wait(&wg);
  int sum, total = 0;
  for (int i = 0; i < 6; i++) {
    chan_recv(results, &sum);
    total += sum;
  }
  printf("total = %d\n", total);
  return 0;
}
