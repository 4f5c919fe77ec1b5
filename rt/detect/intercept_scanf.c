/*
 * rt/detect/intercept_scanf.c -- scanf, fscanf, sscanf and their v forms:
 * the objects they store to (scanf_args.c), and for sscanf the string it
 * parses.  glibc's headers rename them to __isoc99_scanf and so on in C99
 * and later, so both names are here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "intercept_common.h"
#include "scanf_args.h"

static void parsed(const char *s, const rl_site_t *site) {
  if (s)
    rl_icpt_read(s, strlen(s) + 1, site);
}

/* The real call takes the arguments off ap; the walk after it needs them
 * from the start. */
#define RL_SCANNED(call, fmt, site)                                            \
  va_list start;                                                               \
  va_copy(start, ap);                                                          \
  int r = call;                                                                \
  rl_scanf_args(fmt, start, r, site);                                          \
  va_end(start);                                                               \
  return r

int __rl_vscanf(const char *fmt, va_list ap, rl_site_t *site) {
  RL_SCANNED(vscanf(fmt, ap), fmt, site);
}

int __rl_vfscanf(FILE *f, const char *fmt, va_list ap, rl_site_t *site) {
  RL_SCANNED(vfscanf(f, fmt, ap), fmt, site);
}

int __rl_vsscanf(const char *s, const char *fmt, va_list ap, rl_site_t *site) {
  parsed(s, site);
  RL_SCANNED(vsscanf(s, fmt, ap), fmt, site);
}

/* Each name's variadic forms, and their address-taken twins, over the
 * three v-functions above. */
#define RL_SCANF_FAMILY(pre)                                                   \
  int __rl_##pre##scanf(const char *fmt, rl_site_t *site, ...) {               \
    RL_VARIADIC(vscanf, site, site, fmt);                                      \
  }                                                                            \
  int __rl_##pre##fscanf(FILE *f, const char *fmt, rl_site_t *site, ...) {     \
    RL_VARIADIC(vfscanf, site, site, f, fmt);                                  \
  }                                                                            \
  int __rl_##pre##sscanf(const char *s, const char *fmt, rl_site_t *site,      \
                         ...) {                                                \
    RL_VARIADIC(vsscanf, site, site, s, fmt);                                  \
  }                                                                            \
  int __rl_fp_##pre##scanf(const char *fmt, ...) {                             \
    RL_VARIADIC(vscanf, NULL, fmt, fmt);                                       \
  }                                                                            \
  int __rl_fp_##pre##fscanf(FILE *f, const char *fmt, ...) {                   \
    RL_VARIADIC(vfscanf, NULL, fmt, f, fmt);                                   \
  }                                                                            \
  int __rl_fp_##pre##sscanf(const char *s, const char *fmt, ...) {             \
    RL_VARIADIC(vsscanf, NULL, fmt, s, fmt);                                   \
  }

RL_SCANF_FAMILY()
RL_SCANF_FAMILY(__isoc99_)

int __rl___isoc99_vscanf(const char *fmt, va_list ap, rl_site_t *site) {
  return __rl_vscanf(fmt, ap, site);
}
int __rl___isoc99_vfscanf(FILE *f, const char *fmt, va_list ap,
                          rl_site_t *site) {
  return __rl_vfscanf(f, fmt, ap, site);
}
int __rl___isoc99_vsscanf(const char *s, const char *fmt, va_list ap,
                          rl_site_t *site) {
  return __rl_vsscanf(s, fmt, ap, site);
}

RL_FP_TWIN2(int, vscanf, const char *, va_list)
RL_FP_TWIN3(int, vfscanf, FILE *, const char *, va_list)
RL_FP_TWIN3(int, vsscanf, const char *, const char *, va_list)
RL_FP_TWIN2(int, __isoc99_vscanf, const char *, va_list)
RL_FP_TWIN3(int, __isoc99_vfscanf, FILE *, const char *, va_list)
RL_FP_TWIN3(int, __isoc99_vsscanf, const char *, const char *, va_list)
