/*
 * pthread_clockjoin_np orders the caller after the thread when it joins
 * it; a join that times out first and then succeeds is ordered by the
 * success.
 */
// expect: no race
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

static long result;
static sem_t release;

static void *worker(void *arg) {
  (void)arg;
  sem_wait(&release);
  result = 300;
  return NULL;
}

int main(void) {
  pthread_t t;
  sem_init(&release, 0, 0);
  pthread_create(&t, NULL, worker, NULL);
  struct timespec d;
  clock_gettime(CLOCK_MONOTONIC, &d);
  int first = pthread_clockjoin_np(t, NULL, CLOCK_MONOTONIC, &d);
  sem_post(&release);
  d.tv_sec += 30;
  if (pthread_clockjoin_np(t, NULL, CLOCK_MONOTONIC, &d) == 0)
    printf("clockjoin: %ld (first try %s)\n", result,
           first ? "timed out" : "joined");
  return 0;
}
