#include "tally.h"

#include <racelens/go.h>

static mutex_t mu;
static long total;
static int count;

void tally_add(long v) {
  mutex_lock(&mu);
  total += v;
  count++;
  mutex_unlock(&mu);
}

long tally_total(void) {
  mutex_lock(&mu);
  long t = total;
  mutex_unlock(&mu);
  return t;
}

int tally_count(void) {
  mutex_lock(&mu);
  int c = count;
  mutex_unlock(&mu);
  return c;
}
