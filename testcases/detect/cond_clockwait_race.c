/*
 * The producer hands over the flag under the mutex but writes the payload
 * after unlocking: the waiter's pthread_cond_clockwait is ordered after the
 * unlock, not after what comes later.
 */
// expect: race payload (lines 23, 38)
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
  pthread_mutex_lock(&mu);
  ready = 1;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
  payload = 4242;
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
