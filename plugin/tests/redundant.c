// Within a basic block, with no call in between, a read followed by a
// write of the same address needs only the write, and a repeated read or
// write needs one check.
// FLAGS: -fplugin-arg-racelens-stats
int counter, other;

void bump(void) { counter++; }
int twice(void) { return other + other * 3; }
void write_twice(int v) {
  other = v;
  other = v + 1;
}

// CHECK: racelens: stats: bump: instrumented 1 (reads 0, writes 1,{{.*}}redundant 1)
// O0: racelens: stats: twice: instrumented 1 (reads 1,{{.*}}redundant 1)
// CHECK-LABEL: define {{.*}}@bump(
// CHECK-NOT: __rl_read4
// CHECK: call void @__rl_write4({{.*}}@counter
// CHECK-NOT: __rl_read4
// CHECK: ret void
// CHECK-LABEL: define {{.*}}@twice(
// CHECK: call void @__rl_read4({{.*}}@other
// CHECK-NOT: __rl_read4
// CHECK: ret i32
// CHECK-LABEL: define {{.*}}@write_twice(
// CHECK: call void @__rl_write4({{.*}}@other
// CHECK-NOT: __rl_write4
// CHECK: ret void
