/*
 * The worker posts first and writes after: sem_clockwait is ordered after
 * the post, not after what the poster does next.
 */
// expect: race result (lines 18, 30)
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

static int result;
static sem_t done;

static void *worker(void *arg) {
  (void)arg;
  sem_post(&done);
  result = 64;
  return NULL;
}

int main(void) {
  pthread_t t;
  sem_init(&done, 0, 0);
  pthread_create(&t, NULL, worker, NULL);
  struct timespec d;
  clock_gettime(CLOCK_MONOTONIC, &d);
  d.tv_sec += 30;
  sem_clockwait(&done, CLOCK_MONOTONIC, &d);
  printf("result = %d\n", result);
  pthread_join(t, NULL);
  sem_destroy(&done);
  return 0;
}
