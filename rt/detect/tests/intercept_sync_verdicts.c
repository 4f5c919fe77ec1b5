/*
 * The pthread and semaphore interceptors give the detector the right
 * happens-before edges: each scenario runs in a child process, as an
 * instrumented program would call the runtime (accesses through
 * __rl_write4/__rl_read4, sync through __rl_pthread_* and their __rl_fp_
 * twins), and the child's exit status is the verdict a user sees: 66 when
 * racelens found a race, 0 when not.  Every ordering rule has a race-free
 * scenario and a twin without the edge that must be reported.
 *
 * "Unordered" twins wait for each other with a raw C11 atomic the
 * detector does not see, so the verdict never depends on the schedule.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi.h"

int __rl_pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *),
                        void *, rl_site_t *);
int __rl_pthread_join(pthread_t, void **, rl_site_t *);
int __rl_pthread_detach(pthread_t, rl_site_t *);
void __rl_pthread_exit(void *, rl_site_t *);
int __rl_pthread_mutex_lock(pthread_mutex_t *, rl_site_t *);
int __rl_pthread_mutex_unlock(pthread_mutex_t *, rl_site_t *);
int __rl_pthread_mutex_trylock(pthread_mutex_t *, rl_site_t *);
int __rl_fp_pthread_mutex_lock(pthread_mutex_t *);
int __rl_fp_pthread_mutex_unlock(pthread_mutex_t *);
int __rl_pthread_rwlock_rdlock(pthread_rwlock_t *, rl_site_t *);
int __rl_pthread_rwlock_wrlock(pthread_rwlock_t *, rl_site_t *);
int __rl_pthread_rwlock_unlock(pthread_rwlock_t *, rl_site_t *);
int __rl_pthread_spin_init(pthread_spinlock_t *, int, rl_site_t *);
int __rl_pthread_spin_lock(pthread_spinlock_t *, rl_site_t *);
int __rl_pthread_spin_unlock(pthread_spinlock_t *, rl_site_t *);
int __rl_pthread_cond_wait(pthread_cond_t *, pthread_mutex_t *, rl_site_t *);
int __rl_pthread_cond_signal(pthread_cond_t *, rl_site_t *);
int __rl_pthread_barrier_init(pthread_barrier_t *,
                              const pthread_barrierattr_t *, unsigned,
                              rl_site_t *);
int __rl_pthread_barrier_wait(pthread_barrier_t *, rl_site_t *);
int __rl_pthread_once(pthread_once_t *, void (*)(void), rl_site_t *);
int __rl_sem_init(sem_t *, int, unsigned, rl_site_t *);
int __rl_sem_post(sem_t *, rl_site_t *);
int __rl_sem_wait(sem_t *, rl_site_t *);
void *__rl_malloc(size_t, rl_site_t *);
void __rl_free(void *, rl_site_t *);

static rl_site_t sites[] = {
    {.kind = RL_SITE_WRITE,
     .size = 4,
     .line = 10,
     .file = "verdicts.c",
     .func = "worker",
     .expr = "shared"},
    {.kind = RL_SITE_READ,
     .size = 4,
     .line = 20,
     .file = "verdicts.c",
     .func = "main",
     .expr = "shared"},
    {.kind = RL_SITE_CALL,
     .line = 30,
     .file = "verdicts.c",
     .func = "main",
     .callee = "pthread_create",
     .target = "worker"},
};
static rl_site_t *W = &sites[0], *R = &sites[1], *CALL = &sites[2];

#include "verdict_driver.h"

static int shared;
static int slots[4];
static atomic_int raw_flag; /* invisible to the detector */

/* Only the detector is told about accesses to `shared`: the test itself
 * never touches it, so its TSan flavour sees no race of its own. */
static void write_shared(void) {
  __rl_write4(&shared, W);
}

static void read_shared(void) {
  __rl_read4(&shared, R);
}

static void raw_signal(void) {
  atomic_store(&raw_flag, 1);
}

static void raw_wait(void) {
  while (!atomic_load(&raw_flag))
    usleep(100);
}

static pthread_t spawn(void *(*fn)(void *), void *arg) {
  pthread_t t;
  if (__rl_pthread_create(&t, NULL, fn, arg, CALL) != 0)
    abort();
  return t;
}

/* ---- create / join ------------------------------------------------------ */

static void *writer(void *arg) {
  (void)arg;
  write_shared();
  raw_signal();
  return NULL;
}

static void create_join(void) {
  write_shared(); /* before create: ordered before the child */
  pthread_t t = spawn(writer, NULL);
  __rl_pthread_join(t, NULL, CALL);
  read_shared();
}

static void no_join(void) {
  pthread_t t = spawn(writer, NULL);
  raw_wait();
  read_shared();
  __rl_pthread_detach(t, NULL);
}

static void *exits_early(void *arg) {
  (void)arg;
  write_shared();
  __rl_pthread_exit(NULL, NULL);
  return NULL;
}

