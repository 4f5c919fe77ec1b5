/*
 * A channel pipeline: generate -> square -> filter -> sum, each stage a
 * goroutine, connected by small buffered channels.  Measures the cost of
 * tracking sends and receives (clock hand-offs per value).
 */
#include <racelens/go.h>
#include <stdio.h>

enum { ITEMS = 50000, CAP = 16 };

typedef struct stage {
  chan_t *in, *out;
} stage_t;

static void generate(void *arg) {
  chan_t *out = arg;
  for (long i = 0; i < ITEMS; i++)
    chan_send(out, &i);
  chan_close(out);
}

static void square(void *arg) {
  stage_t *s = arg;
  long v;
  while (chan_recv(s->in, &v)) {
    v = v * v;
    chan_send(s->out, &v);
  }
  chan_close(s->out);
}

static void keep_odd(void *arg) {
  stage_t *s = arg;
  long v;
  while (chan_recv(s->in, &v))
    if (v & 1)
      chan_send(s->out, &v);
  chan_close(s->out);
}

int main(void) {
  chan_t *c1 = CHAN(long, CAP), *c2 = CHAN(long, CAP), *c3 = CHAN(long, CAP);
  stage_t sq = {c1, c2}, odd = {c2, c3};
  go(generate, c1);
  go(square, &sq);
  go(keep_odd, &odd);
  long v, sum = 0, n = 0;
  while (chan_recv(c3, &v)) {
    sum += v;
    n++;
  }
  printf("%ld values, sum %ld\n", n, sum);
  return 0;
}
