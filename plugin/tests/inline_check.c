// The inline check: an access of 1 to 8 bytes in an innermost loop
// without calls, where a call would make the code generator spill (a
// floating-point value carried across it, or more integers than the
// callee-saved registers; so not at -O0), is tested in place against its shadow cell, and
// calls the runtime only when the test fails.  The goroutine's state the
// test reads is loaded where the loop is entered, not per access, and not
// again after the runtime's calls.  Accesses elsewhere are plain calls.
long total;
void ext(void);

double dot(const double *a, const double *b, long n) {
  double s = 0;
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (long i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}

void scale(float *a, float k, long n) {
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (long i = 0; i < n; i++)
    a[i] *= k;
}

struct pair {
  __int128 wide;
  double x;
};

double walk(const struct pair *p, long n) {
  double s = 0;
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (long i = 0; i < n; i++)
    s += p[i].x + (double)p[i].wide;
  return s;
}

long isum(const long *a, long n) {
  long s = 0;
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (long i = 0; i < n; i++)
    s += a[i];
  return s;
}

void around_call(void) {
  total = 1;
  ext();
  total = 2;
}

// At -O0 every value lives in memory: a call spills nothing, no check.
// O0-NOT: @rl_tls_thread
// O0-NOT: __rl_read_miss
//
// OPT-DAG: @rl_tls_thread = external thread_local(initialexec) global
// OPT-DAG: @rl_shadow_top = external global
// OPT-DAG: @rl_shadow_empty = external global
// OPT-DAG: @racelens.nothread = private constant [4 x i64] zeroinitializer
//
// The state, once, on the way in: the thread (or zeros), the shadow table,
// whether the count table reaches the module's last site (if not, the
// zeros and an index mask of 0 stand in for the table).  Then per access:
// the chunk (rl_shadow_empty's zero cells when there is none), the cell's
// two records against the epoch, a read set's hint, the count on success;
// when the test fails the runtime goes on from the cell (__rl_read_miss:
// the cell, the address, the size, the site), and nothing is loaded again.
// OPT-LABEL: define {{.*}}@dot(
// OPT: @rl_tls_thread
// OPT: select {{.*}}@racelens.nothread
// OPT: load {{.*}}@rl_shadow_top
// OPT: icmp ult i32
// OPT: [[OK:%[0-9]+]] = and i1
// OPT: select i1 [[OK]], {{.*}}@racelens.nothread
// OPT: [[REACH:%[0-9]+]] = select i1 [[OK]], i64 268435455, i64 0
// OPT-NOT: @rl_tls_thread
// OPT: [[HI:%[0-9]+]] = and i64 {{%[0-9]+}}, [[REACH]]
// OPT: getelementptr {{.*}}, i64 [[HI]]
// OPT: [[CHUNK:%[0-9]+]] = load atomic {{.*}} acquire
// OPT: select {{.*}}@rl_shadow_empty{{.*}}[[CHUNK]]
// OPT: [[CELL:%[0-9]+]] = getelementptr i8,
// OPT: load atomic i64, {{.*}} monotonic
// OPT: load atomic i64, {{.*}} monotonic
// OPT: select {{.*}}@rl_shadow_empty
// OPT: store atomic i64 {{.*}} monotonic
// OPT-NOT: @rl_tls_thread
// OPT: call void @__rl_read_miss({{.*}}[[CELL]], {{.*}}, i32 8,
// OPT-NOT: @rl_tls_thread
// OPT-NOT: call void @__rl_read8(
// OPT: {{^}}}
//
// A write of 4 bytes: its byte mask moves with the address, and only the
// write record is tested.
// OPT-LABEL: define {{.*}}@scale(
// OPT: @rl_tls_thread
// OPT-NOT: @rl_tls_thread
// OPT: shl i64 15,
// OPT: or i64 {{.*}}, -256
// OPT: call void @__rl_write_miss({{.*}}, i32 4,
// OPT-NOT: @rl_tls_thread
// OPT: {{^}}}
//
// A 16-byte access in the loop is the runtime's whole entry point; it
// leaves the state as it was (the count table reached the module's every
// site on the way in), so nothing is loaded after it.
// OPT-LABEL: define {{.*}}@walk(
// OPT: @rl_tls_thread
// OPT: call void @__rl_read16(
// OPT-NOT: @rl_tls_thread
// OPT: {{^}}}
//
// An integer sum: its few values stay in callee-saved registers across a
// call, which costs no more than a check: plain calls, no state.
// CHECK-LABEL: define {{.*}}@isum(
// CHECK-NOT: @rl_tls_thread
// CHECK: call void @__rl_read8(
// CHECK-NOT: @rl_tls_thread
// CHECK: {{^}}}
//
// No loop: plain calls, no state.
// CHECK-LABEL: define {{.*}}@around_call(
// CHECK-NOT: @rl_tls_thread
// CHECK: call void @__rl_write8({{.*}}@total
// CHECK: call void @ext(
// CHECK: call void @__rl_write8({{.*}}@total
// CHECK-NOT: @rl_tls_thread
// CHECK: ret void
