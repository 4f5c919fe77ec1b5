/*
 * 22 -- a pipeline: generate -> square -> print.
 *
 * Each stage is a goroutine that receives from the stage before and sends
 * to the stage after, and closes its output when its input is closed, so
 * the end of the data flows down the pipeline too.  No stage shares
 * anything with another except through channels.  Values arrive in order
 * because each channel is first in, first out.
 */
// expect: no race
// expect-stdout: 22_pipeline.out
#include <racelens/go.h>
#include <stdio.h>

typedef struct stage {
  chan_t *in, *out;
} stage_t;

static void generate(void *arg) {
  stage_t *s = arg;
  for (int v = 1; v <= 5; v++)
    chan_send(s->out, &v);
  chan_close(s->out);
}

static void square(void *arg) {
  stage_t *s = arg;
  int v;
  while (chan_recv(s->in, &v)) {
    int sq = v * v;
    chan_send(s->out, &sq);
  }
  chan_close(s->out);
}

int main(void) {
  chan_t *numbers = CHAN(int, 0), *squares = CHAN(int, 0);
  stage_t gen = {NULL, numbers}, sq = {numbers, squares};
  go(generate, &gen);
  go(square, &sq);
  int v, sum = 0;
  while (chan_recv(squares, &v)) {
    printf("%d\n", v);
    sum += v;
  }
  printf("sum %d\n", sum);
  return 0;
}
