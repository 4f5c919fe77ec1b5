/*
 * The usual way to hand lines to another goroutine: getline allocates a
 * new buffer for each line (the pointer set to NULL before the call), and
 * the pointer goes over a channel.  The receiver owns the line from then
 * on and frees it.  getdelim grows a small buffer too, here by more than
 * twice its size; the grown block is the reader's until it is sent.
 */
// expect: no race
// expect-stdout-lines: ^(one|two, a longer line than the first|three)$
#include <racelens/go.h>
#include <stdio.h>
#include <stdlib.h>

static FILE *in;

static void reader(void *arg) {
  chan_t *lines = arg;
  for (;;) {
    char *line = NULL;
    size_t cap = 0;
    if (getline(&line, &cap, in) < 0) {
      free(line);
      break;
    }
    chan_send(lines, &line);
  }
  char *small = malloc(4);
  size_t cap = 4;
  rewind(in);
  if (small && getdelim(&small, &cap, ',', in) > 0 && cap >= 4)
    chan_send(lines, &small);
  else
    free(small);
  chan_close(lines);
}

int main(void) {
  static char text[] = "one\ntwo, a longer line than the first\nthree\n";
  in = fmemopen(text, sizeof text - 1, "r");
  if (!in)
    return 1;
  chan_t *lines = CHAN(char *, 0);
  go(reader, lines);
  char *line;
  int n = 0;
  while (chan_recv(lines, &line)) {
    if (n++ < 3)
      printf("%s", line);
    free(line);
  }
  fclose(in);
  return 0;
}
