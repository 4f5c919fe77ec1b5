/*
 * pthread_mutex_clocklock is pthread_mutex_lock with a deadline: when it
 * gets the lock it is ordered after the previous unlock, like any lock.
 */
// expect: no race
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static long counter;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  clockid_t clock = arg ? CLOCK_MONOTONIC : CLOCK_REALTIME;
  for (int i = 0; i < 100; i++) {
    struct timespec t;
    clock_gettime(clock, &t);
    t.tv_sec += 30;
    if (pthread_mutex_clocklock(&mu, clock, &t) != 0)
      return NULL;
    counter++;
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, worker, i % 2 ? &mu : NULL);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  printf("counter = %ld\n", counter);
  return 0;
}
