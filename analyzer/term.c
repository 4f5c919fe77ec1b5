/* Colour and progress for terminals only (term.h). */
#include "term.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int colour;

void term_init(FILE *f) {
  const char *nc = getenv("NO_COLOR");
  const char *t = getenv("TERM");
  colour = f && isatty(fileno(f)) && !(nc && *nc) && !(t && !strcmp(t, "dumb"));
}

const char *term_red(void) {
  return colour ? "\033[1;31m" : "";
}
const char *term_yellow(void) {
  return colour ? "\033[33m" : "";
}
const char *term_green(void) {
  return colour ? "\033[32m" : "";
}
const char *term_bold(void) {
  return colour ? "\033[1m" : "";
}
const char *term_dim(void) {
  return colour ? "\033[2m" : "";
}
const char *term_reset(void) {
  return colour ? "\033[0m" : "";
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *p_what;
static double p_start, p_last;
static int p_shown, p_tty = -1;

void term_progress_start(const char *what) {
  if (p_tty < 0)
    p_tty = isatty(STDERR_FILENO);
  p_what = what;
  p_start = now_s();
  p_last = 0;
  p_shown = 0;
}

void term_progress(int64_t done, int64_t total) {
  if (!p_tty || !p_what)
    return;
  double t = now_s();
  if (t - p_start < 1.0 || t - p_last < 0.2)
    return;
  p_last = t;
  p_shown = 1;
  static const char spin[] = "|/-\\";
  static unsigned turn;
  if (total > 0)
    fprintf(stderr, "\r%s... %d%%", p_what, (int)(100.0 * done / total));
  else
    fprintf(stderr, "\r%s... %c", p_what, spin[turn++ % 4]);
}

void term_progress_end(void) {
  if (p_shown)
    fprintf(stderr, "\r\033[K");
  p_what = NULL;
  p_shown = 0;
}

int term_progress_sqlite(void *unused) {
  (void)unused;
  term_progress(0, 0);
  return 0;
}
