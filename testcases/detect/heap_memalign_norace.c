/*
 * Blocks from memalign, valloc, pvalloc, reallocarray and strndup, each
 * filled by one thread, handed over by join, used and freed by main; then
 * the same sizes again (the allocator reuses the addresses): a new block
 * is new memory, so no race with what its addresses held before.
 */
// expect: no race
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = 5, SIZE = 200 };

static void *fill(void *arg) {
  char **blocks = arg;
  blocks[0] = memalign(32, SIZE);
  blocks[1] = valloc(SIZE);
  blocks[2] = pvalloc(SIZE);
  blocks[3] = reallocarray(NULL, SIZE / 4, 4);
  blocks[3] = reallocarray(blocks[3], SIZE / 2, 4);
  for (int i = 0; i < 4; i++)
    if (blocks[i])
      memset(blocks[i], 'a' + i, SIZE);
  blocks[4] = strndup("racelens", 4);
  return NULL;
}

static long use(char **blocks) {
  long sum = 0;
  for (int i = 0; i < N; i++) {
    if (!blocks[i])
      continue;
    sum += blocks[i][0];
    free(blocks[i]);
  }
  return sum;
}

int main(void) {
  long sum = 0;
  for (int round = 0; round < 3; round++) {
    char *blocks[N] = {0};
    pthread_t t;
    pthread_create(&t, NULL, fill, blocks);
    pthread_join(t, NULL);
    sum += use(blocks);
  }
  printf("sum = %ld\n", sum);
  return 0;
}
