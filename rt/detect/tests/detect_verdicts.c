/*
 * The detector's verdicts on hand-instrumented accesses: a race is found
 * when nothing orders two conflicting accesses, and not found once a
 * happens-before edge (go, join, a lock's clock, a channel, a WaitGroup, a
 * release/acquire atomic) orders them; byte precision; read sharing;
 * atomics; heap reset.  Each scenario is a child; its exit status is the
 * verdict (66 race, 0 none).
 */
#include "detect/detect.h"
#include "detect_harness.h"

static rl_site_t sites[] = {
    {.kind = RL_SITE_WRITE,
     .size = 4,
     .line = 10,
     .file = "v.c",
     .func = "worker",
     .expr = "x"},
    {.kind = RL_SITE_READ,
     .size = 4,
     .line = 11,
     .file = "v.c",
     .func = "worker",
     .expr = "x"},
    {.kind = RL_SITE_WRITE,
     .size = 1,
     .line = 12,
     .file = "v.c",
     .func = "worker",
     .expr = "buf[i]"},
    {.kind = RL_SITE_ATOMIC_STORE,
     .size = 4,
     .line = 13,
     .file = "v.c",
     .func = "worker",
     .expr = "flag"},
    {.kind = RL_SITE_ATOMIC_LOAD,
     .size = 4,
     .line = 14,
     .file = "v.c",
     .func = "worker",
     .expr = "flag"},
    {.kind = RL_SITE_WRITE,
     .size = 4,
     .line = 15,
     .file = "v.c",
     .func = "main",
     .expr = "x"},
    {.kind = RL_SITE_WRITE_RANGE,
     .line = 16,
     .file = "v.c",
     .func = "main",
     .expr = "memset"},
};
static rl_module_t mod = {.abi_version = RL_ABI_VERSION,
                          .sites = sites,
                          .nsites = sizeof sites / sizeof sites[0],
                          .source = "v.c"};
#define W4 (&sites[0])
#define R4 (&sites[1])
#define W1 (&sites[2])
#define AST (&sites[3])
#define ALD (&sites[4])
#define MAINW (&sites[5])
#define RANGE (&sites[6])

static int x;
static char buf[16];
static struct { int a, b; } pair;
static uint32_t aflag;
static atomic_int step;
static rl_clock_t *lock_clock;

/* ---- plain write/write, with and without edges ------------------------- */
static void write_x(void *arg) {
  (void)arg;
  __rl_write4(&x, W4);
}
static void write_x_then_signal(void *arg) {
  __rl_write4(&x, W4);
  flag_set(arg);
}

static void unordered_writes(void) {
  atomic_int f = 0;
  th_t a, b;
  th_start(&a, write_x_then_signal, &f, NULL, "a");
  flag_wait(&f);
  th_start(&b, write_x, NULL, NULL, "b");
  th_join(&a, 1);
  th_join(&b, 1);
}

static void joined_writes(void) {
  th_t a, b;
  th_start(&a, write_x, NULL, NULL, "a");
  th_join(&a, 1);
  th_start(&b, write_x, NULL, NULL, "b");
  th_join(&b, 1);
}

static void untold_join(void) { /* joined, but the detector is not told */
  th_t a;
  th_start(&a, write_x, NULL, NULL, "a");
  th_join(&a, 0);
  __rl_write4(&x, MAINW);
}

static void go_edge(void) { /* parent's write before go: ordered */
  __rl_write4(&x, MAINW);
  th_t a;
  th_start(&a, write_x, NULL, NULL, "a");
  th_join(&a, 1);
}

static void after_go(void) { /* parent writes after go: unordered */
  atomic_int f = 0;
  th_t a;
  th_start(&a, write_x_then_signal, &f, NULL, "a");
  flag_wait(&f);
  __rl_write4(&x, MAINW);
  th_join(&a, 1);
}

