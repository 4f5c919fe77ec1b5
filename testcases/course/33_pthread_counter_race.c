/*
 * 33 -- the counter race in plain pthreads.
 *
 * Goroutines are not special: the same lost-update race happens with
 * POSIX threads, and racelens finds it the same way.  pthread_create
 * orders the parent's earlier work before the thread, pthread_join
 * orders the thread's work before the join returns; nothing orders the
 * two threads' increments against each other.
 */
// expect: race counter (lines 21, 21)
// expect-stdout-lines: ^counter = [0-9]+ \(expected 4000\)$
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 4, INCREMENTS = 1000 };

static int counter;

static void *increment(void *arg) {
  for (int i = 0; i < INCREMENTS; i++)
    counter++;
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
