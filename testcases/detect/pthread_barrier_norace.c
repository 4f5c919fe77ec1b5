/*
 * A barrier orders everything before it in every thread before everything
 * after it in every thread -- round after round on the same barrier.
 */
// expect: no race
#include <pthread.h>
#include <stdio.h>

enum { N = 3, ROUNDS = 10 };
static int slot[N];
static long sum;
static pthread_barrier_t barrier;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  int me = (int)(long)arg;
  for (int r = 0; r < ROUNDS; r++) {
    slot[me] = r + me;
    pthread_barrier_wait(&barrier);
    int next = slot[(me + 1) % N];
    pthread_barrier_wait(&barrier);
    pthread_mutex_lock(&mu);
    sum += next;
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

int main(void) {
  pthread_t t[N];
  pthread_barrier_init(&barrier, NULL, N);
  for (long i = 0; i < N; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < N; i++)
    pthread_join(t[i], NULL);
  pthread_barrier_destroy(&barrier);
  printf("sum = %ld\n", sum);
  return 0;
}
