/*
 * pthread_tryjoin_np and pthread_timedjoin_np order the caller after the
 * thread when they join it: reading the thread's result after a
 * successful join is safe.
 */
// expect: no race
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long result[2];

static void *worker(void *arg) {
  long *slot = arg;
  *slot = (slot - result + 1) * 100;
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, &result[i]);

  while (pthread_tryjoin_np(t[0], NULL) == EBUSY)
    usleep(1000);
  printf("tryjoin: %ld\n", result[0]);

  struct timespec d;
  clock_gettime(CLOCK_REALTIME, &d);
  d.tv_sec += 30;
  if (pthread_timedjoin_np(t[1], NULL, &d) == 0)
    printf("timedjoin: %ld\n", result[1]);
  return 0;
}
