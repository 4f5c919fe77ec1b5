// String, stdio and descriptor calls become __rl_ variants with the site
// after their fixed parameters (printf's before its variadic ones); the
// attributes that promised what memory the libc call touches are gone
// from the rewritten call, whose variant writes the detector's state.  A
// declaration of one of their names with other parameters -- a program's
// own `write` in another file -- is left alone.
#include <stdio.h>
#include <string.h>

void write(const char *who, int level); /* the program's own, elsewhere */

char buf[32];

int show(const char *src) {
  strcpy(buf, src);
  size_t n = strlen(buf);
  printf("%s %zu\n", buf, n);
  write("show", 1);
  return (int)n;
}

// CHECK-LABEL: define {{.*}}@show(
// CHECK: call {{.*}}@__rl_strcpy({{.*}}@buf{{.*}}, {{.*}}@racelens.sites
// CHECK: [[LEN:%[0-9a-z.]+]] = {{.*}}call i64 @__rl_strlen({{.*}}@buf{{.*}}@racelens.sites{{[^#]*}}
// OPT-SAME: [[ATTRS:#[0-9]+]]
// CHECK: call {{.*}}@__rl_printf({{.*}}, {{.*}}@racelens.sites{{.*}}@buf{{.*}}, i64 {{[^)%]*}}
// OPT-SAME: [[LEN]])
// CHECK: call void @write(
// CHECK-NOT: @__rl_write
// OPT-NOT: attributes [[ATTRS]] = {{.*}}memory(
// OPT-NOT: attributes [[ATTRS]] = {{.*}}readonly
