/*
 * String- and format-heavy: goroutines format records into their own
 * buffers (snprintf), measure and compare them (strlen, strcmp, strchr)
 * and copy them (strcpy), as text-processing programs do.  Measures what
 * checking the memory those libc calls touch costs (rt/detect/
 * intercept_string.c, intercept_stdio.c), against the calls themselves.
 */
#include <racelens/go.h>
#include <stdio.h>
#include <string.h>

enum { WORKERS = 4, RECORDS = 100000 };

static long totals[WORKERS];
static waitgroup_t wg;

static void worker(void *arg) {
  long id = (long)arg;
  char line[96], copy[96], prev[96] = "";
  long sum = 0;
  for (int i = 0; i < RECORDS; i++) {
    snprintf(line, sizeof line, "worker %ld record %d: %s=%d.%02d", id, i,
             i % 3 ? "temp" : "load", i % 100, i % 7);
    size_t n = strlen(line);
    strcpy(copy, line);
    const char *eq = strchr(copy, '=');
    sum += (long)n + (eq ? eq - copy : 0) + (strcmp(copy, prev) > 0);
    strcpy(prev, copy);
  }
  totals[id] = sum;
  wg_done(&wg);
}

int main(void) {
  for (long w = 0; w < WORKERS; w++) {
    wg_add(&wg, 1);
    go(worker, (void *)w);
  }
  wg_wait(&wg);
  long sum = 0;
  for (int w = 0; w < WORKERS; w++)
    sum += totals[w];
  printf("checksum %ld\n", sum);
  return 0;
}
