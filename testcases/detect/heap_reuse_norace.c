/*
 * Heap reuse: a goroutine fills and frees blocks, then tells main over a
 * channel; main allocates blocks of the same size (the allocator hands
 * back the same addresses) and uses them.  A new block is new memory: no
 * race with what the addresses held before.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>

enum { N = 16, SIZE = 48 };

static void churn(void *arg) {
  chan_t *done = arg;
  char *blocks[N];
  for (int i = 0; i < N; i++) {
    blocks[i] = malloc(SIZE);
    for (int j = 0; j < SIZE; j++)
      blocks[i][j] = (char)j;
  }
  for (int i = 0; i < N; i++)
    free(blocks[i]);
  int token = 1;
  chan_send(done, &token);
}

int main(void) {
  chan_t *done = CHAN(int, 0);
  int token;
  go(churn, done);
  chan_recv(done, &token);
  long sum = 0;
  for (int i = 0; i < N; i++) {
    char *p = malloc(SIZE);
    for (int j = 0; j < SIZE; j++)
      p[j] = (char)i;
    sum += p[SIZE - 1];
    free(p);
  }
  printf("sum = %ld\n", sum);
  return 0;
}
