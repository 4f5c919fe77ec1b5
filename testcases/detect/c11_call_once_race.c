/*
 * call_once orders only the threads that call it: a thread that reads the
 * table without going through call_once races with the initialiser.
 */
// expect: race table (lines 14, 24)
#include <stdio.h>
#include <threads.h>

static once_flag once = ONCE_FLAG_INIT;
static int table[16];

static void fill(void) {
  for (int i = 0; i < 16; i++)
    table[i] = i * i;
}

static int user(void *arg) {
  call_once(&once, fill);
  *(int *)arg = table[3];
  return 0;
}

static int peeker(void *arg) {
  *(int *)arg = table[3];
  return 0;
}

int main(void) {
  thrd_t a, b;
  int x, y;
  thrd_create(&a, user, &x);
  thrd_create(&b, peeker, &y);
  thrd_join(a, NULL);
  thrd_join(b, NULL);
  printf("%d\n", x);
  return 0;
}
