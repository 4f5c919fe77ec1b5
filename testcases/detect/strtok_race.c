/*
 * strtok remembers where it stopped in one hidden position for the whole
 * program, so two goroutines splitting their own strings share it: a race
 * on that position, though each string is its own.  When the two overlap
 * in time, one continues in the other's string, on the other's stack.
 * Here a sleep keeps them apart (it orders nothing), and the race is
 * there all the same.  ThreadSanitizer cannot see it (the position is
 * inside libc); racelens names it.  The fix is strtok_r
 * (strtok_r_norace.c).
 */
// expect: race strtok (lines 24, 24)
#include <racelens/go.h>
#include <stdio.h>
#include <string.h>

static int words[2];
static waitgroup_t wg;

static void count_words(void *arg) {
  long id = (long)arg;
  char line[64];
  snprintf(line, sizeof line, "the quick brown fox %ld", id);
  sleep_ms(100 * (int)id);
  for (char *w = strtok(line, " "); w; w = strtok(NULL, " "))
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
