// Across blocks: a check dominated by a check of the same address (as
// wide, a write covering anything, a read covering a read) with nothing on
// any path in between that could synchronise is dropped; a call in between,
// or a path around the first check, keeps it.  (volatile keeps the
// optimiser from removing the accesses themselves at -O2.)
// FLAGS: -fplugin-arg-racelens-stats
volatile int shared, flag;
void sink(void);

int dominated(int c) {
  int a = shared; // checked
  if (c > 3)
    flag = 1;
  return a + shared; // covered by the first read: dropped
}

int call_between(int c) {
  int a = shared;
  if (c > 3)
    sink(); // may synchronise
  return a + shared;
}

// At -O1 and up the optimiser proves bump() `nosync` (nothing in it can
// synchronise): calling it leaves the clock alone.  At -O0 nothing is
// proved, so the call counts as one that may synchronise.
int plain;
static __attribute__((noinline)) void bump(void) { plain++; }
int nosync_call(int c) {
  int a = shared;
  if (c > 3)
    bump();
  return a + shared;
}

int not_dominated(int c) {
  int a = 0;
  if (c > 3)
    a = shared; // only on one path
  return a + shared;
}

int read_after_write(int c) {
  shared = c; // a write covers a later read
  if (c > 3)
    flag = 2;
  return shared;
}

int write_after_read(int c) {
  int a = shared; // a read does not cover a later write
  if (c > 3)
    flag = 3;
  shared = a + 1;
  return a;
}

int loop_with_call(int n) {
  int s = shared;
  for (int i = 0; i < n; i++) {
    s += shared; // dominated, but the way round the loop passes sink()
    sink();
  }
  return s;
}

// CHECK: racelens: stats: dominated: instrumented 2 ({{.*}}redundant 1)
// CHECK: racelens: stats: call_between: instrumented 2 ({{.*}}redundant 0)
// O0: racelens: stats: nosync_call: instrumented 2 ({{.*}}redundant 0)
// O2: racelens: stats: nosync_call: instrumented 1 ({{.*}}redundant 1)
// CHECK: racelens: stats: not_dominated: instrumented 2 ({{.*}}redundant 0)
// CHECK: racelens: stats: read_after_write: instrumented 2 ({{.*}}redundant 1)
// CHECK: racelens: stats: write_after_read: instrumented 3 ({{.*}}redundant 0)
// CHECK: racelens: stats: loop_with_call: instrumented {{[2-9]}} ({{.*}}redundant 0)
// CHECK-LABEL: define {{.*}}@dominated(
// CHECK: call void @__rl_read4({{.*}}@shared
// CHECK: call void @__rl_write4({{.*}}@flag
// CHECK-NOT: __rl_read4({{.*}}@shared
// CHECK: ret i32
// CHECK-LABEL: define {{.*}}@call_between(
// CHECK: call void @__rl_read4({{.*}}@shared
// CHECK: call void @sink(
// CHECK: call void @__rl_read4({{.*}}@shared
// CHECK-LABEL: define {{.*}}@not_dominated(
// CHECK: call void @__rl_read4({{.*}}@shared
// CHECK: call void @__rl_read4({{.*}}@shared
// CHECK-LABEL: define {{.*}}@read_after_write(
// CHECK: call void @__rl_write4({{.*}}@shared
// CHECK-NOT: __rl_read4({{.*}}@shared
// CHECK: ret i32
// CHECK-LABEL: define {{.*}}@write_after_read(
// CHECK: call void @__rl_read4({{.*}}@shared
// CHECK: call void @__rl_write4({{.*}}@shared
// CHECK-LABEL: define {{.*}}@loop_with_call(
// CHECK: call void @__rl_read4({{.*}}@shared
// CHECK: call void @__rl_read4({{.*}}@shared
// CHECK: call void @sink(
