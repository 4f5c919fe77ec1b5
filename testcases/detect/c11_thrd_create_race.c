/*
 * thrd_create orders what the parent did before it, not after: the
 * parent's write after creating the thread races with the child's read.
 */
// expect: race config (lines 13, 19)
#include <stdio.h>
#include <threads.h>

static int config;

static int worker(void *arg) {
  (void)arg;
  return config;
}

int main(void) {
  thrd_t t;
  thrd_create(&t, worker, NULL);
  config = 5;
  int r;
  thrd_join(t, &r);
  printf("worker saw %d\n", r >= 0);
  return 0;
}
