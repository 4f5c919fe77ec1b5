/*
 * A byte through a pipe orders memory: everything the writer did before
 * write() happens before everything the reader does after the read() that
 * got it.  The worker fills `result`, then writes to the pipe; main waits
 * in read() and only then looks at `result`.
 */
// expect: no race
// expect-stdout-lines: ^result = 4950$
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static long result;
static int fds[2];

static void *worker(void *arg) {
  (void)arg;
  long sum = 0;
  for (int i = 0; i < 100; i++)
    sum += i;
  result = sum;
  if (write(fds[1], "!", 1) != 1)
    perror("write");
  return NULL;
}

int main(void) {
  if (pipe(fds) != 0)
    return 1;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  char done;
  if (read(fds[0], &done, 1) == 1)
    printf("result = %ld\n", result);
  pthread_join(t, NULL);
  close(fds[0]);
  close(fds[1]);
  return 0;
}
