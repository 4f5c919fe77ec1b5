/*
 * What a student reads: the race report on stderr.  A hand-instrumented
 * "counter.c" (written to a temporary directory so the report can quote
 * its lines) races on a global, a heap block and a local; the children's
 * stderr must name the variable, both accesses with their source line and
 * stack, where each goroutine was started and why nothing orders them,
 * then the summary.  Also: RACELENS_OPTIONS (exitcode, halt_on_error, a
 * bad option), and a report whose source file is gone and whose sites have
 * no names (no crash, no garbage).
 */
#include "detect_harness.h"

void *__rl_malloc(size_t, rl_site_t *);

static const char source[] = "#include <racelens/go.h>\n" /* 1 */
                             "\n"
                             "\n"
                             "\n"
                             "int counter;\n" /* 5 */
                             "\n"
                             "\n"
                             "\n"
                             "\n"
                             "\n"
                             "\n"
                             "static void bump(void) {\n" /* 12 */
                             "\t/* the racy line */\n"
                             "\tcounter++;\n" /* 14 */
                             "}\n"
                             "static void incrementor(void *arg) {\n" /* 16 */
                             "  bump();\n"                            /* 17 */
                             "}\n"
                             "\n"
                             "int main(void) {\n" /* 20 */
                             "  int x = 0;\n"
                             "  go(incrementor, NULL);\n" /* 22 */
                             "  x++;\n";                  /* 23 */

static char path[64];
static rl_site_t sites[] = {
    /* 0 */ {.kind = RL_SITE_FUNC, .line = 12, .func = "bump"},
    /* 1 */ {.kind = RL_SITE_FUNC, .line = 16, .func = "incrementor"},
    /* 2 */ {.kind = RL_SITE_CALLSITE, .line = 17, .func = "incrementor"},
    /* 3 */
    {.kind = RL_SITE_WRITE,
     .size = 4,
     .line = 14,
     .func = "bump",
     .expr = "counter"},
    /* 4 */
    {.kind = RL_SITE_CALL,
     .line = 22,
     .func = "main",
     .callee = "go",
     .target = "incrementor"},
    /* 5 */ {.kind = RL_SITE_FUNC, .line = 20, .func = "main"},
    /* 6 */
    {.kind = RL_SITE_CALL, .line = 25, .func = "main", .callee = "malloc"},
    /* 7 */
    {.kind = RL_SITE_WRITE,
     .size = 4,
     .line = 26,
     .func = "incrementor",
     .expr = "p->count"},
    /* 8 */
    {.kind = RL_SITE_WRITE,
     .size = 4,
     .line = 23,
     .decl_line = 21,
     .func = "main",
     .expr = "x"},
    /* 9 */
    {.kind = RL_SITE_WRITE,
     .size = 4,
     .line = 27,
     .func = "incrementor",
     .expr = "*px"},
    /* 10: no file, no names at all */
    {.kind = RL_SITE_WRITE, .size = 4, .line = 3},
    /* 11: a file that does not exist */
    {.kind = RL_SITE_READ,
     .size = 4,
     .line = 9,
     .file = "/nonexistent/gone.c",
     .func = "lost",
     .expr = "ghost"},
};
static int counter;
static rl_global_t globals[] = {
    {.addr = &counter, .size = sizeof counter, .name = "counter", .line = 5}};
static rl_module_t mod = {.abi_version = RL_ABI_VERSION,
                          .sites = sites,
                          .nsites = sizeof sites / sizeof sites[0],
                          .globals = globals,
                          .nglobals = 1,
                          .source = "counter.c"};

/* ---- the counter race, with stacks ------------------------------------- */
static void bump(void) {
  __rl_func_enter(&sites[0]);
  __rl_write4(&counter, &sites[3]);
  __rl_func_exit();
}

static void incrementor(void *arg) {
  __rl_func_enter(&sites[1]);
  __rl_callsite = &sites[2];
  bump();
  if (arg)
    flag_set(arg);
  __rl_func_exit();
}

