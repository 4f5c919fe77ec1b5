/*
 * The fix for lock_order_deadlock.c: every transfer takes the two account
 * locks in one order, the account with the lower number first, whichever
 * way the money goes.  No cycle, so no potential deadlock, and the two
 * transfers may now run at the same moment.
 */
// expect: no race
// expect-stdout: lock_order_one_order_norace.out
#include <racelens/go.h>
#include <stdio.h>

struct account {
  int number;
  mutex_t mu;
  long balance;
};

static struct account a = {.number = 1, .balance = 100},
                      b = {.number = 2, .balance = 100};
static waitgroup_t wg;

static void transfer(struct account *from, struct account *to, long n) {
  struct account *lo = from->number < to->number ? from : to;
  struct account *hi = lo == from ? to : from;
  mutex_lock(&lo->mu);
  mutex_lock(&hi->mu);
  from->balance -= n;
  to->balance += n;
  mutex_unlock(&hi->mu);
  mutex_unlock(&lo->mu);
}

static void a_to_b(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    transfer(&a, &b, 1);
  wg_done(&wg);
}

static void b_to_a(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    transfer(&b, &a, 2);
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 2);
  go(a_to_b, NULL);
  go(b_to_a, NULL);
  wg_wait(&wg);
  printf("a=%ld b=%ld\n", a.balance, b.balance);
  return 0;
}
