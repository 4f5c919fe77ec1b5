/*
 * qsort moves every element of the array, inside libc: a goroutine reading
 * the top score while main sorts the scores races with the sort, though
 * no line of the program writes the array.  (The comparator's reads are
 * main's own, and reads never race with reads.)
 */
// expect: race scores (lines 19, 30)
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>

static int scores[8] = {31, 7, 58, 12, 99, 4, 77, 23};
static int top;
static waitgroup_t wg;

static void show_top(void *arg) {
  (void)arg;
  sleep_ms(20); /* orders nothing */
  top = scores[7];
  wg_done(&wg);
}

static int by_value(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}

int main(void) {
  wg_add(&wg, 1);
  go(show_top, NULL);
  qsort(scores, 8, sizeof scores[0], by_value);
  wg_wait(&wg);
  printf("%d\n", top == 99 || top == 23);
  return 0;
}
