/*
 * wg_done -> wg_wait: what each worker wrote before wg_done is visible
 * after wg_wait returns.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

static int squares[4];
static waitgroup_t wg;

static void worker(void *arg) {
  int i = (int)(intptr_t)arg;
  squares[i] = i * i;
  wg_done(&wg);
}

int main(void) {
  for (int i = 0; i < 4; i++) {
    wg_add(&wg, 1);
    go(worker, (void *)(intptr_t)i);
  }
  wg_wait(&wg);
  printf("%d %d %d %d\n", squares[0], squares[1], squares[2], squares[3]);
  return 0;
}