static void counter_race(void) {
  __rl_func_enter(&sites[5]);
  atomic_int f = 0;
  th_t a, b;
  th_start(&a, incrementor, &f, &sites[4], NULL);
  flag_wait(&f);
  th_start(&b, incrementor, NULL, &sites[4], NULL);
  th_join(&a, 1);
  th_join(&b, 1);
  __rl_func_exit();
}

static void expect_line(const child_t *c, const char *line) {
  CHECK(strstr(c->err, line), "missing line\n  %s\nin report:\n%s", line,
        c->err);
}

static void check_counter_report(void) {
  static child_t c;
  run_child(counter_race, NULL, &c);
  CHECK(c.status == 66, "status %d:\n%s", c.status, c.err);
  expect_line(&c, "==================\n"
                  "WARNING: DATA RACE on global `counter` (defined at "
                  "counter.c:5)\n"
                  "  Write of 4 bytes by G3 (incrementor) at counter.c:14:\n"
                  "      14 |     counter++;\n"
                  "    #0 bump counter.c:14\n"
                  "    #1 incrementor counter.c:17\n"
                  "  Previous write of 4 bytes by G2 (incrementor) at "
                  "counter.c:14:\n"
                  "      14 |     counter++;\n"
                  "    #0 bump counter.c:14\n"
                  "    #1 incrementor counter.c:17\n"
                  "  G3 (incrementor) was started by G1 at counter.c:22:\n"
                  "    #0 main counter.c:22\n"
                  "  G2 (incrementor) was started by G1 at counter.c:22:\n"
                  "    #0 main counter.c:22\n");
  expect_line(&c, "  Why this is a race: nothing orders these two accesses. "
                  "G3's last synchronisation before its write was its start "
                  "(go at counter.c:22); G2's last before its write was its "
                  "start (go at counter.c:22). No channel, lock, WaitGroup, "
                  "join, atomic or pipe connects them.\n"
                  "==================\n");
  expect_line(&c, "racelens: 1 data race in 1 location\n");
  CHECK(!strchr(c.err, '\033'), "colour on a pipe:\n%s", c.err);
}

/* ---- heap block and local ---------------------------------------------- */
static int *block;
static int *px;

static void heap_writer(void *arg) {
  __rl_write4(&block[1], &sites[7]);
  __rl_write4(px, &sites[9]);
  flag_set(arg);
}

static void heap_and_local(void) {
  int x = 0;
  px = &x;
  block = __rl_malloc(40, &sites[6]);
  atomic_int f = 0;
  th_t a;
  th_start(&a, heap_writer, &f, &sites[4], "incrementor");
  flag_wait(&f);
  __rl_write4(&block[1], &sites[7]);
  __rl_write4(&x, &sites[8]);
  th_join(&a, 1);
}

static void check_heap_and_local(void) {
  static child_t c;
  run_child(heap_and_local, NULL, &c);
  CHECK(c.status == 66, "status %d:\n%s", c.status, c.err);
  expect_line(&c, "WARNING: DATA RACE on heap block of 40 bytes allocated at "
                  "counter.c:25 by G1 (`p->count`)\n");
  expect_line(&c, "WARNING: DATA RACE on local `x` of `main` (counter.c:21)\n"
                  "  Write of 4 bytes by G1 (main) at counter.c:23:\n"
                  "      23 |   x++;\n");
  expect_line(&c, "racelens: 2 data races in 2 locations\n");
}

/* ---- nameless sites and a vanished file -------------------------------- */
static int ghost;
static void nameless(void *arg) {
  __rl_write4(&ghost, &sites[10]);
  flag_set(arg);
}
static void nameless_race(void) {
  atomic_int f = 0;
  th_t a;
  th_start(&a, nameless, &f, NULL, NULL);
  flag_wait(&f);
  __rl_read4(&ghost, &sites[11]);
  th_join(&a, 1);
}

