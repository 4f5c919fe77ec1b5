/*
 * The string and stdio interceptors check exactly the bytes libc touches:
 * each scenario runs in a child (verdict_driver.h) whose exit status is
 * the verdict a user sees, 66 for a race.  One goroutine (a pthread) marks
 * bytes of a buffer as written -- through the detector alone, or by a
 * real strcpy -- and main then calls a wrapper that must, or must not,
 * reach them:
 *
 *  - printf's walk over its arguments steps over every other conversion
 *    with the right type, so the %s after them is the racy buffer;
 *  - a precision bounds what %s reads, a comparison stops at the first
 *    difference, a search at what it found;
 *  - memccpy copies only through the byte it stops at;
 *  - %n is a write; the address-taken twins check as the calls do;
 *  - sscanf's walk stores only what it assigned, of each one's size;
 *  - the _FORTIFY_SOURCE variants check the same, and still abort on an
 *    overflow.
 *
 * As in intercept_sync_verdicts.c, "unordered" waits go through a raw C11
 * atomic the detector does not see, so the verdict never depends on the
 * schedule and the ThreadSanitizer flavour sees no race of its own.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "abi.h"

int __rl_pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *),
                        void *, rl_site_t *);
int __rl_pthread_join(pthread_t, void **, rl_site_t *);
void __rl_write1(void *, rl_site_t *);
void __rl_read4(const void *, rl_site_t *);
char *__rl_strcpy(char *, const char *, rl_site_t *);
int __rl_snprintf(char *, size_t, const char *, rl_site_t *, ...);
int __rl_strcmp(const char *, const char *, rl_site_t *);
char *__rl_strchr(const char *, int, rl_site_t *);
void *__rl_memccpy(void *, const void *, int, size_t, rl_site_t *);
int __rl_sscanf(const char *, const char *, rl_site_t *, ...);
char *__rl___strcpy_chk(char *, const char *, size_t, rl_site_t *);
int __rl___printf_chk(int, const char *, rl_site_t *, ...);
size_t __rl_fp_strlen(const char *);
int __rl_fp_sprintf(char *, const char *, ...);

static rl_site_t sites[] = {
    {.kind = RL_SITE_WRITE,
     .size = 1,
     .line = 10,
     .file = "strings.c",
     .func = "worker",
     .expr = "buf"},
    {.kind = RL_SITE_READ,
     .size = 4,
     .line = 20,
     .file = "strings.c",
     .func = "worker",
     .expr = "count"},
    {.kind = RL_SITE_CALL,
     .line = 30,
     .file = "strings.c",
     .func = "main",
     .callee = "strcpy"},
};
static rl_site_t *W = &sites[0], *R = &sites[1], *CALL = &sites[2];

#include "verdict_driver.h"

static char buf[32] = "abcdefghij";
static int count;
static int mark_at;      /* which byte of buf the worker marks; -1: strcpy */
static atomic_int ready; /* invisible to the detector */

static void *worker(void *arg) {
  (void)arg;
  if (mark_at >= 0)
    __rl_write1(&buf[mark_at], W);
  else
    __rl_strcpy(buf, "abcdefghij", CALL);
  __rl_read4(&count, R);
  atomic_store(&ready, 1);
  return NULL;
}

/* Starts the worker marking byte `at`; `join`: waits for it the way the
 * detector sees (a join), else only through the raw atomic. */
static pthread_t start(int at) {
  mark_at = at;
  pthread_t t;
  if (__rl_pthread_create(&t, NULL, worker, NULL, CALL) != 0)
    _exit(3);
  return t;
}

static void finish(pthread_t t, bool join) {
  if (join) {
    __rl_pthread_join(t, NULL, CALL);
    return;
  }
  while (!atomic_load(&ready))
    usleep(100);
  pthread_detach(t);
}

/* Every kind of argument before the %s: a misstep reads a number as the
 * string's address. */
static void print_after_all(bool join) {
  pthread_t t = start(-1);
  finish(t, join);
  char out[256];
  __rl_snprintf(out, sizeof out, "%d %5.2f %Lf %lld %*d %c %p %zu %hhd %s",
                CALL, 1, 2.0, (long double)3.0, 4LL, 3, 5, 'c', (void *)out,
                (size_t)6, 7, buf);
  if (!strstr(out, "abcdefghij"))
    _exit(4);
}
static void print_after_all_ordered(void) {
  print_after_all(true);
}
static void print_after_all_racy(void) {
  print_after_all(false);
}

/* %.3s reads three bytes, %.6s six: a write at byte 5 is reached only by
 * the second. */
