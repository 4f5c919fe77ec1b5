/*
 * _exit ends the process without its exit handlers, but not without
 * racelens' end: the race below is reported, the status becomes 66 as
 * with exit(), and the run is whole in the database.  A forked child's
 * _exit keeps its own status (here 7, as after a failed exec).
 */
// expect: race hits (lines 19, 19)
// expect-stdout-lines: ^child exited 7$
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
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
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0)
    _exit(7);
  int st = 0;
  waitpid(pid, &st, 0);
  printf("child exited %d\n", WEXITSTATUS(st));
  fflush(stdout);
  _exit(3);
}
