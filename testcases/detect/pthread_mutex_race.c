/*
 * Two threads, two different mutexes: each lock orders only its own
 * holders, so the shared counter races.
 */
// expect: race counter (lines 17, 17)
#include <pthread.h>
#include <stdio.h>

static int counter;
static pthread_mutex_t locks[2] = {PTHREAD_MUTEX_INITIALIZER,
                                   PTHREAD_MUTEX_INITIALIZER};

static void *worker(void *arg) {
  pthread_mutex_t *mine = arg;
  for (int i = 0; i < 100; i++) {
    pthread_mutex_lock(mine);
    counter++;
    pthread_mutex_unlock(mine);
  }
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, &locks[i]);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  printf("counter = %d\n", counter);
  return 0;
}
