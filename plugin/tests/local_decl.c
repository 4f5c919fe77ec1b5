// An access to a local that escapes carries the line that declares the
// local (rl_site_t.decl_line, the report's "local `j.count` of `main`
// (prog.c:16)"), whatever form the debug records take: dbg.declare at
// -O0, assignment tracking's address operands at -O1 and up.  Accesses to
// anything else carry 0.
// FLAGS: -g
struct job {
  int id, count;
};
void start(struct job *j);
void wait_all(void);
int global_hits;

// CHECK-LABEL: @racelens.sites =
int main(void) {
  struct job j = {7, 1};
  start(&j);
  // CHECK-SAME: %racelens.site { i32 0, i16 2, i8 4, i8 0, i32 [[@LINE+1]], i32 {{[0-9]+}}, i32 16, i32 0,
  j.count = 2;
  // CHECK-SAME: %racelens.site { i32 0, i16 2, i8 4, i8 0, i32 [[@LINE+1]], i32 {{[0-9]+}}, i32 0, i32 0,
  global_hits = 3;
  wait_all();
  return j.count;
}
//
// Debug info the command line asked for (-g) stays in the object.
// CHECK: !llvm.dbg.cu