/* ---- a lock's clock ----------------------------------------------------- */
static void locked_writer(void *arg) {
  if (arg)
    flag_wait(arg);
  rl_event(&(rl_evinfo_t){.kind = RL_EV_MUTEX_LOCK, .acquire = lock_clock});
  __rl_write4(&x, W4);
  rl_event(&(rl_evinfo_t){.kind = RL_EV_MUTEX_UNLOCK, .release = lock_clock});
  atomic_fetch_add(&step, 1);
}

static void lock_edge(void) {
  lock_clock = rl_clock_at(&lock_clock);
  atomic_int f = 0;
  th_t a, b;
  th_start(&a, locked_writer, NULL, NULL, "a");
  while (atomic_load(&step) < 1)
    sched_yield();
  flag_set(&f);
  th_start(&b, locked_writer, &f, NULL, "b");
  th_join(&a, 1);
  th_join(&b, 1);
}

static void lock_one_side(void *arg) { /* writes outside the lock */
  flag_wait(arg);
  __rl_write4(&x, W4);
}

static void lock_missing(void) {
  lock_clock = rl_clock_at(&lock_clock);
  atomic_int f = 0;
  th_t a, b;
  th_start(&a, locked_writer, NULL, NULL, "a");
  while (atomic_load(&step) < 1)
    sched_yield();
  flag_set(&f);
  th_start(&b, lock_one_side, &f, NULL, "b");
  th_join(&a, 1);
  th_join(&b, 1);
}

/* ---- byte precision ----------------------------------------------------- */
static void write_byte(void *arg) {
  __rl_write1(arg, W1);
}

static void byte_pair(char *p, char *q) {
  th_t a, b;
  atomic_int f = 0;
  th_start(&a, write_byte, p, NULL, "a");
  th_join(&a, 0); /* finished, but unordered for the detector */
  (void)f;
  th_start(&b, write_byte, q, NULL, "b");
  th_join(&b, 1);
}

static void adjacent_bytes(void) {
  for (int i = 0; i + 1 < 16; i += 2)
    byte_pair(&buf[i], &buf[i + 1]);
}
static void same_byte(void) {
  byte_pair(&buf[3], &buf[3]);
}

static void write_field_a(void *arg) {
  (void)arg;
  __rl_write4(&pair.a, W4);
}
static void write_field_b(void *arg) {
  (void)arg;
  __rl_write4(&pair.b, W4);
}
static void struct_fields(void) {
  th_t a, b;
  th_start(&a, write_field_a, NULL, NULL, "a");
  th_join(&a, 0);
  th_start(&b, write_field_b, NULL, NULL, "b");
  th_join(&b, 1);
  th_start(&a, write_field_a, NULL, NULL, "a"); /* again, now split */
  th_join(&a, 0);
}

static void write_whole(void *arg) {
  (void)arg;
  __rl_write8(&pair, W4);
}
static void field_vs_whole(void) { /* 8-byte write overlaps field b */
  th_t a, b;
  th_start(&a, write_field_b, NULL, NULL, "a");
  th_join(&a, 0);
  th_start(&b, write_whole, NULL, NULL, "b");
  th_join(&b, 1);
}

static void range_vs_byte(void) { /* memset over a byte written before */
  th_t a;
  th_start(&a, write_byte, &buf[9], NULL, "a");
  th_join(&a, 0);
  __rl_write_range(buf, sizeof buf, RANGE);
}

static void range_disjoint(void) {
  th_t a;
  th_start(&a, write_byte, &buf[9], NULL, "a");
  th_join(&a, 0);
  __rl_write_range(buf, 9, RANGE);
  __rl_write_range(buf + 10, 6, RANGE);
}

/* ---- two ints in one word (int arrays) ---------------------------------- */
static int ints[2]; /* one 8-byte word */

