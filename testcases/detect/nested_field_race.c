/*
 * A race on a field of a struct inside a struct is named all the way down
 * (`s->stats.hits`), not just by the outer member (`s->stats`), so the
 * student sees which counter the two goroutines fight over.
 */
// expect: race s->stats.hits (lines 27, 34)
#include <racelens/go.h>
#include <stdio.h>

struct stats {
  long misses;
  long hits;
};

struct server {
  int port;
  struct stats stats;
};

static struct server srv = {8080, {0, 0}};
static waitgroup_t wg;

static void handler(void *arg) {
  struct server *s = arg;
  for (int i = 0; i < 3; i++)
    if (s->port == 8080)
      s->stats.hits++;
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 1);
  go(handler, &srv);
  srv.stats.hits++;
  wg_wait(&wg);
  printf("%ld\n", srv.stats.hits);
  return 0;
}
