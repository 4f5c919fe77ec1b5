/*
 * pthread_join orders the whole thread before the join's return: main may
 * read what the thread wrote.
 */
// expect: no race
#include <pthread.h>
#include <stdio.h>

static long result;

static void *worker(void *arg) {
  result = (long)arg * 2;
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, (void *)21);
  pthread_join(t, NULL);
  printf("result = %ld\n", result);
  return 0;
}