static void pthread_exit_join(void) {
  pthread_t t = spawn(exits_early, NULL);
  __rl_pthread_join(t, NULL, NULL);
  read_shared();
}

/* ---- mutex -------------------------------------------------------------- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *locked_inc(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++) {
    __rl_pthread_mutex_lock(&mu, CALL);
    write_shared();
    __rl_pthread_mutex_unlock(&mu, CALL);
  }
  return NULL;
}

/* Through the function-pointer twins, as `int (*f)(pthread_mutex_t *) =
 * pthread_mutex_lock` compiles. */
static void *locked_inc_fp(void *arg) {
  (void)arg;
  int (*lock)(pthread_mutex_t *) = __rl_fp_pthread_mutex_lock;
  int (*unlock)(pthread_mutex_t *) = __rl_fp_pthread_mutex_unlock;
  for (int i = 0; i < 50; i++) {
    lock(&mu);
    write_shared();
    unlock(&mu);
  }
  return NULL;
}

static void mutex_ordered(void) {
  pthread_t a = spawn(locked_inc, NULL), b = spawn(locked_inc_fp, NULL);
  __rl_pthread_join(a, NULL, NULL);
  __rl_pthread_join(b, NULL, NULL);
}

static void *unlocked_inc(void *arg) {
  (void)arg;
  write_shared();
  raw_signal();
  return NULL;
}

static void mutex_one_side(void) {
  pthread_t a = spawn(unlocked_inc, NULL);
  raw_wait();
  __rl_pthread_mutex_lock(&mu, CALL);
  write_shared();
  __rl_pthread_mutex_unlock(&mu, CALL);
  __rl_pthread_join(a, NULL, NULL);
}

static void *trylock_inc(void *arg) {
  (void)arg;
  while (__rl_pthread_mutex_trylock(&mu, CALL) != 0)
    usleep(100);
  write_shared();
  __rl_pthread_mutex_unlock(&mu, CALL);
  return NULL;
}

static void trylock_ordered(void) {
  pthread_t a = spawn(trylock_inc, NULL), b = spawn(trylock_inc, NULL);
  __rl_pthread_join(a, NULL, NULL);
  __rl_pthread_join(b, NULL, NULL);
}

/* ---- rwlock ------------------------------------------------------------- */

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static void *rw_writer(void *arg) {
  (void)arg;
  __rl_pthread_rwlock_wrlock(&rw, CALL);
  write_shared();
  __rl_pthread_rwlock_unlock(&rw, CALL);
  raw_signal();
  return NULL;
}

static void *rw_reader(void *arg) {
  (void)arg;
  __rl_pthread_rwlock_rdlock(&rw, CALL);
  read_shared();
  __rl_pthread_rwlock_unlock(&rw, CALL);
  raw_signal();
  return NULL;
}

/* write unlock -> read lock, and read unlock -> write lock */
static void rwlock_ordered(void) {
  pthread_t a = spawn(rw_writer, NULL);
  raw_wait();
  __rl_pthread_rwlock_rdlock(&rw, CALL);
  read_shared();
  __rl_pthread_rwlock_unlock(&rw, CALL);
  atomic_store(&raw_flag, 0);
  pthread_t b = spawn(rw_reader, NULL);
  raw_wait();
  __rl_pthread_rwlock_wrlock(&rw, CALL);
  write_shared();
  __rl_pthread_rwlock_unlock(&rw, CALL);
  __rl_pthread_join(a, NULL, NULL);
  __rl_pthread_join(b, NULL, NULL);
}

static void *rd_writes(void *arg) {
  (void)arg;
  __rl_pthread_rwlock_rdlock(&rw, CALL);
  write_shared();
  __rl_pthread_rwlock_unlock(&rw, CALL);
  raw_signal();
  return NULL;
}

/* A read unlock orders nothing for the next reader. */
static void rwlock_readers_write(void) {
  pthread_t a = spawn(rd_writes, NULL);
  raw_wait();
  __rl_pthread_rwlock_rdlock(&rw, CALL);
  write_shared();
  __rl_pthread_rwlock_unlock(&rw, CALL);
  __rl_pthread_join(a, NULL, NULL);
}

/* ---- spin, cond, barrier, once, semaphores ------------------------------ */

static pthread_spinlock_t spin;

static void *spin_inc(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++) {
    __rl_pthread_spin_lock(&spin, CALL);
    write_shared();
    __rl_pthread_spin_unlock(&spin, CALL);
  }
  return NULL;
}

static void spin_ordered(void) {
  __rl_pthread_spin_init(&spin, 0, CALL);
  pthread_t a = spawn(spin_inc, NULL), b = spawn(spin_inc, NULL);
  __rl_pthread_join(a, NULL, NULL);
  __rl_pthread_join(b, NULL, NULL);
}

static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready; /* under mu */

static void *producer(void *arg) {
  (void)arg;
  write_shared();
  __rl_pthread_mutex_lock(&mu, CALL);
  ready = 1;
  __rl_pthread_cond_signal(&cv, CALL);
  __rl_pthread_mutex_unlock(&mu, CALL);
  return NULL;
}

