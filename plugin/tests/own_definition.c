// A program that defines its own function with an intercepted name keeps
// calling it: only calls to declarations are rewritten.
int added;
__attribute__((noinline)) void wg_add(void *wg, int delta) {
  (void)wg;
  added += delta;
}
void *malloc(unsigned long n);
void keep(void *);

void call_them(void) {
  wg_add(0, 1);
  keep(malloc(4));
}

// CHECK-LABEL: define {{.*}}@call_them(
// CHECK: call void @wg_add(
// CHECK: call {{.*}}@__rl_malloc(i64 {{.*}}4,
// CHECK-NOT: @__rl_wg_add
