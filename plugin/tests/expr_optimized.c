// What the optimiser does to variables does not change the names the site
// table gives their accesses.  At -O1 and up GlobalOpt splits a static
// aggregate whose accesses all have constant indices into one global per
// part (split.3, pr.hi), each a fragment of the source variable in debug
// info: the part's name comes from its offset in the variable, not from
// the start of the new global.  And an int index made from a wider value
// (`int me = (long)arg`) is extended as shifts of the wide value, which no
// variable names: the name is that of the narrow value `me` is bound to.
// With typed pointers (clang 14) `int *buf = arg` is a cast of the
// parameter: the access through it is `*buf`, not `*arg`.  And when the
// only record of `r` is on the cast of calloc's result (the loop between
// keeps it so), a member reached through the cast is `r->hits`.
// FLAGS: -g
#include <stdlib.h>
static int split[4];
static struct {
  int lo, hi;
} pr;
static int slots[3];

void fill(void) {
  split[0] = 1;
  split[3] = 4;
  pr.lo = 1;
  pr.hi = 7;
}

int read_back(int i) {
  return split[0] + split[3] + pr.lo + pr.hi + slots[i];
}

void *by_arg(void *arg) {
  int me = (int)(long)arg;
  slots[me] = 1;
  return 0;
}

void by_ptr(void *arg) {
  int *buf = arg;
  buf[0] = 1;
}

struct rec {
  int id, hits;
};
extern int closed;
void close_rec(void *);
void go(void (*)(void *), void *);
void go_yield(void);

int by_member(void) {
  struct rec *r = calloc(1, sizeof *r);
  if (!r)
    return 1;
  go(close_rec, r);
  while (!__atomic_load_n(&closed, __ATOMIC_RELAXED))
    go_yield();
  r->hits++;
  return 0;
}

// CHECK-DAG: c"*buf\00"
// CHECK-DAG: c"r->hits\00"
// CHECK-DAG: c"split[0]\00"
// CHECK-DAG: c"split[3]\00"
// CHECK-DAG: c"pr.lo\00"
// CHECK-DAG: c"pr.hi\00"
// CHECK-DAG: c"slots[me]\00"
