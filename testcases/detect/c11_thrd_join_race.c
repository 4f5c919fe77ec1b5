/*
 * Reading a C11 thread's result before thrd_join is a race, even when the
 * thread has long finished: only the join orders the two.
 */
// expect: race result (lines 13, 21)
#include <stdio.h>
#include <threads.h>
#include <time.h>

static long result;

static int worker(void *arg) {
  result = (long)arg * 2;
  return 0;
}

int main(void) {
  thrd_t t;
  thrd_create(&t, worker, (void *)21);
  thrd_sleep(&(struct timespec){.tv_nsec = 20000000}, NULL);
  printf("result = %ld\n", result);
  thrd_join(t, NULL);
  return 0;
}
