/*
 * quick_exit skips the atexit handlers and runs the at_quick_exit ones.
 * racelens still ends the run after them: the race the handler below
 * makes (reading `total`, which a thread nobody joined wrote) is
 * reported, the status becomes 66 as with exit(), and the run is whole in
 * the database.
 */
// expect: race total (lines 21, 27)
// expect-stdout-lines: ^total [0-9]+$
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int total;
static atomic_int added; /* relaxed: says when, orders nothing */

static void *adder(void *arg) {
  (void)arg;
  total += 10;
  atomic_store_explicit(&added, 1, memory_order_relaxed);
  return NULL;
}

static void report(void) {
  printf("total %d\n", total);
  fflush(stdout);
}

int main(void) {
  at_quick_exit(report);
  pthread_t t;
  pthread_create(&t, NULL, adder, NULL);
  pthread_detach(t);
  while (!atomic_load_explicit(&added, memory_order_relaxed))
    usleep(1000);
  quick_exit(3);
}
