// Every instrumented function calls __rl_func_enter(its site) on entry and
// __rl_func_exit() before each return; before an ordinary call it stores
// the call's site in __rl_callsite (initial-exec TLS) so the callee's frame
// knows the line it was called from.  The runtime's own functions (__rl_,
// rt_, rl_) are never instrumented.
int g;
void ext(int);

int two_returns(int x) {
  if (x > 3) {
    ext(x);
    return g;
  }
  return 0;
}

void rt_internal(void) { g = 1; }
void rl_internal(void) { g = 2; }

// CHECK: @__rl_callsite = external thread_local(initialexec) global
// CHECK: @llvm.global_ctors = appending global {{.*}} { i32 0, {{.*}}@racelens.module_ctor
// CHECK-LABEL: define {{.*}}@two_returns(
// CHECK: call void @__rl_func_enter({{.*}}@racelens.sites
// CHECK: store {{.*}}@racelens.sites{{.*}}, {{.*}}
// CHECK-NEXT: call void @ext(
// CHECK: call void @__rl_func_exit()
// CHECK-NEXT: ret i32
// CHECK-LABEL: define {{.*}}@rt_internal(
// CHECK-NOT: __rl_
// CHECK: ret void
// CHECK-LABEL: define {{.*}}@rl_internal(
// CHECK-NOT: __rl_
// CHECK: ret void
// CHECK: define internal void @racelens.module_ctor()
// CHECK-NEXT: call void @__rl_register_module({{.*}}@racelens.module
