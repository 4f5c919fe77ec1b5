// Every function of a file matching a `src:` entry of the ignore list is
// left as it is.
// FLAGS: -fplugin-arg-racelens-ignore=@DIR@/../ignore_list.txt -fplugin-arg-racelens-stats
int counter;
void bump(void) { counter = 1; }
int peek(void) { return counter; }

// CHECK: racelens: stats: bump: ignored (ignore list)
// CHECK: racelens: stats: peek: ignored (ignore list)
// CHECK-LABEL: define {{.*}}@bump(
// CHECK-NOT: __rl_
// CHECK: ret void
// CHECK-LABEL: define {{.*}}@peek(
// CHECK-NOT: __rl_
// CHECK: ret i32
