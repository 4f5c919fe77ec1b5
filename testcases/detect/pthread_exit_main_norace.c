/*
 * The fixed twin of pthread_exit_main_race: a mutex orders the increments.
 * main ends its own thread with pthread_exit(NULL) before the workers are
 * done; the last worker to end ends the process, status 0.  A goroutine
 * started before counts the same as the threads.
 */
// expect: no race
// expect-exit: 0
// expect-stdout-lines: ^worker [01] done$
// expect-stdout-lines: ^goroutine done$
#include <pthread.h>
#include <racelens/go.h>
#include <stdio.h>

static int hits;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  for (int i = 0; i < 1000; i++) {
    pthread_mutex_lock(&mu);
    hits++;
    pthread_mutex_unlock(&mu);
  }
  printf("worker %ld done\n", (long)arg);
  return NULL;
}

static void late(void *arg) {
  (void)arg;
  sleep_ms(20);
  printf("goroutine done\n");
}

int main(void) {
  pthread_t t;
  go(late, NULL);
  for (long i = 0; i < 2; i++)
    pthread_create(&t, NULL, worker, (void *)i);
  pthread_exit(NULL);
}
