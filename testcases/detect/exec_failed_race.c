/*
 * An exec that fails returns, after racelens ended the run for it: the
 * program says so in one line and goes on, and its exit still reports the
 * race and turns the status into 66.
 */
// expect: race hits (lines 18, 18)
// expect-stderr: racelens: execv failed (No such file or directory) after the run was ended for it
// expect-stdout-lines: ^exec failed, going on$
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int hits;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++)
    hits++;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  char *argv[] = {"nothing", NULL};
  execv("/nonexistent/nothing", argv);
  printf("exec failed, going on\n");
  return 0;
}
