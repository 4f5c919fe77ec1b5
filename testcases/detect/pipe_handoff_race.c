/*
 * The pipe orders only what came before the write: a worker that signals
 * "done" first and stores its result after races with the reader, which
 * reads `result` as soon as the byte arrives.
 */
// expect: race result (lines 23, 34)
// expect-stderr: before its read was an fd_read at pipe_handoff_race.c:33
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
  if (write(fds[1], "!", 1) != 1) /* too early */
    perror("write");
  usleep(1000);
  result = sum;
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
  return 0;
}
