// -fpass-plugin alone (no -fplugin) instruments too.
int counter;
void bump(void) { counter = 1; }

// CHECK-LABEL: define {{.*}}@bump(
// CHECK: call void @__rl_func_enter(
// CHECK: call void @__rl_write4({{.*}}@counter
