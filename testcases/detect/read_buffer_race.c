/*
 * read() fills the buffer it is given from inside the kernel.  A goroutine
 * reading a message from a pipe into a shared buffer while main looks at
 * the buffer races on it, though no line of the program writes it.
 */
// expect: race buf (lines 18, 31)
#include <racelens/go.h>
#include <stdio.h>
#include <unistd.h>

static char buf[16];
static int fds[2];
static waitgroup_t wg;

static void reader(void *arg) {
  (void)arg;
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) < 0)
    ;
  wg_done(&wg);
}

int main(void) {
  if (pipe(fds) != 0)
    return 1;
  wg_add(&wg, 1);
  go(reader, NULL);
  if (write(fds[1], "ping", 5) != 5)
    return 1;
  sleep_ms(20); /* a sleep orders nothing */
  char first = buf[0];
  wg_wait(&wg);
  printf("%c\n", first ? first : '?');
  return 0;
}
