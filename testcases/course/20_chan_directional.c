/*
 * 20 -- send-only and receive-only views of a channel.
 *
 * A function that should only produce takes a chan_sendonly_t; one that
 * should only consume takes a chan_recvonly_t.  They are views of the same
 * channel, but the compiler refuses a receive on the send-only view and a
 * send or a close on the receive-only view (21 shows the error).  The
 * types document who does what, and the compiler checks it.
 */
// expect: no race
// expect-stdout: 20_chan_directional.out
#include <racelens/go.h>
#include <stdio.h>

typedef struct producer_args {
  chan_sendonly_t out;
} producer_args_t;

static void produce(void *arg) {
  producer_args_t *a = arg;
  const char *words[] = {"send", "only", "here"};
  for (int i = 0; i < 3; i++)
    chan_send(a->out, &words[i]);
  chan_close(a->out); /* the sending side may close */
}

static void consume(chan_recvonly_t in) {
  const char *word;
  while (chan_recv(in, &word))
    printf("%s\n", word);
  printf("%zu left, capacity %zu\n", chan_len(in), chan_cap(in));
}

int main(void) {
  chan_t *words = CHAN(const char *, 1);
  producer_args_t args = {chan_sendonly(words)};
  go(produce, &args);
  consume(chan_recvonly(words));
  return 0;
}
