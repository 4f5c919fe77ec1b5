// Plain loads and stores of 1, 2, 4, 8 and 16 bytes to globals become
// __rl_readN / __rl_writeN before the access, with the access's site (up
// to 8 bytes behind the inline check: inline_check.c).
char c1;
short s2;
int i4;
long l8;
__int128 q16;

void store_all(long v) {
  c1 = (char)v;
  s2 = (short)v;
  i4 = (int)v;
  l8 = v;
  q16 = v;
}

long load_all(void) { return c1 + s2 + i4 + l8 + (long)q16; }

// CHECK-LABEL: define {{.*}}@store_all(
// CHECK: call void @__rl_write1({{.*}}@c1
// CHECK: store i8 {{.*}}@c1
// CHECK: call void @__rl_write2({{.*}}@s2
// CHECK: call void @__rl_write4({{.*}}@i4
// CHECK: call void @__rl_write8({{.*}}@l8
// CHECK: call void @__rl_write16({{.*}}@q16
// CHECK-LABEL: define {{.*}}@load_all(
// CHECK: call void @__rl_read1({{.*}}@c1
// CHECK: call void @__rl_read2({{.*}}@s2
// CHECK: call void @__rl_read4({{.*}}@i4
// CHECK: call void @__rl_read8({{.*}}@l8
// CHECK: call void @__rl_read16({{.*}}@q16
