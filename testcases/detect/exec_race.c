/*
 * exec replaces the program without running its exit handlers, but not
 * without racelens' end: the race below is reported and summed up, and
 * the run is whole in the database (status "exec") before /bin/true
 * takes the process over.  The process's status is then /bin/true's.
 */
// expect: race hits (lines 19, 19)
// expect-exit: 0
// expect-stderr: in 1 location
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
  execl("/bin/true", "true", (char *)NULL);
  perror("execl");
  return 1;
}