static void write_int1(void *arg) {
  (void)arg;
  __rl_write4(&ints[1], W4);
}
static void write_int0(void *arg) {
  (void)arg;
  __rl_write4(&ints[0], W4);
}
static void read_int0(void *arg) {
  (void)arg;
  __rl_read4(&ints[0], R4);
}
static void read_int1(void *arg) {
  (void)arg;
  __rl_read4(&ints[1], R4);
}

/* main writes both ints (one record for the word), then two goroutines,
 * each ordered after main but not with each other, write one int each. */
static void ints_after_merged_write(void) {
  __rl_write4(&ints[0], MAINW);
  __rl_write4(&ints[1], MAINW);
  th_t a, b;
  th_start(&a, write_int0, NULL, NULL, "a");
  th_join(&a, 0);
  th_start(&b, write_int1, NULL, NULL, "b");
  th_join(&b, 0);
}
static void merged_write_then_unordered(void) {
  th_t a;
  atomic_int f = 0;
  th_start(&a, write_x_then_signal, &f, NULL, "a"); /* started first */
  flag_wait(&f);
  __rl_write4(&ints[0], MAINW);
  __rl_write4(&ints[1], MAINW);
  th_join(&a, 1);
  th_start(&a, write_int1, NULL, NULL, "a"); /* ordered: no race */
  th_join(&a, 0);
  __rl_read4(&ints[1], R4); /* main vs a's write, unordered: race */
}
/* Readers of different ints; a write overlaps only one of them. */
static void readers_of_halves(int which) {
  th_t a, b;
  th_start(&a, read_int0, NULL, NULL, "a");
  th_start(&b, read_int1, NULL, NULL, "b");
  th_join(&a, 1); /* main is ordered after a only */
  th_join(&b, 0);
  __rl_write4(&ints[which], MAINW);
}
static void write_half_read_by_joined(void) {
  readers_of_halves(0);
}
static void write_half_read_by_unjoined(void) {
  readers_of_halves(1);
}

static long vec[2];

/* Read-modify-writes in one epoch: of both ints (the word's read record
 * is the writer's own, under its write), then of the whole word (the
 * writer's own read of it stays under the write). */
static void rmw_ints(void *arg) {
  (void)arg;
  __rl_read4(&ints[0], R4);
  __rl_read4(&ints[1], R4);
  __rl_write4(&ints[0], W4);
  __rl_write4(&ints[1], W4);
  __rl_read8(&vec[0], R4);
  __rl_write8(&vec[0], W4);
}
static void rmw_then(int tell, int main_writes) {
  th_t a;
  th_start(&a, rmw_ints, NULL, NULL, "a");
  th_join(&a, tell);
  if (main_writes)
    __rl_write4(&ints[1], MAINW);
  else
    __rl_read4(&ints[1], R4);
}
/* main, unordered, touches only the long: races with a's write of it */
static void rmw_long_then_unordered_read(void) {
  th_t a;
  th_start(&a, rmw_ints, NULL, NULL, "a");
  th_join(&a, 0);
  __rl_read4((char *)&vec[0] + 4, R4);
}
static void rmw_then_ordered_write(void) {
  rmw_then(1, 1);
}
static void rmw_then_ordered_read(void) {
  rmw_then(1, 0);
}
static void rmw_then_unordered_write(void) {
  rmw_then(0, 1);
}
static void rmw_then_unordered_read(void) {
  rmw_then(0, 0);
}

/* Vector accesses the plugin passes as ranges (8 or 16 bytes), aligned. */
static void write_vec(void *arg) {
  (void)arg;
  __rl_write_range(vec, 16, RANGE);
}
static void vec_then(int tell, size_t n) {
  th_t a;
  th_start(&a, write_vec, NULL, NULL, "a");
  th_join(&a, tell);
  __rl_read_range(&vec[1], n, R4);
}
static void vector_ranges_ordered(void) {
  vec_then(1, 8);
}
static void vector_ranges_unordered(void) {
  vec_then(0, 8);
}

