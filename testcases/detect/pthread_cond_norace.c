/*
 * Condition variable handoff: the producer writes the data, sets the
 * predicate and signals under the mutex; the consumer waits for the
 * predicate and then reads the data.
 */
// expect: no race
#include <pthread.h>
#include <stdio.h>

static int data, ready;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg) {
  (void)arg;
  data = 17;
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
  while (!ready)
    pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  printf("data = %d\n", data);
  pthread_join(t, NULL);
  return 0;
}
