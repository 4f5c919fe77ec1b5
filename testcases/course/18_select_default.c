/*
 * 18 -- select with a default branch never waits.
 *
 * With has_default, chan_select returns -1 at once when no case is ready.
 * That turns a send or a receive into a try: "send if someone has room,
 * otherwise drop it", "receive if something is there, otherwise go on".
 * Here the mailbox has room for one message, so the first try succeeds
 * and the second finds it full; then one receive empties it and the next
 * receive finds nothing.
 */
// expect: no race
// expect-stdout: 18_select_default.out
#include <racelens/go.h>
#include <stdio.h>

static void try_send(chan_t *mailbox, int msg) {
  select_case_t cases[] = {SEND(mailbox, &msg)};
  if (chan_select(1, cases, true) == 0)
    printf("sent %d\n", msg);
  else
    printf("mailbox full, dropped %d\n", msg);
}

static void try_recv(chan_t *mailbox) {
  int msg;
  select_case_t cases[] = {RECV(mailbox, &msg)};
  if (chan_select(1, cases, true) == 0)
    printf("received %d\n", msg);
  else
    printf("no message waiting\n");
}

int main(void) {
  chan_t *mailbox = CHAN(int, 1);
  try_send(mailbox, 1);
  try_send(mailbox, 2);
  try_recv(mailbox);
  try_recv(mailbox);
  return 0;
}
