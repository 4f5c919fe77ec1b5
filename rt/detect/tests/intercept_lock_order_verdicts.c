/*
 * Locks taken in orders that form a cycle are reported once as a
 * potential deadlock, and make the exit status 66; locks always taken in
 * one order, a trylock that cannot wait, and a condition variable's wait
 * are not.  Each scenario runs in a child process whose stderr is kept:
 * the verdict is its exit status and how many reports it printed.  The
 * goroutines take their turns through a raw C11 atomic the detector does
 * not see, so no scenario ever deadlocks for real and none depends on the
 * schedule.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi.h"
#include "test_check.h"

int __rl_pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *),
                        void *, rl_site_t *);
int __rl_pthread_join(pthread_t, void **, rl_site_t *);
int __rl_pthread_mutex_lock(pthread_mutex_t *, rl_site_t *);
int __rl_pthread_mutex_unlock(pthread_mutex_t *, rl_site_t *);
int __rl_pthread_mutex_trylock(pthread_mutex_t *, rl_site_t *);
int __rl_pthread_rwlock_rdlock(pthread_rwlock_t *, rl_site_t *);
int __rl_pthread_rwlock_wrlock(pthread_rwlock_t *, rl_site_t *);
int __rl_pthread_rwlock_unlock(pthread_rwlock_t *, rl_site_t *);
int __rl_pthread_cond_wait(pthread_cond_t *, pthread_mutex_t *, rl_site_t *);
int __rl_pthread_cond_signal(pthread_cond_t *, rl_site_t *);

static rl_site_t sites[] = {
    {.kind = RL_SITE_CALL,
     .line = 10,
     .file = "locks.c",
     .func = "first",
     .callee = "pthread_mutex_lock"},
    {.kind = RL_SITE_CALL,
     .line = 20,
     .file = "locks.c",
     .func = "second",
     .callee = "pthread_mutex_lock"},
    {.kind = RL_SITE_CALL,
     .line = 30,
     .file = "locks.c",
     .func = "main",
     .callee = "pthread_create",
     .target = "worker"},
};
static rl_site_t *FIRST = &sites[0], *SECOND = &sites[1], *CALL = &sites[2];

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER,
                       b = PTHREAD_MUTEX_INITIALIZER,
                       c = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static atomic_int turn; /* invisible to the detector */
static int ready;

static void wait_turn(int n) {
  while (atomic_load(&turn) != n)
    usleep(100);
}

static void pass_turn(void) {
  atomic_fetch_add(&turn, 1);
}

static pthread_t spawn(void *(*fn)(void *), void *arg) {
  pthread_t t;
  if (__rl_pthread_create(&t, NULL, fn, arg, CALL) != 0)
    abort();
  return t;
}

/* Takes x, then y while holding x. */
static void nest(pthread_mutex_t *x, pthread_mutex_t *y) {
  __rl_pthread_mutex_lock(x, FIRST);
  __rl_pthread_mutex_lock(y, SECOND);
  __rl_pthread_mutex_unlock(y, SECOND);
  __rl_pthread_mutex_unlock(x, FIRST);
}

/* Goroutine i (0, 1, 2) nests the pair its argument names, in its turn. */
struct pair {
  int turn;
  pthread_mutex_t *x, *y;
};

static void *nest_in_turn(void *arg) {
  struct pair *p = arg;
  wait_turn(p->turn);
  nest(p->x, p->y);
  pass_turn();
  return NULL;
}

static void run_pairs(struct pair *p, int n) {
  pthread_t t[3];
  for (int i = 0; i < n; i++)
    t[i] = spawn(nest_in_turn, &p[i]);
  for (int i = 0; i < n; i++)
    __rl_pthread_join(t[i], NULL, CALL);
}

/* ---- scenarios ---------------------------------------------------------- */

static void opposite_orders(void) {
  struct pair p[] = {{0, &a, &b}, {1, &b, &a}};
  run_pairs(p, 2);
}

static void one_order(void) {
  struct pair p[] = {{0, &a, &b}, {1, &a, &b}};
  run_pairs(p, 2);
}

static void three_locks_round(void) {
  struct pair p[] = {{0, &a, &b}, {1, &b, &c}, {2, &c, &a}};
  run_pairs(p, 3);
}

static void one_goroutine_both_orders(void) {
  nest(&a, &b);
  nest(&b, &a);
}

/* The inversion made a thousand times is one potential deadlock. */
static void *nest_many(void *arg) {
  struct pair *p = arg;
  wait_turn(p->turn);
  for (int i = 0; i < 1000; i++)
    nest(p->x, p->y);
  pass_turn();
  return NULL;
}

static void reported_once(void) {
  struct pair p[] = {{0, &a, &b}, {1, &b, &a}};
  pthread_t t0 = spawn(nest_many, &p[0]), t1 = spawn(nest_many, &p[1]);
  __rl_pthread_join(t0, NULL, CALL);
  __rl_pthread_join(t1, NULL, CALL);
}

/* Four goroutines nesting the same three locks in one order at once: the
 * graph's own locking (the TSan flavour checks it), and no report. */
static void *nest_three(void *arg) {
  (void)arg;
  for (int i = 0; i < 300; i++) {
    nest(&a, &b);
    nest(&b, &c);
    nest(&a, &c);
  }
  return NULL;
}

static void one_order_at_once(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    t[i] = spawn(nest_three, NULL);
  for (int i = 0; i < 4; i++)
    __rl_pthread_join(t[i], NULL, CALL);
}

/* The other order, but the inner lock taken by a trylock, which backs off
 * instead of waiting: the usual way out, not a deadlock. */
