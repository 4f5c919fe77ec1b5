/*
 * A thread that ends with pthread_exit is joined like one that returns:
 * its writes happen before the join's return.
 */
// expect: no race
#include <pthread.h>
#include <stdio.h>

static int done_work;

static void finish(void) {
  done_work = 1;
  pthread_exit(NULL);
}

static void *worker(void *arg) {
  (void)arg;
  finish();
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);
  printf("done_work = %d\n", done_work);
  return 0;
}
