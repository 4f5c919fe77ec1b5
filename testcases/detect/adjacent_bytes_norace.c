/*
 * Different bytes of one word are different memory locations: goroutines
 * each writing their own char of a small array do not race.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

static char flags[8];
static waitgroup_t wg;

static void worker(void *arg) {
  int me = (int)(intptr_t)arg;
  for (int i = 0; i < 100; i++)
    flags[me] = (char)('a' + (i + me) % 26);
  wg_done(&wg);
}

int main(void) {
  for (int i = 0; i < 8; i++) {
    wg_add(&wg, 1);
    go(worker, (void *)(intptr_t)i);
  }
  wg_wait(&wg);
  printf("%.8s\n", flags);
  return 0;
}
