/*
 * The detector over a gigabyte of touched memory: no false race, the
 * planted race found, no crash, in bounded time.
 */
#include <sys/mman.h>

#include "detect_harness.h"

static rl_site_t sites[] = {
    {.kind = RL_SITE_WRITE,
     .size = 8,
     .line = 7,
     .file = "m.c",
     .func = "toucher",
     .expr = "mem[i]"},
    {.kind = RL_SITE_FUNC, .line = 8, .file = "m.c", .func = "main"},
};
static rl_module_t mod = {.abi_version = RL_ABI_VERSION,
                          .sites = sites,
                          .nsites = sizeof sites / sizeof sites[0],
                          .source = "m.c"};

/* ---- a gigabyte --------------------------------------------------------
 * One word per page of 1 GiB (128 MiB under TSan, which only checks that
 * the detector itself is race-free).  First touches of shadow pages cost
 * what the machine's page faults cost, so the scenario touches the range
 * only twice: once by a joined goroutine, once by main (ordered, no race),
 * and then one word by a goroutine nobody joins, and by main (the race). */
#define SPAN (UNDER_TSAN ? (128ull << 20) : (1ull << 30))
static char *mem;

static void toucher(void *arg) {
  if (arg) {
    __rl_write8(mem + SPAN / 2, &sites[0]);
    flag_set(arg);
    return;
  }
  for (uint64_t off = 0; off < SPAN; off += 4096)
    __rl_write8(mem + off, &sites[0]);
}

static void gigabyte(void) {
  /* Reserved, never touched by the test itself: the detector only looks
   * at addresses, so only its shadow memory is really used. */
  mem = mmap(NULL, SPAN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
             -1, 0);
  CHECK(mem != MAP_FAILED, "mmap failed");
  th_t t;
  th_start(&t, toucher, NULL, NULL, "toucher");
  th_join(&t, 1);
  __rl_func_enter(&sites[1]);
  toucher(NULL);
  __rl_func_exit();
  atomic_int f = 0;
  th_start(&t, toucher, &f, NULL, "toucher");
  flag_wait(&f);
  __rl_write8(mem + SPAN / 2, &sites[0]);
  th_join(&t, 0);
}

int main(void) {
  __rl_register_module(&mod);
  static child_t c;
  run_child(gigabyte, NULL, &c);
  CHECK(c.status == 66 && strstr(c.err, "racelens: 1 data race in 1 location"),
        "gigabyte: status %d:\n%s", c.status, c.err);
  CHECK(strstr(c.err, "Write of 8 bytes by G1 (main) at m.c:7:"), "report:\n%s",
        c.err);
  puts("detect_big_memory: verdict as expected");
  return 0;
}
