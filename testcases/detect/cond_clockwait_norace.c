/*
 * A flag handed over under a mutex, the waiter sleeping in
 * pthread_cond_clockwait: the wait's return re-locks the mutex, so
 * everything the producer did before unlocking is visible.
 */
// expect: no race
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static int ready;
static long payload;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg) {
  (void)arg;
  payload = 4242;
  pthread_mutex_lock(&mu);
  ready = 1;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  pthread_mutex_lock(&mu);
  while (!ready) {
    struct timespec d;
    clock_gettime(CLOCK_MONOTONIC, &d);
    d.tv_sec += 1;
    pthread_cond_clockwait(&cv, &mu, CLOCK_MONOTONIC, &d);
  }
  pthread_mutex_unlock(&mu);
  printf("payload = %ld\n", payload);
  pthread_join(t, NULL);
  return 0;
}
