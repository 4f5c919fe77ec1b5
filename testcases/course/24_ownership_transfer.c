/*
 * 24 -- passing ownership of a heap block over a channel.
 *
 * The producer fills a malloc'd message and sends the pointer.  From that
 * moment the message belongs to the receiver: the producer never touches
 * it again.  The channel orders the producer's writes before the
 * receiver's reads, and only one goroutine uses the block at a time, so
 * there is no race.  racelens's ownership graph shows the block moving
 * from producer to consumer over the channel.
 */
// expect: no race
// expect-stdout: 24_ownership_transfer.out
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct message {
  char text[32];
  int count;
} message_t;

static waitgroup_t wg;

static void producer(void *arg) {
  chan_t *out = arg;
  message_t *m = malloc(sizeof *m);
  strcpy(m->text, "hello");
  m->count = 1;
  chan_send(out, &m);
  /* m is the consumer's now: do not use it here any more */
  wg_done(&wg);
}

static void consumer(void *arg) {
  chan_t *in = arg;
  message_t *m;
  chan_recv(in, &m);
  m->count++;
  printf("received \"%s\", count %d\n", m->text, m->count);
  free(m);
}

int main(void) {
  chan_t *mailbox = CHAN(message_t *, 0);
  wg_add(&wg, 1);
  go(producer, mailbox);
  consumer(mailbox);
  wg_wait(&wg);
  return 0;
}
