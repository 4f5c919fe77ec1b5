/*
 * A signal handler's accesses, checked while the interrupted code of the
 * same thread is inside the detector's slow path.  The slow path can hold
 * a read set's lock or have a record half put in (marked busy until its
 * site is stored); a handler touching the same word must not wait for the
 * thread it interrupted, which cannot go on until the handler returns.
 *
 * main reads and writes `x` in a loop, each time in a new epoch (a mutex
 * lock/unlock between), so every access takes the slow path, while a timer
 * delivers SIGALRM every 20 us and the handler reads and writes `x` too.
 * Without the detector's reentry guard this hangs within a second or two
 * (ctest's timeout fails it); with it the run ends, with no race: the
 * handler runs on the thread it interrupts.
 */
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#include "detect_harness.h"
#include "racelens/go.h"

static rl_site_t sites[] = {
    {.kind = RL_SITE_READ, .size = 8, .line = 1, .file = "s.c", .expr = "x"},
    {.kind = RL_SITE_WRITE, .size = 8, .line = 2, .file = "s.c", .expr = "x"},
    {.kind = RL_SITE_READ, .size = 8, .line = 3, .file = "s.c", .expr = "x"},
    {.kind = RL_SITE_WRITE, .size = 8, .line = 4, .file = "s.c", .expr = "x"},
};
static rl_module_t mod = {.abi_version = RL_ABI_VERSION,
                          .sites = sites,
                          .nsites = 4,
                          .source = "s.c"};

static long x;
static volatile sig_atomic_t handled;

static void on_alarm(int sig) {
  (void)sig;
  __rl_read8(&x, &sites[2]);
  __rl_write8(&x, &sites[3]);
  handled++;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void loop(void) {
  struct sigaction sa = {.sa_handler = on_alarm};
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval it = {{0, 20}, {0, 20}};
  setitimer(ITIMER_REAL, &it, NULL);
  mutex_t m = {0};
  double end = now_s() + 1.5;
  long n = 0;
  while (now_s() < end) {
    for (int i = 0; i < 1000; i++, n++) {
      mutex_lock(&m);
      mutex_unlock(&m); /* a new epoch: the next accesses are slow */
      __rl_read8(&x, &sites[0]);
      __rl_write8(&x, &sites[1]);
    }
  }
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, NULL);
  fprintf(stderr, "%ld loops, %d signals handled\n", n, (int)handled);
  CHECK(handled > 100, "the timer fired only %d times", (int)handled);
}

int main(void) {
  __rl_register_module(&mod);
  EXPECT_VERDICT(loop, 0);
  puts("detect_signal_reentry: no hang, no race");
  return 0;
}