static void cond_ordered(void) {
  pthread_t a = spawn(producer, NULL);
  __rl_pthread_mutex_lock(&mu, CALL);
  while (!ready)
    __rl_pthread_cond_wait(&cv, &mu, CALL);
  __rl_pthread_mutex_unlock(&mu, CALL);
  read_shared();
  __rl_pthread_join(a, NULL, NULL);
}

static pthread_barrier_t barrier;

/* Each round every thread writes its own slot, then after the barrier
 * reads its neighbour's: ordered only by the barrier, round after round
 * (the reuse the per-round clocks are for). */
static void *phases(void *arg) {
  int me = (int)(long)arg;
  for (int round = 0; round < 20; round++) {
    __rl_write4(&slots[me], W);
    __rl_pthread_barrier_wait(&barrier, CALL);
    __rl_read4(&slots[(me + 1) % 4], R);
    __rl_pthread_barrier_wait(&barrier, CALL);
  }
  return NULL;
}

static void barrier_ordered(void) {
  __rl_pthread_barrier_init(&barrier, NULL, 4, CALL);
  pthread_t t[4];
  for (long i = 0; i < 4; i++)
    t[i] = spawn(phases, (void *)i);
  for (int i = 0; i < 4; i++)
    __rl_pthread_join(t[i], NULL, NULL);
}

/* Only one barrier per round: the read of round k races with the
 * neighbour's write of round k+1. */
static void *one_barrier(void *arg) {
  int me = (int)(long)arg;
  for (int round = 0; round < 20; round++) {
    __rl_write4(&slots[me], W);
    __rl_pthread_barrier_wait(&barrier, CALL);
    __rl_read4(&slots[(me + 1) % 4], R);
  }
  return NULL;
}

static void barrier_reuse_race(void) {
  __rl_pthread_barrier_init(&barrier, NULL, 4, CALL);
  pthread_t t[4];
  for (long i = 0; i < 4; i++)
    t[i] = spawn(one_barrier, (void *)i);
  for (int i = 0; i < 4; i++)
    __rl_pthread_join(t[i], NULL, NULL);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_shared(void) {
  write_shared();
}

static void *use_once(void *arg) {
  (void)arg;
  __rl_pthread_once(&once, init_shared, CALL);
  read_shared();
  return NULL;
}

static void once_ordered(void) {
  pthread_t a = spawn(use_once, NULL), b = spawn(use_once, NULL);
  __rl_pthread_join(a, NULL, NULL);
  __rl_pthread_join(b, NULL, NULL);
}

static sem_t sem;

static void *post_after_write(void *arg) {
  (void)arg;
  write_shared();
  __rl_sem_post(&sem, CALL);
  return NULL;
}

static void sem_ordered(void) {
  __rl_sem_init(&sem, 0, 0, CALL);
  pthread_t a = spawn(post_after_write, NULL);
  __rl_sem_wait(&sem, CALL);
  read_shared();
  __rl_pthread_join(a, NULL, NULL);
}

/* ---- heap --------------------------------------------------------------- */

static int *block;

static void *use_block(void *arg) {
  (void)arg;
  __rl_write4(&block[3], W);
  raw_signal();
  return NULL;
}

static void free_vs_use(void) {
  block = __rl_malloc(16, CALL);
  pthread_t a = spawn(use_block, NULL);
  raw_wait();
  __rl_free(block, CALL); /* a write of the whole block */
  __rl_pthread_join(a, NULL, NULL);
}

static void free_after_join(void) {
  block = __rl_malloc(16, CALL);
  pthread_t a = spawn(use_block, NULL);
  __rl_pthread_join(a, NULL, NULL);
  __rl_free(block, CALL);
}

/* ---- driver ------------------------------------------------------------- */

static const struct scenario scenarios[] = {
    {"create_join", create_join, 0, false},
    {"no_join", no_join, 66, false},
    {"pthread_exit_join", pthread_exit_join, 0, false},
    {"mutex_ordered", mutex_ordered, 0, false},
    {"mutex_one_side", mutex_one_side, 66, false},
    {"trylock_ordered", trylock_ordered, 0, false},
    {"rwlock_ordered", rwlock_ordered, 0, false},
    {"rwlock_readers_write", rwlock_readers_write, 66, false},
    {"spin_ordered", spin_ordered, 0, false},
    {"cond_ordered", cond_ordered, 0, false},
    {"barrier_ordered", barrier_ordered, 0, false},
    {"barrier_reuse_race", barrier_reuse_race, 66, false},
    {"once_ordered", once_ordered, 0, false},
    {"sem_ordered", sem_ordered, 0, false},
    {"free_vs_use", free_vs_use, 66, false},
    {"free_after_join", free_after_join, 0, false},
};

int main(int argc, char **argv) {
  return verdict_main(scenarios, sizeof scenarios / sizeof scenarios[0], argc,
                      argv, "verdicts.c");
}
