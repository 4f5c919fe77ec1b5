/*
 * 3,000 times over, two threads write the same fresh element at the same
 * instant (a relaxed-atomic rendezvous, which orders nothing).  Every one
 * of those writes races, and each race must be counted: two writes that
 * reach the detector's record of a word together must not both miss the
 * other.  All of them are one race to the student: one location pair.
 */
// expect: race cells (lines 26, 26)
// expect-stderr: racelens: 3000 data races in 1 location
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

enum { TRIALS = 3000 };
static long cells[TRIALS]; /* one element per 8-byte word */
static atomic_int round_a, round_b;

static void *worker(void *arg) {
  atomic_int *mine = arg;
  for (int i = 0; i < TRIALS; i++) {
    /* Both threads reach trial i, then both write cells[i] at once. */
    atomic_store_explicit(mine, i + 1, memory_order_relaxed);
    while (atomic_load_explicit(&round_a, memory_order_relaxed) < i + 1 ||
           atomic_load_explicit(&round_b, memory_order_relaxed) < i + 1) {
    }
    cells[i] = i;
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, &round_a);
  pthread_create(&b, NULL, worker, &round_b);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", cells[TRIALS - 1]);
  return 0;
}
