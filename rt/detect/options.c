/*
 * rt/detect/options.c -- parsing RACELENS_OPTIONS (see options.h).
 */
#include "options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rl_options_t rl_opts = {.exitcode = 66, .detect_deadlocks = true};

static void bad(const char *what, size_t n) {
  fprintf(stderr,
          "racelens: bad RACELENS_OPTIONS entry '%.*s' (known: exitcode=N, "
          "halt_on_error=0|1, detect_deadlocks=0|1)\n",
          (int)n, what);
  exit(2);
}

static bool parse_int(const char *s, size_t n, long lo, long hi, long *out) {
  char buf[32];
  if (n == 0 || n >= sizeof buf)
    return false;
  memcpy(buf, s, n);
  buf[n] = 0;
  char *end;
  errno = 0;
  long v = strtol(buf, &end, 10);
  if (errno || *end || v < lo || v > hi)
    return false;
  *out = v;
  return true;
}

void rl_options_load(void) {
  const char *s = getenv("RACELENS_OPTIONS");
  if (!s)
    return;
  while (*s) {
    size_t n = strcspn(s, ": ,");
    if (n) {
      const char *eq = memchr(s, '=', n);
      if (!eq)
        bad(s, n);
      size_t klen = (size_t)(eq - s), vlen = n - klen - 1;
      long v;
      if (klen == 8 && !memcmp(s, "exitcode", 8) &&
          parse_int(eq + 1, vlen, 0, 255, &v))
        rl_opts.exitcode = (int)v;
      else if (klen == 13 && !memcmp(s, "halt_on_error", 13) &&
               parse_int(eq + 1, vlen, 0, 1, &v))
        rl_opts.halt_on_error = v != 0;
      else if (klen == 16 && !memcmp(s, "detect_deadlocks", 16) &&
               parse_int(eq + 1, vlen, 0, 1, &v))
        rl_opts.detect_deadlocks = v != 0;
      else
        bad(s, n);
    }
    s += n;
    if (*s)
      s++;
  }
}
