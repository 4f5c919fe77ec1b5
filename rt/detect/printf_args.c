/*
 * rt/detect/printf_args.c -- walks a printf format the way printf will,
 * taking each argument off a copy of the va_list with the type its
 * conversion says, to find the pointers printf dereferences: %s and %ls
 * strings and %n counters.  A goroutine printing a buffer another one is
 * filling is one of the races students write first, and the read happens
 * inside libc, where no instrumentation sees it.
 *
 * Every other conversion only has to be stepped over with the right type,
 * or the arguments after it would be misread.  A format this walker does
 * not understand (a positional %1$s, an unknown conversion) ends the walk:
 * the arguments after it go unchecked, never misread.
 */
#include "printf_args.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

/* Length modifiers, by the size of the integer %n stores. */
enum len { L_NONE, L_HH, L_H, L_L, L_LL, L_BIG /* L, j, z, t */ };

static const char *skip_digits(const char *p) {
  while (*p >= '0' && *p <= '9')
    p++;
  return p;
}

static int digits(const char **pp) {
  int v = 0;
  const char *p = *pp;
  for (; *p >= '0' && *p <= '9'; p++)
    v = v > 100000000 ? v : v * 10 + (*p - '0');
  *pp = p;
  return v;
}

static void string_arg(const char *s, int prec, const rl_site_t *site) {
  if (!s) /* glibc prints "(null)" */
    return;
  size_t n = prec < 0 ? strlen(s) + 1 : strnlen(s, (size_t)prec);
  if (prec >= 0 && n < (size_t)prec)
    n++; /* it stopped at the terminator, and read it */
  if (n)
    rl_access_range(s, n, false, site);
}

static void wide_arg(const wchar_t *s, int prec, const rl_site_t *site) {
  if (!s)
    return;
  /* A precision counts output bytes; wide characters read are at most
   * that many, one byte or more each. */
  size_t n = prec < 0 ? wcslen(s) + 1 : wcsnlen(s, (size_t)prec);
  if (prec >= 0 && n < (size_t)prec && s[n] == 0)
    n++;
  if (n)
    rl_access_range(s, n * sizeof *s, false, site);
}

static void count_arg(void *p, enum len l, const rl_site_t *site) {
  static const size_t size[] = {sizeof(int),       1,
                                sizeof(short),     sizeof(long),
                                sizeof(long long), sizeof(intmax_t)};
  if (p)
    rl_access_range(p, size[l], true, site);
}

void rl_printf_args(const char *fmt, va_list ap, const rl_site_t *site) {
  if (!rl_enabled || !fmt)
    return;
  rl_access_range(fmt, strlen(fmt) + 1, false, site);
  va_list aq;
  va_copy(aq, ap);
  for (const char *p = fmt; *p; p++) {
    if (*p != '%')
      continue;
    p++;
    if (*p == '%')
      continue;
    if (*skip_digits(p) == '$')
      break; /* positional arguments: not followed */
    while (*p && strchr("-+ #0'I", *p))
      p++;
    if (*p == '*') {
      (void)va_arg(aq, int);
      p++;
    } else {
      p = skip_digits(p);
    }
    int prec = -1;
    if (*p == '.') {
      p++;
      if (*p == '*') {
        prec = va_arg(aq, int);
        p++;
      } else {
        prec = digits(&p);
      }
      if (prec < 0)
        prec = -1; /* a negative precision is taken as none */
    }
    enum len l = L_NONE;
    bool big_float = false;
    switch (*p) {
    case 'h':
      l = p[1] == 'h' ? L_HH : L_H;
      p += p[1] == 'h' ? 2 : 1;
      break;
    case 'l':
      l = p[1] == 'l' ? L_LL : L_L;
      p += p[1] == 'l' ? 2 : 1;
      break;
    case 'q':
      l = L_LL;
      p++;
      break;
    case 'L':
      big_float = true;
      l = L_LL;
      p++;
      break;
    case 'j':
    case 'z':
    case 'Z':
    case 't':
      l = L_BIG;
      p++;
      break;
    }
    switch (*p) {
    case 'd':
    case 'i':
    case 'o':
    case 'u':
    case 'x':
    case 'X':
      if (l == L_LL)
        (void)va_arg(aq, long long);
      else if (l == L_L || l == L_BIG)
        (void)va_arg(aq, long);
      else
        (void)va_arg(aq, int);
      break;
    case 'c':
    case 'C':
      (void)va_arg(aq, int); /* char and wint_t travel as int */
      break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      if (big_float)
        (void)va_arg(aq, long double);
      else
        (void)va_arg(aq, double);
      break;
    case 'p':
      (void)va_arg(aq, void *);
      break;
    case 's':
      if (l == L_L)
        wide_arg(va_arg(aq, const wchar_t *), prec, site);
      else
        string_arg(va_arg(aq, const char *), prec, site);
      break;
    case 'S':
      wide_arg(va_arg(aq, const wchar_t *), prec, site);
      break;
    case 'n':
      count_arg(va_arg(aq, void *), l, site);
      break;
    case 'm': /* glibc: strerror(errno), no argument */
      break;
    default:
      goto done; /* not understood: stop before misreading */
    }
  }
done:
  va_end(aq);
}
