// memcpy/memmove read their source and write their destination, memset
// writes: ranges checked before the operation, for the intrinsics and, with
// -fno-builtin, for the library calls.
// FLAGS: -fno-builtin-memcpy
#include <string.h>

char dst[64], src[64];

void copy(size_t n) { memcpy(dst, src, n); }
void move(char *d, const char *s, size_t n) { memmove(d, s, n); }
void clear(char *d, size_t n) { memset(d, 0, n); }

// CHECK-LABEL: define {{.*}}@copy(
// CHECK: call void @__rl_read_range({{.*}}@src{{.*}}, i64 %
// CHECK-NEXT: call void @__rl_write_range({{.*}}@dst{{.*}}, i64 %
// CHECK-NEXT: call {{.*}}@memcpy(
// CHECK-LABEL: define {{.*}}@move(
// CHECK: call void @__rl_read_range(
// CHECK: call void @__rl_write_range(
// CHECK: memmove
// CHECK-LABEL: define {{.*}}@clear(
// CHECK-NOT: __rl_read_range
// CHECK: call void @__rl_write_range(
// CHECK: memset
