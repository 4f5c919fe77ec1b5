// The site table names what each access touches, from debug info:
// `counter`, `p->count`, `s.field`, `arr[i]`, `*p`; the globals table lists
// every non-constant global with its name, size, file and line.
// FLAGS: -g
struct acct {
  int id;
  long count;
};
int counter;
int arr[8];
struct acct s;
const int table[2] = {1, 2};

void touch(struct acct *p, int i, int *q) {
  counter = 1;
  p->count = 2;
  s.count = 3;
  arr[i] = 4;
  *q = 5;
}

// CHECK-DAG: c"counter\00"
// CHECK-DAG: c"p->count\00"
// CHECK-DAG: c"s.count\00"
// CHECK-DAG: c"arr[i]\00"
// CHECK-DAG: c"*q\00"
// CHECK-DAG: [[FILE:@racelens.str[.0-9]*]] = {{.*}}c"{{.*}}expr_names.c\00"
// CHECK: @racelens.globals = internal constant [3 x %racelens.global]
// CHECK-DAG: @counter{{[^}]*}}, i64 4, {{[^}]*}}[[FILE]]{{[^}]*}}, i32 9, i32 0 }
// CHECK-DAG: @arr{{[^}]*}}, i64 32, {{[^}]*}}[[FILE]]{{[^}]*}}, i32 10, i32 0 }
// CHECK-DAG: @s{{[^}]*}}, i64 16, {{[^}]*}}[[FILE]]{{[^}]*}}, i32 11, i32 0 }
// CHECK: @racelens.module = internal global %racelens.module { i32 1, i32 {{1[49]}}, {{.*}}@racelens.sites{{.*}}, i32 6, i32 3,
