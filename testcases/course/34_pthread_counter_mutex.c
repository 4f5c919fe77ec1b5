/*
 * 34 -- the pthreads counter, fixed with a pthread mutex.
 *
 * pthread_mutex_unlock happens before the next pthread_mutex_lock of the
 * same mutex, exactly like the teaching API's mutex in 11, so each
 * increment is ordered after the previous one and the total is exact.
 */
// expect: no race
// expect-stdout: 11_counter_mutex.out
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 4, INCREMENTS = 1000 };

static int counter;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *increment(void *arg) {
  for (int i = 0; i < INCREMENTS; i++) {
    pthread_mutex_lock(&mu);
    counter++;
    pthread_mutex_unlock(&mu);
  }
  return arg;
}

int main(void) {
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&threads[i], NULL, increment, NULL);
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  printf("counter = %d (expected %d)\n", counter, THREADS * INCREMENTS);
  return 0;
}
