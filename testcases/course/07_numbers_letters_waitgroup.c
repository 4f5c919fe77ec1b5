/*
 * 07 -- printNumbers and printLetters, waited for with a WaitGroup.
 *
 * The recipe for waiting: declare a WaitGroup, wg_add the number of
 * goroutines before starting them, wg_done at the end of each, wg_wait in
 * main.  Now all twenty characters appear; the 500 us sleeps let the scheduler
 * interleave numbers and letters, differently from run to run.
 */
// expect: no race
// expect-stdout-lines: ^([0-9A-J] ){20}$
#include <racelens/go.h>
#include <stdio.h>

static void printNumbers(void *arg) {
  waitgroup_t *wg = arg;
  for (int i = 0; i < 10; i++) {
    sleep_us(500);
    printf("%d ", i);
  }
  wg_done(wg);
}

static void printLetters(void *arg) {
  waitgroup_t *wg = arg;
  for (char c = 'A'; c < 'A' + 10; c++) {
    sleep_us(500);
    printf("%c ", c);
  }
  wg_done(wg);
}

int main(void) {
  waitgroup_t wg = WAITGROUP_INIT;
  wg_add(&wg, 2);
  go(printNumbers, &wg);
  go(printLetters, &wg);
  wg_wait(&wg);
  printf("\n");
  return 0;
}