/* A reset big enough to give whole shadow pages back to the kernel. */
static char big[1 << 20] __attribute__((aligned(4096)));
static const size_t big_at[] = {0, 8, 4096, 65536 + 3, sizeof big - 8};
static void write_big(void *arg) {
  (void)arg;
  for (size_t i = 0; i < sizeof big_at / sizeof *big_at; i++)
    __rl_write1(&big[big_at[i]], W1);
  __rl_write1(&big[65536 + 5], W1); /* splits the word of 65536 + 3 */
}
static void big_then(int reset) {
  th_t a;
  th_start(&a, write_big, NULL, NULL, "a");
  th_join(&a, 0);
  if (reset)
    rl_shadow_reset(big, sizeof big);
  for (size_t i = 0; i < sizeof big_at / sizeof *big_at; i++)
    __rl_write1(&big[big_at[i]], W1);
}
static void big_reset_before_reuse(void) {
  big_then(1);
}
static void big_not_reset(void) {
  big_then(0);
}

/* ---- read sharing ------------------------------------------------------- */
static void read_x(void *arg) {
  (void)arg;
  __rl_read4(&x, R4);
}

static void shared_reads(int join_told) {
  __rl_write4(&x, MAINW);
  th_t r[8];
  for (int i = 0; i < 8; i++)
    th_start(&r[i], read_x, NULL, NULL, "reader");
  for (int i = 0; i < 8; i++)
    th_join(&r[i], join_told || i != 5);
  __rl_write4(&x, MAINW);
}
static void readers_then_ordered_writer(void) {
  shared_reads(1);
}
static void readers_then_unordered_writer(void) {
  shared_reads(0);
}

static void read_then_write_unordered(void) {
  th_t a;
  th_start(&a, read_x, NULL, NULL, "a");
  th_join(&a, 0);
  __rl_write4(&x, MAINW);
}

/* ---- atomics ------------------------------------------------------------ */
static void publish(void *arg) {
  int order = *(int *)arg;
  __rl_write4(&x, W4);
  __rl_atomic_store4(&aflag, 1, order, AST);
}

static void consume_with(int store_order, int load_order) {
  static int order;
  order = store_order;
  th_t a;
  th_start(&a, publish, &order, NULL, "producer");
  while (__rl_atomic_load4(&aflag, load_order, ALD) == 0)
    sched_yield();
  __rl_write4(&x, MAINW);
  th_join(&a, 1);
}
static void release_acquire(void) {
  consume_with(RL_RELEASE, RL_ACQUIRE);
}
static void seqcst_both(void) {
  consume_with(RL_SEQ_CST, RL_SEQ_CST);
}
static void relaxed_store(void) {
  consume_with(RL_RELAXED, RL_ACQUIRE);
}
static void relaxed_load(void) {
  consume_with(RL_RELEASE, RL_RELAXED);
}

static void atomic_add(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    __rl_atomic_rmw4(&aflag, RL_RMW_ADD, 1, RL_RELAXED, AST);
}
static void atomic_vs_atomic(void) {
  th_t a, b;
  th_start(&a, atomic_add, NULL, NULL, "a");
  th_start(&b, atomic_add, NULL, NULL, "b");
  th_join(&a, 0);
  th_join(&b, 0);
  /* The atomics really happened. */
  if (__atomic_load_n(&aflag, __ATOMIC_SEQ_CST) != 200)
    exit(3);
}
static void atomic_vs_plain(void) {
  th_t a;
  th_start(&a, atomic_add, NULL, NULL, "a");
  th_join(&a, 0);
  __rl_read4(&aflag, R4);
}
static void cas_works(void) {
  uint32_t v = 5;
  if (__rl_atomic_cas4(&v, 5, 9, RL_SEQ_CST, RL_SEQ_CST, AST) != 5 || v != 9)
    exit(3);
  if (__rl_atomic_cas4(&v, 5, 1, RL_SEQ_CST, RL_SEQ_CST, AST) != 9 || v != 9)
    exit(3);
  uint64_t w = 10;
  if (__rl_atomic_rmw8(&w, RL_RMW_UMAX, 42, RL_RELAXED, AST) != 10 || w != 42)
    exit(3);
  if (__rl_atomic_rmw8(&w, RL_RMW_SUB, 2, RL_RELAXED, AST) != 42 || w != 40)
    exit(3);
}

