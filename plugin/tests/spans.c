// Adjacent accesses of one kind inside one aligned 8-byte word, with
// nothing between them that could synchronise, share one span call; each
// keeps its own site (consecutive in the table, in address order), so a
// race on either is reported as that access.  Reads and writes are never
// mixed, a call in between splits them, and a span never leaves the word.
// FLAGS: -g -fplugin-arg-racelens-stats
struct pair {
  int lo, hi;
} pr;
struct wide {
  int a, b, c;
} wd;
void sink(void);

void set_pair(int a, int b) {
  pr.hi = b; // written first, but the span starts at the lower address
  pr.lo = a;
}
int sum_pair(void) { return pr.lo + pr.hi; }
void set_split(int a, int b) {
  pr.lo = a;
  sink();
  pr.hi = b;
}
void set_wide(int x) {
  wd.a = x;
  wd.b = x;
  wd.c = x; // would cross into the next word: checked on its own
}

// CHECK: racelens: stats: set_pair: instrumented 2 (reads 0, writes 2,{{.*}}merged 1
// CHECK: racelens: stats: sum_pair: instrumented 2 (reads 2, writes 0,{{.*}}merged 1
// CHECK: racelens: stats: set_split: instrumented 2 ({{.*}}merged 0
// CHECK: racelens: stats: set_wide: instrumented 3 ({{.*}}merged 1
// The two sites of set_pair's span, consecutive, in address order: writes
// (kind 2) of 4 bytes, `pr.lo` (line 17) then `pr.hi` (line 16).
// CHECK: @racelens.sites = internal global
// CHECK-SAME: [%racelens.site { i32 0, i16 2, i8 4, i8 0, i32 17, {{[^}]*}} }, %racelens.site { i32 0, i16 2, i8 4, i8 0, i32 16,
// CHECK-LABEL: define {{.*}}@set_pair(
// CHECK-NOT: __rl_write4
// CHECK: call void @__rl_write_span({{.*}}@pr{{.*}}, i64 8,
// CHECK-NOT: __rl_write4
// CHECK: ret void
// CHECK-LABEL: define {{.*}}@sum_pair(
// CHECK: call void @__rl_read_span({{.*}}@pr{{.*}}, i64 8,
// CHECK-LABEL: define {{.*}}@set_split(
// CHECK: call void @__rl_write4({{.*}}@pr
// CHECK: call void @sink(
// CHECK: call void @__rl_write4({{.*}}getelementptr
// CHECK-LABEL: define {{.*}}@set_wide(
// CHECK-DAG: call void @__rl_write_span({{.*}}@wd{{.*}}, i64 8,
// CHECK-DAG: call void @__rl_write4({{.*}}{{@wd, i(32|64) 0, i32 2\)|@wd, i64 8\)}}
