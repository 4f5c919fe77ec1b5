// The site table names what each access touches, from debug info:
// `counter`, `p->count`, `s.field`, `arr[i]`, `*p`, all the way down to the
// member or element the access touches (`p->in.other`, `pts[i].y`,
// `(*pp)->count`); the globals table lists every non-constant global with
// its name, size, file and line.
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

struct in {
  int field, other;
};
struct outer {
  int id;
  struct in in;
  struct in arr[4];
  long count;
};
struct pt {
  int x, y;
};
struct pt pts[8];
struct outer so;

void deep(struct outer *p, int i, struct outer **pp, struct pt *q,
          struct outer *o) {
  p->in.other = 1;
  o->in.field = 2; // the first member of a member: still named
  pts[i].y = 3;
  p->arr[3].other = 4;
  (*pp)->count = 5;
  p->arr[i].field = 6;
  q[i].y = 7;
  q[2].x = 8;
  so.in.other = 9;
}

// CHECK-DAG: c"counter\00"
// CHECK-DAG: c"p->count\00"
// CHECK-DAG: c"s.count\00"
// CHECK-DAG: c"arr[i]\00"
// CHECK-DAG: c"*q\00"
// CHECK-DAG: c"p->in.other\00"
// CHECK-DAG: c"o->in.field\00"
// CHECK-DAG: c"pts[i].y\00"
// CHECK-DAG: c"p->arr[3].other\00"
// CHECK-DAG: c"(*pp)->count\00"
// CHECK-DAG: c"p->arr[i].field\00"
// CHECK-DAG: c"q[i].y\00"
// CHECK-DAG: c"q[2].x\00"
// CHECK-DAG: c"so.in.other\00"
// CHECK-DAG: [[FILE:@racelens.str[.0-9]*]] = {{.*}}c"{{.*}}expr_names.c\00"
// CHECK: @racelens.globals = internal constant [5 x %racelens.global]
// CHECK-DAG: @counter{{[^}]*}}, i64 4, {{[^}]*}}[[FILE]]{{[^}]*}}, i32 11, i32 0 }
// CHECK-DAG: @arr{{[^}]*}}, i64 32, {{[^}]*}}[[FILE]]{{[^}]*}}, i32 12, i32 0 }
// CHECK-DAG: @s{{[^}]*}}, i64 16, {{[^}]*}}[[FILE]]{{[^}]*}}, i32 13, i32 0 }
// CHECK-DAG: @pts{{[^}]*}}, i64 64, {{[^}]*}}[[FILE]]{{[^}]*}}, i32 36, i32 0 }
// CHECK: @racelens.module = internal global %racelens.module { i32 4, i32 {{1[49]}}, {{.*}}@racelens.sites{{.*}}, i32 17, i32 5,
