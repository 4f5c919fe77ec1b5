/*
 * main may end with pthread_exit(NULL): its thread ends, the others run
 * on, and the process exits with status 0 when the last of them ends
 * (a common ending of pthreads programs).  The two workers still race on
 * `hits`; the program must end, not wait for ever on racelens' own idle
 * threads.
 */
// expect: race hits (lines 17, 17)
// expect-stdout-lines: ^worker [01] done$
#include <pthread.h>
#include <stdio.h>

static int hits;

static void *worker(void *arg) {
  for (int i = 0; i < 1000; i++)
    hits++;
  printf("worker %ld done\n", (long)arg);
  return NULL;
}

int main(void) {
  pthread_t t;
  for (long i = 0; i < 2; i++)
    pthread_create(&t, NULL, worker, (void *)i);
  pthread_exit(NULL);
}
