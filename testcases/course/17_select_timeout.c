/*
 * 17 -- select over several channels, with a timeout.
 *
 * chan_select waits on several channel operations at once and runs the
 * first one that can proceed (picking at random when several can).
 * after_ms(ms) is a channel that delivers one value after ms: adding it
 * as a case bounds how long the select may wait.  Two workers each
 * deliver one result well within a generous 1 s limit; the third select
 * has nobody left to hear from, so its 20 ms timer fires.  Which result
 * arrives first varies; the timeout always comes last.
 */
// expect: no race
// expect-stdout-sorted: 17_select_timeout.out
#include <racelens/go.h>
#include <stdio.h>

typedef struct job {
  chan_t *out;
  int result;
} job_t;

static void fetch(void *arg) {
  job_t *job = arg;
  chan_send(job->out, &job->result);
}

int main(void) {
  chan_t *fast = CHAN(int, 0), *other = CHAN(int, 0);
  job_t jobs[] = {{fast, 1}, {other, 2}};
  go(fetch, &jobs[0]);
  go(fetch, &jobs[1]);
  for (int round = 0; round < 3; round++) {
    long limit_ms = round < 2 ? 1000 : 20;
    int from_fast = 0, from_other = 0;
    int64_t fired_ns;
    select_case_t cases[] = {
        RECV(fast, &from_fast),
        RECV(other, &from_other),
        RECV(after_ms(limit_ms), &fired_ns),
    };
    switch (chan_select(3, cases, false)) {
    case 0:
      printf("result %d from fast\n", from_fast);
      break;
    case 1:
      printf("result %d from other\n", from_other);
      break;
    case 2:
      printf("timeout: nothing within %ld ms\n", limit_ms);
      break;
    }
  }
  return 0;
}
