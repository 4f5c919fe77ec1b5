/*
 * once_do: the call that runs the function happens before every once_do
 * on the same once returns, so every goroutine may read what it set up.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

static int table[4];
static once_t once;
static waitgroup_t wg;

static void setup(void) {
  for (int i = 0; i < 4; i++)
    table[i] = i + 1;
}

static void worker(void *arg) {
  (void)arg;
  once_do(&once, setup);
  printf("%d\n", table[3]);
  wg_done(&wg);
}

int main(void) {
  for (int i = 0; i < 3; i++) {
    wg_add(&wg, 1);
    go(worker, NULL);
  }
  wg_wait(&wg);
  return 0;
}
