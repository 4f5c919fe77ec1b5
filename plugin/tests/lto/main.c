// Half of a racy program built with -flto (lto.sh): main bumps `hits`
// while the worker in worker.c does the same; the WaitGroup only orders
// both before the print.
#include <racelens/go.h>
#include <stdio.h>

extern int hits;
extern waitgroup_t done;
void worker(void *arg);

int main(void) {
  wg_add(&done, 1);
  go(worker, NULL);
  hits++;
  wg_wait(&done);
  printf("%d\n", hits);
  return 0;
}
