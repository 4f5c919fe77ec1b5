/*
 * Reading the thread's result before joining it is a race, even when the
 * thread has long finished: only the join orders the two.
 */
// expect: race result (lines 13, 21)
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static long result;

static void *worker(void *arg) {
  result = (long)arg * 2;
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, (void *)21);
  usleep(20000);
  printf("result = %ld\n", result);
  pthread_join(t, NULL);
  return 0;
}
