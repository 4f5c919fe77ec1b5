/*
 * One barrier per round is not enough: a thread's read of its neighbour's
 * slot in one round races with the neighbour's write of the next round.
 *
 * ThreadSanitizer misses this one: it keeps one clock per barrier across
 * rounds, so a thread slow to leave round k acquires what faster threads
 * did in round k+1.  racelens keeps a clock per round.
 */
// expect: race slot[me] (lines 21, 23)
#include <pthread.h>
#include <stdio.h>

enum { N = 3, ROUNDS = 10 };
static int slot[N];
static pthread_barrier_t barrier;

static void *worker(void *arg) {
  int me = (int)(long)arg;
  long sum = 0;
  for (int r = 0; r < ROUNDS; r++) {
    slot[me] = r + me;
    pthread_barrier_wait(&barrier);
    sum += slot[(me + 1) % N];
  }
  return (void *)sum;
}

int main(void) {
  pthread_t t[N];
  pthread_barrier_init(&barrier, NULL, N);
  for (long i = 0; i < N; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < N; i++)
    pthread_join(t[i], NULL);
  pthread_barrier_destroy(&barrier);
  printf("done\n");
  return 0;
}
