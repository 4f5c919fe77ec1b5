/*
 * A race five calls deep: the report shows the whole call stack of both
 * accesses, so the student can see how each goroutine got there.
 */
// expect: race balance (lines 14, 14)
// expect-stderr: apply_interest
#include <racelens/go.h>
#include <stdio.h>

static long balance = 1000;
static waitgroup_t wg;

__attribute__((noinline)) static void add_to_balance(long amount) {
  balance += amount;
}

__attribute__((noinline)) static void apply_interest(int percent) {
  add_to_balance(10L * percent);
}

__attribute__((noinline)) static void month_end(int percent) {
  apply_interest(percent);
}

__attribute__((noinline)) static void year_end(void) {
  for (int m = 0; m < 12; m++)
    month_end(1);
}

static void bank_clerk(void *arg) {
  (void)arg;
  year_end();
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 2);
  go(bank_clerk, NULL);
  go(bank_clerk, NULL);
  wg_wait(&wg);
  printf("balance = %ld\n", balance);
  return 0;
}
