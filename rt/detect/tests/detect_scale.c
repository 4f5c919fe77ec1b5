/*
 * The detector at scale: 10,000 goroutines over a run (started with the
 * teaching API's go(), so through the runtime's thread pool, in waves held
 * together by WaitGroups) and recursion 10,000 calls deep through the
 * shadow call stack (detect_big_memory.c does a gigabyte of memory).  Each must
 * give the right verdict -- no false race from recycled clock slots or reused
 * stacks, and the race planted at the end still found -- without crashing.
 */
#include "detect_harness.h"
#include "racelens/go.h"

static rl_site_t sites[] = {
    /* 0 */ {.kind = RL_SITE_WRITE,
             .size = 8,
             .line = 1,
             .file = "s.c",
             .func = "worker",
             .expr = "slots[i]"},
    /* 1 */
    {.kind = RL_SITE_READ,
     .size = 8,
     .line = 2,
     .file = "s.c",
     .func = "worker",
     .expr = "config"},
    /* 2 */
    {.kind = RL_SITE_WRITE,
     .size = 8,
     .line = 3,
     .file = "s.c",
     .func = "main",
     .expr = "config"},
    /* 3 */ {.kind = RL_SITE_FUNC, .line = 4, .file = "s.c", .func = "recurse"},
    /* 4 */
    {.kind = RL_SITE_CALLSITE, .line = 5, .file = "s.c", .func = "recurse"},
    /* 5 */
    {.kind = RL_SITE_WRITE,
     .size = 8,
     .line = 6,
     .file = "s.c",
     .func = "recurse",
     .expr = "deep"},
    /* 6 */
    {.kind = RL_SITE_WRITE,
     .size = 8,
     .line = 7,
     .file = "s.c",
     .func = "toucher",
     .expr = "mem[i]"},
    /* 7 */ {.kind = RL_SITE_FUNC, .line = 8, .file = "s.c", .func = "main"},
    /* 8 */
    {.kind = RL_SITE_WRITE,
     .size = 8,
     .line = 9,
     .file = "s.c",
     .func = "main",
     .expr = "deep2"},
};
static rl_module_t mod = {.abi_version = RL_ABI_VERSION,
                          .sites = sites,
                          .nsites = sizeof sites / sizeof sites[0],
                          .source = "s.c"};

/* ---- 10,000 goroutines -------------------------------------------------- */
#define WAVE 100
#define TOTAL 10000
static uint64_t slots[WAVE];
static uint64_t config;
static waitgroup_t wg;

static void worker(void *arg) {
  uintptr_t i = (uintptr_t)arg;
  __rl_read8(&config, &sites[1]);
  __rl_write8(&slots[i], &sites[0]);
  wg_done(&wg);
}

static void waves(int racy_end) {
  for (int w = 0; w < TOTAL / WAVE; w++) {
    __rl_write8(&config, &sites[2]); /* ordered before the wave by go */
    wg_add(&wg, WAVE);
    for (uintptr_t i = 0; i < WAVE; i++)
      go(worker, (void *)i);
    wg_wait(&wg);
    for (int i = 0; i < WAVE; i++) /* ordered after the wave by wg_wait */
      __rl_write8(&slots[i], &sites[0]);
  }
  if (racy_end) { /* one more goroutine, waited for too late */
    wg_add(&wg, 1);
    go(worker, (void *)0);
    sleep_ms(UNDER_TSAN ? 500 : 100); /* let it run; sleeping orders nothing */
    __rl_write8(&slots[0], &sites[0]);
    wg_wait(&wg);
  }
  CHECK(rl_gid() == 1, "main is G1");
}
static void many_goroutines(void) {
  waves(0);
}
static void many_goroutines_then_race(void) {
  waves(1);
}

/* ---- deep recursion ----------------------------------------------------- */
static uint64_t deep, deep2;

static void recurse(int n) {
  __rl_func_enter(&sites[3]);
  if (n > 0) {
    __rl_callsite = &sites[4];
    recurse(n - 1);
  } else {
    __rl_write8(&deep, &sites[5]);
  }
  __rl_func_exit();
}

static void deep_worker(void *arg) {
  recurse(10000);
  __rl_write8(&deep2, &sites[5]);
  flag_set(arg);
}

static void deep_race(void) {
  __rl_func_enter(&sites[7]);
  atomic_int f = 0;
  th_t t;
  th_start(&t, deep_worker, &f, NULL, "deep_worker");
  flag_wait(&f);
  recurse(10000);                 /* main recurses too: the stack unwinds */
  __rl_write8(&deep2, &sites[8]); /* from main itself, after unwinding */
  th_join(&t, 1);
  __rl_func_exit();
}

int main(void) {
  __rl_register_module(&mod);
  EXPECT_VERDICT(many_goroutines, 0);
  EXPECT_VERDICT(many_goroutines_then_race, 66);

  static child_t c;
  run_child(deep_race, NULL, &c);
  CHECK(c.status == 66, "deep recursion: status %d:\n%s", c.status, c.err);
  CHECK(strstr(c.err, "  Write of 8 bytes by G1 (main) at s.c:6:\n"
                      "    #0 recurse s.c:6\n"
                      "    #1 recurse s.c:5\n"),
        "deep recursion report:\n%s", c.err);
  CHECK(strstr(c.err, "    #23 recurse s.c:5\n    ... 9978 more frames\n"
                      "  Previous write of 8 bytes by G2 (deep_worker) at "
                      "s.c:6:\n"),
        "deep stack not cut short:\n%s", c.err);
  /* After 10,000 returns main's stack is just main again. */
  CHECK(strstr(c.err, "  Write of 8 bytes by G1 (main) at s.c:9:\n"
                      "    #0 main s.c:9\n"
                      "  Previous write"),
        "stack not unwound:\n%s", c.err);
  CHECK(strstr(c.err, "racelens: 2 data races in 2 locations"), "summary:\n%s",
        c.err);

  puts("detect_scale: all verdicts as expected");
  return 0;
}
