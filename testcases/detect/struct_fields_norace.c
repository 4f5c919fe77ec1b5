/*
 * Different fields of one struct are different memory locations, even
 * when they share a machine word.
 */
// expect: no race
#include <racelens/go.h>
#include <stdio.h>

struct stats {
  short reads;
  short writes;
  char tag;
  char mode;
};

static struct stats st;
static waitgroup_t wg;

static void count_reads(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    st.reads++;
  st.tag = 'r';
  wg_done(&wg);
}

static void count_writes(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    st.writes++;
  st.mode = 'w';
  wg_done(&wg);
}

int main(void) {
  wg_add(&wg, 2);
  go(count_reads, NULL);
  go(count_writes, NULL);
  wg_wait(&wg);
  printf("%d %d %c %c\n", st.reads, st.writes, st.tag, st.mode);
  return 0;
}
