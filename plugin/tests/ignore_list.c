// Functions matching a `fun:` entry of the ignore list are left as they
// are; `stats` reports them as ignored.
// FLAGS: -fplugin-arg-racelens-ignore=@DIR@/ignore_list.txt -fplugin-arg-racelens-stats
int counter;
void skip_me(void) { counter = 1; }
void keep_me(void) { counter = 2; }

// CHECK: racelens: stats: skip_me: ignored (ignore list)
// CHECK: racelens: stats: keep_me: instrumented 1
// CHECK-LABEL: define {{.*}}@skip_me(
// CHECK-NOT: __rl_
// CHECK: ret void
// CHECK-LABEL: define {{.*}}@keep_me(
// CHECK: call void @__rl_func_enter(
// CHECK: call void @__rl_write4({{.*}}@counter
