// The inline check: an access of 1 to 8 bytes in an innermost loop
// without calls is tested in place against its shadow cell, and calls the
// runtime only when the test fails.  The goroutine's state the test reads
// (the thread from rl_tls_thread, the shadow table rl_shadow_top) is
// loaded where the loop is entered, not per access.  Accesses elsewhere
// are plain calls.
long total, last;
void ext(void);

long sum(const long *a, long n) {
  long s = 0;
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (long i = 0; i < n; i++)
    s += a[i];
  return s;
}

struct pair {
  __int128 wide;
  long n;
};

long walk(const struct pair *p, long n) {
  long s = 0;
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (long i = 0; i < n; i++)
    s += p[i].n + (long)p[i].wide;
  return s;
}

void around_call(void) {
  total = 1;
  ext();
  total = 2;
}

// CHECK-DAG: @rl_tls_thread = external thread_local(initialexec) global
// CHECK-DAG: @rl_shadow_top = external global
// CHECK-DAG: @racelens.nothread = private constant [4 x i64] zeroinitializer
//
// The state, once, then the test: the chunk, the cell's two records
// against the epoch, the count on success; when the cell has nothing for
// us the runtime goes on from it (__rl_read_miss: the cell, the address,
// the epoch with the byte mask, the size, the site), which changes no
// state; when there is no cell to look at it takes the access whole, and
// the state is loaded again after that.
// CHECK-LABEL: define {{.*}}@sum(
// CHECK: @rl_tls_thread
// CHECK: select {{.*}}@racelens.nothread
// CHECK: load {{.*}}@rl_shadow_top
// CHECK-NOT: @rl_tls_thread
// CHECK: [[CHUNK:%[0-9]+]] = load atomic {{.*}} acquire
// CHECK: [[CELL:%[0-9]+]] = getelementptr i8, {{.*}}[[CHUNK]]
// CHECK: load atomic i64, {{.*}} monotonic
// CHECK: load atomic i64, {{.*}} monotonic
// CHECK: store atomic i64 {{.*}} monotonic
// CHECK-NOT: @rl_tls_thread
// CHECK: call void @__rl_read_miss({{.*}}[[CELL]], {{.*}}, i64 {{.*}}, i32 8,
// CHECK-NOT: @rl_tls_thread
// CHECK: call void @__rl_read8(
// CHECK-NEXT: @rl_tls_thread
//
// A 16-byte access in the loop is the runtime's whole entry point, which
// may grow the count table: the state is loaded again after it too.
// CHECK-LABEL: define {{.*}}@walk(
// CHECK: call void @__rl_read16(
// CHECK-NEXT: @rl_tls_thread
//
// No loop: plain calls, no state.
// CHECK-LABEL: define {{.*}}@around_call(
// CHECK-NOT: @rl_tls_thread
// CHECK: call void @__rl_write8({{.*}}@total
// CHECK: call void @ext(
// CHECK: call void @__rl_write8({{.*}}@total
// CHECK-NOT: @rl_tls_thread
// CHECK: ret void
