/*
 * sem_post -> a sem_clockwait that takes the count: the poster's writes
 * are visible to the waiter.
 */
// expect: no race
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

static int result;
static sem_t done;

static void *worker(void *arg) {
  (void)arg;
  result = 64;
  sem_post(&done);
  return NULL;
}

int main(void) {
  pthread_t t;
  sem_init(&done, 0, 0);
  pthread_create(&t, NULL, worker, NULL);
  struct timespec d;
  clock_gettime(CLOCK_MONOTONIC, &d);
  d.tv_sec += 30;
  if (sem_clockwait(&done, CLOCK_MONOTONIC, &d) == 0)
    printf("result = %d\n", result);
  pthread_join(t, NULL);
  sem_destroy(&done);
  return 0;
}
