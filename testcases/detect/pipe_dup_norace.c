/*
 * A descriptor made by dup is the same open file as the one it copies:
 * bytes written through the copy of a pipe's write end are read from the
 * pipe's read end, and what the writer did before its write happens
 * before what the reader does after its read, as through the original.
 */
// expect: no race
// expect-stdout-lines: ^42 42$
#include <racelens/go.h>
#include <stdio.h>
#include <unistd.h>

static int data, more;
static int fds[2], copy, copy2;

static void writer(void *arg) {
  (void)arg;
  data = 42;
  if (write(copy, "x", 1) != 1)
    return;
  more = 42;
  if (write(copy2, "y", 1) != 1)
    return;
}

int main(void) {
  if (pipe(fds) != 0)
    return 1;
  copy = dup(fds[1]);
  copy2 = dup2(copy, 100);
  if (copy < 0 || copy2 < 0)
    return 1;
  go(writer, NULL);
  char c;
  if (read(fds[0], &c, 1) != 1)
    return 1;
  int first = data;
  if (read(fds[0], &c, 1) != 1)
    return 1;
  printf("%d %d\n", first, more);
  return 0;
}