/* ---- heap reuse --------------------------------------------------------- */
static void reset_before_reuse(void) {
  th_t a;
  th_start(&a, write_x, NULL, NULL, "a");
  th_join(&a, 0);
  rl_shadow_reset(&x, sizeof x); /* as if x were freed and reallocated */
  __rl_write4(&x, MAINW);
}
static void reset_elsewhere(void) { /* resetting a neighbour changes nothing */
  th_t a;
  th_start(&a, write_x, NULL, NULL, "a");
  th_join(&a, 0);
  rl_shadow_reset(buf, sizeof buf);
  __rl_write4(&x, MAINW);
}

int main(void) {
  __rl_register_module(&mod);
  CHECK(sites[0].id != 0 && sites[6].id == sites[0].id + 6,
        "sites numbered in order: %u %u", sites[0].id, sites[6].id);

  EXPECT_VERDICT(unordered_writes, 66);
  EXPECT_VERDICT(joined_writes, 0);
  EXPECT_VERDICT(untold_join, 66);
  EXPECT_VERDICT(go_edge, 0);
  EXPECT_VERDICT(after_go, 66);
  EXPECT_VERDICT(lock_edge, 0);
  EXPECT_VERDICT(lock_missing, 66);

  EXPECT_VERDICT(adjacent_bytes, 0);
  EXPECT_VERDICT(same_byte, 66);
  EXPECT_VERDICT(struct_fields, 66); /* field a written twice, unordered */
  EXPECT_VERDICT(field_vs_whole, 66);
  EXPECT_VERDICT(range_vs_byte, 66);
  EXPECT_VERDICT(range_disjoint, 0);

  EXPECT_VERDICT(ints_after_merged_write, 0);
  EXPECT_VERDICT(merged_write_then_unordered, 66);
  EXPECT_VERDICT(write_half_read_by_joined, 0);
  EXPECT_VERDICT(write_half_read_by_unjoined, 66);

  EXPECT_VERDICT(rmw_then_ordered_write, 0);
  EXPECT_VERDICT(rmw_then_ordered_read, 0);
  EXPECT_VERDICT(rmw_then_unordered_write, 66);
  EXPECT_VERDICT(rmw_then_unordered_read, 66);
  EXPECT_VERDICT(rmw_long_then_unordered_read, 66);
  EXPECT_VERDICT(vector_ranges_ordered, 0);
  EXPECT_VERDICT(vector_ranges_unordered, 66);

  EXPECT_VERDICT(readers_then_ordered_writer, 0);
  EXPECT_VERDICT(readers_then_unordered_writer, 66);
  EXPECT_VERDICT(read_then_write_unordered, 66);

  EXPECT_VERDICT(release_acquire, 0);
  EXPECT_VERDICT(seqcst_both, 0);
  EXPECT_VERDICT(relaxed_store, 66);
  EXPECT_VERDICT(relaxed_load, 66);
  EXPECT_VERDICT(atomic_vs_atomic, 0);
  EXPECT_VERDICT(atomic_vs_plain, 66);
  EXPECT_VERDICT(cas_works, 0);

  EXPECT_VERDICT(reset_before_reuse, 0);
  EXPECT_VERDICT(reset_elsewhere, 66);
  EXPECT_VERDICT(big_reset_before_reuse, 0);
  EXPECT_VERDICT(big_not_reset, 66);
  puts("detect_verdicts: all verdicts as expected");
  return 0;
}
