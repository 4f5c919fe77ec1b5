// Calls to the teaching API, pthreads and the heap become calls to the
// runtime's __rl_ variants with the site as an extra last argument; the
// site names the started function of go()/pthread_create() and the
// variable a call's result is stored in.  Taking malloc's address yields
// __rl_fp_malloc, so calls through the pointer are tracked too.
// FLAGS: -g
#include <pthread.h>
#include <racelens/go.h>
#include <stdlib.h>

static void worker(void *arg) { (void)arg; }
static void *thread_main(void *arg) { return arg; }

void *(*allocator)(size_t) = malloc;
void keep(void *);

int main(void) {
  chan_t *jobs = CHAN(int, 3);
  go(worker, jobs);
  pthread_t t;
  pthread_create(&t, NULL, thread_main, NULL);
  pthread_join(t, NULL);
  void *(*alloc)(size_t) = malloc;
  void *p = alloc(16);
  keep(p);
  free(p);
  return 0;
}

// CHECK: @allocator = {{.*}}@__rl_fp_malloc
// CHECK-DAG: [[JOBS:@racelens.str[.0-9]*]] = {{.*}} c"jobs\00"
// CHECK-DAG: [[WORKER:@racelens.str[.0-9]*]] = {{.*}} c"worker\00"
// CHECK-DAG: [[TMAIN:@racelens.str[.0-9]*]] = {{.*}} c"thread_main\00"
// CHECK-DAG: [[GO:@racelens.str[.0-9]*]] = {{.*}} c"go\00"
// CHECK-DAG: [[PC:@racelens.str[.0-9]*]] = {{.*}} c"pthread_create\00"
// CHECK: @racelens.sites = internal global
// CHECK-SAME: i16 10, i8 0, i8 0, i32 18, {{[^}]*}}[[JOBS]]{{[^}]*}}null }
// CHECK-SAME: i16 10, i8 0, i8 0, i32 19, {{[^}]*}}[[GO]]{{[^}]*}}[[WORKER]]
// CHECK-SAME: i16 10, i8 0, i8 0, i32 21, {{[^}]*}}[[PC]]{{[^}]*}}[[TMAIN]]
// CHECK-LABEL: define {{.*}}@main(
// CHECK: call {{.*}}@__rl_chan_make(i64 {{.*}}4, i64 {{.*}}3, {{.*}}@racelens.sites
// CHECK: call void @__rl_go({{.*}}@worker{{.*}}, {{.*}}@racelens.sites
// CHECK: call {{.*}}@__rl_pthread_create({{.*}}@thread_main{{.*}}@racelens.sites
// CHECK: call {{.*}}@__rl_pthread_join({{.*}}@racelens.sites
// O0: store {{.*}}@__rl_fp_malloc
// CHECK: call void @__rl_free({{.*}}@racelens.sites
// CHECK-NOT: call {{.*}} @malloc(
// CHECK: declare {{.*}}@__rl_fp_malloc(i64
