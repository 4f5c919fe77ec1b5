// The other half (see main.c): link-time optimisation may inline across
// the two files; the race must survive it, instrumented once.
#include <racelens/go.h>

int hits;
waitgroup_t done;

void worker(void *arg) {
  (void)arg;
  hits++;
  wg_done(&done);
}
