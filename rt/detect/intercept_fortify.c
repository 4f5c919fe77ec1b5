/*
 * rt/detect/intercept_fortify.c -- the checked variants glibc's headers
 * call instead of the string and stdio functions when a program is built
 * with -D_FORTIFY_SOURCE and optimised: __strcpy_chk for strcpy,
 * __printf_chk for printf, __memcpy_chk for a memcpy whose size the
 * compiler cannot see, and the rest below.
 *
 * Without these, hardening flags (common in Makefiles and distribution
 * builds) quietly turned the checks of intercept_string.c and
 * intercept_stdio.c off.  Each variant keeps its promise -- a copy past
 * the end of its destination ends the program through glibc's
 * __chk_fail, as it would have -- and then does what the plain
 * interceptor does, through it.  The printf ones hand their arguments to
 * glibc's own checked v-variants after the walk over them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "intercept_common.h"
#include "printf_args.h"

/* glibc's, declared only by its fortified headers. */
_Noreturn void __chk_fail(void);
int __vprintf_chk(int flag, const char *fmt, va_list ap);
int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap);
int __vdprintf_chk(int fd, int flag, const char *fmt, va_list ap);
int __vsprintf_chk(char *s, int flag, size_t slen, const char *fmt, va_list ap);
int __vsnprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt,
                    va_list ap);

/* The plain interceptors this file goes through. */
char *__rl_strcpy(char *, const char *, rl_site_t *);
char *__rl_stpcpy(char *, const char *, rl_site_t *);
char *__rl_strncpy(char *, const char *, size_t, rl_site_t *);
char *__rl_strcat(char *, const char *, rl_site_t *);
char *__rl_strncat(char *, const char *, size_t, rl_site_t *);
void *__rl_mempcpy(void *, const void *, size_t, rl_site_t *);
char *__rl_fgets(char *, int, FILE *, rl_site_t *);
size_t __rl_fread(void *, size_t, size_t, FILE *, rl_site_t *);
ssize_t __rl_read(int, void *, size_t, rl_site_t *);
ssize_t __rl_pread(int, void *, size_t, off_t, rl_site_t *);

static void fits(size_t n, size_t room) {
  if (n > room)
    __chk_fail();
}

/* ---- memory and strings -------------------------------------------------- */
/* memcpy and memmove: the source read, the destination written. */
static void *copied(void *(*copy)(void *, const void *, size_t), void *d,
                    const void *s, size_t n, size_t room,
                    const rl_site_t *site) {
  fits(n, room);
  rl_icpt_read(s, n, site);
  rl_icpt_wrote(d, n, site);
  return copy(d, s, n);
}

void *__rl___memcpy_chk(void *d, const void *s, size_t n, size_t room,
                        rl_site_t *site) {
  return copied(memcpy, d, s, n, room, site);
}

void *__rl___memmove_chk(void *d, const void *s, size_t n, size_t room,
                         rl_site_t *site) {
  return copied(memmove, d, s, n, room, site);
}

void *__rl___mempcpy_chk(void *d, const void *s, size_t n, size_t room,
                         rl_site_t *site) {
  fits(n, room);
  return __rl_mempcpy(d, s, n, site);
}

void *__rl___memset_chk(void *d, int c, size_t n, size_t room,
                        rl_site_t *site) {
  fits(n, room);
  rl_icpt_wrote(d, n, site);
  return memset(d, c, n);
}

char *__rl___strcpy_chk(char *d, const char *s, size_t room, rl_site_t *site) {
  fits(strlen(s) + 1, room);
  return __rl_strcpy(d, s, site);
}

char *__rl___stpcpy_chk(char *d, const char *s, size_t room, rl_site_t *site) {
  fits(strlen(s) + 1, room);
  return __rl_stpcpy(d, s, site);
}

char *__rl___strncpy_chk(char *d, const char *s, size_t n, size_t room,
                         rl_site_t *site) {
  fits(n, room);
  return __rl_strncpy(d, s, n, site);
}

char *__rl___strcat_chk(char *d, const char *s, size_t room, rl_site_t *site) {
  fits(strlen(d) + strlen(s) + 1, room);
  return __rl_strcat(d, s, site);
}

char *__rl___strncat_chk(char *d, const char *s, size_t n, size_t room,
                         rl_site_t *site) {
  fits(strlen(d) + strnlen(s, n) + 1, room);
  return __rl_strncat(d, s, n, site);
}

/* ---- input -----------------------------------------------------------------
 */
char *__rl___fgets_chk(char *s, size_t room, int n, FILE *f, rl_site_t *site) {
  fits(n > 0 ? (size_t)n : 0, room);
  return __rl_fgets(s, n, f, site);
}

size_t __rl___fread_chk(void *p, size_t room, size_t size, size_t n, FILE *f,
                        rl_site_t *site) {
  if (size && n > room / size)
    __chk_fail();
  return __rl_fread(p, size, n, f, site);
}

ssize_t __rl___read_chk(int fd, void *p, size_t n, size_t room,
                        rl_site_t *site) {
  fits(n, room);
  return __rl_read(fd, p, n, site);
}

ssize_t __rl___pread_chk(int fd, void *p, size_t n, off_t off, size_t room,
                         rl_site_t *site) {
  fits(n, room);
  return __rl_pread(fd, p, n, off, site);
}

/* ---- formatted output ------------------------------------------------------
 */
