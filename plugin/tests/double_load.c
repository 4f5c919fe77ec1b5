// -fplugin and -fpass-plugin together register the pass twice; the module
// is still instrumented once.
// FLAGS: -fpass-plugin=@PLUGIN@
int counter;
void bump(void) { counter = 1; }

// CHECK-LABEL: define {{.*}}@bump(
// CHECK: call void @__rl_func_enter(
// CHECK-NOT: call void @__rl_func_enter(
// CHECK: call void @__rl_write4({{.*}}@counter
// CHECK-NOT: call void @__rl_write4(
// CHECK: ret void
// CHECK-NOT: racelens.module_ctor.1
