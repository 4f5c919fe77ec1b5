/*
 * 06 -- printNumbers and printLetters with sleeps, not waited for.
 *
 * Each goroutine sleeps 20 ms (20000 us) before every character, standing
 * in for slow work and giving the scheduler a chance to switch.  But main
 * starts them and returns at once, so the program usually ends before either
 * prints anything (and stdout is only flushed by main's exit, so a late
 * character is lost). racelens lists both goroutines as still running when the
 * program ended.
 */
// expect: no race
// expect-stdout-lines: ^[0-9A-J ]*$
// expect-stderr: still running at exit
// expect-stderr: (printNumbers)
// expect-stderr: (printLetters)
#include <racelens/go.h>
#include <stdio.h>

static void printNumbers(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; i++) {
    sleep_us(20000);
    printf("%d ", i);
  }
}

static void printLetters(void *arg) {
  (void)arg;
  for (char c = 'A'; c < 'A' + 10; c++) {
    sleep_us(20000);
    printf("%c ", c);
  }
}

int main(void) {
  go(printNumbers, NULL);
  go(printLetters, NULL);
  return 0;
}
