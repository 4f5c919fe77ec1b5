/*
 * 15 -- ping-pong: two goroutines take turns through two channels.
 *
 * A ball (a struct with a hit counter) goes back and forth.  Whoever holds
 * the ball is the only one touching it; sending it over the channel hands
 * it to the other player.  Every hit is ordered after the previous one by
 * the channel operations, so the plain `ball.hits++` never races, and the
 * output is the same on every run.
 */
// expect: no race
// expect-stdout: 15_chan_ping_pong.out
#include <racelens/go.h>
#include <stdio.h>

enum { ROUNDS = 3 };

typedef struct ball {
  int hits;
} ball_t;

typedef struct table {
  const char *name;
  chan_t *in, *out;
  waitgroup_t *wg;
} table_t;

static void player(void *arg) {
  table_t *t = arg;
  ball_t *ball;
  for (int i = 0; i < ROUNDS; i++) {
    chan_recv(t->in, &ball);
    ball->hits++;
    printf("%s %d\n", t->name, ball->hits);
    chan_send(t->out, &ball);
  }
  wg_done(t->wg);
}

int main(void) {
  static ball_t ball;
  ball_t *b = &ball;
  waitgroup_t wg = WAITGROUP_INIT;
  /* Room for one ball, so the last hit's send need not wait for main. */
  chan_t *to_ping = CHAN(ball_t *, 1), *to_pong = CHAN(ball_t *, 1);
  table_t ping = {"ping", to_ping, to_pong, &wg};
  table_t pong = {"pong", to_pong, to_ping, &wg};

  wg_add(&wg, 2);
  go(player, &ping);
  go(player, &pong);
  chan_send(to_ping, &b); /* serve */
  wg_wait(&wg);
  chan_recv(to_ping, &b); /* the ball comes back after 2 * ROUNDS hits */
  printf("game over after %d hits\n", ball.hits);
  return 0;
}
