// Atomic instructions are replaced by the runtime's calls, which perform
// them, with the C11 memory order (relaxed 0, acquire 2, release 3,
// acq_rel 4, seq_cst 5).  cmpxchg's success flag is the comparison of the
// returned old value with the expected one.
#include <stdatomic.h>
#include <stdint.h>

_Atomic int ai;
_Atomic long al;
_Atomic char ac;
_Atomic short as;
int *_Atomic ap;

int load_acq(void) { return atomic_load_explicit(&ai, memory_order_acquire); }
void store_rel(long v) { atomic_store_explicit(&al, v, memory_order_release); }
int add_relaxed(void) {
  return atomic_fetch_add_explicit(&ai, 2, memory_order_relaxed);
}
char or_acqrel(char v) {
  return atomic_fetch_or_explicit(&ac, v, memory_order_acq_rel);
}
short xchg(short v) { return atomic_exchange(&as, v); }
int *load_ptr(void) { return atomic_load(&ap); }
_Bool cas(long *expected, long desired) {
  return atomic_compare_exchange_strong_explicit(
      &al, expected, desired, memory_order_seq_cst, memory_order_acquire);
}
void fence(void) { atomic_thread_fence(memory_order_seq_cst); }
void signal_fence(void) { atomic_signal_fence(memory_order_seq_cst); }

// CHECK-LABEL: define {{.*}}@load_acq(
// CHECK: call {{.*}}i32 @__rl_atomic_load4({{.*}}@ai{{.*}}, i32 2,
// CHECK-NOT: load atomic
// CHECK-LABEL: define {{.*}}@store_rel(
// CHECK: call void @__rl_atomic_store8({{.*}}@al{{.*}}, i64 %{{.*}}, i32 3,
// CHECK-NOT: store atomic
// CHECK-LABEL: define {{.*}}@add_relaxed(
// CHECK: call {{.*}}i32 @__rl_atomic_rmw4({{.*}}@ai{{.*}}, i32 1, i32 {{.*}}, i32 0,
// CHECK-NOT: atomicrmw
// CHECK-LABEL: define {{.*}}@or_acqrel(
// CHECK: call {{.*}}i8 @__rl_atomic_rmw1({{.*}}@ac{{.*}}, i32 4, i8 {{.*}}, i32 4,
// CHECK-LABEL: define {{.*}}@xchg(
// CHECK: call {{.*}}i16 @__rl_atomic_rmw2({{.*}}@as{{.*}}, i32 0, i16 {{.*}}, i32 5,
// CHECK-LABEL: define {{.*}}@load_ptr(
// CHECK: call {{.*}}i64 @__rl_atomic_load8({{.*}}@ap{{.*}}, i32 5,
// CHECK-LABEL: define {{.*}}@cas(
// CHECK: [[OLD:%.*]] = call {{.*}}i64 @__rl_atomic_cas8({{.*}}@al{{.*}}, i64 [[EXP:%.*]], i64 {{.*}}, i32 5, i32 2,
// CHECK: icmp eq i64 [[OLD]], [[EXP]]
// CHECK-NOT: cmpxchg
// CHECK-LABEL: define {{.*}}@fence(
// CHECK: call void @__rl_atomic_fence(i32 5,
// CHECK-NOT: fence seq_cst
// CHECK-LABEL: define {{.*}}@signal_fence(
// CHECK-NOT: @__rl_atomic_fence
// CHECK: fence syncscope("singlethread") seq_cst
// CHECK: declare {{.*}}zeroext i8 @__rl_atomic_rmw1({{.*}}, i8 zeroext
