/*
 * Two goroutines move money between the same two accounts, each locking
 * the account it takes from first.  One moves a to b, the other b to a:
 * they take the two locks in opposite orders.  Run at the same moment,
 * each would hold its first lock and wait forever for the other's.  This
 * run does not deadlock -- the second transfer starts after the first is
 * done -- but the next one may, and racelens says so: a potential
 * deadlock, with where each lock was taken.  (The relaxed flag only makes
 * the two take turns; it orders nothing.)
 */
// expect: no race
// expect-exit: 66
// expect-stderr: WARNING: POTENTIAL DEADLOCK: locks taken in opposite orders (`b` and `a`)
// expect-stderr: G3 (b_to_a) took `a` at lock_order_deadlock.c:32 while holding `b`, taken at lock_order_deadlock.c:31:
// expect-stderr: G2 (a_to_b) took `b` at lock_order_deadlock.c:32 while holding `a`, taken at lock_order_deadlock.c:31:
// expect-stderr: racelens: 1 potential deadlock (locks taken in orders that form a cycle)
#include <racelens/go.h>
#include <stdatomic.h>
#include <stdio.h>

struct account {
  mutex_t mu;
  long balance;
};

static struct account a = {.balance = 100}, b = {.balance = 100};
static atomic_int first_done;
static waitgroup_t wg;

static void transfer(struct account *from, struct account *to, long n) {
  mutex_lock(&from->mu);
  mutex_lock(&to->mu);
  from->balance -= n;
  to->balance += n;
  mutex_unlock(&to->mu);
  mutex_unlock(&from->mu);
}

static void a_to_b(void *arg) {
  (void)arg;
  transfer(&a, &b, 10);
  atomic_store_explicit(&first_done, 1, memory_order_relaxed);
  wg_done(&wg);
}

static void b_to_a(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&first_done, memory_order_relaxed))
    go_yield();
  transfer(&b, &a, 20);
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
