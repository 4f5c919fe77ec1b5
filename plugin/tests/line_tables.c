// With no -g at all, clang 19 gets line tables from the plugin: sites carry
// the line and column, the function, and global names still name the
// variables.
int counter;

void bump(void) {
  counter = 1;
}

// CHECK-DAG: [[CTR:@racelens.str[.0-9]*]] = {{.*}}c"counter\00"
// CHECK-DAG: [[FILE:@racelens.str[.0-9]*]] = {{.*}}c"{{.*}}line_tables.c\00"
// CHECK-DAG: [[FN:@racelens.str[.0-9]*]] = {{.*}}c"bump\00"
// CHECK: @racelens.sites = internal global [2 x %racelens.site]
// CHECK-SAME: { i32 0, i16 2, i8 4, i8 0, i32 7, i32 11, {{.*}}[[FN]]{{.*}}[[CTR]]
// CHECK: @racelens.globals = internal constant [1 x %racelens.global] [%racelens.global { {{.*}}@counter{{[^}]*}}, i64 4, {{[^}]*}}[[FILE]]{{[^}]*}}, i32 4, i32 0 }
//
// Read into the sites, the line tables the plugin asked for are dropped:
// the object carries no debug info the command line did not ask for (the
// runtime's stacks are site ids, not return addresses).
// CHECK-NOT: !llvm.dbg.cu
// CHECK-NOT: !DILocation