int __rl___vprintf_chk(int flag, const char *fmt, va_list ap, rl_site_t *site) {
  rl_printf_args(fmt, ap, site);
  return __vprintf_chk(flag, fmt, ap);
}

int __rl___vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap,
                        rl_site_t *site) {
  rl_printf_args(fmt, ap, site);
  return __vfprintf_chk(f, flag, fmt, ap);
}

int __rl___vdprintf_chk(int fd, int flag, const char *fmt, va_list ap,
                        rl_site_t *site) {
  rl_printf_args(fmt, ap, site);
  return __vdprintf_chk(fd, flag, fmt, ap);
}

int __rl___vsprintf_chk(char *s, int flag, size_t slen, const char *fmt,
                        va_list ap, rl_site_t *site) {
  rl_printf_args(fmt, ap, site);
  int r = __vsprintf_chk(s, flag, slen, fmt, ap);
  if (r >= 0)
    rl_icpt_wrote(s, (size_t)r + 1, site);
  return r;
}

int __rl___vsnprintf_chk(char *s, size_t n, int flag, size_t slen,
                         const char *fmt, va_list ap, rl_site_t *site) {
  rl_printf_args(fmt, ap, site);
  int r = __vsnprintf_chk(s, n, flag, slen, fmt, ap);
  if (r >= 0 && n)
    rl_icpt_wrote(s, (size_t)r + 1 < n ? (size_t)r + 1 : n, site);
  return r;
}

int __rl___printf_chk(int flag, const char *fmt, rl_site_t *site, ...) {
  RL_VARIADIC(__vprintf_chk, site, site, flag, fmt);
}
int __rl___fprintf_chk(FILE *f, int flag, const char *fmt, rl_site_t *site,
                       ...) {
  RL_VARIADIC(__vfprintf_chk, site, site, f, flag, fmt);
}
int __rl___dprintf_chk(int fd, int flag, const char *fmt, rl_site_t *site,
                       ...) {
  RL_VARIADIC(__vdprintf_chk, site, site, fd, flag, fmt);
}
int __rl___sprintf_chk(char *s, int flag, size_t slen, const char *fmt,
                       rl_site_t *site, ...) {
  RL_VARIADIC(__vsprintf_chk, site, site, s, flag, slen, fmt);
}
int __rl___snprintf_chk(char *s, size_t n, int flag, size_t slen,
                        const char *fmt, rl_site_t *site, ...) {
  RL_VARIADIC(__vsnprintf_chk, site, site, s, n, flag, slen, fmt);
}

int __rl_fp___printf_chk(int flag, const char *fmt, ...) {
  RL_VARIADIC(__vprintf_chk, NULL, fmt, flag, fmt);
}
int __rl_fp___fprintf_chk(FILE *f, int flag, const char *fmt, ...) {
  RL_VARIADIC(__vfprintf_chk, NULL, fmt, f, flag, fmt);
}
int __rl_fp___dprintf_chk(int fd, int flag, const char *fmt, ...) {
  RL_VARIADIC(__vdprintf_chk, NULL, fmt, fd, flag, fmt);
}
int __rl_fp___sprintf_chk(char *s, int flag, size_t slen, const char *fmt,
                          ...) {
  RL_VARIADIC(__vsprintf_chk, NULL, fmt, s, flag, slen, fmt);
}
int __rl_fp___snprintf_chk(char *s, size_t n, int flag, size_t slen,
                           const char *fmt, ...) {
  RL_VARIADIC(__vsnprintf_chk, NULL, fmt, s, n, flag, slen, fmt);
}

RL_FP_TWIN4(void *, __memcpy_chk, void *, const void *, size_t, size_t)
RL_FP_TWIN4(void *, __memmove_chk, void *, const void *, size_t, size_t)
RL_FP_TWIN4(void *, __mempcpy_chk, void *, const void *, size_t, size_t)
RL_FP_TWIN4(void *, __memset_chk, void *, int, size_t, size_t)
RL_FP_TWIN3(char *, __strcpy_chk, char *, const char *, size_t)
RL_FP_TWIN3(char *, __stpcpy_chk, char *, const char *, size_t)
RL_FP_TWIN4(char *, __strncpy_chk, char *, const char *, size_t, size_t)
RL_FP_TWIN3(char *, __strcat_chk, char *, const char *, size_t)
RL_FP_TWIN4(char *, __strncat_chk, char *, const char *, size_t, size_t)
RL_FP_TWIN4(char *, __fgets_chk, char *, size_t, int, FILE *)
RL_FP_TWIN5(size_t, __fread_chk, void *, size_t, size_t, size_t, FILE *)
RL_FP_TWIN4(ssize_t, __read_chk, int, void *, size_t, size_t)
RL_FP_TWIN5(ssize_t, __pread_chk, int, void *, size_t, off_t, size_t)
RL_FP_TWIN3(int, __vprintf_chk, int, const char *, va_list)
RL_FP_TWIN4(int, __vfprintf_chk, FILE *, int, const char *, va_list)
RL_FP_TWIN4(int, __vdprintf_chk, int, int, const char *, va_list)
RL_FP_TWIN5(int, __vsprintf_chk, char *, int, size_t, const char *, va_list)
int __rl_fp___vsnprintf_chk(char *s, size_t n, int flag, size_t slen,
                            const char *fmt, va_list ap) {
  return __rl___vsnprintf_chk(s, n, flag, slen, fmt, ap, NULL);
}
