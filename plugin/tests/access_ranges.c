// Unaligned, vector and odd-sized accesses are checked as ranges.
typedef int v8i __attribute__((vector_size(32)));
struct __attribute__((packed)) hdr {
  char tag;
  int len; // at offset 1: unaligned
};
struct hdr h;
v8i vec;
struct odd {
  char b[3];
} o3;

int read_len(void) { return h.len; }
void write_vec(v8i v) { vec = v; }
v8i read_vec(void) { return vec; }
void write_odd(struct odd *p) { o3 = *p; }

// CHECK-LABEL: define {{.*}}@read_len(
// CHECK: call void @__rl_read_range({{.*}}, i64 4,
// CHECK-LABEL: define {{.*}}@write_vec(
// CHECK: call void @__rl_write_range({{.*}}@vec{{.*}}, i64 32,
// CHECK-LABEL: define {{.*}}@read_vec(
// CHECK: call void @__rl_read_range({{.*}}@vec{{.*}}, i64 32,
// A struct copy is a memcpy: both ranges in one call (see memops.c).
// CHECK-LABEL: define {{.*}}@write_odd(
// CHECK: call void @__rl_copy_range({{.*}}@o3, {{.*}}, i64 3,
