/*
 * A write after sem_post is not ordered before the waiter's read.
 */
// expect: race result (lines 15, 24)
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

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
  sem_wait(&done);
  printf("result = %d\n", result);
  pthread_join(t, NULL);
  sem_destroy(&done);
  return 0;
}
