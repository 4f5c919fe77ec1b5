/*
 * Built with -D_FORTIFY_SOURCE=2, glibc's headers turn snprintf, printf
 * and a memcpy of unknown size into their checked variants
 * (__snprintf_chk, __printf_chk, __memcpy_chk).  racelens
 * checks those as it checks the plain calls, and reports them by the
 * names the program wrote: the goroutine's memcpy into `note` races with
 * main's printf of it.
 */
// expect: race note (lines 24, 33)
// expect-stderr: in memcpy at fortify_race.c:24:
// expect-stderr: in printf at fortify_race.c:33:
// expect-cflags: -O2 -D_FORTIFY_SOURCE=2
#include <racelens/go.h>
#include <stdio.h>
#include <string.h>

static char note[64];
static char scratch[64];
static waitgroup_t wg;

static void writer(void *arg) {
  const char *text = arg;
  sleep_ms(20); /* orders nothing */
  memcpy(note, text, strlen(text) + 1);
  snprintf(scratch, sizeof scratch, "%zu", strlen(note));
  wg_done(&wg);
}

int main(int argc, char **argv) {
  (void)argv;
  wg_add(&wg, 1);
  go(writer, argc > 5 ? argv[1] : "hello, fortified world");
  printf("%s\n", note);
  wg_wait(&wg);
  return 0;
}