static void *try_inner(void *arg) {
  (void)arg;
  wait_turn(1);
  __rl_pthread_mutex_lock(&b, FIRST);
  if (__rl_pthread_mutex_trylock(&a, SECOND) == 0)
    __rl_pthread_mutex_unlock(&a, SECOND);
  __rl_pthread_mutex_unlock(&b, FIRST);
  return NULL;
}

static void trylock_backs_off(void) {
  struct pair p = {0, &a, &b};
  pthread_t t0 = spawn(nest_in_turn, &p), t1 = spawn(try_inner, NULL);
  __rl_pthread_join(t0, NULL, CALL);
  __rl_pthread_join(t1, NULL, CALL);
}

/* A read lock waits for writers too: rdlock(rw) then a, against a then
 * wrlock(rw), is a cycle. */
static void *read_then_a(void *arg) {
  (void)arg;
  __rl_pthread_rwlock_rdlock(&rw, FIRST);
  __rl_pthread_mutex_lock(&a, SECOND);
  __rl_pthread_mutex_unlock(&a, SECOND);
  __rl_pthread_rwlock_unlock(&rw, FIRST);
  pass_turn();
  return NULL;
}

static void *a_then_write(void *arg) {
  (void)arg;
  wait_turn(1);
  __rl_pthread_mutex_lock(&a, FIRST);
  __rl_pthread_rwlock_wrlock(&rw, SECOND);
  __rl_pthread_rwlock_unlock(&rw, SECOND);
  __rl_pthread_mutex_unlock(&a, FIRST);
  return NULL;
}

static void rwlock_orders(void) {
  pthread_t t0 = spawn(read_then_a, NULL), t1 = spawn(a_then_write, NULL);
  __rl_pthread_join(t0, NULL, CALL);
  __rl_pthread_join(t1, NULL, CALL);
}

/* pthread_cond_wait lets the mutex go and takes it back: no order with
 * anything. */
static void *signaller(void *arg) {
  (void)arg;
  wait_turn(1);
  __rl_pthread_mutex_lock(&a, FIRST);
  ready = 1;
  __rl_pthread_cond_signal(&cond, SECOND);
  __rl_pthread_mutex_unlock(&a, FIRST);
  return NULL;
}

static void cond_wait(void) {
  pthread_t t = spawn(signaller, NULL);
  __rl_pthread_mutex_lock(&a, FIRST);
  pass_turn();
  while (!ready)
    __rl_pthread_cond_wait(&cond, &a, SECOND);
  __rl_pthread_mutex_unlock(&a, FIRST);
  __rl_pthread_join(t, NULL, CALL);
}

/* ---- the driver --------------------------------------------------------- */

struct scenario {
  const char *name;
  void (*run)(void);
  int reports; /* potential deadlocks it must print (exit 66 when any) */
  int locks;   /* "took" lines of its report */
  const char *options; /* RACELENS_OPTIONS, NULL none */
};

static const struct scenario scenarios[] = {
    {"opposite_orders", opposite_orders, 1, 2, NULL},
    {"one_order", one_order, 0, 0, NULL},
    {"one_order_at_once", one_order_at_once, 0, 0, NULL},
    {"three_locks_round", three_locks_round, 1, 3, NULL},
    {"one_goroutine_both_orders", one_goroutine_both_orders, 1, 2, NULL},
    {"reported_once", reported_once, 1, 2, NULL},
    {"trylock_backs_off", trylock_backs_off, 0, 0, NULL},
    {"rwlock_orders", rwlock_orders, 1, 2, NULL},
    {"cond_wait", cond_wait, 0, 0, NULL},
    {"not_asked", opposite_orders, 0, 0, "detect_deadlocks=0"},
};

static int count(const char *text, const char *what) {
  int n = 0;
  for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
    n++;
  return n;
}

/* Runs s in a child; its exit status, and its stderr in err. */
static int run_child(const struct scenario *s, char *err, size_t n) {
  FILE *tmp = tmpfile();
  if (!tmp)
    return -1;
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fileno(tmp), 2);
    if (s->options) /* read at the first registration, below */
      setenv("RACELENS_OPTIONS", s->options, 1);
    rl_module_t m = {.abi_version = RL_ABI_VERSION,
                     .sites = sites,
                     .nsites = sizeof sites / sizeof sites[0],
                     .source = "locks.c"};
    __rl_register_module(&m);
    s->run();
    exit(0);
  }
  int st = -1;
  waitpid(pid, &st, 0);
  rewind(tmp);
  size_t got = fread(err, 1, n - 1, tmp);
  err[got] = '\0';
  fclose(tmp);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv) {
  static char err[1 << 16];
  for (size_t i = 0; i < sizeof scenarios / sizeof *scenarios; i++) {
    const struct scenario *s = &scenarios[i];
    if (argc > 1 && strcmp(argv[1], s->name) != 0)
      continue;
    int status = run_child(s, err, sizeof err);
    int reports = count(err, "WARNING: POTENTIAL DEADLOCK");
    int locks = count(err, " took ");
    CHECK(status == (s->reports ? 66 : 0) && reports == s->reports &&
              locks == s->locks,
          "%s: exit %d, %d report(s) with %d lock(s), want %d, %d, %d:\n%s",
          s->name, status, reports, locks, s->reports ? 66 : 0, s->reports,
          s->locks, err);
    if (s->reports)
      CHECK(strstr(err, "potential deadlock") && !strstr(err, "DATA RACE"),
            "%s: the summary counts it; no race:\n%s", s->name, err);
    fprintf(stderr, "ok   %s\n", s->name);
  }
  return 0;
}
