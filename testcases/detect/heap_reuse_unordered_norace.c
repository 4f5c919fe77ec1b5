/*
 * Heap reuse with nothing ordering the two goroutines: main hands blocks
 * to a goroutine that writes and frees them; later (after a sleep, which
 * orders nothing) main allocates blocks of the same size and writes them.
 * The allocator gives main back addresses the goroutine wrote, yet a
 * fresh block has no history: this must not be reported as a race.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>

enum { N = 32, SIZE = 40 };
static char *blocks[N];

static void use_and_free(void *arg) {
  waitgroup_t *wg = arg;
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < SIZE; j++)
      blocks[i][j] = 'x';
    free(blocks[i]);
  }
  wg_done(wg);
}

int main(void) {
  waitgroup_t wg = WAITGROUP_INIT;
  for (int i = 0; i < N; i++)
    blocks[i] = malloc(SIZE);
  wg_add(&wg, 1);
  go(use_and_free, &wg);
  sleep_ms(30);
  long sum = 0;
  for (int i = 0; i < N; i++) {
    char *p = malloc(SIZE);
    for (int j = 0; j < SIZE; j++)
      p[j] = 'y';
    sum += p[0];
  }
  wg_wait(&wg);
  printf("sum = %ld\n", sum);
  return 0;
}
