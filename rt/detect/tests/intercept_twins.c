/*
 * Every RL_INTERCEPT_LIBC name in rt/intercepts.def has both entry points
 * the plugin may emit a call to: __rl_NAME (a rewritten call) and
 * __rl_fp_NAME (the function's address taken).  A name added to the list
 * without its interceptor would make instrumented programs fail to link
 * only when they happen to use it; here it fails the build of this test
 * at once, and the test checks that each pair is two distinct functions.
 *
 * The declarations below are deliberately typeless: only the addresses
 * are used, never a call, so the signatures do not matter here (the
 * runtime's own files define them with the real ones).
 */
#include <stdio.h>

typedef void any_fn(void);

#define RL_INTERCEPT_LIBC(name) any_fn __rl_##name, __rl_fp_##name;
#include "intercepts.def"

static const struct twin {
  const char *name;
  any_fn *call, *fp;
} twins[] = {
#define RL_INTERCEPT_LIBC(name) {#name, __rl_##name, __rl_fp_##name},
#include "intercepts.def"
};

int main(void) {
  size_t n = sizeof twins / sizeof twins[0];
  int bad = 0;
  for (size_t i = 0; i < n; i++) {
    if (!twins[i].call || !twins[i].fp || twins[i].call == twins[i].fp) {
      fprintf(stderr, "FAIL %s: __rl_ and __rl_fp_ entry points\n",
              twins[i].name);
      bad++;
    }
  }
  if (n < 77) {
    fprintf(stderr, "FAIL only %zu libc intercepts listed\n", n);
    bad++;
  }
  fprintf(stderr, "%zu libc intercepts, %d bad\n", n, bad);
  return bad ? 1 : 0;
}
