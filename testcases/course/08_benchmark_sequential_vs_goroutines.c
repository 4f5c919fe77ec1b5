/*
 * 08 -- concurrency is not free: tiny work in goroutines is slower.
 *
 * The same small computation is done 200 times, once in a plain loop and
 * once with a goroutine per piece.  Starting, scheduling and waiting for a
 * goroutine costs far more than adding up a hundred numbers, so the
 * concurrent version loses.  Goroutines pay off when each one has enough
 * work (or waits on something) to outweigh what it costs to run it.
 * Each goroutine writes only its own slot of `results`, so nothing races.
 */
// expect: no race
// expect-stdout-lines: ^sequential: +[0-9]+ us$
// expect-stdout-lines: ^goroutines: +[0-9]+ us$
// expect-stdout-lines: ^(goroutines were|goroutines won).*$
// expect-stdout-lines: ^checksum: 29800 29800$
#define _POSIX_C_SOURCE 200809L
#include <racelens/go.h>
#include <stdio.h>
#include <time.h>

enum { PIECES = 200, WORK = 100 };

static long results[PIECES];
static waitgroup_t wg;

static long tiny_work(long piece) {
  long sum = 0;
  for (long i = 0; i < WORK; i++)
    sum += i % 3 + piece % 2;
  return sum;
}

static void worker(void *arg) {
  long piece = (long)(intptr_t)arg;
  results[piece] = tiny_work(piece);
  wg_done(&wg);
}

static long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

int main(void) {
  long seq_sum = 0, go_sum = 0;

  long t0 = now_us();
  for (long p = 0; p < PIECES; p++)
    seq_sum += tiny_work(p);
  long seq_us = now_us() - t0;

  t0 = now_us();
  wg_add(&wg, PIECES);
  for (long p = 0; p < PIECES; p++)
    go(worker, (void *)(intptr_t)p);
  wg_wait(&wg);
  for (long p = 0; p < PIECES; p++)
    go_sum += results[p];
  long go_us = now_us() - t0;

  printf("sequential: %6ld us\n", seq_us);
  printf("goroutines: %6ld us\n", go_us);
  if (go_us > seq_us)
    printf("goroutines were %.0fx slower: scheduling costs more than this "
           "tiny work\n",
           (double)go_us / (seq_us > 0 ? (double)seq_us : 1.0));
  else
    printf("goroutines won this time: the work per goroutine was big "
           "enough\n");
  printf("checksum: %ld %ld\n", seq_sum, go_sum);
  return 0;
}
