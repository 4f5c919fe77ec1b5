/*
 * printf("%s") reads the string it prints.  A goroutine formatting a
 * status line while main prints it races on the buffer: snprintf's write
 * and printf's read, both inside libc.
 */
// expect: race status (lines 17, 28)
#include <racelens/go.h>
#include <stdio.h>

static char status[64];
static waitgroup_t wg;

static void worker(void *arg) {
  int id = *(int *)arg;
  for (int step = 0; step < 3; step++) {
    sleep_ms(1);
    snprintf(status, sizeof status, "worker %d at step %d", id, step);
  }
  wg_done(&wg);
}

int main(void) {
  int id = 7;
  wg_add(&wg, 1);
  go(worker, &id);
  for (int i = 0; i < 5; i++) {
    sleep_ms(1);
    printf("status: %s\n", status);
  }
  wg_wait(&wg);
  return 0;
}
