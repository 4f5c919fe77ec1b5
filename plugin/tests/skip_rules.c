// What cannot race is not checked: locals whose address never escapes,
// constant globals, string literals, thread-locals.  A local whose address
// escapes (here to another function) is checked.  `stats` counts each rule.
// FLAGS: -fplugin-arg-racelens-stats
const int limits[4] = {1, 2, 3, 4};
_Thread_local int tls_counter;
int shared;
void publish(int *p);

int skip_all(int n) {
  int local = n;       // never escapes
  local += limits[n & 3]; // const global
  tls_counter += 1;        // thread-local
  return local + "literal"[n & 3] + tls_counter;
}

int escapes(int n) {
  int seen = n;
  publish(&seen);
  return seen + shared;
}

// CHECK: racelens: stats: skip_all: instrumented 0 (reads 0, writes 0, ranges 0, atomics 0, calls 0), skipped {{[0-9]+}} (local {{[0-9]+}}, const 1, string 1, tls {{[1-9]}}, redundant 0)
// CHECK: racelens: stats: escapes: instrumented {{[1-9]}} (reads {{[1-9]}},
// CHECK-LABEL: define {{.*}}@skip_all(
// CHECK-NOT: call void @__rl_{{read|write}}
// CHECK: ret i32
// CHECK-LABEL: define {{.*}}@escapes(
// CHECK: call void @__rl_read4({{.*}}@shared
