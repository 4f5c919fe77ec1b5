// The inline check: an access of 1 to 8 bytes is tested in place against
// its shadow cell, and calls __rl_readN / __rl_writeN only when the test
// fails.  The goroutine's state the test reads (the thread from
// rl_tls_thread, the shadow table rl_shadow_top) is loaded at entry and
// after every call, not per access: a loop without calls loads it once.
long total, last;
void ext(void);

long sum(const long *a, long n) {
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

// CHECK-DAG: @rl_tls_thread = external thread_local(initialexec) global
// CHECK-DAG: @rl_shadow_top = external global
// CHECK-DAG: @racelens.nothread = private constant [4 x i64] zeroinitializer
//
// The state, once, then the test: the chunk, the cell's two records
// against the epoch, the count on success; when the cell has nothing for
// us the runtime goes on from it (__rl_read_miss: the cell, the address,
// the epoch with the byte mask, the size, the site), when there is no cell
// to look at it takes the access whole; the state is loaded again after
// either call.
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
// CHECK-NEXT: @rl_tls_thread
// CHECK: call void @__rl_read8(
// CHECK-NEXT: @rl_tls_thread
//
// After a call that may synchronise, the state is loaded again.
// CHECK-LABEL: define {{.*}}@around_call(
// CHECK: call void @__rl_write_miss({{.*}}@total
// CHECK: call void @ext(
// CHECK-NEXT: @rl_tls_thread
// CHECK: call void @__rl_write8({{.*}}@total
