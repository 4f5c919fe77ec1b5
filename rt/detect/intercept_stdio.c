/*
 * rt/detect/intercept_stdio.c -- output and input through buffers the
 * caller owns: the printf family (the format, %s strings, %n counters and
 * sprintf's destination), puts, fputs, fgets, fread and fwrite.
 *
 * As in intercept_string.c, libc's own accesses are invisible to the
 * instrumentation, so each wrapper makes the real call and checks, at the
 * call's site, the bytes the call actually moved: what fread() filled, not
 * the whole buffer it was offered; what snprintf wrote, not its size.
 * Only the caller's memory is checked: the FILE and the descriptor are
 * libc's business, and libc locks its streams.
 *
 * A variadic wrapper takes the site right after the fixed parameters
 * (rt/abi.h), and its address-taken twin hands its list to the v-variant.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "intercept_common.h"
#include "printf_args.h"

/* snprintf writes its result and terminator, cut at the buffer's size. */
static void printed(char *s, size_t size, int r, const rl_site_t *site) {
  if (r >= 0 && size)
    rl_icpt_wrote(s, (size_t)r + 1 < size ? (size_t)r + 1 : size, site);
}

int __rl_vprintf(const char *fmt, va_list ap, rl_site_t *site) {
  rl_printf_args(fmt, ap, site);
  return vprintf(fmt, ap);
}

int __rl_vfprintf(FILE *f, const char *fmt, va_list ap, rl_site_t *site) {
  rl_printf_args(fmt, ap, site);
  return vfprintf(f, fmt, ap);
}

int __rl_vdprintf(int fd, const char *fmt, va_list ap, rl_site_t *site) {
  rl_printf_args(fmt, ap, site);
  return vdprintf(fd, fmt, ap);
}

int __rl_vsprintf(char *s, const char *fmt, va_list ap, rl_site_t *site) {
  rl_printf_args(fmt, ap, site);
  int r = vsprintf(s, fmt, ap);
  printed(s, SIZE_MAX, r, site);
  return r;
}

int __rl_vsnprintf(char *s, size_t size, const char *fmt, va_list ap,
                   rl_site_t *site) {
  rl_printf_args(fmt, ap, site);
  int r = vsnprintf(s, size, fmt, ap);
  printed(s, size, r, site);
  return r;
}

/* The variadic ones, each through its v-variant. */

int __rl_printf(const char *fmt, rl_site_t *site, ...) {
  RL_VARIADIC(vprintf, site, site, fmt);
}
int __rl_fprintf(FILE *f, const char *fmt, rl_site_t *site, ...) {
  RL_VARIADIC(vfprintf, site, site, f, fmt);
}
int __rl_dprintf(int fd, const char *fmt, rl_site_t *site, ...) {
  RL_VARIADIC(vdprintf, site, site, fd, fmt);
}
int __rl_sprintf(char *s, const char *fmt, rl_site_t *site, ...) {
  RL_VARIADIC(vsprintf, site, site, s, fmt);
}
int __rl_snprintf(char *s, size_t size, const char *fmt, rl_site_t *site, ...) {
  RL_VARIADIC(vsnprintf, site, site, s, size, fmt);
}

int __rl_fp_printf(const char *fmt, ...) {
  RL_VARIADIC(vprintf, NULL, fmt, fmt);
}
int __rl_fp_fprintf(FILE *f, const char *fmt, ...) {
  RL_VARIADIC(vfprintf, NULL, fmt, f, fmt);
}
int __rl_fp_dprintf(int fd, const char *fmt, ...) {
  RL_VARIADIC(vdprintf, NULL, fmt, fd, fmt);
}
int __rl_fp_sprintf(char *s, const char *fmt, ...) {
  RL_VARIADIC(vsprintf, NULL, fmt, s, fmt);
}
int __rl_fp_snprintf(char *s, size_t size, const char *fmt, ...) {
  RL_VARIADIC(vsnprintf, NULL, fmt, s, size, fmt);
}

int __rl_puts(const char *s, rl_site_t *site) {
  if (s)
    rl_icpt_read(s, strlen(s) + 1, site);
  return puts(s);
}

int __rl_fputs(const char *s, FILE *f, rl_site_t *site) {
  if (s)
    rl_icpt_read(s, strlen(s) + 1, site);
  return fputs(s, f);
}

char *__rl_fgets(char *s, int n, FILE *f, rl_site_t *site) {
  char *r = fgets(s, n, f);
  if (r)
    rl_icpt_wrote(s, strlen(s) + 1, site);
  return r;
}

size_t __rl_fread(void *p, size_t size, size_t n, FILE *f, rl_site_t *site) {
  size_t r = fread(p, size, n, f);
  rl_icpt_wrote(p, r * size, site);
  return r;
}

size_t __rl_fwrite(const void *p, size_t size, size_t n, FILE *f,
                   rl_site_t *site) {
  size_t r = fwrite(p, size, n, f);
  rl_icpt_read(p, r * size, site);
  return r;
}

RL_FP_TWIN2(int, vprintf, const char *, va_list)
RL_FP_TWIN3(int, vfprintf, FILE *, const char *, va_list)
RL_FP_TWIN3(int, vdprintf, int, const char *, va_list)
RL_FP_TWIN3(int, vsprintf, char *, const char *, va_list)
RL_FP_TWIN4(int, vsnprintf, char *, size_t, const char *, va_list)
RL_FP_TWIN1(int, puts, const char *)
RL_FP_TWIN2(int, fputs, const char *, FILE *)
RL_FP_TWIN3(char *, fgets, char *, int, FILE *)
RL_FP_TWIN4(size_t, fread, void *, size_t, size_t, FILE *)
RL_FP_TWIN4(size_t, fwrite, const void *, size_t, size_t, FILE *)
