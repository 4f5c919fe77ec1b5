/*
 * A race inside a tight floating-point loop.  Built with -O2, the plugin
 * tests those accesses inline, in the loop, rather than calling the
 * runtime for each: the race must be reported all the same, with both
 * lines, and the run's other accesses must not be blamed.
 */
// expect: race samples[i] (lines 21, 29)
// expect-cflags: -O2
#include <racelens/go.h>
#include <stdio.h>

enum { N = 4096 };

static double samples[N];
static double mean;
static waitgroup_t wg;

static void fill(void *arg) {
  double step = *(double *)arg;
  for (int i = 0; i < N; i++)
    samples[i] = step * i;
  wg_done(&wg);
}

static void average(void *arg) {
  (void)arg;
  double s = 0;
  for (int i = 0; i < N; i++)
    s += samples[i];
  mean = s / N;
  wg_done(&wg);
}

int main(void) {
  double step = 0.5;
  wg_add(&wg, 2);
  go(fill, &step);
  go(average, NULL);
  wg_wait(&wg);
  printf("mean %s\n", mean >= 0 ? "computed" : "negative");
  return 0;
}
