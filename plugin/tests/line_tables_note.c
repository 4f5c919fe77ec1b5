// clang 14 cannot turn on line tables from a plugin: a bare -fplugin build
// says how to get line numbers, and sites still name the function.
int counter;

void bump(void) { counter = 1; }

// CHECK: racelens: note: clang 14 cannot turn on line tables from a plugin{{.*}}-gline-tables-only
// CHECK-NOT: racelens: note
// CHECK-DAG: [[FN:@racelens.str[.0-9]*]] = {{.*}}c"bump\00"
// CHECK: @racelens.sites = internal global [2 x %racelens.site]
// CHECK-SAME: i16 2, i8 4, i8 0, i32 0, i32 0, {{.*}}[[FN]]
// CHECK: @racelens.globals = internal constant [1 x %racelens.global] [%racelens.global { {{.*}}@counter{{[^}]*}}, i64 4, {{[^}]*}}, i32 3, i32 0 }
