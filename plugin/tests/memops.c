// memcpy/memmove read their source and write their destination, memset
// writes: ranges checked before the operation, for the intrinsics and, with
// -fno-builtin, for the library calls.  Source and destination go to one
// __rl_copy_range call with two consecutive sites, the read's then the
// write's; when one side cannot race (a local, a constant) the other keeps
// its own range call.
// FLAGS: -fno-builtin-memcpy -fplugin-arg-racelens-stats
#include <string.h>

char dst[64], src[64];

void copy(size_t n) { memcpy(dst, src, n); }
void move(char *d, const char *s, size_t n) { memmove(d, s, n); }
void clear(char *d, size_t n) { memset(d, 0, n); }
static const char table[64] = "constant";
void from_const(size_t n) { memcpy(dst, table, n); }

// CHECK: racelens: stats: copy: instrumented 2 (reads 0, writes 0, ranges 2,{{.*}}merged 1
// CHECK: racelens: stats: from_const: instrumented 1 (reads 0, writes 0, ranges 1,{{.*}}const 1,{{.*}}merged 0
// The pair's sites: the read of `src` (kind 3), then the write of `dst`
// (kind 4), next to each other in the table.
// CHECK: @racelens.sites = internal global
// CHECK-SAME: { i32 0, i16 3, i8 0, i8 0, i32 [[L:[0-9]+]], i32 [[C:[0-9]+]], {{[^}]*}} }, %racelens.site { i32 0, i16 4, i8 0, i8 0, i32 [[L]], i32 [[C]],
// CHECK-LABEL: define {{.*}}@copy(
// CHECK-NOT: __rl_read_range
// CHECK: call void @__rl_copy_range({{.*}}@dst{{.*}}, {{.*}}@src{{.*}}, i64 %{{[0-9a-z.]+}}, {{.*}}@racelens.sites
// CHECK-NEXT: call {{.*}}@memcpy(
// CHECK-LABEL: define {{.*}}@move(
// CHECK-NOT: __rl_read_range
// CHECK: call void @__rl_copy_range(
// CHECK: memmove
// CHECK-LABEL: define {{.*}}@clear(
// CHECK-NOT: __rl_read_range
// CHECK: call void @__rl_write_range(
// CHECK: memset
// CHECK-LABEL: define {{.*}}@from_const(
// CHECK-NOT: __rl_read_range
// CHECK-NOT: __rl_copy_range
// CHECK: call void @__rl_write_range({{.*}}@dst
// CHECK: memcpy
