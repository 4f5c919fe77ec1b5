/*
 * A write after pthread_create races with the new thread's read.
 */
// expect: race input (lines 12, 19)
#include <pthread.h>
#include <stdio.h>

static int input;

static void *worker(void *arg) {
  (void)arg;
  printf("input = %d\n", input);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  input = 5;
  pthread_join(t, NULL);
  return 0;
}
