/*
 * A goroutine that reads the table without going through once_do is not
 * ordered after the setup.
 */
// expect: race table[3] (lines 15, 27)
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
  wg_done(&wg);
}

static void impatient(void *arg) {
  (void)arg;
  sleep_ms(10);
  printf("%d\n", table[3]);
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 2);
  go(worker, NULL);
  go(impatient, NULL);
  wg_wait(&wg);
  return 0;
}
