/*
 * strtok_r keeps its position where the caller says: each goroutine keeps
 * its own, and the two splits never meet (compare strtok_race.c).
 */
// expect: no race
// expect-stdout-lines: ^10 words$
#include <racelens/go.h>
#include <stdio.h>
#include <string.h>

static int words[2];
static waitgroup_t wg;

static void count_words(void *arg) {
  long id = (long)arg;
  char line[64], *pos;
  snprintf(line, sizeof line, "the quick brown fox %ld", id);
  for (char *w = strtok_r(line, " ", &pos); w; w = strtok_r(NULL, " ", &pos))
    words[id]++;
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 2);
  go(count_words, (void *)0);
  go(count_words, (void *)1);
  wg_wait(&wg);
  printf("%d words\n", words[0] + words[1]);
  return 0;
}
