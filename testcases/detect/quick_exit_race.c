/*
 * quick_exit skips the atexit handlers and runs the at_quick_exit ones.
 * racelens still ends the run after them: the race the handler below
 * makes (reading `total`, which a thread nobody joined wrote) is
 * reported, the status becomes 66 as with exit(), and the run is whole in
 * the database.
 */
// expect: race total (lines 19, 24)
// expect-stdout-lines: ^total [0-9]+$
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int total;

static void *adder(void *arg) {
  (void)arg;
  total += 10;
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
  usleep(20000); /* orders nothing */
  quick_exit(3);
}