static void check_nameless(void) {
  static child_t c;
  run_child(nameless_race, NULL, &c);
  CHECK(c.status == 66, "status %d:\n%s", c.status, c.err);
  expect_line(&c, "WARNING: DATA RACE on `ghost`\n"
                  "  Read of 4 bytes by G1 (main) at gone.c:9:\n"
                  "    #0 lost gone.c:9\n"
                  "  Previous write of 4 bytes by G2 at <unknown location>:\n"
                  "    #0 <unknown> <unknown location>\n");
  for (const char *p = c.err; *p; p++)
    CHECK((*p >= 0x20 && *p < 0x7f) || *p == '\n', "unprintable byte %d:\n%s",
          *p, c.err);
}

/* ---- options ----------------------------------------------------------- */
static void two_races(void) {
  counter_race();
  nameless_race();
}

/* Options are read when the program starts, so these scenarios run this
 * very binary afresh with the option in its environment. */
static void run_self(const char *env, const char *scenario, child_t *c) {
  char self[4096], cmd[8400];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  CHECK(n > 0, "readlink failed");
  self[n] = 0;
  snprintf(cmd, sizeof cmd, "%s '%s' --run %s '%s' 2>&1", env, self, scenario,
           path);
  fflush(NULL);
  FILE *p = popen(cmd, "r");
  CHECK(p, "popen failed");
  size_t len = fread(c->err, 1, sizeof c->err - 1, p);
  c->err[len] = 0;
  int st = pclose(p);
  c->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void check_options(void) {
  static child_t c;
  run_self("RACELENS_OPTIONS=exitcode=7", "counter", &c);
  CHECK(c.status == 7, "exitcode=7 gave %d:\n%s", c.status, c.err);

  run_self("RACELENS_OPTIONS=halt_on_error=1", "two", &c);
  CHECK(c.status == 66, "halt_on_error gave %d:\n%s", c.status, c.err);
  CHECK(strstr(c.err, "global `counter`") && !strstr(c.err, "`ghost`"),
        "halt_on_error did not stop at the first race:\n%s", c.err);

  run_self("RACELENS_OPTIONS=exitcode=3:halt_on_error=0", "two", &c);
  CHECK(c.status == 3 && strstr(c.err, "2 data races in 2 locations"),
        "two options gave %d:\n%s", c.status, c.err);

  run_self("RACELENS_OPTIONS=exitcode=banana", "counter", &c);
  CHECK(c.status == 2, "bad option exit %d:\n%s", c.status, c.err);
  CHECK(!strcmp(c.err, "racelens: bad RACELENS_OPTIONS entry "
                       "'exitcode=banana' (known: exitcode=N, "
                       "halt_on_error=0|1, detect_deadlocks=0|1)\n"),
        "not one clear line:\n%s", c.err);
}

static void set_path(const char *p) {
  snprintf(path, sizeof path, "%s", p);
  for (size_t i = 0; i < 10; i++)
    sites[i].file = path;
  globals[0].file = path;
}

int main(int argc, char **argv) {
  if (argc == 4 && !strcmp(argv[1], "--run")) {
    set_path(argv[3]);
    __rl_register_module(&mod);
    if (!strcmp(argv[2], "counter"))
      counter_race();
    else
      two_races();
    return 0;
  }
  char dir[] = "/tmp/rl_report_XXXXXX";
  CHECK(mkdtemp(dir), "mkdtemp failed");
  char file[64];
  snprintf(file, sizeof file, "%s/counter.c", dir);
  FILE *f = fopen(file, "w");
  CHECK(f && fputs(source, f) >= 0 && fclose(f) == 0, "cannot write %s", file);
  set_path(file);
  __rl_register_module(&mod);

  check_counter_report();
  check_heap_and_local();
  check_nameless();
  check_options();

  unlink(file);
  rmdir(dir);
  puts("detect_report: reports as expected");
  return 0;
}