static void precision(const char *fmt) {
  pthread_t t = start(5);
  finish(t, false);
  char out[64];
  __rl_snprintf(out, sizeof out, fmt, CALL, buf);
}
static void precision_short(void) {
  precision("%.3s");
}
static void precision_long(void) {
  precision("%.6s");
}

/* strcmp looks up to the first difference (index 2 here); strchr up to
 * what it finds. */
static void compare_stops(void) {
  pthread_t t = start(4);
  finish(t, false);
  if (__rl_strcmp(buf, "abX", CALL) == 0)
    _exit(4);
  if (!__rl_strchr(buf, 'c', CALL))
    _exit(4);
}
static void compare_reaches(void) {
  pthread_t t = start(4);
  finish(t, false);
  if (__rl_strcmp(buf, "abcdeX", CALL) == 0)
    _exit(4);
}

/* memccpy copies through the first 'c' (index 2): byte 7 is not read,
 * byte 2 is. */
static void copy_until(int at) {
  pthread_t t = start(at);
  finish(t, false);
  char out[32];
  if (!__rl_memccpy(out, buf, 'c', sizeof out, CALL))
    _exit(4);
}
static void memccpy_stops(void) {
  copy_until(7);
}
static void memccpy_reaches(void) {
  copy_until(2);
}

/* sscanf stores only what it assigned: `count` (read by the worker) after
 * a suppressed %*d and a %n that take no place or a place of their own in
 * the arguments; nothing when the input does not match. */
static void scan_stores(void) {
  pthread_t t = start(7);
  finish(t, false);
  signed char c;
  double d;
  char word[8];
  int pos;
  if (__rl_sscanf("1 2.5 3 abcd 7", "%hhd %lf %*d %4s %n%d", CALL, &c, &d, word,
                  &pos, &count) != 4)
    _exit(4);
}
static void scan_unassigned(void) {
  pthread_t t = start(7);
  finish(t, false);
  if (__rl_sscanf("x", "%d", CALL, &count) != 0)
    _exit(4);
}
/* ... and reads the string it parses. */
static void scan_reads_input(void) {
  pthread_t t = start(-1);
  finish(t, false);
  char word[16];
  if (__rl_sscanf(buf, "%15s", CALL, word) != 1)
    _exit(4);
}

/* Under -D_FORTIFY_SOURCE: __printf_chk checks %s as printf does, and
 * __strcpy_chk still ends a program that copies past its destination
 * (SIGABRT from glibc's __chk_fail). */
static void fortified_print(void) {
  pthread_t t = start(-1);
  finish(t, false);
  FILE *null = freopen("/dev/null", "w", stdout);
  if (!null)
    _exit(4);
  __rl___printf_chk(1, "%s\n", CALL, buf);
}
static void fortified_overflow(void) {
  char small[4];
  __rl___strcpy_chk(small, "too long", sizeof small, CALL);
}

/* %n stores the count so far: a write of an int. */
static void percent_n(void) {
  pthread_t t = start(0);
  finish(t, false);
  char out[16];
  __rl_snprintf(out, sizeof out, "ab%n", CALL, &count);
}

/* The twins a function pointer reaches check the same bytes. */
static void twin_strlen(void) {
  pthread_t t = start(7);
  finish(t, false);
  if (__rl_fp_strlen(buf) != 10)
    _exit(4);
}
static void twin_sprintf_ordered(void) {
  pthread_t t = start(7);
  finish(t, true);
  char out[64];
  __rl_fp_sprintf(out, "%s", buf);
}

static const struct scenario scenarios[] = {
    {"print_after_all_ordered", print_after_all_ordered, 0, false},
    {"print_after_all_racy", print_after_all_racy, 66, false},
    {"precision_short", precision_short, 0, false},
    {"precision_long", precision_long, 66, false},
    {"compare_stops", compare_stops, 0, false},
    {"compare_reaches", compare_reaches, 66, false},
    {"memccpy_stops", memccpy_stops, 0, false},
    {"memccpy_reaches", memccpy_reaches, 66, false},
    {"percent_n", percent_n, 66, false},
    {"fortified_print", fortified_print, 66, false},
    {"fortified_overflow", fortified_overflow, 128 + 6, false},
    {"scan_stores", scan_stores, 66, false},
    {"scan_unassigned", scan_unassigned, 0, false},
    {"scan_reads_input", scan_reads_input, 66, false},
    {"twin_strlen", twin_strlen, 66, false},
    {"twin_sprintf_ordered", twin_sprintf_ordered, 0, false},
};

int main(int argc, char **argv) {
  return verdict_main(scenarios, sizeof scenarios / sizeof scenarios[0], argc,
                      argv, "strings.c");
}
