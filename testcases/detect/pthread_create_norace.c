/*
 * pthread_create orders what the creator did before it before the new
 * thread's start.
 */
// expect: no race
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
  input = 5;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);
  return 0;
}
