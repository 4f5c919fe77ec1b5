/*
 * call_once: the call that runs the init function happens before every
 * call_once on the same flag returns, so every thread sees the table.
 */
// expect: no race
#include <stdio.h>
#include <threads.h>

static once_flag once = ONCE_FLAG_INIT;
static int table[16];

static void fill(void) {
  for (int i = 0; i < 16; i++)
    table[i] = i * i;
}

static int worker(void *arg) {
  call_once(&once, fill);
  *(int *)arg = table[15];
  return 0;
}

int main(void) {
  thrd_t t[4];
  int seen[4];
  for (int i = 0; i < 4; i++)
    thrd_create(&t[i], worker, &seen[i]);
  for (int i = 0; i < 4; i++)
    thrd_join(t[i], NULL);
  printf("%d %d %d %d\n", seen[0], seen[1], seen[2], seen[3]);
  return 0;
}
