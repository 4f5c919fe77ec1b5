// -fplugin-arg-racelens-no-inline: no inline check anywhere, even in a
// loop without calls; every access is its call (the compile time of a big
// project against the run time of its loops).
// FLAGS: -fplugin-arg-racelens-no-inline
double sum(const double *a, long n) {
  double s = 0;
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (long i = 0; i < n; i++)
    s += a[i];
  return s;
}

// CHECK-NOT: @rl_tls_thread
// CHECK-NOT: __rl_read_miss
// CHECK-LABEL: define {{.*}}@sum(
// CHECK: call void @__rl_read8(
// CHECK-NOT: __rl_read_miss
// CHECK-NOT: @rl_tls_thread
// CHECK: {{^}}}
