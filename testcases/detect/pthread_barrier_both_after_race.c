/*
 * A barrier orders what comes before it against what comes after it; two
 * threads that both write after the same barrier are not ordered.
 */
// expect: race winner (lines 14, 14)
#include <pthread.h>
#include <stdio.h>

static long winner;
static pthread_barrier_t start_line;

static void *runner(void *arg) {
  pthread_barrier_wait(&start_line);
  winner = (long)arg;
  return NULL;
}

int main(void) {
  pthread_t t[2];
  pthread_barrier_init(&start_line, NULL, 2);
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, runner, (void *)(i + 1));
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  pthread_barrier_destroy(&start_line);
  printf("winner = %ld\n", winner);
  return 0;
}
