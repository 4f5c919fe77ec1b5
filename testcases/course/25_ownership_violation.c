/*
 * 25 -- ownership violation: the sender keeps writing after sending.
 *
 * The same hand-off as 24, but the producer changes m->count after it has
 * sent m away.  The channel orders what the producer did *before* the
 * send; nothing orders what it does after, so its write and the
 * consumer's read of m->count race, and the consumer may print 1 or 99.
 * racelens reports the race and marks the access as a use of a block the
 * producer no longer owns.  Fix: finish writing before sending (24), or
 * send a copy.
 */
// expect: race m->count (lines 32, 40)
// expect-stdout-lines: ^received "hello", count (1|99)$
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
  m->count = 99; /* too late: m belongs to the consumer now */
  wg_done(&wg);
}

static void consumer(void *arg) {
  chan_t *in = arg;
  message_t *m;
  chan_recv(in, &m);
  printf("received \"%s\", count %d\n", m->text, m->count);
  wg_wait(&wg);
  free(m);
}

int main(void) {
  chan_t *mailbox = CHAN(message_t *, 0);
  wg_add(&wg, 1);
  go(producer, mailbox);
  consumer(mailbox);
  return 0;
}
